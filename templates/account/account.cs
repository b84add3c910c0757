<?cs # account.cs: the signed-in user's bookings and settings ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Your account" ?>
<?cs def:booking_row(b) ?>
<li class="card">
 <h3><a href="/b/<?cs var:b.Code ?>"><?cs var:b.Restaurant ?></a></h3>
 <p><?cs call:hdate(b.Date) ?> at <?cs var:b.Time ?> <span class="muted">(<?cs var:b.Timezone ?>)</span> · <?cs var:b.Party ?> <?cs if:b.Party == 1 ?>guest<?cs else ?>guests<?cs /if ?></p>
 <p><span class="badge badge-<?cs var:b.Status ?>"><?cs var:Lang.Status[b.Status] ?></span> <code><?cs var:b.Code ?></code><?cs if:b.Status == "finished" ?> · <a href="/b/<?cs var:b.Code ?>/review">Review</a><?cs /if ?></p>
</li>
<?cs /def ?>
<?cs def:content() ?>
<section>
 <h1>Hello, <?cs var:Session.User.Name ?></h1>
 <p class="muted">Signed in as <?cs var:Session.User.Email ?><?cs if:!Page.Verified ?> · email not confirmed yet<?cs /if ?></p>
 <?cs if:Query.password ?><p class="notice notice-ok">Your password has been changed. Other devices have been signed out.</p><?cs /if ?>
 <?cs if:Query.email ?><p class="notice notice-ok">We have sent a link to your new address. Your email changes when you open it.</p><?cs /if ?>
 <?cs if:Query.sent ?><p class="notice notice-ok">A new confirmation link is on its way.</p><?cs /if ?>
 <?cs if:!Page.Verified ?>
 <form method="post" action="/account/verify" class="inline">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <button type="submit">Send the confirmation link again</button>
 </form>
 <?cs /if ?>

 <h2>Upcoming bookings</h2>
 <?cs if:subcount(Page.Upcoming) ?><ul class="cards"><?cs each:b = Page.Upcoming ?><?cs call:booking_row(b) ?><?cs /each ?></ul>
 <?cs else ?><p class="muted">None yet. <a href="/search">Find a table</a>.</p><?cs /if ?>
 <?cs if:subcount(Page.Past) ?>
 <h2>Past bookings</h2>
 <ul class="cards"><?cs each:b = Page.Past ?><?cs call:booking_row(b) ?><?cs /each ?></ul>
 <?cs /if ?>
 <?cs if:!Page.Verified ?><p class="muted">Bookings made as a guest under your address appear here once your email is confirmed.</p><?cs /if ?>

 <div class="columns settings">
  <section>
   <h2>Change password</h2>
   <form method="post" action="/account/password" class="stack" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <div class="field"><label for="p-current">Current password</label>
     <input id="p-current" type="password" name="password" autocomplete="current-password" required<?cs if:Form.Errors.password ?> aria-invalid="true" aria-describedby="p-current-err"<?cs /if ?>>
     <?cs call:field_error_for("p-current", Form.Errors.password) ?></div>
    <div class="field"><label for="p-new">New password</label>
     <input id="p-new" type="password" name="new_password" autocomplete="new-password" minlength="12" required<?cs if:Form.Errors.new_password ?> aria-invalid="true" aria-describedby="p-new-err"<?cs /if ?>>
     <?cs call:field_error_for("p-new", Form.Errors.new_password) ?></div>
    <button type="submit">Change password</button>
   </form>
  </section>
  <section>
   <h2>Change email</h2>
   <form method="post" action="/account/email" class="stack" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <div class="field"><label for="e-new">New email</label>
     <input id="e-new" type="email" name="new_email" autocomplete="email" required value="<?cs var:Query.new_email ?>"<?cs if:Form.Errors.new_email ?> aria-invalid="true" aria-describedby="e-new-err"<?cs /if ?>>
     <?cs call:field_error_for("e-new", Form.Errors.new_email) ?></div>
    <div class="field"><label for="e-password">Current password</label>
     <input id="e-password" type="password" name="password" autocomplete="current-password" required<?cs if:Form.Errors.email_password ?> aria-invalid="true" aria-describedby="e-password-err"<?cs /if ?>>
     <?cs call:field_error_for("e-password", Form.Errors.email_password) ?></div>
    <button type="submit">Change email</button>
   </form>
  </section>
 </div>

 <?cs # the language of the pages and of the mails (the layout's switcher,
      saved on the account: POST /lang, fcgi/route_home.c) ?>
 <section id="language">
  <h2><?cs var:Lang.Layout.Lang.title ?></h2>
  <p class="muted"><?cs var:Lang.Layout.Lang.account ?></p>
  <form method="post" action="/lang" class="lang-choose">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="next" value="/account#language">
   <?cs each:l = Site.Languages ?><button type="submit" name="lang" value="<?cs var:l ?>" lang="<?cs var:l ?>"<?cs if:l == Lang.Code ?> class="button-primary" aria-pressed="true"<?cs else ?> aria-pressed="false"<?cs /if ?>><?cs var:Lang.Layout.LangName[l] ?></button>
   <?cs /each ?>
  </form>
 </section>

 <?cs if:Session.User.Role == "owner" || Session.User.Role == "admin" ?>
 <section id="api-keys">
  <h2>API keys</h2>
  <p class="muted">For your own software: a key acts for you with the permissions you give it. It is shown once.</p>
  <?cs if:Page.NewKey ?><p class="notice notice-ok">Your new key: <code class="secret"><?cs var:Page.NewKey ?></code><br>Copy it now; it will not be shown again.</p><?cs /if ?>
  <?cs if:subcount(Page.Keys) ?>
  <table class="list">
   <thead><tr><th>Name</th><th>Key</th><th>Permissions</th><th>Created</th><th>Last used</th><th></th></tr></thead>
   <tbody>
   <?cs each:k = Page.Keys ?><tr>
    <td><?cs var:k.Name ?></td><td><code>sk_<?cs var:k.Prefix ?>_…</code></td><td><?cs var:k.Scopes ?></td><td><?cs var:k.Created ?></td><td><?cs var:k.Used ?></td>
    <td><?cs if:k.Revoked ?><span class="muted">revoked</span><?cs else ?><form method="post" action="/account/api-keys/<?cs var:k.Id ?>/revoke"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="button-danger">Revoke</button></form><?cs /if ?></td>
   </tr><?cs /each ?>
   </tbody>
  </table>
  <?cs /if ?>
  <form method="post" action="/account/api-keys" class="stack">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:field_error(Form.Errors.key) ?>
   <div class="field"><label for="k-name">Name</label><input id="k-name" name="name" maxlength="80" required></div>
   <fieldset><legend>Permissions</legend>
    <label class="check"><input type="checkbox" name="scope_0" value="1"> read bookings</label>
    <label class="check"><input type="checkbox" name="scope_1" value="1"> change bookings</label>
    <label class="check"><input type="checkbox" name="scope_2" value="1"> read restaurant set-up</label>
    <label class="check"><input type="checkbox" name="scope_3" value="1"> change restaurant set-up</label>
   </fieldset>
   <button type="submit">Create key</button>
  </form>
 </section>
 <?cs /if ?>

 <form method="post" action="/logout" class="inline">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <button type="submit">Sign out</button>
 </form>
</section>
<?cs /def ?>
