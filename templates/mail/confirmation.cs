<?cs # confirmation.cs: to the guest when a booking is confirmed (with an .ics invitation) ?>
<?cs def:subject() ?>Your table at <?cs var:Rv.Restaurant ?> on <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?> is booked<?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

Your table is booked.
<?cs if:Mail.Deposit ?>
Deposit received: <?cs var:Mail.Deposit ?>. This is your receipt; the
cancellation terms of the booking page apply, and a no-show keeps it.
<?cs /if ?><?cs call:details_text() ?>
<?cs call:manage_text() ?>
The invitation attached adds the booking to your calendar.
If your plans change, please cancel so someone else can have the table.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">You're booked</h1>
<p>Hello <?cs var:Rv.Name ?>, your table at <strong><?cs var:Rv.Restaurant ?></strong> is waiting for you.</p>
<?cs if:Mail.Deposit ?><p id="deposit-receipt"><strong>Deposit received: <?cs var:Mail.Deposit ?>.</strong> This is your receipt; the cancellation terms of the booking page apply, and a no-show keeps it.</p><?cs /if ?>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<p style="color:#6b6259;font-size:14px">The invitation attached adds the booking to your calendar. If your plans change, please cancel so someone else can have the table.</p>
<?cs /def ?>
