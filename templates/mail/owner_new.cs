<?cs # owner_new.cs: to the restaurant for a new confirmed booking ?>
<?cs def:subject() ?><?cs var:Lang.Mail.OwnerNew.title ?>: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> <?cs call:plural(Rv.Party, Lang.Mail.PartyOn) ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs var:Lang.Mail.OwnerNew.intro ?> <?cs var:Rv.Restaurant ?>:
<?cs call:owner_text() ?>
<?cs var:Lang.Mail.Owner.reply ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.OwnerNew.title ?></h1>
<p><?cs var:Lang.Mail.OwnerNew.intro ?> <strong><?cs var:Rv.Restaurant ?></strong>:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.Owner.reply ?></p>
<?cs /def ?>
