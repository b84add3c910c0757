<?cs # waitlist_confirm.cs: a guest's waitlist entry waits for the address to be confirmed ?>
<?cs def:subject() ?><?cs var:Lang.Mail.WaitlistConfirm.subject_before ?> <?cs var:Mail.Waitlist.restaurant ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Lang.Mail.WaitlistConfirm.asked ?> <?cs var:Mail.Waitlist.restaurant ?>
<?cs var:Lang.Mail.WaitlistConfirm.on ?> <?cs var:Mail.Waitlist.date ?>, <?cs var:Lang.Mail.WaitlistConfirm.for ?> <?cs var:Mail.Waitlist.party ?>, <?cs var:Lang.Mail.WaitlistConfirm.between ?> <?cs var:Mail.Waitlist.from ?> <?cs var:Lang.Mail.WaitlistConfirm.and ?> <?cs var:Mail.Waitlist.to ?>.

<?cs var:Lang.Mail.WaitlistConfirm.open_link ?>:
<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.WaitlistConfirm.not_you ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.WaitlistConfirm.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Lang.Mail.WaitlistConfirm.asked ?> <strong><?cs var:Mail.Waitlist.restaurant ?></strong> <?cs var:Lang.Mail.WaitlistConfirm.on ?> <?cs var:Mail.Waitlist.date ?>, <?cs var:Lang.Mail.WaitlistConfirm.for ?> <?cs var:Mail.Waitlist.party ?>, <?cs var:Lang.Mail.WaitlistConfirm.between ?> <?cs var:Mail.Waitlist.from ?> <?cs var:Lang.Mail.WaitlistConfirm.and ?> <?cs var:Mail.Waitlist.to ?>.</p>
<?cs call:button(Mail.Link, Lang.Mail.WaitlistConfirm.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.WaitlistConfirm.not_you ?></p>
<?cs /def ?>
