<?cs # reset.cs: choose a new password with a reset link ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Choose a new password" ?>
<?cs def:content() ?>
<section class="narrow">
 <h1>Choose a new password</h1>
 <form method="post" action="/reset" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Token ?>">
  <div class="field"><label for="r-password">New password <span class="muted">(at least 12 characters)</span></label>
   <input id="r-password" type="password" name="password" autocomplete="new-password" minlength="12" required<?cs if:Form.Errors.password ?> aria-invalid="true" aria-describedby="r-password-err"<?cs /if ?>>
   <?cs call:field_error_for("r-password", Form.Errors.password) ?></div>
  <button type="submit" class="button-primary">Save password</button>
 </form>
 <p class="muted">Every device signed in to your account will be signed out.</p>
</section>
<?cs /def ?>
