<?cs # webhook_disabled.cs: to a restaurant's owner when stolik-webhooks turned an endpoint off ?>
<?cs def:subject() ?><?cs var:Lang.Mail.WebhookDisabled.title ?>: <?cs var:Mail.Webhook.restaurant ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Mail.Name) ?>

<?cs var:Mail.Webhook.failures ?> <?cs call:plural(Mail.Webhook.failures, Lang.Mail.WebhookDisabled.deliveries) ?> <?cs var:Lang.Mail.WebhookDisabled.in_a_row ?> <?cs var:Mail.Webhook.restaurant ?> <?cs call:plural(Mail.Webhook.failures, Lang.Mail.WebhookDisabled.failed) ?>:

  <?cs var:Mail.Webhook.url ?>
<?cs if:Mail.Reason ?>  <?cs var:Lang.Mail.WebhookDisabled.last_error_text ?>: <?cs var:Mail.Reason ?>
<?cs /if ?>
<?cs var:Lang.Mail.WebhookDisabled.kept_text ?><?cs var:Site.BaseUrl + "/owner" ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 22px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.WebhookDisabled.title ?></h1>
<p><?cs call:greet(Mail.Name) ?> <?cs var:Mail.Webhook.failures ?> <?cs call:plural(Mail.Webhook.failures, Lang.Mail.WebhookDisabled.deliveries) ?> <?cs var:Lang.Mail.WebhookDisabled.in_a_row ?> <strong><?cs var:Mail.Webhook.restaurant ?></strong> <?cs call:plural(Mail.Webhook.failures, Lang.Mail.WebhookDisabled.failed) ?>:</p>
<p style="font-family:monospace;word-break:break-all"><?cs var:Mail.Webhook.url ?></p>
<?cs if:Mail.Reason ?><p style="color:#6b6259;font-size:14px"><?cs var:Lang.Mail.WebhookDisabled.last_error_html ?>: <?cs var:Mail.Reason ?></p><?cs /if ?>
<p><?cs var:Lang.Mail.WebhookDisabled.kept_html ?></p>
<?cs call:button(Site.BaseUrl + "/owner", Lang.Mail.WebhookDisabled.button) ?>
<?cs /def ?>
