<?cs # email_change.cs: to the new address, to confirm a change of email ?>
<?cs def:subject() ?>Confirm your new email for <?cs var:Site.Name ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

To use this address for your <?cs var:Site.Name ?> account, open this link:
<?cs var:Mail.Link ?>

It works once, within an hour. Until then your account keeps its old address.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Confirm your new email</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, to use this address for your <?cs var:Site.Name ?> account, confirm it:</p>
<?cs call:button(Mail.Link, "Use this address") ?>
<p style="color:#6b6259;font-size:14px">The link works once, within an hour. Until then your account keeps its old address.</p>
<?cs /def ?>
