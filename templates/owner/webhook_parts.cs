<?cs # webhook_parts.cs: the pieces the two webhook pages share ?>
<?cs def:off_reason(reason) ?><?cs if:reason == "owner" ?>Turned off by you: nothing is sent until you turn it on again.<?cs elif:reason ?>Turned off by Stolik: <?cs var:reason ?> Nothing is sent until you turn it on again.<?cs else ?>Turned off: nothing is sent until you turn it on again.<?cs /if ?><?cs /def ?>
<?cs def:endpoint_fields(p, url, description) ?>
<div class="field"><label for="<?cs var:p ?>-url">Address (https://)</label>
 <input id="<?cs var:p ?>-url" name="url" type="url" inputmode="url" maxlength="2000" required value="<?cs var:url ?>" aria-describedby="<?cs var:p ?>-url-help<?cs if:Form.Errors.url ?> <?cs var:p ?>-url-err<?cs /if ?>"<?cs if:Form.Errors.url ?> aria-invalid="true"<?cs /if ?>>
 <p class="muted" id="<?cs var:p ?>-url-help">It must be reachable on the public internet over HTTPS.</p>
 <?cs call:field_error_for(p + "-url", Form.Errors.url) ?></div>
<div class="field"><label for="<?cs var:p ?>-desc">Description <span class="muted">(optional)</span></label>
 <input id="<?cs var:p ?>-desc" name="description" maxlength="200" value="<?cs var:description ?>"<?cs if:Form.Errors.description ?> aria-invalid="true" aria-describedby="<?cs var:p ?>-desc-err"<?cs /if ?>>
 <?cs call:field_error_for(p + "-desc", Form.Errors.description) ?></div>
<fieldset class="field"<?cs if:Form.Errors.events ?> aria-invalid="true" aria-describedby="<?cs var:p ?>-events-error"<?cs /if ?>><legend>Events to send (at least one)</legend>
 <input type="hidden" name="events_sent" value="1">
 <?cs each:t = Page.Types ?><label class="check"><input type="checkbox" name="<?cs var:t.field ?>" value="1"<?cs if:t.checked == 1 ?> checked<?cs /if ?>> <code><?cs var:t.name ?></code></label>
 <?cs /each ?>
 <div id="<?cs var:p ?>-events-error"><?cs call:field_error(Form.Errors.events) ?></div>
</fieldset>
<?cs /def ?>
