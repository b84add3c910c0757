<?cs # restaurant.cs: one restaurant: the picker and its free times, between the parts of
     restaurant_parts.cs (profile, hours in its local time, reviews, address) ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Page.R.Name ?>
<?cs set:Page.Description = Page.R.Cuisine + " " + Lang.Diner.Restaurant.description_middle + " " + Page.R.City ?>
<?cs set:Page.Script = 1 ?>
<?cs def:content() ?>
<?cs uvar:Page.Html.crumbs ?>
<article class="restaurant">
 <header class="restaurant-head">
<?cs uvar:Page.Html.head ?>
  <p class="status <?cs if:Page.R.OpenNow ?>status-open<?cs else ?>status-closed<?cs /if ?>"><?cs if:Page.R.OpenNow ?><?cs var:Lang.Diner.Restaurant.open_now ?><?cs elif:Page.R.ClosedToday ?><?cs var:Lang.Diner.Restaurant.closed_today ?><?cs else ?><?cs var:Lang.Diner.Restaurant.closed_now ?><?cs /if ?> · <?cs var:Page.R.LocalTime ?> <?cs var:Page.R.TzCity ?> <?cs var:Lang.Diner.Restaurant.local_time_after ?> (UTC<?cs var:Page.R.UtcOffset ?>)</p>
 </header>

 <div class="columns">
  <div class="main-col">
   <?cs if:Page.Book.Date ?>
   <section class="book" id="book" aria-labelledby="book-h">
    <h2 id="book-h"><?cs var:Lang.Diner.Restaurant.book ?></h2>
    <form class="picker" method="get" action="/r/<?cs var:Page.R.Slug ?>#book" data-autosubmit>
     <div class="field">
      <label for="date"><?cs var:Lang.Diner.Common.date_label ?></label>
      <input id="date" type="date" name="date" value="<?cs var:Page.Book.Date ?>" min="<?cs var:Page.Book.Today ?>" required<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="date-err"<?cs /if ?>>
      <?cs call:field_error_for("date", Form.Errors.date) ?>
     </div>
     <div class="field">
      <label for="party"><?cs var:Lang.Diner.Common.guests_label ?></label>
      <select id="party" name="party">
       <?cs each:g = Page.Book.Guests ?><option value="<?cs var:name(g) ?>"<?cs if:name(g) == Page.Book.Party ?> selected<?cs /if ?>><?cs var:name(g) ?> <?cs var:g ?></option><?cs /each ?>
      </select>
      <?cs call:field_error(Form.Errors.party) ?>
     </div>
     <div class="field field-submit"><button type="submit"><?cs var:Lang.Diner.Restaurant.show_times ?></button></div>
    </form>

    <?cs if:Page.Book.Error ?>
    <div class="notice notice-error" role="alert">
     <p><?cs if:Page.Book.Wanted ?><strong><?cs var:Page.Book.Wanted ?>:</strong> <?cs /if ?><?cs var:Lang.Error[Page.Book.Error] ?></p>
     <?cs if:subcount(Page.Book.Near) ?><p><?cs var:Lang.Diner.Common.nearby_times ?></p>
     <form method="post" action="/r/<?cs var:Page.R.Slug ?>/hold" class="times">
      <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
      <input type="hidden" name="date" value="<?cs var:Page.Book.Date ?>">
      <input type="hidden" name="party" value="<?cs var:Page.Book.Party ?>">
      <?cs each:t = Page.Book.Near ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
     </form>
     <?cs /if ?>
    </div>
    <?cs /if ?>

    <?cs if:Page.Book.Past ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.past ?></p>
    <?cs elif:Page.Book.Beyond ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.beyond ?></p>
    <?cs elif:Page.Book.Closed ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.closed_on ?> <?cs var:Page.Book.DateText ?>.</p>
    <?cs elif:Page.Book.ClosedWeekday ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.closed_on_weekdays ?> <?cs var:Lang.Weekdays[Page.Book.ClosedWeekday] ?>. <?cs var:Lang.Diner.Restaurant.try_another_date ?></p>
    <?cs elif:subcount(Page.Book.Times) ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.free_on ?> <?cs var:Page.Book.DateText ?> <?cs var:Lang.Diner.Restaurant.for ?> <?cs var:Page.Book.Party ?><?cs if:Page.Book.PartyWord ?> <?cs var:Page.Book.PartyWord ?><?cs /if ?> (<?cs var:Page.R.TzCity ?> <?cs var:Lang.Diner.Restaurant.tz_time_after ?>). <?cs var:Lang.Diner.Restaurant.free_hint ?></p>
    <form method="post" action="/r/<?cs var:Page.R.Slug ?>/hold" class="times">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
     <input type="hidden" name="date" value="<?cs var:Page.Book.Date ?>">
     <input type="hidden" name="party" value="<?cs var:Page.Book.Party ?>">
     <?cs each:t = Page.Book.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button>
     <?cs /each ?>
    </form>
    <?cs else ?>
    <p class="muted"><?cs var:Lang.Diner.Restaurant.none_on ?> <?cs var:Page.Book.DateText ?> <?cs var:Lang.Diner.Restaurant.for ?> <?cs var:Page.Book.Party ?><?cs if:Page.Book.PartyWord ?> <?cs var:Page.Book.PartyWord ?><?cs /if ?>. <?cs var:Lang.Diner.Restaurant.try_another ?><?cs if:Page.R.Phone ?><?cs var:Lang.Diner.Restaurant.or_call ?> <?cs var:Page.R.Phone ?><?cs /if ?>.</p>
    <?cs /if ?>
    <?cs if:!Page.Book.Past && !Page.Book.Beyond && !Page.Book.Closed ?><?cs include:"diner/waitlist_form.cs" ?><?cs /if ?>
   </section>
   <?cs /if ?>

<?cs uvar:Page.Html.info ?>
  </div>

<?cs uvar:Page.Html.side ?>
 </div>
</article>
<?cs /def ?>
