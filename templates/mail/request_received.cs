<?cs # request_received.cs: to the guest when a restaurant confirms bookings by hand ?>
<?cs def:subject() ?><?cs var:Lang.Mail.RequestReceived.subject_before ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.RequestReceived.subject_for ?> <?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.RequestReceived.by_hand_text ?><?cs call:details_text() ?>
<?cs call:manage_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.RequestReceived.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.RequestReceived.by_hand_html ?></p>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<?cs /def ?>
