<?cs # account_exists.cs: a sign-up with an address that already has an account ?>
<?cs def:subject() ?>You already have a <?cs var:Site.Name ?> account<?cs /def ?>
<?cs def:text() ?>Hello,

Someone tried to sign up at <?cs var:Site.Name ?> with this address, which already
has an account. If it was you, sign in, or reset your password here:
<?cs var:Mail.Link ?>

If it was not you, ignore this mail: nothing has changed.
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">You already have an account</h1>
<p>Someone tried to sign up at <?cs var:Site.Name ?> with this address, which already has an account. If it was you, sign in, or reset your password:</p>
<?cs call:button(Mail.Link, "Reset my password") ?>
<p style="color:#6b6259;font-size:14px">If it was not you, ignore this mail: nothing has changed.</p>
<?cs /def ?>
