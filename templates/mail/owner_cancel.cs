<?cs # owner_cancel.cs: to the restaurant when a booking is cancelled ?>
<?cs def:subject() ?>Cancelled: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> on <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>A booking at <?cs var:Rv.Restaurant ?> has been cancelled; the table is free again.
<?cs call:owner_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">Booking cancelled</h1>
<p>A booking at <strong><?cs var:Rv.Restaurant ?></strong> has been cancelled; the table is free again.</p>
<?cs call:owner_html() ?>
<?cs /def ?>
