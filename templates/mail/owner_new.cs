<?cs # owner_new.cs: to the restaurant for a new confirmed booking ?>
<?cs def:subject() ?>New booking: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> on <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>A new booking at <?cs var:Rv.Restaurant ?>:
<?cs call:owner_text() ?>
Reply to this mail to write to the guest.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">New booking</h1>
<p>A new booking at <strong><?cs var:Rv.Restaurant ?></strong>:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px">Reply to this mail to write to the guest.</p>
<?cs /def ?>
