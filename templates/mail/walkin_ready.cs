<?cs # walkin_ready.cs: "table ready" to a party on the restaurant's walk-in list ?>
<?cs def:subject() ?><?cs var:Lang.Mail.WalkinReady.title ?>: <?cs var:Mail.Walkin.restaurant ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.WalkinReady.table_for ?> <?cs var:Mail.Walkin.party ?> <?cs call:plural(Mail.Walkin.party, Lang.Mail.WalkinReady.party_at) ?> <?cs var:Mail.Walkin.restaurant ?> <?cs var:Lang.Mail.WalkinReady.ready ?>
<?cs var:Lang.Mail.WalkinReady.come ?>
<?cs if:Mail.Walkin.phone ?>
<?cs var:Lang.Mail.WalkinReady.call_us ?>: <?cs var:Mail.Walkin.phone ?>
<?cs /if ?><?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.WalkinReady.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.WalkinReady.table_for ?> <?cs var:Mail.Walkin.party ?> <?cs call:plural(Mail.Walkin.party, Lang.Mail.WalkinReady.party_at) ?> <strong><?cs var:Mail.Walkin.restaurant ?></strong> <?cs var:Lang.Mail.WalkinReady.ready ?></p>
<p><?cs var:Lang.Mail.WalkinReady.come ?></p>
<?cs if:Mail.Walkin.phone ?><p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.WalkinReady.call_us ?>: <?cs var:Mail.Walkin.phone ?></p><?cs /if ?>
<?cs /def ?>
