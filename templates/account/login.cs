<?cs # login.cs: sign in ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Account.Login.title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Account.Login.title ?></h1>
 <?cs if:Query.reset ?><p class="notice notice-ok"><?cs var:Lang.Account.Login.reset_done ?></p><?cs /if ?>
 <?cs if:Page.LoginError ?><p class="notice notice-error" role="alert"><?cs var:Lang.Login[Page.LoginError] ?></p><?cs /if ?>
 <form method="post" action="/login" class="stack">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="next" value="<?cs var:Page.Next ?>">
  <div class="field"><label for="l-email"><?cs var:Lang.Account.Login.email ?></label>
   <input id="l-email" type="email" name="email" autocomplete="username" required value="<?cs var:Query.email ?>"></div>
  <div class="field"><label for="l-password"><?cs var:Lang.Account.Login.password ?></label>
   <input id="l-password" type="password" name="password" autocomplete="current-password" required></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Account.Login.submit ?></button>
 </form>
 <p><a href="/forgot"><?cs var:Lang.Account.Login.forgot ?></a> · <a href="/signup"><?cs var:Lang.Account.Login.create ?></a></p>
</section>
<?cs /def ?>
