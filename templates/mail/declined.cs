<?cs # declined.cs: to the guest when the restaurant could not take a request ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Declined.subject_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Declined.subject_for ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.Declined.subject_after ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Declined.sorry_text ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Declined.cannot_text ?><?cs call:when() ?>, <?cs call:guests() ?>.
<?cs if:Mail.Reason ?>
<?cs var:Lang.Mail.Declined.note ?>: <?cs var:Mail.Reason ?>
<?cs /if ?><?cs if:Mail.Refund ?>
<?cs var:Lang.Mail.Refund.before ?>: <?cs var:Mail.Refund ?> <?cs var:Lang.Mail.Declined.refund_text ?><?cs /if ?>
<?cs var:Lang.Mail.Declined.other ?>:
<?cs var:Rv.RestaurantLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Declined.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Declined.sorry_html ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.Declined.cannot_html ?> <?cs call:when() ?>, <?cs call:guests() ?>.</p>
<?cs if:Mail.Reason ?><p><?cs var:Lang.Mail.Declined.note ?>: <em><?cs var:Mail.Reason ?></em></p><?cs /if ?>
<?cs if:Mail.Refund ?><p id="refund-notice"><?cs var:Lang.Mail.Refund.before ?>: <strong><?cs var:Mail.Refund ?></strong> <?cs var:Lang.Mail.Declined.refund_html ?></p><?cs /if ?>
<?cs call:button(Rv.RestaurantLink, Lang.Mail.Declined.button) ?>
<?cs /def ?>
