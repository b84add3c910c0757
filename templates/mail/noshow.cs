<?cs # noshow.cs: to the guest when the restaurant marked the booking as a no-show ?>
<?cs def:subject() ?>We missed you at <?cs var:Rv.Restaurant ?><?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

Your table at <?cs var:Rv.Restaurant ?> was kept for you, but nobody came, so
the booking is now marked as a no-show.
<?cs call:details_text() ?>
If this is a mistake, please call the restaurant<?cs if:Rv.RPhone ?> at <?cs var:Rv.RPhone ?><?cs /if ?>.
Next time, cancelling even at short notice lets someone else have the table.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">We missed you</h1>
<p>Hello <?cs var:Rv.Name ?>, your table at <strong><?cs var:Rv.Restaurant ?></strong> was kept for you, but nobody came, so the booking is now marked as a no-show.</p>
<?cs call:details_html() ?>
<p>If this is a mistake, please call the restaurant. Next time, cancelling even at short notice lets someone else have the table.</p>
<?cs /def ?>
