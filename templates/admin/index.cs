<?cs # index.cs: the admin's start: restaurants waiting for approval ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Administration</h1>
 <?cs call:admin_nav("home") ?>
 <?cs if:Page.DeadLetters > 0 ?><p class="notice notice-error"><a href="/admin/outbox?status=dead"><?cs var:Page.DeadLetters ?> mail<?cs if:Page.DeadLetters != 1 ?>s<?cs /if ?> could not be delivered</a>.</p><?cs /if ?>
 <h2>Waiting for approval</h2>
 <?cs if:subcount(Page.Restaurants) ?><?cs call:restaurant_rows() ?><?cs else ?><p class="muted">Nothing waits for approval.</p><?cs /if ?>
</section>
<?cs /def ?>
