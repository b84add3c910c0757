<?cs # macros.cs: pieces several pages share ?>
<?cs # plural(n, forms): the form of a word for the count n, by the language's
     rule: forms.one / forms.other in English; forms.one / few / many in
     Russian and Ukrainian (1, 21 one; 2-4, 22-24 few; 0, 5-20, 25 many).
     The caller writes the number first, then call:plural(n, Lang.X.guests) ?>
<?cs def:plural(n, forms) ?><?cs if:Lang.Code == "ru" || Lang.Code == "uk" ?><?cs if:n % 10 == 1 && n % 100 != 11 ?><?cs var:forms.one ?><?cs elif:n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ?><?cs var:forms.few ?><?cs else ?><?cs var:forms.many ?><?cs /if ?><?cs elif:n == 1 ?><?cs var:forms.one ?><?cs else ?><?cs var:forms.other ?><?cs /if ?><?cs /def ?>
<?cs def:field_error(code) ?><?cs if:code ?><p class="field-error" role="alert"><?cs var:Lang.Error[code] ?></p><?cs /if ?><?cs /def ?>
<?cs # the same tied to its field: the field carries aria-describedby="ID-err" ?>
<?cs def:field_error_for(id, code) ?><?cs if:code ?><p class="field-error" id="<?cs var:id ?>-err" role="alert"><?cs var:Lang.Error[code] ?></p><?cs /if ?><?cs /def ?>

<?cs # hdate: "Tue 8 Dec 2026" / "вт, 8 дек. 2026" / "вт, 8 груд. 2026" of an
     ISO date "2026-12-08" (anything else as given), in the order and with the
     punctuation of Lang.Date (MonthFirst: "Tue, Dec 8, 2026"); the weekday by
     Zeller's congruence ?>
