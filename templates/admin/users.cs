<?cs # users.cs: accounts, with disable and enable ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Users.title + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Users.title ?></h1>
 <?cs call:admin_nav("users") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status"><?cs var:Lang.Admin.done ?></p><?cs /if ?>
 <form method="get" action="/admin/users" class="row-form"><label for="u-q"><?cs var:Lang.Admin.Users.email_or_name ?></label> <input id="u-q" name="q" maxlength="100" value="<?cs var:Query.q ?>"> <button type="submit"><?cs var:Lang.Admin.Users.search ?></button></form>
 <table class="list">
  <thead><tr><th><?cs var:Lang.Admin.Users.email ?></th><th><?cs var:Lang.Admin.Users.name ?></th><th><?cs var:Lang.Admin.Users.role ?></th><th><?cs var:Lang.Admin.Users.confirmed ?></th><th><?cs var:Lang.Admin.Users.since ?></th><th></th></tr></thead>
  <tbody><?cs each:u = Page.Users ?><tr<?cs if:u.disabled == "t" ?> class="disabled"<?cs /if ?>>
   <td><?cs var:u.email ?></td><td><?cs var:u.name ?></td><td><?cs if:Lang.Role[u.role] ?><?cs var:Lang.Role[u.role] ?><?cs else ?><?cs var:u.role ?><?cs /if ?></td><td><?cs if:u.verified == "t" ?><?cs var:Lang.Admin.yes ?><?cs else ?><?cs var:Lang.Admin.no ?><?cs /if ?></td><td><?cs var:u.created ?></td>
   <td><?cs if:u.role != "admin" ?><?cs if:u.disabled == "t" ?><?cs call:admin_action("users", u.id, "enable", Lang.Admin.Users.enable) ?><?cs else ?><?cs call:admin_action("users", u.id, "disable", Lang.Admin.Users.disable) ?><?cs /if ?><?cs /if ?></td>
  </tr><?cs /each ?></tbody>
 </table>
</section>
<?cs /def ?>
