<?cs # owner_request.cs: to the restaurant for a booking that waits for its answer ?>
<?cs def:subject() ?><?cs var:Lang.Mail.OwnerRequest.title ?>: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> <?cs call:plural(Rv.Party, Lang.Mail.PartyOn) ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs var:Lang.Mail.OwnerRequest.intro_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.OwnerRequest.intro_text ?><?cs call:owner_text() ?>
<?cs var:Lang.Mail.Owner.reply ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.OwnerRequest.title ?></h1>
<p><?cs var:Lang.Mail.OwnerRequest.intro_before ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.OwnerRequest.intro_html ?>:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.Owner.reply ?></p>
<?cs /def ?>
