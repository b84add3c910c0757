<?cs # owner_cancel.cs: to the restaurant when a booking is cancelled ?>
<?cs def:subject() ?><?cs var:Lang.Mail.OwnerCancel.subject ?>: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> <?cs call:plural(Rv.Party, Lang.Mail.PartyOn) ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs var:Lang.Mail.OwnerCancel.intro_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.OwnerCancel.intro_after ?>
<?cs call:owner_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.OwnerCancel.title ?></h1>
<p><?cs var:Lang.Mail.OwnerCancel.intro_before ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.OwnerCancel.intro_after ?></p>
<?cs call:owner_html() ?>
<?cs /def ?>
