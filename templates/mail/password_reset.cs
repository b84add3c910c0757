<?cs # password_reset.cs: the one-time link to choose a new password ?>
<?cs def:subject() ?><?cs var:Lang.Mail.PasswordReset.subject_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.PasswordReset.subject_after ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.PasswordReset.text ?><?cs var:Mail.Link ?>

<?cs var:Lang.Mail.PasswordReset.once_text ?><?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.PasswordReset.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.PasswordReset.intro_html ?></p>
<?cs call:button(Mail.Link, Lang.Mail.PasswordReset.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.PasswordReset.once_html ?></p>
<?cs /def ?>
