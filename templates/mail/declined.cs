<?cs # declined.cs: to the guest when the restaurant could not take a request ?>
<?cs def:subject() ?>Your request at <?cs var:Rv.Restaurant ?> for <?cs var:Rv.Date ?> could not be accepted<?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

We are sorry: <?cs var:Rv.Restaurant ?> cannot take your request for
<?cs call:when() ?>, <?cs call:guests() ?>.
<?cs if:Mail.Reason ?>
Their note: <?cs var:Mail.Reason ?>
<?cs /if ?><?cs if:Mail.Refund ?>
Your deposit: <?cs var:Mail.Refund ?> is refunded to your card in full;
it may take a few days to show.
<?cs /if ?>
Other times may still be free:
<?cs var:Rv.RestaurantLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Request not accepted</h1>
<p>Hello <?cs var:Rv.Name ?>, we are sorry: <strong><?cs var:Rv.Restaurant ?></strong> cannot take your request for <?cs call:when() ?>, <?cs call:guests() ?>.</p>
<?cs if:Mail.Reason ?><p>Their note: <em><?cs var:Mail.Reason ?></em></p><?cs /if ?>
<?cs if:Mail.Refund ?><p id="refund-notice">Your deposit: <strong><?cs var:Mail.Refund ?></strong> is refunded to your card in full; it may take a few days to show.</p><?cs /if ?>
<?cs call:button(Rv.RestaurantLink, "Find another time") ?>
<?cs /def ?>
