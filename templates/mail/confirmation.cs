<?cs # confirmation.cs: to the guest when a booking is confirmed (with an .ics invitation) ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Confirmation.subject_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Confirmation.subject_on ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?> <?cs var:Lang.Mail.Confirmation.subject_after ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Confirmation.intro ?>
<?cs if:Mail.Deposit ?>
<?cs var:Lang.Mail.Confirmation.deposit ?>: <?cs var:Mail.Deposit ?>. <?cs var:Lang.Mail.Confirmation.receipt_text ?><?cs /if ?><?cs call:details_text() ?>
<?cs call:manage_text() ?>
<?cs var:Lang.Mail.Confirmation.calendar ?>
<?cs var:Lang.Mail.Confirmation.plans ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Confirmation.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Confirmation.waiting_before ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.Confirmation.waiting_after ?></p>
<?cs if:Mail.Deposit ?><p id="deposit-receipt"><strong><?cs var:Lang.Mail.Confirmation.deposit ?>: <?cs var:Mail.Deposit ?>.</strong> <?cs var:Lang.Mail.Confirmation.receipt_html ?></p><?cs /if ?>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.Confirmation.calendar ?> <?cs var:Lang.Mail.Confirmation.plans ?></p>
<?cs /def ?>
