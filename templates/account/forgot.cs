<?cs # forgot.cs: ask for a password reset link ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Forgotten password" ?>
<?cs def:content() ?>
<section class="narrow">
 <h1>Forgotten password</h1>
 <p>Give the address of your account and we will mail you a link to choose a new password.</p>
 <form method="post" action="/forgot" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <div class="field"><label for="f-email">Email</label>
   <input id="f-email" type="email" name="email" autocomplete="email" required value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="f-email-err"<?cs /if ?>>
   <?cs call:field_error_for("f-email", Form.Errors.email) ?></div>
  <button type="submit" class="button-primary">Send the link</button>
 </form>
</section>
<?cs /def ?>
