<?cs # owner_noshow.cs: to the restaurant when a booking was marked as a no-show ?>
<?cs def:subject() ?>No-show: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>Nobody was seated for this booking at <?cs var:Rv.Restaurant ?> within the
grace period, so it is now marked as a no-show and the table is free:
<?cs call:owner_text() ?>
If the guest did come, set the booking back from your reservation book.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">No-show</h1>
<p>Nobody was seated for this booking at <strong><?cs var:Rv.Restaurant ?></strong> within the grace period, so it is now marked as a no-show and the table is free:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px">If the guest did come, set the booking back from your reservation book.</p>
<?cs /def ?>
