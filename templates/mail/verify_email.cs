<?cs # verify_email.cs: the link that proves an account's address ?>
<?cs def:subject() ?>Confirm your email for <?cs var:Site.Name ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

Please confirm that this is your address by opening this link:
<?cs var:Mail.Link ?>

The link works once, for 48 hours. If you did not sign up at <?cs var:Site.Name ?>,
ignore this mail: nothing happens without the link.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Confirm your email</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, please confirm that this is your address.</p>
<?cs call:button(Mail.Link, "Confirm my email") ?>
<p style="color:#6b6259;font-size:14px">The link works once, for 48 hours. If you did not sign up at <?cs var:Site.Name ?>, ignore this mail: nothing happens without the link.</p>
<?cs /def ?>
