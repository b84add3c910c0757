<?cs # waitlist_offer.cs: a table freed up for a waitlist entry: it is held until the deadline; one tap claims it ?>
<?cs def:subject() ?>A table is free at <?cs var:Rv.Restaurant ?>: claim it by <?cs var:Mail.Deadline ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Rv.Name ?> <?cs var:Rv.Name ?><?cs /if ?>,

a table you were waiting for has freed up, and we are holding it for you:
<?cs call:details_text() ?>
Claim it before <?cs var:Mail.Deadline ?> (<?cs var:Rv.Timezone ?> time):

  <?cs var:Mail.Link ?>

After that it goes to the next diner in line, and your waitlist entry ends.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">A table is free</h1>
<p>Hello<?cs if:Rv.Name ?> <?cs var:Rv.Name ?><?cs /if ?>, a table you were waiting for has freed up, and we are holding it for you:</p>
<?cs call:details_html() ?>
<?cs call:button(Mail.Link, "Claim the table") ?>
<p style="color:#6b6259;font-size:14px">Claim it before <?cs var:Mail.Deadline ?> (<?cs var:Rv.Timezone ?> time). After that it goes to the next diner in line, and your waitlist entry ends.</p>
<?cs /def ?>
