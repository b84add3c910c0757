<?cs # nav.cs: the tabs of one restaurant's pages in the owner's area ?>
<?cs def:owner_nav(active) ?>
<nav class="tabs" aria-label="<?cs var:Lang.Owner.Nav.label ?>">
 <a href="/owner"<?cs if:active == "home" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.all ?></a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/day"<?cs if:active == "day" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.day ?></a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/setup"<?cs if:active == "setup" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.setup ?></a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/stats"<?cs if:active == "stats" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.stats ?></a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/reviews"<?cs if:active == "reviews" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.reviews ?></a>
 <a href="/owner/r/<?cs var:Page.R.id ?>/webhooks"<?cs if:active == "webhooks" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Owner.Nav.webhooks ?></a>
 <?cs if:Page.R.status == "active" ?><a href="/r/<?cs var:Page.R.slug ?>"><?cs var:Lang.Owner.Nav.public ?></a><?cs /if ?>
</nav>
<?cs /def ?>
