<?cs # day.cs: the day sheet: a timeline by table, the list with its actions, walk-ins; prints as the host sheet ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = Page.R.name + " · " + Page.Date ?>
<?cs def:action(b, to, label, cls) ?><form method="post" action="/owner/b/<?cs var:b.code ?>/status" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="to" value="<?cs var:to ?>"><input type="hidden" name="back" value="day"><button type="submit" class="<?cs var:cls ?>"><?cs var:label ?></button></form><?cs /def ?>
<?cs def:content() ?>
<section class="owner day">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("day") ?>
 <div class="day-head">
  <form method="get" action="/owner/r/<?cs var:Page.R.id ?>/day" class="row-form no-print">
   <a class="button" href="/owner/r/<?cs var:Page.R.id ?>/day?date=<?cs var:Page.Prev ?>" rel="prev">← Previous day</a>
   <label class="visually-hidden" for="d-date">Date</label>
   <input id="d-date" type="date" name="date" value="<?cs var:Page.Date ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="d-date-err"<?cs /if ?>>
   <select name="status" aria-label="Status"><option value="">All bookings</option><?cs each:s = Lang.Status ?><?cs if:name(s) != "held" && name(s) != "expired" ?><option value="<?cs name:s ?>"<?cs if:Page.Filter == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /if ?><?cs /each ?></select>
   <button type="submit">Show</button>
   <a class="button" href="/owner/r/<?cs var:Page.R.id ?>/day?date=<?cs var:Page.Next ?>" rel="next">Next day →</a>
   <?cs if:!Page.IsToday ?><a href="/owner/r/<?cs var:Page.R.id ?>/day">Today</a><?cs /if ?>
  </form>
  <?cs call:field_error_for("d-date", Form.Errors.date) ?>
  <h2 class="day-date"><?cs call:hdate(Page.Date) ?> <span class="muted">(<?cs var:Page.R.timezone ?>)</span></h2>
  <p class="totals"><strong><?cs var:Page.Total.Bookings ?></strong> booking<?cs if:Page.Total.Bookings != 1 ?>s<?cs /if ?> · <strong><?cs var:Page.Total.Covers ?></strong> cover<?cs if:Page.Total.Covers != 1 ?>s<?cs /if ?><?cs if:Page.Total.Pending > 0 ?> · <strong><?cs var:Page.Total.Pending ?></strong> waiting for your answer<?cs /if ?></p>
  <?cs if:Query.done ?><p class="notice notice-ok no-print" role="status">Booking <?cs var:Query.done ?> updated. <a href="/owner/b/<?cs var:url_escape(Query.done) ?>">Details</a></p><?cs /if ?>
  <?cs if:Query.undone ?><p class="notice notice-ok no-print" role="status">Booking <?cs var:Query.undone ?> is back as it was.</p><?cs /if ?>
  <?cs if:Query.entered ?><p class="notice notice-ok no-print" role="status">Booking <?cs var:Query.entered ?> entered.</p><?cs /if ?>
  <p class="no-print muted">Print this page for the host sheet: it prints as a plain list.</p>
 </div>

 <figure class="timeline">
  <figcaption class="visually-hidden">Bookings by table and time</figcaption>
  <svg xmlns="http://www.w3.org/2000/svg" width="<?cs var:Page.Timeline.Width ?>" height="<?cs var:Page.Timeline.Height ?>" viewBox="0 0 <?cs var:Page.Timeline.Width ?> <?cs var:Page.Timeline.Height ?>" role="img" aria-label="Timeline of <?cs var:Page.Date ?>">
   <?cs each:h = Page.Timeline.Hours ?><line class="tl-hour" x1="<?cs var:h.X ?>" y1="16" x2="<?cs var:h.X ?>" y2="<?cs var:Page.Timeline.Bottom ?>"/><text class="tl-hour-label" x="<?cs var:h.X ?>" y="12"><?cs var:h.Label ?></text>
   <?cs /each ?>
   <?cs each:t = Page.Timeline.Rows ?><line class="tl-row" x1="0" y1="<?cs var:t.Y ?>" x2="<?cs var:Page.Timeline.Width ?>" y2="<?cs var:t.Y ?>"/><text class="tl-table" x="4" y="<?cs var:t.TextY ?>"><?cs var:t.Label ?> <tspan class="tl-seats"><?cs var:t.Seats ?></tspan></text>
   <?cs /each ?>
   <?cs each:b = Page.Timeline.Blocks ?><a href="/owner/b/<?cs var:b.Code ?>"><rect class="tl-block tl-<?cs var:b.Status ?>" x="<?cs var:b.X ?>" y="<?cs var:b.Y ?>" width="<?cs var:b.W ?>" height="24" rx="4"><title><?cs var:b.Time ?> <?cs var:b.Name ?> (<?cs var:b.Party ?>) <?cs var:Lang.Status[b.Status] ?></title></rect><text class="tl-label" x="<?cs var:b.TextX ?>" y="<?cs var:b.TextY ?>"><?cs var:b.Party ?> · <?cs var:b.Name ?></text></a>
   <?cs /each ?>
  </svg>
 </figure>

 <h2 id="print">Bookings</h2>
 <?cs if:subcount(Page.Bookings) ?>
 <table class="list sheet">
  <thead><tr><th>Time</th><th>Table</th><th>Guests</th><th>Name</th><th>Phone</th><th>Status</th><th>Notes</th><th class="no-print">Actions</th></tr></thead>
  <tbody>
  <?cs each:b = Page.Bookings ?><tr id="b-<?cs var:b.code ?>" class="st-<?cs var:b.status ?>">
   <td><strong><?cs var:b.time ?></strong>–<?cs var:b.end ?></td>
   <td><?cs var:b.table ?></td>
   <td><?cs var:b.party ?></td>
   <td><a href="/owner/b/<?cs var:b.code ?>"><?cs var:b.name ?></a><?cs if:b.source == "walk_in" ?> <span class="muted">walk-in</span><?cs elif:b.source == "owner" ?> <span class="muted">by phone</span><?cs /if ?></td>
   <td><?cs var:b.phone ?></td>
   <td><span class="badge badge-<?cs var:b.status ?>"><?cs var:Lang.Status[b.status] ?></span><?cs if:b.deposit_paid == "t" ?> <span class="deposit-paid">deposit paid</span><?cs /if ?><?cs if:b.answer == "coming" ?> <span class="answer">✓ coming</span><?cs elif:b.answer == "late" ?> <span class="answer answer-late">running late</span><?cs /if ?></td>
   <td><?cs var:b.requests ?></td>
   <td class="no-print actions">
    <?cs if:b.status == "pending" ?><?cs call:action(b, "confirmed", "Accept", "button-primary") ?> <?cs call:action(b, "rejected", "Decline", "button-danger") ?><?cs /if ?>
    <?cs if:b.status == "confirmed" ?><?cs call:action(b, "arrived", "Arrived", "button-primary") ?> <?cs call:action(b, "no_show", "No-show", "") ?><?cs /if ?>
    <?cs if:b.status == "arrived" ?><?cs call:action(b, "seated", "Seated", "button-primary") ?> <?cs call:action(b, "no_show", "No-show", "") ?><?cs /if ?>
    <?cs if:b.status == "seated" ?><?cs call:action(b, "finished", "Finished", "button-primary") ?><?cs /if ?>
    <?cs if:b.status == "pending" || b.status == "confirmed" ?><a href="/owner/b/<?cs var:b.code ?>#cancel">Cancel…</a><?cs /if ?>
    <?cs if:b.undoable == "t" ?><form method="post" action="/owner/b/<?cs var:b.code ?>/undo" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="day"><button type="submit" class="link">Undo</button></form><?cs /if ?>
   </td>
  </tr><?cs /each ?>
  </tbody>
 </table>
 <?cs else ?><p class="muted">No bookings<?cs if:Page.Filter ?> with this status<?cs /if ?> on this day.</p><?cs /if ?>
