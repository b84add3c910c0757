<?cs # reviews.cs: a restaurant's reviews, paged and sorted ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Diner.Reviews.title + " " + Page.R.Name ?>
<?cs def:review_item(v) ?>
<li class="review">
 <p class="stars" aria-label="<?cs var:v.rating ?> <?cs var:Lang.Diner.Common.stars_of ?>"><?cs loop:i = 1, v.rating, 1 ?>★<?cs /loop ?></p>
 <p class="muted"><?cs var:v.author ?> · <?cs var:Lang.Diner.Common.visited ?> <?cs var:v.visited ?></p>
 <?cs if:v.body ?><p><?cs var:v.body ?></p><?cs /if ?>
 <?cs if:v.reply ?><p class="reply"><strong><?cs var:Lang.Diner.Common.restaurant_said ?></strong> <?cs var:v.reply ?></p><?cs /if ?>
</li>
<?cs /def ?>
<?cs def:content() ?>
<section class="reviews">
 <p><a href="/r/<?cs var:Page.R.Slug ?>">← <?cs var:Page.R.Name ?></a></p>
 <h1><?cs var:Lang.Diner.Reviews.title ?> <?cs var:Page.R.Name ?></h1>
 <?cs if:Query.thanks ?><p class="notice notice-ok" role="status"><?cs var:Lang.Diner.Reviews.thanks ?></p><?cs /if ?>
 <?cs if:Page.R.RatingCount > 0 ?><p class="rating">★ <?cs var:Page.R.Rating ?> <?cs var:Lang.Diner.Reviews.from ?> <?cs var:Page.R.RatingCount ?> <?cs call:plural(Page.R.RatingCount, Lang.Diner.Reviews.Reviews) ?></p><?cs /if ?>
 <nav class="tabs" aria-label="<?cs var:Lang.Diner.Reviews.order ?>">
  <a href="?sort=newest"<?cs if:Page.Sort == "newest" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Diner.Reviews.newest ?></a>
  <a href="?sort=highest"<?cs if:Page.Sort == "highest" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Diner.Reviews.highest ?></a>
  <a href="?sort=lowest"<?cs if:Page.Sort == "lowest" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Diner.Reviews.lowest ?></a>
 </nav>
 <?cs if:subcount(Page.Reviews) ?><ul class="review-list"><?cs each:v = Page.Reviews ?><?cs call:review_item(v) ?><?cs /each ?></ul>
 <?cs else ?><p class="muted"><?cs var:Lang.Diner.Reviews.none ?></p><?cs /if ?>
 <p class="pager"><?cs if:Page.PrevPage > 0 ?><a href="?sort=<?cs var:Page.Sort ?>&amp;page=<?cs var:Page.PrevPage ?>" rel="prev"><?cs var:Lang.Diner.Reviews.newer ?></a><?cs /if ?>
 <?cs if:Page.NextPage > 0 ?><a href="?sort=<?cs var:Page.Sort ?>&amp;page=<?cs var:Page.NextPage ?>" rel="next"><?cs var:Lang.Diner.Reviews.more ?></a><?cs /if ?></p>
</section>
<?cs /def ?>
