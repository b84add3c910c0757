<?cs # walkin_ready.cs: "table ready" to a party on the restaurant's walk-in list ?>
<?cs def:subject() ?>Your table is ready: <?cs var:Mail.Walkin.restaurant ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

your table for <?cs var:Mail.Walkin.party ?> at <?cs var:Mail.Walkin.restaurant ?> is ready.
Please come to the host stand now; we keep it for you for a few minutes.
<?cs if:Mail.Walkin.phone ?>
If your plans changed, call us: <?cs var:Mail.Walkin.phone ?>
<?cs /if ?><?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">Your table is ready</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, your table for <?cs var:Mail.Walkin.party ?> at <strong><?cs var:Mail.Walkin.restaurant ?></strong> is ready.</p>
<p>Please come to the host stand now; we keep it for you for a few minutes.</p>
<?cs if:Mail.Walkin.phone ?><p style="color:#6b6259;font-size:14px">If your plans changed, call us: <?cs var:Mail.Walkin.phone ?></p><?cs /if ?>
<?cs /def ?>