<?cs include:"owner/day_waitlist.cs" ?>

 <?cs set:WalkinBack = "day" ?><?cs include:"owner/day_walkins.cs" ?>

 <section id="enter" class="panel no-print">
  <h2>Walk-in or phone booking</h2>
  <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs if:Form.Errors.table ?><?cs var:Lang.Error[Form.Errors.table] ?><?cs else ?>Please correct the fields marked below.<?cs /if ?></p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/bookings" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="e-kind">Kind</label><select id="e-kind" name="kind"><option value="walk_in"<?cs if:Query.kind != "phone" ?> selected<?cs /if ?>>Walk-in, seated now</option><option value="phone"<?cs if:Query.kind == "phone" ?> selected<?cs /if ?>>Phone booking</option></select></div>
   <div class="field"><label for="e-date">Date</label><input id="e-date" name="date" type="date" value="<?cs if:Query.date ?><?cs var:Query.date ?><?cs else ?><?cs var:Page.Date ?><?cs /if ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="e-date-err"<?cs /if ?>><?cs call:field_error_for("e-date", Form.Errors.date) ?></div>
   <div class="field"><label for="e-time">Time</label><input id="e-time" name="time" type="time" required value="<?cs var:Query.time ?>"<?cs if:Form.Errors.time ?> aria-invalid="true" aria-describedby="e-time-err"<?cs /if ?>><?cs call:field_error_for("e-time", Form.Errors.time) ?></div>
   <div class="field"><label for="e-party">Guests</label><input id="e-party" name="party" type="number" min="1" max="100" required value="<?cs if:Query.party ?><?cs var:Query.party ?><?cs else ?>2<?cs /if ?>"<?cs if:Form.Errors.party ?> aria-invalid="true" aria-describedby="e-party-err"<?cs /if ?>><?cs call:field_error_for("e-party", Form.Errors.party) ?></div>
   <div class="field"><label for="e-table">Table</label><select id="e-table" name="table"><option value="auto">The smallest free one</option><?cs each:t = Page.Tables ?><option value="<?cs var:t.Id ?>"<?cs if:Query.table == t.Id ?> selected<?cs /if ?>><?cs var:t.Label ?> (<?cs var:t.Seats ?>)</option><?cs /each ?></select></div>
   <div class="field"><label for="e-min">Minutes <span class="muted">(empty: the turn time)</span></label><input id="e-min" name="minutes" type="number" min="15" max="720" step="5" value="<?cs var:Query.minutes ?>"><?cs call:field_error(Form.Errors.minutes) ?></div>
   <div class="field"><label for="e-name">Name</label><input id="e-name" name="name" maxlength="100" value="<?cs var:Query.name ?>"<?cs if:Form.Errors.name ?> aria-invalid="true" aria-describedby="e-name-err"<?cs /if ?>><?cs call:field_error_for("e-name", Form.Errors.name) ?></div>
   <div class="field"><label for="e-phone">Phone</label><input id="e-phone" name="phone" type="tel" maxlength="30" value="<?cs var:Query.phone ?>"<?cs if:Form.Errors.phone ?> aria-invalid="true" aria-describedby="e-phone-err"<?cs /if ?>><?cs call:field_error_for("e-phone", Form.Errors.phone) ?></div>
   <div class="field"><label for="e-email">Email <span class="muted">(a confirmation goes there)</span></label><input id="e-email" name="email" type="email" maxlength="254" value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="e-email-err"<?cs /if ?>><?cs call:field_error_for("e-email", Form.Errors.email) ?></div>
   <div class="field wide"><label for="e-req">Notes</label><input id="e-req" name="requests" maxlength="500" value="<?cs var:Query.requests ?>"></div>
   <div class="field wide"><button type="submit" class="button-primary">Enter the booking</button></div>
  </form>
 </section>
</section>
<?cs /def ?>
