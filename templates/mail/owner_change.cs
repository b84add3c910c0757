<?cs # owner_change.cs: to the restaurant when a guest moved a booking ?>
<?cs def:subject() ?>Booking changed: <?cs var:Rv.Name ?>, now <?cs var:Rv.Party ?> on <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>A booking at <?cs var:Rv.Restaurant ?> has been changed.
<?cs call:changes_text() ?>
It now stands:
<?cs call:owner_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">Booking changed</h1>
<p>A booking at <strong><?cs var:Rv.Restaurant ?></strong> has been changed.</p>
<?cs call:changes_html() ?>
<p>It now stands:</p>
<?cs call:owner_html() ?>
<?cs /def ?>
