<?cs # restaurant.cs: one restaurant: the picker and its free times, between the parts of
     restaurant_parts.cs (profile, hours in its local time, reviews, address) ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Page.R.Name ?>
<?cs set:Page.Description = Page.R.Cuisine + " restaurant in " + Page.R.City ?>
<?cs set:Page.Script = 1 ?>
<?cs def:content() ?>
<?cs uvar:Page.Html.crumbs ?>
<article class="restaurant">
 <header class="restaurant-head">
<?cs uvar:Page.Html.head ?>
  <p class="status <?cs if:Page.R.OpenNow ?>status-open<?cs else ?>status-closed<?cs /if ?>"><?cs if:Page.R.OpenNow ?>Open now<?cs elif:Page.R.ClosedToday ?>Closed today<?cs else ?>Closed now<?cs /if ?> · <?cs var:Page.R.LocalTime ?> <?cs var:Page.R.TzCity ?> time (UTC<?cs var:Page.R.UtcOffset ?>)</p>
 </header>

 <div class="columns">
  <div class="main-col">
   <?cs if:Page.Book.Date ?>
   <section class="book" id="book" aria-labelledby="book-h">
    <h2 id="book-h">Book a table</h2>
    <form class="picker" method="get" action="/r/<?cs var:Page.R.Slug ?>#book" data-autosubmit>
     <div class="field">
      <label for="date">Date</label>
      <input id="date" type="date" name="date" value="<?cs var:Page.Book.Date ?>" min="<?cs var:Page.Book.Today ?>" required<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="date-err"<?cs /if ?>>
      <?cs call:field_error_for("date", Form.Errors.date) ?>
     </div>
     <div class="field">
      <label for="party">Guests</label>
      <select id="party" name="party">
       <?cs loop:n = 1, Page.R.MaxParty, 1 ?><option value="<?cs var:n ?>"<?cs if:n == Page.Book.Party ?> selected<?cs /if ?>><?cs var:n ?> <?cs if:n == 1 ?>guest<?cs else ?>guests<?cs /if ?></option><?cs /loop ?>
      </select>
      <?cs call:field_error(Form.Errors.party) ?>
     </div>
     <div class="field field-submit"><button type="submit">Show times</button></div>
    </form>

    <?cs if:Page.Book.Error ?>
    <div class="notice notice-error" role="alert">
     <p><?cs if:Page.Book.Wanted ?><strong><?cs var:Page.Book.Wanted ?>:</strong> <?cs /if ?><?cs var:Lang.Error[Page.Book.Error] ?></p>
     <?cs if:subcount(Page.Book.Near) ?><p>Nearby free times:</p>
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
    <p class="muted">That date has passed; choose another.</p>
    <?cs elif:Page.Book.Beyond ?>
    <p class="muted">Bookings do not open that far ahead yet.</p>
    <?cs elif:Page.Book.Closed ?>
    <p class="muted">Closed on <?cs call:hdate(Page.Book.Date) ?>.</p>
    <?cs elif:Page.Book.ClosedWeekday ?>
    <p class="muted">Closed on <?cs var:Lang.Weekdays[Page.Book.ClosedWeekday] ?>. Try another date.</p>
    <?cs elif:subcount(Page.Book.Times) ?>
    <p class="muted">Free times on <?cs call:hdate(Page.Book.Date) ?> for <?cs var:Page.Book.Party ?> (<?cs var:Page.R.TzCity ?> time). Choosing one holds the table for a few minutes while you add your details.</p>
    <form method="post" action="/r/<?cs var:Page.R.Slug ?>/hold" class="times">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
     <input type="hidden" name="date" value="<?cs var:Page.Book.Date ?>">
     <input type="hidden" name="party" value="<?cs var:Page.Book.Party ?>">
     <?cs each:t = Page.Book.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button>
     <?cs /each ?>
    </form>
    <?cs else ?>
    <p class="muted">No free tables on <?cs call:hdate(Page.Book.Date) ?> for <?cs var:Page.Book.Party ?>. Try another date or party size<?cs if:Page.R.Phone ?>, or call <?cs var:Page.R.Phone ?><?cs /if ?>.</p>
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
