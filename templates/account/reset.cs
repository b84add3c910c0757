<?cs # reset.cs: choose a new password with a reset link ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Account.Reset.title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Account.Reset.title ?></h1>
 <form method="post" action="/reset" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Token ?>">
  <div class="field"><label for="r-password"><?cs var:Lang.Account.Reset.password ?> <span class="muted"><?cs var:Lang.Account.Common.at_least_12 ?></span></label>
   <input id="r-password" type="password" name="password" autocomplete="new-password" minlength="12" required<?cs if:Form.Errors.password ?> aria-invalid="true" aria-describedby="r-password-err"<?cs /if ?>>
   <?cs call:field_error_for("r-password", Form.Errors.password) ?></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Account.Reset.submit ?></button>
 </form>
 <p class="muted"><?cs var:Lang.Account.Reset.signed_out ?></p>
</section>
<?cs /def ?>
