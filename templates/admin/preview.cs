<?cs # preview.cs: a restaurant as diners will see it, for the admin before approval ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Preview: " + Page.R.name + " · Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Preview: <?cs var:Page.R.name ?> <span class="badge badge-<?cs var:Page.R.status ?>"><?cs if:Lang.RestaurantStatus[Page.R.status] ?><?cs var:Lang.RestaurantStatus[Page.R.status] ?><?cs else ?><?cs var:Page.R.status ?><?cs /if ?></span></h1>
 <?cs call:admin_nav("restaurants") ?>
 <p class="notice">Only administrators see this page. It shows what the restaurant's page will tell diners once it is approved.</p>
 <article class="restaurant">
  <p class="meta"><span class="cuisine"><?cs var:Page.R.cuisine ?></span> · <?cs var:Page.R.city ?> · /r/<?cs var:Page.R.slug ?></p>
  <?cs if:Page.R.description ?><p class="description"><?cs var:Page.R.description ?></p><?cs /if ?>
  <dl class="facts">
   <dt>Address</dt><dd><?cs var:Page.R.address ?><?cs if:Page.R.postal_code ?>, <?cs var:Page.R.postal_code ?><?cs /if ?> <?cs var:Page.R.city ?><?cs if:Page.R.country ?>, <?cs var:Page.R.country ?><?cs /if ?></dd>
   <dt>Phone</dt><dd><?cs var:Page.R.phone ?></dd>
   <dt>Email</dt><dd><?cs var:Page.R.email ?></dd>
   <dt>Website</dt><dd><?cs var:Page.R.website ?></dd>
   <dt>Time zone</dt><dd><?cs var:Page.R.timezone ?></dd>
   <dt>Bookings</dt><dd><?cs if:Page.R.confirmation_mode == "manual" ?>Requests, confirmed by hand<?cs else ?>Confirmed at once<?cs /if ?>; up to <?cs var:Page.R.booking_window_days ?> days ahead, <?cs var:Page.R.min_notice_minutes ?> minutes' notice, parties of up to <?cs var:Page.R.max_party ?></dd>
  </dl>
 </article>
 <?cs if:Page.R.status == "pending" ?><p class="actions"><?cs call:admin_action("restaurants", Page.R.id, "approve", "Approve") ?> <?cs call:admin_action("restaurants", Page.R.id, "reject", "Send back") ?></p><?cs /if ?>
 <p><a href="/admin/restaurants?status=pending">← Restaurants waiting for approval</a></p>
</section>
<?cs /def ?>
