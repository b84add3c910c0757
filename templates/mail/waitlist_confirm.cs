<?cs # waitlist_confirm.cs: a guest's waitlist entry waits for the address to be confirmed ?>
<?cs def:subject() ?>Confirm your place on the waitlist of <?cs var:Mail.Waitlist.restaurant ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

you asked to be told when a table frees up at <?cs var:Mail.Waitlist.restaurant ?>
on <?cs var:Mail.Waitlist.date ?>, for <?cs var:Mail.Waitlist.party ?>, starting between <?cs var:Mail.Waitlist.from ?> and <?cs var:Mail.Waitlist.to ?>.

Open this link and confirm to take your place in line:
<?cs var:Mail.Link ?>

If you did not ask, ignore this mail: nothing happens without the link.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Confirm your place in line</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, you asked to be told when a table frees up at <strong><?cs var:Mail.Waitlist.restaurant ?></strong> on <?cs var:Mail.Waitlist.date ?>, for <?cs var:Mail.Waitlist.party ?>, starting between <?cs var:Mail.Waitlist.from ?> and <?cs var:Mail.Waitlist.to ?>.</p>
<?cs call:button(Mail.Link, "Confirm my place") ?>
<p style="color:#6b6259;font-size:14px">If you did not ask, ignore this mail: nothing happens without the link.</p>
<?cs /def ?>
