<?cs # waitlist_offer.cs: a table freed up for a waitlist entry: it is held until the deadline; one tap claims it ?>
<?cs def:subject() ?><?cs var:Lang.Mail.WaitlistOffer.subject_before ?> <?cs var:Rv.Restaurant ?>: <?cs var:Lang.Mail.WaitlistOffer.claim_by ?> <?cs var:Mail.Deadline ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.WaitlistOffer.intro ?>:
<?cs call:details_text() ?>
<?cs var:Lang.Mail.WaitlistOffer.claim_before ?> <?cs var:Mail.Deadline ?> (<?cs var:Rv.Timezone ?> <?cs var:Lang.Mail.When.zone ?>):

  <?cs var:Mail.Link ?>

<?cs var:Lang.Mail.WaitlistOffer.after ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.WaitlistOffer.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.WaitlistOffer.intro ?>:</p>
<?cs call:details_html() ?>
<?cs call:button(Mail.Link, Lang.Mail.WaitlistOffer.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.WaitlistOffer.claim_before ?> <?cs var:Mail.Deadline ?> (<?cs var:Rv.Timezone ?> <?cs var:Lang.Mail.When.zone ?>). <?cs var:Lang.Mail.WaitlistOffer.after ?></p>
<?cs /def ?>
