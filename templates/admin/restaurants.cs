<?cs # restaurants.cs: every restaurant, by status ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Restaurants · Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Restaurants</h1>
 <?cs call:admin_nav("restaurants") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status">Done.</p><?cs /if ?>
 <p class="filters"><a href="/admin/restaurants">All</a> · <a href="/admin/restaurants?status=pending">Waiting</a> · <a href="/admin/restaurants?status=active">Active</a> · <a href="/admin/restaurants?status=suspended">Suspended</a> · <a href="/admin/restaurants?status=draft">Drafts</a></p>
 <?cs call:restaurant_rows() ?>
</section>
<?cs /def ?>
