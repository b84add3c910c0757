<?cs # owner_request.cs: to the restaurant for a booking that waits for its answer ?>
<?cs def:subject() ?>Booking request: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> on <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>A booking request at <?cs var:Rv.Restaurant ?> waits for your answer.
The table is kept until you accept or decline it:
<?cs call:owner_text() ?>
Reply to this mail to write to the guest.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">Booking request</h1>
<p>A booking request at <strong><?cs var:Rv.Restaurant ?></strong> waits for your answer. The table is kept until you accept or decline it:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px">Reply to this mail to write to the guest.</p>
<?cs /def ?>
