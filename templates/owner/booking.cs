<?cs # booking.cs: one booking for its restaurant: details, actions, history, mails ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Booking " + Page.Rv.Code ?>
<?cs def:content() ?>
<section class="owner booking">
 <p><a href="/owner/r/<?cs var:Page.Rv.RestaurantId ?>/day?date=<?cs var:Page.Rv.Date ?>">← <?cs var:Page.Rv.Restaurant ?>, <?cs call:hdate(Page.Rv.Date) ?></a></p>
 <h1><?cs var:Page.Rv.Name ?> <span class="badge badge-<?cs var:Page.Rv.Status ?>"><?cs var:Lang.Status[Page.Rv.Status] ?></span></h1>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status">Updated.</p><?cs /if ?>
 <?cs if:Query.undone ?><p class="notice notice-ok" role="status">Undone.</p><?cs /if ?>
 <?cs if:Page.Error ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Page.Error] ?></p><?cs /if ?>
 <dl class="facts">
  <dt>When</dt><dd><?cs call:hdate(Page.Rv.Date) ?>, <?cs var:Page.Rv.Time ?>–<?cs var:Page.Rv.EndTime ?> <span class="muted">(UTC<?cs var:Page.Rv.UtcOffset ?>)</span></dd>
  <dt>Guests</dt><dd><?cs var:Page.Rv.Party ?></dd>
  <dt>Table</dt><dd><?cs var:Page.Rv.Table ?></dd>
  <dt>Phone</dt><dd><?cs var:Page.Rv.Phone ?></dd>
  <dt>Email</dt><dd><?cs var:Page.Rv.Email ?></dd>
  <?cs if:Page.Rv.Requests ?><dt>Requests</dt><dd><?cs var:Page.Rv.Requests ?></dd><?cs /if ?>
  <?cs if:Page.Rv.Answer ?><dt>Reminder answer</dt><dd><?cs if:Page.Rv.Answer == "late" ?>Running late<?cs else ?>Coming<?cs /if ?></dd><?cs /if ?>
  <dt>Source</dt><dd><?cs if:Lang.Source[Page.Rv.Source] ?><?cs var:Lang.Source[Page.Rv.Source] ?><?cs else ?><?cs var:Page.Rv.Source ?><?cs /if ?></dd>
  <dt>Code</dt><dd><code><?cs var:Page.Rv.Code ?></code></dd>
 </dl>
 <?cs if:subcount(Page.Actions) || Page.Undoable ?>
 <div class="actions">
  <?cs each:a = Page.Actions ?><?cs if:a != "cancelled" && a != "rejected" ?>
  <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/status" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="to" value="<?cs var:a ?>"><button type="submit"><?cs var:Lang.Status[a] ?></button></form>
  <?cs /if ?><?cs /each ?>
  <?cs if:Page.Undoable ?><form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/undo" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link">Undo the last change</button></form><?cs /if ?>
 </div>
 <?cs each:a = Page.Actions ?><?cs if:a == "cancelled" || a == "rejected" ?>
 <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/status" class="stack narrow" id="<?cs if:a == "cancelled" ?>cancel<?cs else ?>reject<?cs /if ?>">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="to" value="<?cs var:a ?>">
  <div class="field"><label for="why-<?cs var:a ?>">Note for the guest <span class="muted">(optional)</span></label><input id="why-<?cs var:a ?>" name="reason" maxlength="300"<?cs if:Form.Errors.reason ?> aria-invalid="true" aria-describedby="why-<?cs var:a ?>-err"<?cs /if ?>><?cs call:field_error_for("why-" + a, Form.Errors.reason) ?></div>
  <button type="submit" class="button-danger"><?cs if:a == "cancelled" ?>Cancel the booking<?cs else ?>Decline the request<?cs /if ?></button>
 </form>
 <?cs /if ?><?cs /each ?>
 <?cs /if ?>
 <?cs if:Page.Changeable ?>
 <details class="change"<?cs if:Page.ChangeOpen ?> open<?cs /if ?>>
  <summary>Change the time, party or table</summary>
  <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/change" class="stack narrow">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="ch-date">Date</label><input id="ch-date" name="date" type="date" required value="<?cs var:Page.Rv.Date ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="ch-date-err"<?cs /if ?>><?cs call:field_error_for("ch-date", Form.Errors.date) ?></div>
   <div class="field"><label for="ch-time">Time</label><input id="ch-time" name="time" type="time" required value="<?cs var:Page.Rv.Time ?>"<?cs if:Form.Errors.time ?> aria-invalid="true" aria-describedby="ch-time-err"<?cs /if ?>><?cs call:field_error_for("ch-time", Form.Errors.time) ?></div>
   <div class="field"><label for="ch-party">Guests</label><input id="ch-party" name="party" type="number" min="1" max="100" required value="<?cs var:Page.Rv.Party ?>"<?cs if:Form.Errors.party ?> aria-invalid="true" aria-describedby="ch-party-err"<?cs /if ?>><?cs call:field_error_for("ch-party", Form.Errors.party) ?></div>
   <div class="field"><label for="ch-table">Table</label><select id="ch-table" name="table"<?cs if:Form.Errors.table ?> aria-invalid="true" aria-describedby="ch-table-err"<?cs /if ?>>
    <option value="auto">Keep it, or the smallest free that fits</option>
    <?cs each:t = Page.Tables ?><option value="<?cs var:t.Id ?>"><?cs var:t.Label ?> (<?cs var:t.Seats ?>)</option><?cs /each ?>
   </select><?cs call:field_error_for("ch-table", Form.Errors.table) ?></div>
   <button type="submit">Change</button>
  </form>
 </details>
 <?cs /if ?>

 <?cs if:Page.Payment.Status ?>
 <h2>Deposit</h2>
 <p id="payment">Deposit <strong><?cs var:Page.Payment.Amount ?></strong>: <span class="badge" id="payment-status"><?cs var:Lang.PaymentStatus[Page.Payment.Status] ?></span> · refunded <?cs var:Page.Payment.Refunded ?></p>
 <p class="muted">Checkout session <code><?cs var:Page.Payment.Session ?></code><?cs if:Page.Payment.Intent ?>, payment <code><?cs var:Page.Payment.Intent ?></code><?cs /if ?></p>
 <table class="list" id="ledger">
  <thead><tr><th>When</th><th>Entry</th><th>Amount</th><th>Gateway id</th><th>Note</th></tr></thead>
  <tbody><?cs each:e = Page.Ledger ?><tr><td><?cs var:e.At ?></td><td><?cs var:Lang.PaymentEntry[e.Kind] ?></td><td><?cs var:e.Amount ?></td><td><code><?cs var:e.GatewayId ?></code></td><td><?cs var:e.Note ?></td></tr><?cs /each ?></tbody>
 </table>
 <?cs /if ?>

 <h2>History</h2>
 <table class="list">
  <thead><tr><th>When</th><th>Who</th><th>Change</th><th>Note</th></tr></thead>
  <tbody><?cs each:e = Page.Events ?><tr><td><?cs var:e.at ?></td><td><?cs if:Lang.Actor[e.actor] ?><?cs var:Lang.Actor[e.actor] ?><?cs else ?><?cs var:e.actor ?><?cs /if ?></td><td><?cs if:e.from && e.from == e.to ?>Changed, still <?cs var:Lang.Status[e.to] ?><?cs elif:e.from ?><?cs var:Lang.Status[e.from] ?> → <?cs var:Lang.Status[e.to] ?><?cs else ?><?cs var:Lang.Status[e.to] ?><?cs /if ?></td><td><?cs var:e.note ?></td></tr><?cs /each ?></tbody>
 </table>

 <h2>Mails</h2>
 <?cs if:subcount(Page.Mails) ?><table class="list">
  <thead><tr><th>Mail</th><th>To</th><th>Queued</th><th>Sent</th><th>State</th></tr></thead>
  <tbody><?cs each:m = Page.Mails ?><tr><td><?cs if:Lang.MailKind[m.kind] ?><?cs var:Lang.MailKind[m.kind] ?><?cs else ?><?cs var:m.kind ?><?cs /if ?></td><td><?cs var:m.to ?></td><td><?cs var:m.queued ?></td><td><?cs var:m.sent ?></td><td><span class="badge badge-mail-<?cs var:m.status ?>"><?cs if:Lang.MailStatus[m.status] ?><?cs var:Lang.MailStatus[m.status] ?><?cs else ?><?cs var:m.status ?><?cs /if ?></span><?cs if:m.attempts > 1 ?> <span class="muted">(<?cs var:m.attempts ?> attempts)</span><?cs /if ?><?cs if:m.error && m.status != "sent" ?><br><span class="muted"><?cs var:m.error ?></span><?cs /if ?></td></tr><?cs /each ?></tbody>
 </table><?cs else ?><p class="muted">No mails for this booking.</p><?cs /if ?>
</section>
<?cs /def ?>
