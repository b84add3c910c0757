<?cs # nav.cs: the tabs of one restaurant's pages in the owner's area ?>
<?cs def:owner_nav(active) ?>
<nav class="tabs" aria-label="Restaurant">
 <a href="/owner"<?cs if:active == "home" ?> aria-current="page"<?cs /if ?>>All restaurants</a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/day"<?cs if:active == "day" ?> aria-current="page"<?cs /if ?>>Day sheet</a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/setup"<?cs if:active == "setup" ?> aria-current="page"<?cs /if ?>>Set-up</a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/stats"<?cs if:active == "stats" ?> aria-current="page"<?cs /if ?>>Statistics</a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/reviews"<?cs if:active == "reviews" ?> aria-current="page"<?cs /if ?>>Reviews</a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/webhooks"<?cs if:active == "webhooks" ?> aria-current="page"<?cs /if ?>>Webhooks</a>
 <?cs if:Page.R.status == "active" ?><a href="/r/<?cs var:Page.R.slug ?>">Public page</a><?cs /if ?>
</nav>
<?cs /def ?>
