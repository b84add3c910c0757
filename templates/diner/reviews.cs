<?cs # reviews.cs: a restaurant's reviews, paged and sorted ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Reviews of " + Page.R.Name ?>
<?cs def:review_item(v) ?>
<li class="review">
 <p class="stars" aria-label="<?cs var:v.rating ?> of 5"><?cs loop:i = 1, v.rating, 1 ?>★<?cs /loop ?></p>
 <p class="muted"><?cs var:v.author ?> · visited <?cs var:v.visited ?></p>
 <?cs if:v.body ?><p><?cs var:v.body ?></p><?cs /if ?>
 <?cs if:v.reply ?><p class="reply"><strong>The restaurant:</strong> <?cs var:v.reply ?></p><?cs /if ?>
</li>
<?cs /def ?>
<?cs def:content() ?>
<section class="reviews">
 <p><a href="/r/<?cs var:Page.R.Slug ?>">← <?cs var:Page.R.Name ?></a></p>
 <h1>Reviews of <?cs var:Page.R.Name ?></h1>
 <?cs if:Query.thanks ?><p class="notice notice-ok" role="status">Thank you for your review!</p><?cs /if ?>
 <?cs if:Page.R.RatingCount > 0 ?><p class="rating">★ <?cs var:Page.R.Rating ?> from <?cs var:Page.R.RatingCount ?> reviews</p><?cs /if ?>
 <nav class="tabs" aria-label="Order">
  <a href="?sort=newest"<?cs if:Page.Sort == "newest" ?> aria-current="page"<?cs /if ?>>Newest</a>
  <a href="?sort=highest"<?cs if:Page.Sort == "highest" ?> aria-current="page"<?cs /if ?>>Highest</a>
  <a href="?sort=lowest"<?cs if:Page.Sort == "lowest" ?> aria-current="page"<?cs /if ?>>Lowest</a>
 </nav>
 <?cs if:subcount(Page.Reviews) ?><ul class="review-list"><?cs each:v = Page.Reviews ?><?cs call:review_item(v) ?><?cs /each ?></ul>
 <?cs else ?><p class="muted">No reviews yet.</p><?cs /if ?>
 <p class="pager"><?cs if:Page.PrevPage > 0 ?><a href="?sort=<?cs var:Page.Sort ?>&amp;page=<?cs var:Page.PrevPage ?>" rel="prev">← Newer</a><?cs /if ?>
 <?cs if:Page.NextPage > 0 ?><a href="?sort=<?cs var:Page.Sort ?>&amp;page=<?cs var:Page.NextPage ?>" rel="next">More →</a><?cs /if ?></p>
</section>
<?cs /def ?>
