<?cs # change.cs: to the guest when the booking moved (with an updated .ics invitation) ?>
<?cs def:subject() ?>Your booking at <?cs var:Rv.Restaurant ?> is now <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

Your booking has been changed.
<?cs call:changes_text() ?>
This is what stands now:
<?cs call:details_text() ?>
<?cs call:manage_text() ?>
The invitation attached updates the booking in your calendar.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Booking changed</h1>
<p>Hello <?cs var:Rv.Name ?>, your booking has been changed.</p>
<?cs call:changes_html() ?>
<p>This is what stands now:</p>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<p style="color:#6b6259;font-size:14px">The invitation attached updates the booking in your calendar.</p>
<?cs /def ?>
