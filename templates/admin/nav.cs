<?cs # nav.cs: the platform admin's tabs ?>
<?cs def:admin_nav(active) ?>
<nav class="tabs" aria-label="Administration">
 <a href="/admin"<?cs if:active == "home" ?> aria-current="page"<?cs /if ?>>To approve</a>
 <a href="/admin/restaurants"<?cs if:active == "restaurants" ?> aria-current="page"<?cs /if ?>>Restaurants</a>
 <a href="/admin/users"<?cs if:active == "users" ?> aria-current="page"<?cs /if ?>>Users</a>
 <a href="/admin/reviews"<?cs if:active == "reviews" ?> aria-current="page"<?cs /if ?>>Reviews</a>
 <a href="/admin/outbox?status=dead"<?cs if:active == "outbox" ?> aria-current="page"<?cs /if ?>>Mail</a>
 <a href="/admin/audit"<?cs if:active == "audit" ?> aria-current="page"<?cs /if ?>>Audit log</a>
</nav>
<?cs /def ?>
<?cs def:admin_action(kind, id, action, label) ?><form method="post" action="/admin/<?cs var:kind ?>/<?cs var:id ?>/<?cs var:action ?>" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit"><?cs var:label ?></button></form><?cs /def ?>
<?cs def:restaurant_rows() ?>
<table class="list">
 <thead><tr><th>Restaurant</th><th>City</th><th>Owner</th><th>Tables</th><th>Status</th><th>Changed</th><th></th></tr></thead>
 <tbody><?cs each:r = Page.Restaurants ?><tr>
  <td><?cs if:r.status == "active" ?><a href="/r/<?cs var:r.slug ?>"><?cs var:r.name ?></a><?cs else ?><a href="/admin/restaurants/<?cs var:r.id ?>/preview"><?cs var:r.name ?></a><?cs /if ?> <span class="muted">/<?cs var:r.slug ?></span></td>
  <td><?cs var:r.city ?></td><td><?cs var:r.owner ?></td><td><?cs var:r.tables ?></td>
  <td><span class="badge badge-<?cs var:r.status ?>"><?cs if:Lang.RestaurantStatus[r.status] ?><?cs var:Lang.RestaurantStatus[r.status] ?><?cs else ?><?cs var:r.status ?><?cs /if ?></span></td><td><?cs var:r.updated ?></td>
  <td><?cs if:r.status == "pending" ?><?cs call:admin_action("restaurants", r.id, "approve", "Approve") ?> <?cs call:admin_action("restaurants", r.id, "reject", "Send back") ?><?cs elif:r.status == "active" ?><?cs call:admin_action("restaurants", r.id, "suspend", "Suspend") ?><?cs elif:r.status == "suspended" ?><?cs call:admin_action("restaurants", r.id, "reinstate", "Reinstate") ?><?cs /if ?></td>
 </tr><?cs /each ?></tbody>
</table>
<?cs /def ?>
