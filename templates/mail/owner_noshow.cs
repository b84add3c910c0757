<?cs # owner_noshow.cs: to the restaurant when a booking was marked as a no-show ?>
<?cs def:subject() ?><?cs var:Lang.Mail.OwnerNoshow.title ?>: <?cs var:Rv.Name ?>, <?cs var:Rv.Party ?> <?cs call:plural(Rv.Party, Lang.Mail.PartyAt) ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs var:Lang.Mail.OwnerNoshow.intro_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.OwnerNoshow.intro_text ?><?cs call:owner_text() ?>
<?cs var:Lang.Mail.OwnerNoshow.came ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.OwnerNoshow.title ?></h1>
<p><?cs var:Lang.Mail.OwnerNoshow.intro_before ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.OwnerNoshow.intro_html ?>:</p>
<?cs call:owner_html() ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.OwnerNoshow.came ?></p>
<?cs /def ?>
