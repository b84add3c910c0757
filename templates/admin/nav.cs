<?cs # nav.cs: the platform admin's tabs ?>
<?cs def:admin_nav(active) ?>
<nav class="tabs" aria-label="<?cs var:Lang.Admin.title ?>">
 <a href="/admin"<?cs if:active == "home" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.approve ?></a>
 <a href="/admin/restaurants"<?cs if:active == "restaurants" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.restaurants ?></a>
 <a href="/admin/users"<?cs if:active == "users" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.users ?></a>
 <a href="/admin/reviews"<?cs if:active == "reviews" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.reviews ?></a>
 <a href="/admin/outbox?status=dead"<?cs if:active == "outbox" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.mail ?></a>
 <a href="/admin/audit"<?cs if:active == "audit" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.Nav.audit ?></a>
</nav>
<?cs /def ?>
<?cs def:admin_action(kind, id, action, label) ?><form method="post" action="/admin/<?cs var:kind ?>/<?cs var:id ?>/<?cs var:action ?>" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit"><?cs var:label ?></button></form><?cs /def ?>
<?cs def:restaurant_rows() ?>
<table class="list">
 <thead><tr><th><?cs var:Lang.Admin.Rows.restaurant ?></th><th><?cs var:Lang.Admin.Rows.city ?></th><th><?cs var:Lang.Admin.Rows.owner ?></th><th><?cs var:Lang.Admin.Rows.tables ?></th><th><?cs var:Lang.Admin.Rows.status ?></th><th><?cs var:Lang.Admin.Rows.changed ?></th><th></th></tr></thead>
 <tbody><?cs each:r = Page.Restaurants ?><tr>
  <td><?cs if:r.status == "active" ?><a href="/r/<?cs var:r.slug ?>"><?cs var:r.name ?></a><?cs else ?><a href="/admin/restaurants/<?cs var:r.id ?>/preview"><?cs var:r.name ?></a><?cs /if ?> <span class="muted">/<?cs var:r.slug ?></span></td>
  <td><?cs var:r.city ?></td><td><?cs var:r.owner ?></td><td><?cs var:r.tables ?></td>
  <td><span class="badge badge-<?cs var:r.status ?>"><?cs if:Lang.RestaurantStatus[r.status] ?><?cs var:Lang.RestaurantStatus[r.status] ?><?cs else ?><?cs var:r.status ?><?cs /if ?></span></td><td><?cs var:r.updated ?></td>
  <td><?cs if:r.status == "pending" ?><?cs call:admin_action("restaurants", r.id, "approve", Lang.Admin.Action.approve) ?> <?cs call:admin_action("restaurants", r.id, "reject", Lang.Admin.Action.send_back) ?><?cs elif:r.status == "active" ?><?cs call:admin_action("restaurants", r.id, "suspend", Lang.Admin.Action.suspend) ?><?cs elif:r.status == "suspended" ?><?cs call:admin_action("restaurants", r.id, "reinstate", Lang.Admin.Action.reinstate) ?><?cs /if ?></td>
 </tr><?cs /each ?></tbody>
</table>
<?cs /def ?>
