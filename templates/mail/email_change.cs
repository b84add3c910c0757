<?cs # email_change.cs: to the new address, to confirm a change of email ?>
<?cs def:subject() ?><?cs var:Lang.Mail.EmailChange.subject_before ?> <?cs var:Site.Name ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.EmailChange.intro_before ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.EmailChange.text_after ?>:
<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.EmailChange.once_text ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.EmailChange.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.EmailChange.intro_html ?> <?cs var:Site.Name ?> <?cs var:Lang.Mail.EmailChange.html_after ?>:</p>
<?cs call:button(Mail.Link, Lang.Mail.EmailChange.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.EmailChange.once_html ?></p>
<?cs /def ?>
