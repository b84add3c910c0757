<?cs # home.cs: the front page: search, cities, cuisines, a few restaurants ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Script = 1 ?>
<?cs set:Page.Description = Lang.Diner.Home.description ?>
<?cs def:content() ?>
<section class="hero">
 <h1><?cs var:Lang.Diner.Home.title ?></h1>
 <p class="lead"><?cs var:Lang.Diner.Home.lead_before ?> <?cs var:Page.Total ?> <?cs call:plural(Page.Total, Lang.Diner.Home.Lead) ?></p>
 <?cs call:search_form(1) ?>
</section>

<?cs if:subcount(Page.Cities) ?>
<section>
 <h2><?cs var:Lang.Diner.Home.cities ?></h2>
 <ul class="chips">
  <?cs each:c = Page.Cities ?><li><a href="/search?city=<?cs var:url_escape(c.Value) ?>"><?cs var:c.Value ?> <span class="muted"><?cs var:c.Count ?></span></a></li>
  <?cs /each ?>
 </ul>
</section>
<?cs /if ?>

<?cs if:subcount(Page.Cuisines) ?>
<section>
 <h2><?cs var:Lang.Diner.Home.cuisines ?></h2>
 <ul class="chips">
  <?cs each:c = Page.Cuisines ?><li><a href="/search?cuisine=<?cs var:url_escape(c.Value) ?>"><span class="cuisine"><?cs var:c.Value ?></span> <span class="muted"><?cs var:c.Count ?></span></a></li>
  <?cs /each ?>
 </ul>
</section>
<?cs /if ?>

<?cs if:subcount(Page.Featured) ?>
<section>
 <h2><?cs var:Lang.Diner.Home.featured ?></h2>
 <ul class="cards">
  <?cs each:r = Page.Featured ?><?cs call:restaurant_card(r) ?><?cs /each ?>
 </ul>
</section>
<?cs /if ?>
<?cs /def ?>
