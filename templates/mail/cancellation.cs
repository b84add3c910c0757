<?cs # cancellation.cs: to the guest when the booking is cancelled (.ics CANCEL) ?>
<?cs def:subject() ?>Cancelled: your table at <?cs var:Rv.Restaurant ?> on <?cs var:Rv.Date ?><?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

Your booking has been cancelled.
<?cs if:Mail.Refund ?>
Your deposit: <?cs var:Mail.Refund ?> is refunded to your card under the
booking's terms; it may take a few days to show.
<?cs /if ?><?cs if:Mail.Reason ?>
The restaurant's note: <?cs var:Mail.Reason ?>
<?cs /if ?><?cs call:details_text() ?>
The attachment removes it from your calendar. To book again:
<?cs var:Rv.RestaurantLink ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Booking cancelled</h1>
<p>Hello <?cs var:Rv.Name ?>, your booking has been cancelled.</p>
<?cs if:Mail.Refund ?><p id="refund-notice">Your deposit: <strong><?cs var:Mail.Refund ?></strong> is refunded to your card under the booking's terms; it may take a few days to show.</p><?cs /if ?>
<?cs if:Mail.Reason ?><p>The restaurant's note: <em><?cs var:Mail.Reason ?></em></p><?cs /if ?>
<?cs call:details_html() ?>
<?cs call:button(Rv.RestaurantLink, "Book again") ?>
<p style="color:#6b6259;font-size:14px">The attachment removes the booking from your calendar.</p>
<?cs /def ?>
