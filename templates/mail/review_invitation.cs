<?cs # review_invitation.cs: to the guest after a finished visit ?>
<?cs def:subject() ?><?cs var:Lang.Mail.ReviewInvitation.subject_before ?> <?cs var:Rv.Restaurant ?>?<?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.ReviewInvitation.thanks_text ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.ReviewInvitation.thanks_on ?> <?cs var:Rv.DateText ?>.
<?cs var:Lang.Mail.ReviewInvitation.few_words_text ?><?cs var:Rv.ManageLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.ReviewInvitation.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.ReviewInvitation.thanks_html ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.ReviewInvitation.thanks_on ?> <?cs var:Rv.DateText ?>. <?cs var:Lang.Mail.ReviewInvitation.few_words_html ?></p>
<?cs call:button(Rv.ManageLink, Lang.Mail.ReviewInvitation.button) ?>
<?cs /def ?>
