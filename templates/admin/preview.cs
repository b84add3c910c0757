<?cs # preview.cs: a restaurant as diners will see it, for the admin before approval ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Preview.title + ": " + Page.R.name + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Preview.title ?>: <?cs var:Page.R.name ?> <span class="badge badge-<?cs var:Page.R.status ?>"><?cs if:Lang.RestaurantStatus[Page.R.status] ?><?cs var:Lang.RestaurantStatus[Page.R.status] ?><?cs else ?><?cs var:Page.R.status ?><?cs /if ?></span></h1>
 <?cs call:admin_nav("restaurants") ?>
 <p class="notice"><?cs var:Lang.Admin.Preview.notice ?></p>
 <article class="restaurant">
  <p class="meta"><span class="cuisine"><?cs var:Page.R.cuisine ?></span> · <?cs var:Page.R.city ?> · <?cs var:"/r/" + Page.R.slug ?></p>
  <?cs if:Page.R.description ?><p class="description"><?cs var:Page.R.description ?></p><?cs /if ?>
  <dl class="facts">
   <dt><?cs var:Lang.Admin.Preview.address ?></dt><dd><?cs var:Page.R.address ?><?cs if:Page.R.postal_code ?>, <?cs var:Page.R.postal_code ?><?cs /if ?> <?cs var:Page.R.city ?><?cs if:Page.R.country ?>, <?cs var:Page.R.country ?><?cs /if ?></dd>
   <dt><?cs var:Lang.Admin.Preview.phone ?></dt><dd><?cs var:Page.R.phone ?></dd>
   <dt><?cs var:Lang.Admin.Preview.email ?></dt><dd><?cs var:Page.R.email ?></dd>
   <dt><?cs var:Lang.Admin.Preview.website ?></dt><dd><?cs var:Page.R.website ?></dd>
   <dt><?cs var:Lang.Admin.Preview.timezone ?></dt><dd><?cs var:Page.R.timezone ?></dd>
   <dt><?cs var:Lang.Admin.Preview.bookings ?></dt><dd><?cs if:Page.R.confirmation_mode == "manual" ?><?cs var:Lang.Admin.Preview.manual ?><?cs else ?><?cs var:Lang.Admin.Preview.auto ?><?cs /if ?>; <?cs var:Lang.Admin.Preview.up_to ?> <?cs var:Page.R.booking_window_days ?> <?cs call:plural(Page.R.booking_window_days, Lang.Admin.Preview.days_ahead) ?> <?cs var:Page.R.min_notice_minutes ?> <?cs call:plural(Page.R.min_notice_minutes, Lang.Admin.Preview.notice) ?>, <?cs var:Lang.Admin.Preview.max_party ?> <?cs var:Page.R.max_party ?></dd>
  </dl>
 </article>
 <?cs if:Page.R.status == "pending" ?><p class="actions"><?cs call:admin_action("restaurants", Page.R.id, "approve", Lang.Admin.Action.approve) ?> <?cs call:admin_action("restaurants", Page.R.id, "reject", Lang.Admin.Action.send_back) ?></p><?cs /if ?>
 <p><a href="/admin/restaurants?status=pending">← <?cs var:Lang.Admin.Preview.back ?></a></p>
</section>
<?cs /def ?>
