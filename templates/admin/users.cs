<?cs # users.cs: accounts, with disable and enable ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Users · Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Users</h1>
 <?cs call:admin_nav("users") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status">Done.</p><?cs /if ?>
 <form method="get" action="/admin/users" class="row-form"><label for="u-q">Email or name</label> <input id="u-q" name="q" maxlength="100" value="<?cs var:Query.q ?>"> <button type="submit">Search</button></form>
 <table class="list">
  <thead><tr><th>Email</th><th>Name</th><th>Role</th><th>Confirmed</th><th>Since</th><th></th></tr></thead>
  <tbody><?cs each:u = Page.Users ?><tr<?cs if:u.disabled == "t" ?> class="disabled"<?cs /if ?>>
   <td><?cs var:u.email ?></td><td><?cs var:u.name ?></td><td><?cs if:Lang.Role[u.role] ?><?cs var:Lang.Role[u.role] ?><?cs else ?><?cs var:u.role ?><?cs /if ?></td><td><?cs if:u.verified == "t" ?>yes<?cs else ?>no<?cs /if ?></td><td><?cs var:u.created ?></td>
   <td><?cs if:u.role != "admin" ?><?cs if:u.disabled == "t" ?><?cs call:admin_action("users", u.id, "enable", "Enable") ?><?cs else ?><?cs call:admin_action("users", u.id, "disable", "Disable") ?><?cs /if ?><?cs /if ?></td>
  </tr><?cs /each ?></tbody>
 </table>
</section>
<?cs /def ?>
