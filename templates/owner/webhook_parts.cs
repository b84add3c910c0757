<?cs # webhook_parts.cs: the pieces the two webhook pages share ?>
<?cs # off_reason: why an endpoint is off; the reason the delivery job writes
     (lib/db_stmts.c: "disabled after N failed attempts in a row") in the page's
     language, any other reason as given ?>
<?cs def:off_reason(reason) ?><?cs if:reason == "owner" ?><?cs var:Lang.Owner.Webhooks.Off.owner ?><?cs elif:string.length(reason) > 40 && string.slice(reason, 0, 15) == "disabled after " && string.slice(reason, string.length(reason) - 25, string.length(reason)) == " failed attempts in a row" ?><?cs set:OffReason.N = string.slice(reason, 15, string.length(reason) - 25) ?><?cs var:Lang.Owner.Webhooks.Off.stolik ?> <?cs var:Lang.Owner.Webhooks.Off.after ?> <?cs var:OffReason.N ?> <?cs call:plural(OffReason.N, Lang.Owner.Webhooks.Off.failures) ?> <?cs var:Lang.Owner.Webhooks.Off.stolik_after ?><?cs elif:reason ?><?cs var:Lang.Owner.Webhooks.Off.stolik ?> <?cs var:reason ?> <?cs var:Lang.Owner.Webhooks.Off.stolik_after ?><?cs else ?><?cs var:Lang.Owner.Webhooks.Off.other ?><?cs /if ?><?cs /def ?>
<?cs def:endpoint_fields(p, url, description) ?>
<div class="field"><label for="<?cs var:p ?>-url"><?cs var:Lang.Owner.Webhooks.Fields.url ?></label>
 <input id="<?cs var:p ?>-url" name="url" type="url" inputmode="url" maxlength="2000" required value="<?cs var:url ?>" aria-describedby="<?cs var:p ?>-url-help<?cs if:Form.Errors.url ?> <?cs var:p ?>-url-err<?cs /if ?>"<?cs if:Form.Errors.url ?> aria-invalid="true"<?cs /if ?>>
 <p class="muted" id="<?cs var:p ?>-url-help"><?cs var:Lang.Owner.Webhooks.Fields.url_help ?></p>
 <?cs call:field_error_for(p + "-url", Form.Errors.url) ?></div>
<div class="field"><label for="<?cs var:p ?>-desc"><?cs var:Lang.Owner.Webhooks.Fields.description ?> <span class="muted">(<?cs var:Lang.Owner.Webhooks.Fields.optional ?>)</span></label>
 <input id="<?cs var:p ?>-desc" name="description" maxlength="200" value="<?cs var:description ?>"<?cs if:Form.Errors.description ?> aria-invalid="true" aria-describedby="<?cs var:p ?>-desc-err"<?cs /if ?>>
 <?cs call:field_error_for(p + "-desc", Form.Errors.description) ?></div>
<fieldset class="field"<?cs if:Form.Errors.events ?> aria-invalid="true" aria-describedby="<?cs var:p ?>-events-error"<?cs /if ?>><legend><?cs var:Lang.Owner.Webhooks.Fields.events ?></legend>
 <input type="hidden" name="events_sent" value="1">
 <?cs each:t = Page.Types ?><label class="check"><input type="checkbox" name="<?cs var:t.field ?>" value="1"<?cs if:t.checked == 1 ?> checked<?cs /if ?>> <code><?cs var:t.name ?></code></label>
 <?cs /each ?>
 <div id="<?cs var:p ?>-events-error"><?cs call:field_error(Form.Errors.events) ?></div>
</fieldset>
<?cs /def ?>
