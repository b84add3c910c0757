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
   <a class="button" href="/owner/r/<?cs var:Page.R.id ?>/day?date=<?cs var:Page.Prev ?>" rel="prev">← <?cs var:Lang.Owner.Day.prev ?></a>
   <label class="visually-hidden" for="d-date"><?cs var:Lang.Owner.Day.date ?></label>
   <input id="d-date" type="date" name="date" value="<?cs var:Page.Date ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="d-date-err"<?cs /if ?>>
   <select name="status" aria-label="<?cs var:Lang.Owner.Day.status ?>"><option value=""><?cs var:Lang.Owner.Day.all ?></option><?cs each:s = Lang.Status ?><?cs if:name(s) != "held" && name(s) != "expired" ?><option value="<?cs name:s ?>"<?cs if:Page.Filter == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /if ?><?cs /each ?></select>
   <button type="submit"><?cs var:Lang.Owner.Day.show ?></button>
   <a class="button" href="/owner/r/<?cs var:Page.R.id ?>/day?date=<?cs var:Page.Next ?>" rel="next"><?cs var:Lang.Owner.Day.next ?> →</a>
   <?cs if:!Page.IsToday ?><a href="/owner/r/<?cs var:Page.R.id ?>/day"><?cs var:Lang.Owner.Day.today ?></a><?cs /if ?>
  </form>
  <?cs call:field_error_for("d-date", Form.Errors.date) ?>
  <h2 class="day-date"><?cs call:hdate(Page.Date) ?> <span class="muted">(<?cs var:Page.R.timezone ?>)</span></h2>
  <p class="totals"><strong><?cs var:Page.Total.Bookings ?></strong> <?cs call:plural(Page.Total.Bookings, Lang.Owner.Common.bookings) ?> · <strong><?cs var:Page.Total.Covers ?></strong> <?cs call:plural(Page.Total.Covers, Lang.Owner.Common.covers) ?><?cs if:Page.Total.Pending > 0 ?> · <strong><?cs var:Page.Total.Pending ?></strong> <?cs call:plural(Page.Total.Pending, Lang.Owner.Day.pending) ?><?cs /if ?></p>
  <?cs if:Query.done ?><p class="notice notice-ok no-print" role="status"><?cs var:Lang.Owner.Day.done_before ?> <?cs var:Query.done ?> <?cs var:Lang.Owner.Day.done_after ?> <a href="/owner/b/<?cs var:url_escape(Query.done) ?>"><?cs var:Lang.Owner.Day.details ?></a></p><?cs /if ?>
  <?cs if:Query.undone ?><p class="notice notice-ok no-print" role="status"><?cs var:Lang.Owner.Day.undone_before ?> <?cs var:Query.undone ?> <?cs var:Lang.Owner.Day.undone_after ?></p><?cs /if ?>
  <?cs if:Query.entered ?><p class="notice notice-ok no-print" role="status"><?cs var:Lang.Owner.Day.entered_before ?> <?cs var:Query.entered ?> <?cs var:Lang.Owner.Day.entered_after ?></p><?cs /if ?>
  <p class="no-print muted"><?cs var:Lang.Owner.Day.print ?></p>
 </div>

 <figure class="timeline">
  <figcaption class="visually-hidden"><?cs var:Lang.Owner.Day.timeline ?></figcaption>
  <svg xmlns="http://www.w3.org/2000/svg" width="<?cs var:Page.Timeline.Width ?>" height="<?cs var:Page.Timeline.Height ?>" viewBox="0 0 <?cs var:Page.Timeline.Width ?> <?cs var:Page.Timeline.Height ?>" role="img" aria-label="<?cs var:Lang.Owner.Day.timeline_of ?> <?cs var:Page.Date ?>">
   <?cs each:h = Page.Timeline.Hours ?><line class="tl-hour" x1="<?cs var:h.X ?>" y1="16" x2="<?cs var:h.X ?>" y2="<?cs var:Page.Timeline.Bottom ?>"/><text class="tl-hour-label" x="<?cs var:h.X ?>" y="12"><?cs var:h.Label ?></text>
   <?cs /each ?>
   <?cs each:t = Page.Timeline.Rows ?><line class="tl-row" x1="0" y1="<?cs var:t.Y ?>" x2="<?cs var:Page.Timeline.Width ?>" y2="<?cs var:t.Y ?>"/><text class="tl-table" x="4" y="<?cs var:t.TextY ?>"><?cs var:t.Label ?> <tspan class="tl-seats"><?cs var:t.Seats ?></tspan></text>
   <?cs /each ?>
   <?cs each:b = Page.Timeline.Blocks ?><a href="/owner/b/<?cs var:b.Code ?>"><rect class="tl-block tl-<?cs var:b.Status ?>" x="<?cs var:b.X ?>" y="<?cs var:b.Y ?>" width="<?cs var:b.W ?>" height="24" rx="4"><title><?cs var:b.Time ?> <?cs var:b.Name ?> (<?cs var:b.Party ?>) <?cs var:Lang.Status[b.Status] ?></title></rect><text class="tl-label" x="<?cs var:b.TextX ?>" y="<?cs var:b.TextY ?>"><?cs var:b.Party ?> · <?cs var:b.Name ?></text></a>
   <?cs /each ?>
  </svg>
 </figure>

 <h2 id="print"><?cs var:Lang.Owner.Day.bookings ?></h2>
 <?cs if:subcount(Page.Bookings) ?>
 <table class="list sheet">
  <thead><tr><th><?cs var:Lang.Owner.Day.Col.time ?></th><th><?cs var:Lang.Owner.Day.Col.table ?></th><th><?cs var:Lang.Owner.Day.Col.guests ?></th><th><?cs var:Lang.Owner.Day.Col.name ?></th><th><?cs var:Lang.Owner.Day.Col.phone ?></th><th><?cs var:Lang.Owner.Day.Col.status ?></th><th><?cs var:Lang.Owner.Day.Col.notes ?></th><th class="no-print"><?cs var:Lang.Owner.Day.Col.actions ?></th></tr></thead>
  <tbody>
  <?cs each:b = Page.Bookings ?><tr id="b-<?cs var:b.code ?>" class="st-<?cs var:b.status ?>">
   <td><strong><?cs var:b.time ?></strong>–<?cs var:b.end ?></td>
   <td><?cs var:b.table ?></td>
   <td><?cs var:b.party ?></td>
   <td><a href="/owner/b/<?cs var:b.code ?>"><?cs var:b.name ?></a><?cs if:b.source == "walk_in" ?> <span class="muted"><?cs var:Lang.Owner.Day.Source.walk_in ?></span><?cs elif:b.source == "owner" ?> <span class="muted"><?cs var:Lang.Owner.Day.Source.owner ?></span><?cs /if ?></td>
   <td><?cs var:b.phone ?></td>
   <td><span class="badge badge-<?cs var:b.status ?>"><?cs var:Lang.Status[b.status] ?></span><?cs if:b.deposit_paid == "t" ?> <span class="deposit-paid"><?cs var:Lang.Owner.Day.deposit_paid ?></span><?cs /if ?><?cs if:b.answer == "coming" ?> <span class="answer">✓ <?cs var:Lang.Owner.Day.coming ?></span><?cs elif:b.answer == "late" ?> <span class="answer answer-late"><?cs var:Lang.Owner.Day.late ?></span><?cs /if ?></td>
   <td><?cs var:b.requests ?></td>
   <td class="no-print actions">
    <?cs if:b.status == "pending" ?><?cs call:action(b, "confirmed", Lang.Owner.Day.Action.accept, "button-primary") ?> <?cs call:action(b, "rejected", Lang.Owner.Day.Action.decline, "button-danger") ?><?cs /if ?>
    <?cs if:b.status == "confirmed" ?><?cs call:action(b, "arrived", Lang.Owner.Day.Action.arrived, "button-primary") ?> <?cs call:action(b, "no_show", Lang.Owner.Day.Action.no_show, "") ?><?cs /if ?>
    <?cs if:b.status == "arrived" ?><?cs call:action(b, "seated", Lang.Owner.Day.Action.seated, "button-primary") ?> <?cs call:action(b, "no_show", Lang.Owner.Day.Action.no_show, "") ?><?cs /if ?>
    <?cs if:b.status == "seated" ?><?cs call:action(b, "finished", Lang.Owner.Day.Action.finished, "button-primary") ?><?cs /if ?>
    <?cs if:b.status == "pending" || b.status == "confirmed" ?><a href="/owner/b/<?cs var:b.code ?>#cancel"><?cs var:Lang.Owner.Day.Action.cancel ?>…</a><?cs /if ?>
    <?cs if:b.undoable == "t" ?><form method="post" action="/owner/b/<?cs var:b.code ?>/undo" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="day"><button type="submit" class="link"><?cs var:Lang.Owner.Day.Action.undo ?></button></form><?cs /if ?>
   </td>
  </tr><?cs /each ?>
  </tbody>
 </table>
 <?cs else ?><p class="muted"><?cs if:Page.Filter ?><?cs var:Lang.Owner.Day.none_status ?><?cs else ?><?cs var:Lang.Owner.Day.none ?><?cs /if ?></p><?cs /if ?>
