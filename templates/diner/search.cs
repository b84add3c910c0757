<?cs # search.cs: search results, 20 a page, with the filters ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Script = 1 ?>
<?cs if:Page.Query.q ?><?cs set:Page.Title = Lang.Diner.Search.title_query + " " + Page.Query.q ?><?cs else ?><?cs set:Page.Title = Lang.Diner.Search.title ?><?cs /if ?>
<?cs def:page_link(n) ?><?cs var:"/search" ?>?q=<?cs var:url_escape(Page.Query.q) ?>&amp;city=<?cs var:url_escape(Page.Query.city) ?>&amp;cuisine=<?cs var:url_escape(Page.Query.cuisine) ?><?cs if:Page.Query.lat ?>&amp;lat=<?cs var:Page.Query.lat ?>&amp;lng=<?cs var:Page.Query.lng ?>&amp;radius_km=<?cs var:Page.Query.radius_km ?><?cs /if ?><?cs if:Page.Query.date ?>&amp;date=<?cs var:url_escape(Page.Query.date) ?><?cs /if ?><?cs if:Page.Query.time ?>&amp;time=<?cs var:url_escape(Page.Query.time) ?><?cs /if ?>&amp;party=<?cs var:Page.Query.party ?>&amp;page=<?cs var:n ?><?cs /def ?>
<?cs def:content() ?>
<h1><?cs if:Page.Query.q ?><?cs var:Lang.Diner.Search.results_before ?><?cs var:Page.Query.q ?><?cs var:Lang.Diner.Search.results_after ?><?cs elif:Page.Query.lat ?><?cs var:Lang.Diner.Search.near_you ?><?cs else ?><?cs var:Lang.Diner.Search.title ?><?cs /if ?><?cs if:Page.Query.city ?> <?cs var:Lang.Diner.Search.in_city ?> <?cs var:Page.Query.city ?><?cs /if ?></h1>
<?cs call:search_form(0) ?>

<?cs if:subcount(Form.Errors) ?>
<p class="notice notice-error"><?cs var:Lang.Diner.Search.fix_fields ?></p>
<?cs if:Form.Errors.page ?><p class="field-error" role="alert"><?cs var:Lang.Diner.Search.page_number ?> <?cs var:Lang.Error[Form.Errors.page] ?></p><?cs /if ?>
<?cs each:f = Form.Errors ?><?cs if:name(f) == "lat" || name(f) == "lng" || name(f) == "lon" || name(f) == "radius_km" ?><p class="field-error" role="alert"><?cs var:Lang.Diner.Search.near_me ?> <?cs var:Lang.Error[f] ?></p><?cs /if ?><?cs /each ?>
<?cs elif:subcount(Page.Results) ?>
<?cs if:Page.WhenNote == "need_time" ?><p class="notice"><?cs var:Lang.Diner.Search.need_time_before ?> <?cs call:hdate(Page.Query.date) ?><?cs var:Lang.Diner.Search.need_time_after ?></p>
<?cs elif:Page.WhenNote == "need_date" ?><p class="notice"><?cs var:Lang.Diner.Search.need_date_before ?> <?cs var:Page.Query.time ?><?cs var:Lang.Diner.Search.need_date_after ?></p>
<?cs elif:Page.WhenNote == "past" ?><p class="notice"><?cs var:Lang.Diner.Search.past ?></p><?cs /if ?>
<p class="result-count"><?cs var:Page.Total ?> <?cs call:plural(Page.Total, Lang.Diner.Search.Restaurants) ?><?cs if:Page.Query.lat ?> <?cs var:Lang.Diner.Search.within ?> <?cs var:Page.Query.radius_km ?> <?cs var:Lang.Diner.Search.km ?><?cs var:Lang.Diner.Search.nearest_first ?><?cs /if ?><?cs if:Page.Pages > 1 ?> · <?cs var:Lang.Diner.Search.page ?> <?cs var:Page.Page ?> <?cs var:Lang.Diner.Search.of ?> <?cs var:Page.Pages ?><?cs /if ?></p>
<ul class="cards">
 <?cs each:r = Page.Results ?><?cs call:restaurant_card(r) ?><?cs /each ?>
</ul>
<?cs if:Page.Pages > 1 ?>
<nav class="pager" aria-label="<?cs var:Lang.Diner.Search.pages_label ?>">
 <?cs if:Page.PrevPage ?><a rel="prev" href="<?cs call:page_link(Page.PrevPage) ?>"><?cs var:Lang.Diner.Search.previous ?></a><?cs /if ?>
 <span><?cs var:Lang.Diner.Search.page_cap ?> <?cs var:Page.Page ?> <?cs var:Lang.Diner.Search.of ?> <?cs var:Page.Pages ?></span>
 <?cs if:Page.NextPage ?><a rel="next" href="<?cs call:page_link(Page.NextPage) ?>"><?cs var:Lang.Diner.Search.next ?></a><?cs /if ?>
</nav>
<?cs /if ?>
<?cs elif:Page.Page > 1 ?>
<p class="empty"><?cs var:Lang.Diner.Search.only_before ?> <?cs var:Page.Total ?> <?cs call:plural(Page.Total, Lang.Diner.Search.Results) ?>. <a href="<?cs call:page_link(1) ?>"><?cs var:Lang.Diner.Search.first_page ?></a>.</p>
<?cs else ?>
<div class="empty">
 <p><?cs var:Lang.Diner.Search.no_match ?><?cs if:Page.Query.q ?> <?cs var:Lang.Diner.Search.match_q_before ?><?cs var:Page.Query.q ?><?cs var:Lang.Diner.Search.match_q_after ?><?cs /if ?><?cs if:Page.Query.city ?> <?cs var:Lang.Diner.Search.in_city ?> <?cs var:Page.Query.city ?><?cs /if ?><?cs if:Page.Query.cuisine ?> <?cs var:Lang.Diner.Search.serving ?> <?cs var:Page.Query.cuisine ?><?cs /if ?>.</p>
 <p><?cs var:Lang.Diner.Search.try_before ?> <a href="/search"><?cs var:Lang.Diner.Search.all_restaurants ?></a>.</p>
</div>
<?cs /if ?>
<?cs /def ?>
