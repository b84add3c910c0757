<?cs # email_change_notice.cs: to the old address when a change of email is asked for ?>
<?cs def:subject() ?>Your <?cs var:Site.Name ?> email is about to change<?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

Someone signed in to your account asked to move it to another address.
It changes once the new address is confirmed. If this was not you, sign in
and change your password now:
<?cs var:Mail.Link ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Your email is about to change</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, someone signed in to your account asked to move it to another address. It changes once the new address is confirmed.</p>
<p>If this was not you, sign in and change your password now.</p>
<?cs call:button(Mail.Link, "Open my account") ?>
<?cs /def ?>
