<?cs # macros.cs: pieces several pages share ?>
<?cs def:field_error(code) ?><?cs if:code ?><p class="field-error" role="alert"><?cs var:Lang.Error[code] ?></p><?cs /if ?><?cs /def ?>

<?cs def:search_form(big) ?>
<form class="search-form<?cs if:big ?> search-form-big<?cs /if ?>" action="/search" method="get" role="search">
 <div class="field field-q">
  <label for="q">What are you hungry for?</label>
  <input id="q" type="search" name="q" maxlength="100" placeholder="Restaurant, cuisine or city" value="<?cs var:Page.Query.q ?>"<?cs if:Form.Errors.q ?> aria-invalid="true"<?cs /if ?>>
  <?cs call:field_error(Form.Errors.q) ?>
 </div>
 <div class="field">
  <label for="city">City</label>
  <select id="city" name="city">
   <option value="">Any city</option>
   <?cs each:c = Page.Cities ?><option value="<?cs var:c.Value ?>"<?cs if:c.Value == Page.Query.city ?> selected<?cs /if ?>><?cs var:c.Value ?> (<?cs var:c.Count ?>)</option>
   <?cs /each ?>
  </select>
  <?cs call:field_error(Form.Errors.city) ?>
 </div>
 <div class="field">
  <label for="cuisine">Cuisine</label>
  <select id="cuisine" name="cuisine">
   <option value="">Any cuisine</option>
   <?cs each:c = Page.Cuisines ?><option value="<?cs var:c.Value ?>"<?cs if:c.Value == Page.Query.cuisine ?> selected<?cs /if ?>><?cs var:c.Value ?> (<?cs var:c.Count ?>)</option>
   <?cs /each ?>
  </select>
  <?cs call:field_error(Form.Errors.cuisine) ?>
 </div>
 <div class="field field-submit"><button type="submit" class="button-primary">Find a table</button></div>
</form>
<?cs /def ?>

<?cs def:restaurant_card(r) ?>
<li class="card">
 <h3><a href="/r/<?cs var:r.Slug ?>"><?cs var:r.Name ?></a></h3>
 <p class="meta"><span class="cuisine"><?cs var:r.Cuisine ?></span> · <?cs var:r.City ?></p>
 <p class="address"><?cs var:r.Address ?></p>
 <p class="rating"><?cs if:r.RatingCount > 0 ?>★ <?cs var:r.Rating ?> <span class="muted">(<?cs var:r.RatingCount ?>)</span><?cs else ?><span class="muted">No reviews yet</span><?cs /if ?></p>
</li>
<?cs /def ?>
