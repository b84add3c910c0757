<?cs # signup.cs: create an account ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Account.Signup.title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Account.Signup.title ?></h1>
 <p class="muted"><?cs var:Lang.Account.Signup.lead ?></p>
 <form method="post" action="/signup" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <div class="field"><label for="s-name"><?cs var:Lang.Account.Signup.name ?></label>
   <input id="s-name" name="name" autocomplete="name" maxlength="100" required value="<?cs var:Query.name ?>"<?cs if:Form.Errors.name ?> aria-invalid="true" aria-describedby="s-name-err"<?cs /if ?>>
   <?cs call:field_error_for("s-name", Form.Errors.name) ?></div>
  <div class="field"><label for="s-email"><?cs var:Lang.Account.Common.email ?></label>
   <input id="s-email" type="email" name="email" autocomplete="email" required value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="s-email-err"<?cs /if ?>>
   <?cs call:field_error_for("s-email", Form.Errors.email) ?></div>
  <div class="field"><label for="s-password"><?cs var:Lang.Account.Signup.password ?> <span class="muted"><?cs var:Lang.Account.Common.at_least_12 ?></span></label>
   <input id="s-password" type="password" name="password" autocomplete="new-password" minlength="12" required<?cs if:Form.Errors.password ?> aria-invalid="true" aria-describedby="s-password-err"<?cs /if ?>>
   <?cs call:field_error_for("s-password", Form.Errors.password) ?></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Account.Signup.submit ?></button>
 </form>
 <p><?cs var:Lang.Account.Signup.have_account ?> <a href="/login"><?cs var:Lang.Account.Signup.sign_in ?></a></p>
</section>
<?cs /def ?>
