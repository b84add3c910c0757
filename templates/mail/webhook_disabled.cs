<?cs # webhook_disabled.cs: to a restaurant's owner when stolik-webhooks turned an endpoint off ?>
<?cs def:subject() ?>Webhook endpoint turned off: <?cs var:Mail.Webhook.restaurant ?><?cs /def ?>
<?cs def:text() ?>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>,

<?cs var:Mail.Webhook.failures ?> deliveries in a row to your webhook endpoint
for <?cs var:Mail.Webhook.restaurant ?> failed, so we turned it off:

  <?cs var:Mail.Webhook.url ?>
<?cs if:Mail.Reason ?>  last error: <?cs var:Mail.Reason ?>
<?cs /if ?>
The events since then are kept for 24 hours. Turn the endpoint back on
from your restaurant's set-up once your receiver answers again, and they
go out in order:
<?cs var:Site.BaseUrl ?>/owner
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px">Webhook endpoint turned off</h1>
<p>Hello<?cs if:Mail.Name ?> <?cs var:Mail.Name ?><?cs /if ?>, <?cs var:Mail.Webhook.failures ?> deliveries in a row to your webhook endpoint for <strong><?cs var:Mail.Webhook.restaurant ?></strong> failed, so we turned it off:</p>
<p style="font-family:monospace;word-break:break-all"><?cs var:Mail.Webhook.url ?></p>
<?cs if:Mail.Reason ?><p style="color:#6b6259;font-size:14px">Last error: <?cs var:Mail.Reason ?></p><?cs /if ?>
<p>The events since then are kept for 24 hours. Turn the endpoint back on from your restaurant's set-up once your receiver answers again, and they go out in order.</p>
<?cs call:button(Site.BaseUrl + "/owner", "Open my restaurants") ?>
<?cs /def ?>