<?cs def:hdate(d) ?><?cs if:string.length(d) == 10 && string.slice(d, 4, 5) == "-" ?><?cs
 set:HDate.Y = string.slice(d, 0, 4) ?><?cs
 set:HDate.M = string.slice(d, 5, 7) ?><?cs if:string.slice(HDate.M, 0, 1) == "0" ?><?cs set:HDate.M = string.slice(HDate.M, 1, 2) ?><?cs /if ?><?cs
 set:HDate.D = string.slice(d, 8, 10) ?><?cs if:string.slice(HDate.D, 0, 1) == "0" ?><?cs set:HDate.D = string.slice(HDate.D, 1, 2) ?><?cs /if ?><?cs
 set:HDate.ZM = #HDate.M ?><?cs set:HDate.ZY = #HDate.Y ?><?cs
 if:#HDate.ZM < 3 ?><?cs set:HDate.ZM = #HDate.ZM + 12 ?><?cs set:HDate.ZY = #HDate.ZY - 1 ?><?cs /if ?><?cs
 set:HDate.H = (#HDate.D + (13 * (#HDate.ZM + 1)) / 5 + #HDate.ZY % 100 + (#HDate.ZY % 100) / 4 + (#HDate.ZY / 100) / 4 + 5 * (#HDate.ZY / 100)) % 7 ?><?cs
 set:HDate.W = (#HDate.H + 5) % 7 + 1 ?><?cs
 var:Lang.WeekdayShort[HDate.W] ?><?cs var:Lang.Date.weekday_punct ?> <?cs
 if:Lang.Date.MonthFirst == "1" ?><?cs var:Lang.MonthShort[HDate.M] ?> <?cs var:HDate.D ?><?cs var:Lang.Date.day_punct ?><?cs
 else ?><?cs var:HDate.D ?> <?cs var:Lang.MonthShort[HDate.M] ?><?cs /if ?> <?cs
 var:HDate.Y ?><?cs else ?><?cs var:d ?><?cs /if ?><?cs /def ?>

<?cs def:search_form(big) ?>
<form class="search-form<?cs if:big ?> search-form-big<?cs /if ?>" action="/search" method="get" role="search">
 <div class="field field-q">
  <label for="q"><?cs var:Lang.Layout.Search.what ?></label>
  <input id="q" type="search" name="q" maxlength="100" placeholder="<?cs var:Lang.Layout.search_placeholder ?>" value="<?cs var:Page.Query.q ?>"<?cs if:Form.Errors.q ?> aria-invalid="true" aria-describedby="q-err"<?cs /if ?>>
  <?cs call:field_error_for("q", Form.Errors.q) ?>
 </div>
 <div class="field">
  <label for="city"><?cs var:Lang.Layout.Search.city ?></label>
  <select id="city" name="city">
   <option value=""><?cs var:Lang.Layout.Search.any_city ?></option>
   <?cs each:c = Page.Cities ?><option value="<?cs var:c.Value ?>"<?cs if:c.Value == Page.Query.city ?> selected<?cs /if ?>><?cs var:c.Value ?> (<?cs var:c.Count ?>)</option>
   <?cs /each ?>
  </select>
  <?cs call:field_error(Form.Errors.city) ?>
 </div>
 <div class="field">
  <label for="cuisine"><?cs var:Lang.Layout.Search.cuisine ?></label>
  <select id="cuisine" name="cuisine">
   <option value=""><?cs var:Lang.Layout.Search.any_cuisine ?></option>
   <?cs each:c = Page.Cuisines ?><option value="<?cs var:c.Value ?>"<?cs if:c.Value == Page.Query.cuisine ?> selected<?cs /if ?>><?cs var:c.Value ?> (<?cs var:c.Count ?>)</option>
   <?cs /each ?>
  </select>
  <?cs call:field_error(Form.Errors.cuisine) ?>
 </div>
 <div class="field">
  <label for="s-date"><?cs var:Lang.Layout.Search.date ?> <span class="muted">(<?cs var:Lang.Layout.Search.optional ?>)</span></label>
  <input id="s-date" type="date" name="date" value="<?cs var:Page.Query.date ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="s-date-err"<?cs /if ?>>
  <?cs call:field_error_for("s-date", Form.Errors.date) ?>
 </div>
 <div class="field">
  <label for="s-time"><?cs var:Lang.Layout.Search.time ?></label>
  <input id="s-time" type="time" name="time" step="900" value="<?cs var:Page.Query.time ?>"<?cs if:Form.Errors.time ?> aria-invalid="true" aria-describedby="s-time-err"<?cs /if ?>>
  <?cs call:field_error_for("s-time", Form.Errors.time) ?>
 </div>
 <div class="field">
  <label for="s-party"><?cs var:Lang.Layout.Search.guests ?></label>
  <select id="s-party" name="party"><?cs loop:n = 1, 12, 1 ?><option value="<?cs var:n ?>"<?cs if:n == Page.Query.party || (!Page.Query.party && n == 2) ?> selected<?cs /if ?>><?cs var:n ?></option><?cs /loop ?></select>
  <?cs call:field_error(Form.Errors.party) ?>
 </div>
 <?cs if:Page.Query.lat ?><input type="hidden" name="lat" value="<?cs var:Page.Query.lat ?>"><input type="hidden" name="lng" value="<?cs var:Page.Query.lng ?>"><input type="hidden" name="radius_km" value="<?cs var:Page.Query.radius_km ?>"><?cs /if ?>
 <div class="field field-submit"><button type="submit" class="button-primary"><?cs var:Lang.Layout.Search.find ?></button></div>
 <?cs # Near me: a script asks the browser where it is and fills lat and lng;
      without the script (or when refused) the button stays hidden and the city is the way ?>
 <div class="field field-near" hidden><button type="button" class="button-near" data-near-me data-denied="<?cs var:Lang.Layout.Search.near_denied ?>" data-busy="<?cs var:Lang.Layout.Search.near_busy ?>"><?cs var:Lang.Layout.Search.near_me ?></button><p class="near-status muted" role="status"></p></div>
</form>
<?cs /def ?>

<?cs # a card's photo: the first two load at once, the rest when scrolled to;
     without one, a drawn placeholder (CSS), never a broken image ?>
<?cs def:card_photo(r) ?><?cs if:r.Photo.File ?><img class="card-photo" src="/media/<?cs var:r.Photo.File ?>"<?cs if:r.Photo.Srcset ?> srcset="<?cs var:r.Photo.Srcset ?>" sizes="(max-width: 40rem) calc(100vw - 2rem), 20rem"<?cs /if ?><?cs if:r.Photo.Width ?> width="<?cs var:r.Photo.Width ?>" height="<?cs var:r.Photo.Height ?>"<?cs /if ?> alt="<?cs if:r.Photo.Caption ?><?cs var:r.Photo.Caption ?><?cs else ?><?cs var:r.Name ?><?cs /if ?>"<?cs if:name(r) > 1 ?> loading="lazy"<?cs /if ?> decoding="async"><?cs else ?><div class="card-photo card-photo-none" aria-hidden="true"><span><?cs var:r.Cuisine ?></span></div><?cs /if ?><?cs /def ?>

<?cs # the date, time and party of a search, carried to a restaurant's page ?>
<?cs def:card_query() ?><?cs if:Page.Query.date ?>?date=<?cs var:url_escape(Page.Query.date) ?>&amp;party=<?cs var:Page.Query.party ?><?cs if:Page.Query.time ?>&amp;time=<?cs var:url_escape(Page.Query.time) ?><?cs /if ?>#book<?cs /if ?><?cs /def ?>

<?cs def:restaurant_card(r) ?>
<li class="card">
 <?cs call:card_photo(r) ?>
 <h3><a href="/r/<?cs var:r.Slug ?><?cs call:card_query() ?>"><?cs var:r.Name ?></a></h3>
 <p class="meta"><span class="cuisine"><?cs var:r.Cuisine ?></span> · <?cs var:r.City ?><?cs if:?r.DistanceM ?> · <span class="distance"><?cs if:#r.DistanceM < 1000 ?><?cs var:r.DistanceM ?> <?cs var:Lang.Layout.Card.m ?><?cs else ?><?cs var:r.DistanceKm ?> <?cs var:Lang.Layout.Card.km ?><?cs /if ?> <?cs var:Lang.Layout.Card.away ?></span><?cs /if ?></p>
 <p class="address"><?cs var:r.Address ?></p>
 <p class="rating"><?cs if:r.RatingCount > 0 ?>★ <?cs var:r.Rating ?> <span class="muted">(<?cs var:r.RatingCount ?>)</span><?cs else ?><span class="muted"><?cs var:Lang.Layout.Card.no_reviews ?></span><?cs /if ?></p>
 <?cs if:Page.Asked ?><?cs if:subcount(r.Times) ?>
 <form method="post" action="/r/<?cs var:r.Slug ?>/hold" class="times times-small">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="date" value="<?cs var:Page.Query.date ?>">
  <input type="hidden" name="party" value="<?cs var:Page.Query.party ?>">
  <?cs each:t = r.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
 </form>
 <?cs else ?><p class="muted"><?cs var:Lang.Layout.Card.no_free ?> <a class="notify-link" href="/r/<?cs var:r.Slug ?>?date=<?cs var:url_escape(Page.Query.date) ?>&amp;party=<?cs var:url_escape(Page.Query.party) ?>&amp;time=<?cs var:url_escape(Page.Query.time) ?>&amp;notify=1#notify"><?cs var:Lang.Layout.Card.notify_me ?></a></p><?cs /if ?><?cs /if ?>
</li>
<?cs /def ?>
