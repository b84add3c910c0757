<?cs # account_exists.cs: a sign-up with an address that already has an account ?>
<?cs def:subject() ?><?cs var:Lang.Mail.AccountExists.subject_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.AccountExists.subject_after ?><?cs /def ?>
<?cs def:text() ?><?cs var:Lang.Mail.Greeting.alone ?>

<?cs var:Lang.Mail.AccountExists.intro_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.AccountExists.text_after ?><?cs var:Mail.Link ?>

<?cs var:Lang.Mail.AccountExists.not_you ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.AccountExists.title ?></h1>
<p><?cs var:Lang.Mail.AccountExists.intro_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.AccountExists.html_after ?></p>
<?cs call:button(Mail.Link, Lang.Mail.AccountExists.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.AccountExists.not_you ?></p>
<?cs /def ?>
