<?cs # reviews.cs: a restaurant's reviews, each with the owner's reply ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = Lang.Owner.Reviews.title + " · " + Page.R.name ?>
<?cs def:content() ?>
<section class="owner reviews">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("reviews") ?>
 <?cs if:Page.R.rating_count > 0 ?><p class="rating">★ <?cs var:Page.R.rating ?> <?cs var:Lang.Owner.Reviews.from ?> <?cs var:Page.R.rating_count ?> <?cs call:plural(Page.R.rating_count, Lang.Owner.Reviews.reviews) ?></p><?cs /if ?>
 <?cs if:subcount(Page.Reviews) ?><ul class="review-list">
 <?cs each:v = Page.Reviews ?><li id="v-<?cs var:v.id ?>" class="review<?cs if:v.hidden == "t" ?> hidden-review<?cs /if ?>">
  <p class="stars" aria-label="<?cs var:v.rating ?> <?cs var:Lang.Owner.Reviews.of ?> 5"><?cs loop:i = 1, v.rating, 1 ?>★<?cs /loop ?></p>
  <p class="muted"><?cs var:v.name ?>, <?cs var:v.date ?> · <a href="/owner/b/<?cs var:v.code ?>"><?cs var:v.code ?></a><?cs if:v.hidden == "t" ?> · <?cs var:Lang.Owner.Reviews.hidden ?><?cs /if ?></p>
  <p><?cs var:v.body ?></p>
  <form method="post" action="/owner/reviews/<?cs var:v.id ?>/reply" class="stack">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="rep-<?cs var:v.id ?>"><?cs var:Lang.Owner.Reviews.reply_label ?></label><textarea id="rep-<?cs var:v.id ?>" name="reply" maxlength="2000" rows="2"><?cs var:v.reply ?></textarea></div>
   <button type="submit"><?cs if:v.reply ?><?cs var:Lang.Owner.Reviews.change ?><?cs else ?><?cs var:Lang.Owner.Reviews.reply ?><?cs /if ?></button>
  </form>
 </li><?cs /each ?>
 </ul><?cs else ?><p class="muted"><?cs var:Lang.Owner.Reviews.none ?></p><?cs /if ?>
</section>
<?cs /def ?>
