<?cs # restaurants.cs: every restaurant, by status ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Restaurants.title + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Restaurants.title ?></h1>
 <?cs call:admin_nav("restaurants") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status"><?cs var:Lang.Admin.done ?></p><?cs /if ?>
 <p class="filters"><a href="/admin/restaurants"><?cs var:Lang.Admin.all ?></a> · <a href="/admin/restaurants?status=pending"><?cs var:Lang.Admin.Restaurants.pending ?></a> · <a href="/admin/restaurants?status=active"><?cs var:Lang.Admin.Restaurants.active ?></a> · <a href="/admin/restaurants?status=suspended"><?cs var:Lang.Admin.Restaurants.suspended ?></a> · <a href="/admin/restaurants?status=draft"><?cs var:Lang.Admin.Restaurants.drafts ?></a></p>
 <?cs call:restaurant_rows() ?>
</section>
<?cs /def ?>
