<?cs # verify_email.cs: the link that proves an account's address ?>
<?cs def:subject() ?><?cs var:Lang.Mail.VerifyEmail.subject_before ?> <?cs var:Site.Name ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.VerifyEmail.intro_text ?>:
<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.VerifyEmail.once_before ?> <?cs var:Site.Name ?><?cs var:Lang.Mail.VerifyEmail.once_after_text ?><?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.VerifyEmail.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.VerifyEmail.intro_html ?></p>
<?cs call:button(Mail.Link, Lang.Mail.VerifyEmail.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.VerifyEmail.once_before ?> <?cs var:Site.Name ?><?cs var:Lang.Mail.VerifyEmail.once_after_html ?></p>
<?cs /def ?>
