<?cs # booking.cs: one booking for its restaurant: details, actions, history, mails ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Owner.Booking.title + " " + Page.Rv.Code ?>
<?cs def:content() ?>
<section class="owner booking">
 <p><a href="/owner/r/<?cs var:Page.Rv.RestaurantId ?>/day?date=<?cs var:Page.Rv.Date ?>">← <?cs var:Page.Rv.Restaurant ?>, <?cs call:hdate(Page.Rv.Date) ?></a></p>
 <h1><?cs var:Page.Rv.Name ?> <span class="badge badge-<?cs var:Page.Rv.Status ?>"><?cs var:Lang.Status[Page.Rv.Status] ?></span></h1>
 <?cs if:Query.done ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Booking.updated ?></p><?cs /if ?>
 <?cs if:Query.undone ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Booking.undone ?></p><?cs /if ?>
 <?cs if:Page.Error ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Page.Error] ?></p><?cs /if ?>
 <dl class="facts">
  <dt><?cs var:Lang.Owner.Booking.when ?></dt><dd><?cs call:hdate(Page.Rv.Date) ?>, <?cs var:Page.Rv.Time ?>–<?cs var:Page.Rv.EndTime ?> <span class="muted">(<?cs var:Lang.Owner.Booking.utc ?><?cs var:Page.Rv.UtcOffset ?>)</span></dd>
  <dt><?cs var:Lang.Owner.Booking.guests ?></dt><dd><?cs var:Page.Rv.Party ?></dd>
  <dt><?cs var:Lang.Owner.Booking.table ?></dt><dd><?cs var:Page.Rv.Table ?></dd>
  <dt><?cs var:Lang.Owner.Booking.phone ?></dt><dd><?cs var:Page.Rv.Phone ?></dd>
  <dt><?cs var:Lang.Owner.Booking.email ?></dt><dd><?cs var:Page.Rv.Email ?></dd>
  <?cs if:Page.Rv.Requests ?><dt><?cs var:Lang.Owner.Booking.requests ?></dt><dd><?cs var:Page.Rv.Requests ?></dd><?cs /if ?>
  <?cs if:Page.Rv.Answer ?><dt><?cs var:Lang.Owner.Booking.answer ?></dt><dd><?cs if:Page.Rv.Answer == "late" ?><?cs var:Lang.Owner.Booking.late ?><?cs else ?><?cs var:Lang.Owner.Booking.coming ?><?cs /if ?></dd><?cs /if ?>
  <dt><?cs var:Lang.Owner.Booking.source ?></dt><dd><?cs if:Lang.Source[Page.Rv.Source] ?><?cs var:Lang.Source[Page.Rv.Source] ?><?cs else ?><?cs var:Page.Rv.Source ?><?cs /if ?></dd>
  <dt><?cs var:Lang.Owner.Booking.code ?></dt><dd><code><?cs var:Page.Rv.Code ?></code></dd>
 </dl>
 <?cs if:subcount(Page.Actions) || Page.Undoable ?>
 <div class="actions">
  <?cs each:a = Page.Actions ?><?cs if:a != "cancelled" && a != "rejected" ?>
  <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/status" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="to" value="<?cs var:a ?>"><button type="submit"><?cs var:Lang.Status[a] ?></button></form>
  <?cs /if ?><?cs /each ?>
  <?cs if:Page.Undoable ?><form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/undo" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link"><?cs var:Lang.Owner.Booking.undo ?></button></form><?cs /if ?>
 </div>
 <?cs each:a = Page.Actions ?><?cs if:a == "cancelled" || a == "rejected" ?>
 <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/status" class="stack narrow" id="<?cs if:a == "cancelled" ?>cancel<?cs else ?>reject<?cs /if ?>">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="to" value="<?cs var:a ?>">
  <div class="field"><label for="why-<?cs var:a ?>"><?cs var:Lang.Owner.Booking.reason ?> <span class="muted">(<?cs var:Lang.Owner.Booking.optional ?>)</span></label><input id="why-<?cs var:a ?>" name="reason" maxlength="300"<?cs if:Form.Errors.reason ?> aria-invalid="true" aria-describedby="why-<?cs var:a ?>-err"<?cs /if ?>><?cs call:field_error_for("why-" + a, Form.Errors.reason) ?></div>
  <button type="submit" class="button-danger"><?cs if:a == "cancelled" ?><?cs var:Lang.Owner.Booking.cancel ?><?cs else ?><?cs var:Lang.Owner.Booking.decline ?><?cs /if ?></button>
 </form>
 <?cs /if ?><?cs /each ?>
 <?cs /if ?>
 <?cs if:Page.Changeable ?>
 <details class="change"<?cs if:Page.ChangeOpen ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Owner.Booking.Change.title ?></summary>
  <form method="post" action="/owner/b/<?cs var:Page.Rv.Code ?>/change" class="stack narrow">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="ch-date"><?cs var:Lang.Owner.Booking.Change.date ?></label><input id="ch-date" name="date" type="date" required value="<?cs var:Page.Rv.Date ?>"<?cs if:Form.Errors.date ?> aria-invalid="true" aria-describedby="ch-date-err"<?cs /if ?>><?cs call:field_error_for("ch-date", Form.Errors.date) ?></div>
   <div class="field"><label for="ch-time"><?cs var:Lang.Owner.Booking.Change.time ?></label><input id="ch-time" name="time" type="time" required value="<?cs var:Page.Rv.Time ?>"<?cs if:Form.Errors.time ?> aria-invalid="true" aria-describedby="ch-time-err"<?cs /if ?>><?cs call:field_error_for("ch-time", Form.Errors.time) ?></div>
   <div class="field"><label for="ch-party"><?cs var:Lang.Owner.Booking.Change.guests ?></label><input id="ch-party" name="party" type="number" min="1" max="100" required value="<?cs var:Page.Rv.Party ?>"<?cs if:Form.Errors.party ?> aria-invalid="true" aria-describedby="ch-party-err"<?cs /if ?>><?cs call:field_error_for("ch-party", Form.Errors.party) ?></div>
   <div class="field"><label for="ch-table"><?cs var:Lang.Owner.Booking.Change.table ?></label><select id="ch-table" name="table"<?cs if:Form.Errors.table ?> aria-invalid="true" aria-describedby="ch-table-err"<?cs /if ?>>
    <option value="auto"><?cs var:Lang.Owner.Booking.Change.table_auto ?></option>
    <?cs each:t = Page.Tables ?><option value="<?cs var:t.Id ?>"><?cs var:t.Label ?> (<?cs var:t.Seats ?>)</option><?cs /each ?>
   </select><?cs call:field_error_for("ch-table", Form.Errors.table) ?></div>
   <button type="submit"><?cs var:Lang.Owner.Booking.Change.submit ?></button>
  </form>
 </details>
 <?cs /if ?>

 <?cs if:Page.Payment.Status ?>
 <h2><?cs var:Lang.Owner.Booking.Deposit.title ?></h2>
 <p id="payment"><?cs var:Lang.Owner.Booking.Deposit.deposit ?> <strong><?cs var:Page.Payment.Amount ?></strong>: <span class="badge" id="payment-status"><?cs var:Lang.PaymentStatus[Page.Payment.Status] ?></span> · <?cs var:Lang.Owner.Booking.Deposit.refunded ?> <?cs var:Page.Payment.Refunded ?></p>
 <p class="muted"><?cs var:Lang.Owner.Booking.Deposit.session ?> <code><?cs var:Page.Payment.Session ?></code><?cs if:Page.Payment.Intent ?>, <?cs var:Lang.Owner.Booking.Deposit.payment ?> <code><?cs var:Page.Payment.Intent ?></code><?cs /if ?></p>
 <table class="list" id="ledger">
  <thead><tr><th><?cs var:Lang.Owner.Booking.Deposit.when ?></th><th><?cs var:Lang.Owner.Booking.Deposit.entry ?></th><th><?cs var:Lang.Owner.Booking.Deposit.amount ?></th><th><?cs var:Lang.Owner.Booking.Deposit.gateway_id ?></th><th><?cs var:Lang.Owner.Booking.Deposit.note ?></th></tr></thead>
  <tbody><?cs each:e = Page.Ledger ?><tr><td><?cs var:e.At ?></td><td><?cs var:Lang.PaymentEntry[e.Kind] ?></td><td><?cs var:e.Amount ?></td><td><code><?cs var:e.GatewayId ?></code></td><td><?cs var:e.Note ?></td></tr><?cs /each ?></tbody>
 </table>
 <?cs /if ?>

 <h2><?cs var:Lang.Owner.Booking.History.title ?></h2>
 <table class="list">
  <thead><tr><th><?cs var:Lang.Owner.Booking.History.when ?></th><th><?cs var:Lang.Owner.Booking.History.who ?></th><th><?cs var:Lang.Owner.Booking.History.change ?></th><th><?cs var:Lang.Owner.Booking.History.note ?></th></tr></thead>
  <tbody><?cs each:e = Page.Events ?><tr><td><?cs var:e.at ?></td><td><?cs if:Lang.Actor[e.actor] ?><?cs var:Lang.Actor[e.actor] ?><?cs else ?><?cs var:e.actor ?><?cs /if ?></td><td><?cs if:e.from && e.from == e.to ?><?cs var:Lang.Owner.Booking.History.still ?> <?cs var:Lang.Status[e.to] ?><?cs elif:e.from ?><?cs var:Lang.Status[e.from] ?> → <?cs var:Lang.Status[e.to] ?><?cs else ?><?cs var:Lang.Status[e.to] ?><?cs /if ?></td><td><?cs var:e.note ?></td></tr><?cs /each ?></tbody>
 </table>

 <h2><?cs var:Lang.Owner.Booking.Mails.title ?></h2>
 <?cs if:subcount(Page.Mails) ?><table class="list">
  <thead><tr><th><?cs var:Lang.Owner.Booking.Mails.mail ?></th><th><?cs var:Lang.Owner.Booking.Mails.to ?></th><th><?cs var:Lang.Owner.Booking.Mails.queued ?></th><th><?cs var:Lang.Owner.Booking.Mails.sent ?></th><th><?cs var:Lang.Owner.Booking.Mails.state ?></th></tr></thead>
  <tbody><?cs each:m = Page.Mails ?><tr><td><?cs if:Lang.MailKind[m.kind] ?><?cs var:Lang.MailKind[m.kind] ?><?cs else ?><?cs var:m.kind ?><?cs /if ?></td><td><?cs var:m.to ?></td><td><?cs var:m.queued ?></td><td><?cs var:m.sent ?></td><td><span class="badge badge-mail-<?cs var:m.status ?>"><?cs if:Lang.MailStatus[m.status] ?><?cs var:Lang.MailStatus[m.status] ?><?cs else ?><?cs var:m.status ?><?cs /if ?></span><?cs if:m.attempts > 1 ?> <span class="muted">(<?cs var:m.attempts ?> <?cs call:plural(m.attempts, Lang.Owner.Common.attempts) ?>)</span><?cs /if ?><?cs if:m.error && m.status != "sent" ?><br><span class="muted"><?cs var:m.error ?></span><?cs /if ?></td></tr><?cs /each ?></tbody>
 </table><?cs else ?><p class="muted"><?cs var:Lang.Owner.Booking.Mails.none ?></p><?cs /if ?>
</section>
<?cs /def ?>