<?cs include:"owner/day_waitlist.cs" ?>

 <?cs set:WalkinBack = "day" ?><?cs include:"owner/day_walkins.cs" ?>

 <section id="enter" class="panel no-print">
  <h2><?cs var:Lang.Owner.Day.Enter.title ?></h2>
  <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs if:Form.Errors.table ?><?cs var:Lang.Error[Form.Errors.table] ?><?cs else ?><?cs var:Lang.Owner.Common.fix_fields ?><?cs /if ?></p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/bookings" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="e-kind"><?cs var:Lang.Owner.Day.Enter.kind ?></label><select id="e-kind" name="kind"><option value="walk_in"<?cs if:Query.kind != "phone" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Day.Enter.walk_in ?></option><option value="phone"<?cs if:Query.kind == "phone" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Day.Enter.phone_booking ?></option></select></div>
   <div class="field"><label for="e-date"><?cs var:Lang.Owner.Day.Enter.date ?></label><input id="e-date" name="date" type="date" value="<?cs if:Query.date ?><?cs var:Query.date ?><?cs else ?><?cs var:Page.Date ?><?cs /if ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="e-date-err"<?cs /if ?>><?cs call:field_error_for("e-date", Form.Errors.date) ?></div>
   <div class="field"><label for="e-time"><?cs var:Lang.Owner.Day.Enter.time ?></label><input id="e-time" name="time" type="time" required value="<?cs var:Query.time ?>"<?cs if:Form.Errors.time ?> aria-invalid="true" aria-describedby="e-time-err"<?cs /if ?>><?cs call:field_error_for("e-time", Form.Errors.time) ?></div>
   <div class="field"><label for="e-party"><?cs var:Lang.Owner.Day.Enter.guests ?></label><input id="e-party" name="party" type="number" min="1" max="100" required value="<?cs if:Query.party ?><?cs var:Query.party ?><?cs else ?>2<?cs /if ?>"<?cs if:Form.Errors.party ?> aria-invalid="true" aria-describedby="e-party-err"<?cs /if ?>><?cs call:field_error_for("e-party", Form.Errors.party) ?></div>
   <div class="field"><label for="e-table"><?cs var:Lang.Owner.Day.Enter.table ?></label><select id="e-table" name="table"><option value="auto"><?cs var:Lang.Owner.Day.Enter.table_auto ?></option><?cs each:t = Page.Tables ?><option value="<?cs var:t.Id ?>"<?cs if:Query.table == t.Id ?> selected<?cs /if ?>><?cs var:t.Label ?> (<?cs var:t.Seats ?>)</option><?cs /each ?></select></div>
   <div class="field"><label for="e-min"><?cs var:Lang.Owner.Day.Enter.minutes ?> <span class="muted">(<?cs var:Lang.Owner.Day.Enter.minutes_hint ?>)</span></label><input id="e-min" name="minutes" type="number" min="15" max="720" step="5" value="<?cs var:Query.minutes ?>"><?cs call:field_error(Form.Errors.minutes) ?></div>
   <div class="field"><label for="e-name"><?cs var:Lang.Owner.Day.Enter.name ?></label><input id="e-name" name="name" maxlength="100" value="<?cs var:Query.name ?>"<?cs if:Form.Errors.name ?> aria-invalid="true" aria-describedby="e-name-err"<?cs /if ?>><?cs call:field_error_for("e-name", Form.Errors.name) ?></div>
   <div class="field"><label for="e-phone"><?cs var:Lang.Owner.Day.Enter.phone ?></label><input id="e-phone" name="phone" type="tel" maxlength="30" value="<?cs var:Query.phone ?>"<?cs if:Form.Errors.phone ?> aria-invalid="true" aria-describedby="e-phone-err"<?cs /if ?>><?cs call:field_error_for("e-phone", Form.Errors.phone) ?></div>
   <div class="field"><label for="e-email"><?cs var:Lang.Owner.Day.Enter.email ?> <span class="muted">(<?cs var:Lang.Owner.Day.Enter.email_hint ?>)</span></label><input id="e-email" name="email" type="email" maxlength="254" value="<?cs var:Query.email ?>"<?cs if:Form.Errors.email ?> aria-invalid="true" aria-describedby="e-email-err"<?cs /if ?>><?cs call:field_error_for("e-email", Form.Errors.email) ?></div>
   <div class="field wide"><label for="e-req"><?cs var:Lang.Owner.Day.Enter.notes ?></label><input id="e-req" name="requests" maxlength="500" value="<?cs var:Query.requests ?>"></div>
   <div class="field wide"><button type="submit" class="button-primary"><?cs var:Lang.Owner.Day.Enter.submit ?></button></div>
  </form>
 </section>
</section>
<?cs /def ?>
