<?cs # walkins.cs: today's walk-in list on a page of its own (the day sheet shows it too); forms shown again with their errors ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = Lang.Owner.Walkins.title + " · " + Page.R.name ?>
<?cs def:content() ?>
<section class="owner day">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("day") ?>
 <p><a href="/owner/r/<?cs var:Page.R.id ?>/day#walkins">← <?cs var:Lang.Owner.Walkins.back ?></a></p>
 <?cs set:WalkinBack = "list" ?>
 <?cs include:"owner/day_walkins.cs" ?>
</section>
<?cs /def ?>
