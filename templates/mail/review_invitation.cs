<?cs # review_invitation.cs: to the guest after a finished visit ?>
<?cs def:subject() ?>How was <?cs var:Rv.Restaurant ?>?<?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

Thank you for dining at <?cs var:Rv.Restaurant ?> on <?cs var:Rv.Date ?>.
A few words about your visit help other guests choose, and the restaurant
to do better:
<?cs var:Rv.ManageLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">How was it?</h1>
<p>Hello <?cs var:Rv.Name ?>, thank you for dining at <strong><?cs var:Rv.Restaurant ?></strong> on <?cs var:Rv.Date ?>. A few words about your visit help other guests choose, and the restaurant to do better.</p>
<?cs call:button(Rv.ManageLink, "Review your visit") ?>
<?cs /def ?>
