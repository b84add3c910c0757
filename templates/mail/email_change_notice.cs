<?cs # email_change_notice.cs: to the old address when a change of email is asked for ?>
<?cs def:subject() ?><?cs var:Lang.Mail.EmailChangeNotice.subject_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.EmailChangeNotice.subject_after ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.EmailChangeNotice.text ?><?cs var:Mail.Link ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.EmailChangeNotice.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.EmailChangeNotice.intro_html ?></p>
<p><?cs var:Lang.Mail.EmailChangeNotice.not_you_html ?></p>
<?cs call:button(Mail.Link, Lang.Mail.EmailChangeNotice.button) ?>
<?cs /def ?>
