<?cs # reviews.cs: the newest reviews, to hide an abusive one ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Reviews · Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Reviews</h1>
 <?cs call:admin_nav("reviews") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status">Done.</p><?cs /if ?>
 <table class="list">
  <thead><tr><th>Restaurant</th><th>Rating</th><th>Review</th><th>By</th><th>Date</th><th></th></tr></thead>
  <tbody><?cs each:v = Page.Reviews ?><tr<?cs if:v.hidden == "t" ?> class="disabled"<?cs /if ?>>
   <td><?cs var:v.restaurant ?></td><td><?cs var:v.rating ?> ★</td><td><?cs var:v.body ?></td><td><?cs var:v.name ?></td><td><?cs var:v.date ?></td>
   <td><?cs if:v.hidden == "t" ?><?cs call:admin_action("reviews", v.id, "show", "Show again") ?><?cs else ?>
    <form method="post" action="/admin/reviews/<?cs var:v.id ?>/hide" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><label class="visually-hidden" for="hr-<?cs var:v.id ?>">Why</label><input id="hr-<?cs var:v.id ?>" name="reason" maxlength="200" placeholder="Why"> <button type="submit" class="button-danger">Hide</button></form><?cs /if ?></td>
  </tr><?cs /each ?></tbody>
 </table>
</section>
<?cs /def ?>
