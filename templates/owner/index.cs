<?cs # index.cs: the owner's restaurants and a form for a new one ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Owner.Index.title ?>
<?cs def:content() ?>
<section class="owner">
 <h1><?cs var:Lang.Owner.Index.title ?></h1>
 <?cs if:subcount(Page.Restaurants) ?>
 <table class="list">
  <thead><tr><th><?cs var:Lang.Owner.Index.restaurant ?></th><th><?cs var:Lang.Owner.Index.city ?></th><th><?cs var:Lang.Owner.Index.status ?></th><th><?cs var:Lang.Owner.Index.today ?></th><th><?cs var:Lang.Owner.Index.rating ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:r = Page.Restaurants ?><tr>
   <td><a href="/owner/r/<?cs var:r.id ?>/day"><?cs var:r.name ?></a></td>
   <td><?cs var:r.city ?></td>
   <td><span class="badge badge-<?cs var:r.status ?>"><?cs if:Lang.RestaurantStatus[r.status] ?><?cs var:Lang.RestaurantStatus[r.status] ?><?cs else ?><?cs var:r.status ?><?cs /if ?></span></td>
   <td><?cs var:r.bookings_today ?> <?cs call:plural(r.bookings_today, Lang.Owner.Common.bookings) ?></td>
   <td><?cs if:r.rating_count > 0 ?>★ <?cs var:r.rating_avg ?> (<?cs var:r.rating_count ?>)<?cs else ?><span class="muted">—</span><?cs /if ?></td>
   <td><a href="/owner/r/<?cs var:r.id ?>/day"><?cs var:Lang.Owner.Nav.day ?></a> · <a href="/owner/r/<?cs var:r.id ?>/setup"><?cs var:Lang.Owner.Nav.setup ?></a></td>
  </tr><?cs /each ?>
  </tbody>
 </table>
 <?cs else ?><p class="muted"><?cs var:Lang.Owner.Index.none ?></p><?cs /if ?>

 <h2 id="new"><?cs var:Lang.Owner.Index.add ?></h2>
 <form method="post" action="/owner/restaurants" class="stack narrow" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <div class="field"><label for="n-name"><?cs var:Lang.Owner.Index.name ?></label>
   <input id="n-name" name="name" maxlength="120" required value="<?cs var:Query.name ?>"<?cs if:Form.Errors.name ?> aria-invalid="true" aria-describedby="n-name-err"<?cs /if ?>>
   <?cs call:field_error_for("n-name", Form.Errors.name) ?></div>
  <div class="field"><label for="n-slug"><?cs var:Lang.Owner.Index.slug ?> <span class="muted">(<?cs var:Lang.Owner.Index.slug_hint ?>)</span></label>
   <input id="n-slug" name="slug" maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" value="<?cs var:Query.slug ?>"<?cs if:Form.Errors.slug ?> aria-invalid="true" aria-describedby="n-slug-err"<?cs /if ?>>
   <?cs call:field_error_for("n-slug", Form.Errors.slug) ?></div>
  <div class="field"><label for="n-city"><?cs var:Lang.Owner.Index.city ?></label>
   <input id="n-city" name="city" maxlength="80" value="<?cs var:Query.city ?>"<?cs if:Form.Errors.city ?> aria-invalid="true" aria-describedby="n-city-err"<?cs /if ?>>
   <?cs call:field_error_for("n-city", Form.Errors.city) ?></div>
  <div class="field"><label for="n-tz"><?cs var:Lang.Owner.Index.timezone ?></label>
   <input id="n-tz" name="timezone" maxlength="64" required placeholder="<?cs var:Lang.Owner.Index.timezone_example ?>" value="<?cs var:Query.timezone ?>"<?cs if:Form.Errors.timezone ?> aria-invalid="true" aria-describedby="n-tz-err"<?cs /if ?>>
   <?cs call:field_error_for("n-tz", Form.Errors.timezone) ?></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Owner.Index.create ?></button>
 </form>
</section>
<?cs /def ?>
