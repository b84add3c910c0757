<?cs # text.cs: the plain text part of mail/<kind>.cs ?><?cs call:text() ?>

-- 
<?cs var:Site.Name ?> · <?cs var:Site.BaseUrl ?>
<?cs var:Lang.Mail.Footer.auto ?>
