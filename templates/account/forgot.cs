<?cs # forgot.cs: ask for a password reset link ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Account.Forgot.title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Account.Forgot.title ?></h1>
 <p><?cs var:Lang.Account.Forgot.lead ?></p>
 <form method="post" action="/forgot" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <div class="field"><label for="f-email"><?cs var:Lang.Account.Common.email ?></label>
   <input id="f-email" type="email" name="email" autocomplete="email" required value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="f-email-err"<?cs /if ?>>
   <?cs call:field_error_for("f-email", Form.Errors.email) ?></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Account.Forgot.submit ?></button>
 </form>
</section>
<?cs /def ?>
