<?cs # login.cs: sign in ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Sign in" ?>
<?cs def:content() ?>
<section class="narrow">
 <h1>Sign in</h1>
 <?cs if:Query.reset ?><p class="notice notice-ok">Your password has been changed. Sign in with the new one.</p><?cs /if ?>
 <?cs if:Page.LoginError ?><p class="notice notice-error" role="alert"><?cs var:Lang.Login[Page.LoginError] ?></p><?cs /if ?>
 <form method="post" action="/login" class="stack">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="next" value="<?cs var:Page.Next ?>">
  <div class="field"><label for="l-email">Email</label>
   <input id="l-email" type="email" name="email" autocomplete="username" required value="<?cs var:Query.email ?>"></div>
  <div class="field"><label for="l-password">Password</label>
   <input id="l-password" type="password" name="password" autocomplete="current-password" required></div>
  <button type="submit" class="button-primary">Sign in</button>
 </form>
 <p><a href="/forgot">Forgotten your password?</a> · <a href="/signup">Create an account</a></p>
</section>
<?cs /def ?>
