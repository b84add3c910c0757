<?cs # cancellation.cs: to the guest when the booking is cancelled (.ics CANCEL) ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Cancellation.subject_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Cancellation.subject_on ?> <?cs var:Rv.DateText ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Cancellation.intro ?>
<?cs if:Mail.Refund ?>
<?cs var:Lang.Mail.Refund.before ?>: <?cs var:Mail.Refund ?> <?cs var:Lang.Mail.Cancellation.refund_text ?><?cs /if ?><?cs if:Mail.Reason ?>
<?cs var:Lang.Mail.Cancellation.note ?>: <?cs var:Mail.Reason ?>
<?cs /if ?><?cs call:details_text() ?>
<?cs var:Lang.Mail.Cancellation.calendar_text ?>:
<?cs var:Rv.RestaurantLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Cancellation.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Cancellation.intro_html ?></p>
<?cs if:Mail.Refund ?><p id="refund-notice"><?cs var:Lang.Mail.Refund.before ?>: <strong><?cs var:Mail.Refund ?></strong> <?cs var:Lang.Mail.Cancellation.refund_html ?></p><?cs /if ?>
<?cs if:Mail.Reason ?><p><?cs var:Lang.Mail.Cancellation.note ?>: <em><?cs var:Mail.Reason ?></em></p><?cs /if ?>
<?cs call:details_html() ?>
<?cs call:button(Rv.RestaurantLink, Lang.Mail.Cancellation.button) ?>
<p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.Cancellation.calendar_html ?></p>
<?cs /def ?>
