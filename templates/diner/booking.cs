<?cs # booking.cs: the confirmation and manage page of one booking ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Booking " + Page.Rv.Code ?>
<?cs set:Page.Script = 1 ?>
<?cs def:content() ?>
<section class="booking">
 <?cs if:Query.new && Page.Rv.Status == "confirmed" ?>
 <div class="notice notice-ok" role="status"><p class="steps">Step 3 of 3</p><h1>You're booked!</h1><p>We have sent the details to <?cs var:Page.Rv.Email ?>.</p></div>
 <?cs elif:Query.new && Page.Rv.Status == "pending" ?>
 <div class="notice notice-ok" role="status"><p class="steps">Step 3 of 3</p><h1>Request received</h1><p><?cs var:Page.Rv.Restaurant ?> confirms bookings by hand. We will email <?cs var:Page.Rv.Email ?> as soon as they answer.</p></div>
 <?cs elif:Query.changed ?>
 <div class="notice notice-ok" role="status"><p>Your booking has been changed.</p></div>
 <?cs elif:Query.cancelled ?>
 <div class="notice notice-ok" role="status"><p>Your booking has been cancelled.</p></div>
 <?cs elif:Query.answered == "coming" && Page.Rv.Answer == "coming" ?>
 <div class="notice notice-ok" role="status"><p>Thank you! <?cs var:Page.Rv.Restaurant ?> knows you are coming.</p></div>
 <?cs elif:Query.answered == "late" && Page.Rv.Answer == "late" ?>
 <div class="notice notice-ok" role="status"><p>Thank you! <?cs var:Page.Rv.Restaurant ?> knows you are running late.<?cs if:Page.Rv.RPhone ?> If it will be more than a few minutes, please call <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a>.<?cs /if ?></p></div>
 <?cs /if ?>
 <?cs if:Page.Book.Error ?>
 <div class="notice notice-error" role="alert">
  <p><?cs if:Page.Book.Wanted ?><strong><?cs var:Page.Book.Wanted ?>:</strong> <?cs /if ?><?cs var:Lang.Error[Page.Book.Error] ?><?cs if:Page.Book.Error == "too_late" && Page.Rv.RPhone ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></p>
  <?cs if:subcount(Page.Book.Near) ?><p>Nearby free times:</p>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/change" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="date" value="<?cs var:Page.Change.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.Change.Party ?>">
   <?cs each:t = Page.Book.Near ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
  </form>
  <?cs /if ?>
 </div>
 <?cs /if ?>

 <h2 class="booking-title"><?cs var:Page.Rv.Restaurant ?></h2>
 <dl class="facts">
  <dt>Status</dt><dd><span class="badge badge-<?cs var:Page.Rv.Status ?>"><?cs var:Lang.Status[Page.Rv.Status] ?></span></dd>
  <dt>When</dt><dd><?cs call:hdate(Page.Rv.Date) ?> at <?cs var:Page.Rv.Time ?>–<?cs var:Page.Rv.EndTime ?> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span></dd>
  <dt>Guests</dt><dd><?cs var:Page.Rv.Party ?></dd>
  <?cs if:Page.Rv.Answer ?><dt>Your answer</dt><dd><?cs if:Page.Rv.Answer == "late" ?>Running late<?cs else ?>I'm coming<?cs /if ?></dd><?cs /if ?>
  <dt>Name</dt><dd><?cs var:Page.Rv.Name ?></dd>
  <?cs if:Page.Rv.Requests ?><dt>Requests</dt><dd><?cs var:Page.Rv.Requests ?></dd><?cs /if ?>
  <dt>Code</dt><dd><code><?cs var:Page.Rv.Code ?></code></dd>
  <dt>Where</dt><dd><?cs var:Page.Rv.Address ?>, <?cs var:Page.Rv.City ?><?cs if:Page.Rv.RPhone ?> · <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></dd>
 </dl>
 <?cs if:Page.Rv.Status == "finished" ?>
 <p><a class="button button-primary" href="/b/<?cs var:Page.Rv.Code ?>/review?t=<?cs var:Page.Rv.Token ?>">Review your visit</a></p>
 <?cs /if ?>
 <?cs if:Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending" ?>
 <p><a class="button" href="/b/<?cs var:Page.Rv.Code ?>/ics?t=<?cs var:Page.Rv.Token ?>">Add to calendar (.ics)</a></p>
 <p class="muted">Keep this page's address: it is your link to change or cancel. It is also in your email.</p>
 <?cs /if ?>

 <?cs if:(Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending") && Page.Rv.BeforeCutoff ?>
 <section class="change" aria-labelledby="change-h">
  <h2 id="change-h">Change the booking</h2>
  <form method="get" action="/b/<?cs var:Page.Rv.Code ?>" class="picker">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <div class="field"><label for="c-date">Date</label><input id="c-date" type="date" name="date" value="<?cs var:Page.Change.Date ?>" required></div>
   <div class="field"><label for="c-party">Guests</label>
    <select id="c-party" name="party"><?cs loop:n = 1, Page.Change.MaxParty, 1 ?><option value="<?cs var:n ?>"<?cs if:n == Page.Change.Party ?> selected<?cs /if ?>><?cs var:n ?></option><?cs /loop ?></select></div>
   <div class="field field-submit"><button type="submit">Show free times</button></div>
  </form>
  <?cs if:Page.Change.Asked ?>
  <?cs if:subcount(Page.Change.Times) ?>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/change" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="date" value="<?cs var:Page.Change.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.Change.Party ?>">
   <?cs each:t = Page.Change.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button>
   <?cs /each ?>
  </form>
  <?cs else ?><p class="muted">No free times then. Try another date or party size.</p><?cs /if ?>
  <?cs /if ?>
 </section>
 <section class="cancel" id="cancel" aria-labelledby="cancel-h">
  <h2 id="cancel-h">Cancel</h2>
  <?cs if:Page.CancelAsk ?>
  <div class="notice notice-error" role="alert">
  <p><strong>Cancel your booking at <?cs var:Page.Rv.Restaurant ?> on <?cs call:hdate(Page.Rv.Date) ?> at <?cs var:Page.Rv.Time ?>?</strong> The table goes back to other guests; this cannot be undone online.</p>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/cancel" class="actions">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <button type="submit" class="button-danger">Yes, cancel the booking</button>
   <a class="button" href="/b/<?cs var:Page.Rv.Code ?>?t=<?cs var:Page.Rv.Token ?>">No, keep it</a>
  </form>
  </div>
  <?cs else ?>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/cancel#cancel">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="step" value="ask">
   <button type="submit" class="button-danger">Cancel this booking…</button>
  </form>
  <?cs /if ?>
 </section>
 <?cs elif:Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending" ?>
 <p class="notice">It is too late to change or cancel online. Please call the restaurant<?cs if:Page.Rv.RPhone ?> on <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?>.</p>
 <?cs /if ?>
 <p><a href="/r/<?cs var:Page.Rv.Slug ?>">About <?cs var:Page.Rv.Restaurant ?></a></p>
</section>
<?cs /def ?>
