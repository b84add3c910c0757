<?cs # signup.cs: create an account ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Create an account" ?>
<?cs def:content() ?>
<section class="narrow">
 <h1>Create an account</h1>
 <p class="muted">See all your bookings in one place. You can also book without an account.</p>
 <form method="post" action="/signup" class="stack" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <div class="field"><label for="s-name">Name</label>
   <input id="s-name" name="name" autocomplete="name" maxlength="100" required value="<?cs var:Query.name ?>"<?cs if:Form.Errors.name ?> aria-invalid="true" aria-describedby="s-name-err"<?cs /if ?>>
   <?cs call:field_error_for("s-name", Form.Errors.name) ?></div>
  <div class="field"><label for="s-email">Email</label>
   <input id="s-email" type="email" name="email" autocomplete="email" required value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="s-email-err"<?cs /if ?>>
   <?cs call:field_error_for("s-email", Form.Errors.email) ?></div>
  <div class="field"><label for="s-password">Password <span class="muted">(at least 12 characters)</span></label>
   <input id="s-password" type="password" name="password" autocomplete="new-password" minlength="12" required<?cs if:Form.Errors.password ?> aria-invalid="true" aria-describedby="s-password-err"<?cs /if ?>>
   <?cs call:field_error_for("s-password", Form.Errors.password) ?></div>
  <button type="submit" class="button-primary">Create account</button>
 </form>
 <p>Have an account? <a href="/login">Sign in</a></p>
</section>
<?cs /def ?>
