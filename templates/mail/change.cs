<?cs # change.cs: to the guest when the booking moved (with an updated .ics invitation) ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Change.subject_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Change.subject_now ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Change.intro ?>
<?cs call:changes_text() ?>
<?cs var:Lang.Mail.Change.now ?>:
<?cs call:details_text() ?>
<?cs call:manage_text() ?>
<?cs var:Lang.Mail.Change.calendar ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Change.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Change.intro_html ?></p>
<?cs call:changes_html() ?>
<p><?cs var:Lang.Mail.Change.now ?>:</p>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.Change.calendar ?></p>
<?cs /def ?>
