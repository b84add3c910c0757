<?cs # reviews.cs: the newest reviews, to hide an abusive one ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Reviews.title + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Reviews.title ?></h1>
 <?cs call:admin_nav("reviews") ?>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status"><?cs var:Lang.Admin.done ?></p><?cs /if ?>
 <table class="list">
  <thead><tr><th><?cs var:Lang.Admin.Reviews.restaurant ?></th><th><?cs var:Lang.Admin.Reviews.rating ?></th><th><?cs var:Lang.Admin.Reviews.review ?></th><th><?cs var:Lang.Admin.Reviews.by ?></th><th><?cs var:Lang.Admin.Reviews.date ?></th><th></th></tr></thead>
  <tbody><?cs each:v = Page.Reviews ?><tr<?cs if:v.hidden == "t" ?> class="disabled"<?cs /if ?>>
   <td><?cs var:v.restaurant ?></td><td><?cs var:v.rating ?> ★</td><td><?cs var:v.body ?></td><td><?cs var:v.name ?></td><td><?cs var:v.date ?></td>
   <td><?cs if:v.hidden == "t" ?><?cs call:admin_action("reviews", v.id, "show", Lang.Admin.Reviews.show) ?><?cs else ?>
    <form method="post" action="/admin/reviews/<?cs var:v.id ?>/hide" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><label class="visually-hidden" for="hr-<?cs var:v.id ?>"><?cs var:Lang.Admin.Reviews.why ?></label><input id="hr-<?cs var:v.id ?>" name="reason" maxlength="200" placeholder="<?cs var:Lang.Admin.Reviews.why ?>"> <button type="submit" class="button-danger"><?cs var:Lang.Admin.Reviews.hide ?></button></form><?cs /if ?></td>
  </tr><?cs /each ?></tbody>
 </table>
</section>
<?cs /def ?>
