<?cs # password_reset.cs: the one-time link to choose a new password ?>
<?cs def:subject() ?>Reset your <?cs var:Site.Name ?> password<?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

Someone asked to reset the password of your account. To choose a new one,
open this link:
<?cs var:Mail.Link ?>

It works once, within an hour. If it was not you, ignore this mail: your
password stays as it is.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Reset your password</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, someone asked to reset the password of your account.</p>
<?cs call:button(Mail.Link, "Choose a new password") ?>
<p style="color:#6b6259;font-size:14px">The link works once, within an hour. If it was not you, ignore this mail: your password stays as it is.</p>
<?cs /def ?>
