<?cs # search.cs: search results, 20 a page, with the filters ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Script = 1 ?>
<?cs if:Page.Query.q ?><?cs set:Page.Title = "Search: " + Page.Query.q ?><?cs else ?><?cs set:Page.Title = "Restaurants" ?><?cs /if ?>
<?cs def:page_link(n) ?>/search?q=<?cs var:url_escape(Page.Query.q) ?>&amp;city=<?cs var:url_escape(Page.Query.city) ?>&amp;cuisine=<?cs var:url_escape(Page.Query.cuisine) ?><?cs if:Page.Query.lat ?>&amp;lat=<?cs var:Page.Query.lat ?>&amp;lng=<?cs var:Page.Query.lng ?>&amp;radius_km=<?cs var:Page.Query.radius_km ?><?cs /if ?><?cs if:Page.Query.date ?>&amp;date=<?cs var:url_escape(Page.Query.date) ?><?cs /if ?><?cs if:Page.Query.time ?>&amp;time=<?cs var:url_escape(Page.Query.time) ?><?cs /if ?>&amp;party=<?cs var:Page.Query.party ?>&amp;page=<?cs var:n ?><?cs /def ?>
<?cs def:content() ?>
<h1><?cs if:Page.Query.q ?>Results for “<?cs var:Page.Query.q ?>”<?cs elif:Page.Query.lat ?>Restaurants near you<?cs else ?>Restaurants<?cs /if ?><?cs if:Page.Query.city ?> in <?cs var:Page.Query.city ?><?cs /if ?></h1>
<?cs call:search_form(0) ?>

<?cs if:subcount(Form.Errors) ?>
<p class="notice notice-error">Please correct the highlighted field and search again.</p>
<?cs if:Form.Errors.page ?><p class="field-error" role="alert">Page number: <?cs var:Lang.Error[Form.Errors.page] ?></p><?cs /if ?>
<?cs each:f = Form.Errors ?><?cs if:name(f) == "lat" || name(f) == "lng" || name(f) == "lon" || name(f) == "radius_km" ?><p class="field-error" role="alert">Near me: <?cs var:Lang.Error[f] ?></p><?cs /if ?><?cs /each ?>
<?cs elif:subcount(Page.Results) ?>
<?cs if:Page.WhenNote == "need_time" ?><p class="notice">Add a time as well to see the free tables near it on <?cs call:hdate(Page.Query.date) ?>.</p>
<?cs elif:Page.WhenNote == "need_date" ?><p class="notice">Add a date as well to see the free tables near <?cs var:Page.Query.time ?>.</p>
<?cs elif:Page.WhenNote == "past" ?><p class="notice">That date has passed; choose today or a later date to see free tables.</p><?cs /if ?>
<p class="result-count"><?cs var:Page.Total ?> restaurant<?cs if:Page.Total != 1 ?>s<?cs /if ?><?cs if:Page.Query.lat ?> within <?cs var:Page.Query.radius_km ?> km, nearest first<?cs /if ?><?cs if:Page.Pages > 1 ?> · page <?cs var:Page.Page ?> of <?cs var:Page.Pages ?><?cs /if ?></p>
<ul class="cards">
 <?cs each:r = Page.Results ?><?cs call:restaurant_card(r) ?><?cs /each ?>
</ul>
<?cs if:Page.Pages > 1 ?>
<nav class="pager" aria-label="Pages">
 <?cs if:Page.PrevPage ?><a rel="prev" href="<?cs call:page_link(Page.PrevPage) ?>">← Previous</a><?cs /if ?>
 <span>Page <?cs var:Page.Page ?> of <?cs var:Page.Pages ?></span>
 <?cs if:Page.NextPage ?><a rel="next" href="<?cs call:page_link(Page.NextPage) ?>">Next →</a><?cs /if ?>
</nav>
<?cs /if ?>
<?cs elif:Page.Page > 1 ?>
<p class="empty">There are only <?cs var:Page.Total ?> results. <a href="<?cs call:page_link(1) ?>">Back to the first page</a>.</p>
<?cs else ?>
<div class="empty">
 <p>No restaurant matches<?cs if:Page.Query.q ?> “<?cs var:Page.Query.q ?>”<?cs /if ?><?cs if:Page.Query.city ?> in <?cs var:Page.Query.city ?><?cs /if ?><?cs if:Page.Query.cuisine ?> serving <?cs var:Page.Query.cuisine ?><?cs /if ?>.</p>
 <p>Try fewer words, another spelling, or <a href="/search">all restaurants</a>.</p>
</div>
<?cs /if ?>
<?cs /def ?>
