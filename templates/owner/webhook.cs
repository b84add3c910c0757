<?cs # webhook.cs: one webhook endpoint: its settings, secret, test event, delivery log and replays ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs include:"owner/webhook_parts.cs" ?>
<?cs set:Page.Title = "Webhook · " + Page.R.name ?>
<?cs def:action(path, label, cls) ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/<?cs var:path ?>" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit"<?cs if:cls ?> class="<?cs var:cls ?>"<?cs /if ?>><?cs var:label ?></button></form><?cs /def ?>
<?cs def:content() ?>
<section class="owner webhook">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("webhooks") ?>
 <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks">All endpoints</a></p>
 <h2 class="wh-url"><?cs var:Page.E.url ?>
  <?cs if:Page.E.enabled == "1" ?><span class="badge badge-active">on</span><?cs else ?><span class="badge badge-suspended">off</span><?cs /if ?></h2>
 <?cs if:Query.done == "saved" ?><p class="notice notice-ok" role="status">Saved.</p>
 <?cs elif:Query.done == "enabled" ?><p class="notice notice-ok" role="status">The endpoint is on again; its count of failures starts from zero.</p>
 <?cs elif:Query.done == "disabled" ?><p class="notice notice-ok" role="status">The endpoint is off. Nothing is sent to it until you turn it on.</p>
 <?cs elif:Query.done == "test" ?><p class="notice notice-ok" role="status">A test event is on its way. It appears in the delivery log below once it has been tried.</p>
 <?cs elif:Query.done == "replayed" ?><p class="notice notice-ok" role="status"><?cs if:Query.n == 1 ?>One delivery is<?cs else ?><?cs var:Query.n ?> deliveries are<?cs /if ?> queued again.</p><?cs /if ?>
 <?cs if:Page.Secret ?><div class="notice notice-ok" role="status" id="secret">
  <p><strong>The secret was rotated.</strong> The new signing secret is below. Copy it now: it will not be shown again.</p>
  <p><code class="secret"><?cs var:Page.Secret ?></code></p>
  <p>Until <?cs var:Page.E.old_until ?> (the restaurant's time), every request carries a signature with the old secret as well as one with the new, so your receiver can switch without refusing anything.</p>
 </div><?cs elif:Page.E.old_until ?><p class="muted">Until <?cs var:Page.E.old_until ?> requests are signed with the previous secret too.</p><?cs /if ?>
 <?cs if:Page.E.enabled != "1" ?><p class="notice notice-error"><?cs call:off_reason(Page.E.reason) ?></p><?cs /if ?>

 <section class="panel" id="actions">
  <h2>Actions</h2>
  <p class="muted">Secret <?cs var:Page.E.hint ?><?cs if:Page.E.failures > 0 ?> · <?cs var:Page.E.failures ?> failed attempts in a row<?cs /if ?><?cs if:Page.E.queued > 0 ?> · <?cs var:Page.E.queued ?> waiting<?cs /if ?></p>
  <p class="actions">
   <?cs if:Page.E.enabled == "1" ?><?cs call:action("test", "Send a test event", "") ?> <?cs call:action("disable", "Turn off", "") ?><?cs else ?><?cs call:action("enable", "Turn on", "button-primary") ?><?cs /if ?>
   <?cs call:action("rotate-secret", "Rotate the secret", "") ?>
  </p>
  <?cs call:field_error(Form.Errors.test) ?>
  <p class="muted">Rotating makes a new secret; the old one keeps signing beside it for 24 hours.</p>
 </section>

 <section class="panel" id="settings">
  <h2>Settings</h2>
  <?cs if:Form.Errors.url || Form.Errors.events || Form.Errors.description ?><p class="notice notice-error" role="alert">Please correct the fields marked below.</p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>" class="stack" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:endpoint_fields("e", Page.E.url, Page.E.description) ?>
   <div class="field"><button type="submit">Save</button></div>
  </form>
 </section>

 <section class="panel" id="log">
  <h2>Delivery log</h2>
  <p class="muted">Newest first; times are the restaurant's (<?cs var:Page.R.timezone ?>).</p>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/replay" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="since">Replay every delivery that failed since (the restaurant's time)</label>
    <input id="since" name="since" type="datetime-local" required value="<?cs var:Page.Since ?>"<?cs if:Form.Errors.since ?> aria-invalid="true" aria-describedby="since-err"<?cs /if ?>>
    <?cs call:field_error_for("since", Form.Errors.since) ?></div>
   <div class="field"><button type="submit">Replay failed deliveries</button></div>
  </form>
  <?cs call:field_error(Form.Errors.replay) ?>
  <?cs if:subcount(Page.Log) ?><ol class="wh-log">
  <?cs each:d = Page.Log ?><li id="<?cs var:d.id ?>">
   <p><strong><?cs var:d.type ?></strong> <span class="badge badge-wh-<?cs var:d.status ?>"><?cs var:d.status ?></span> <span class="muted"><?cs var:d.created ?></span></p>
   <p class="muted">Delivery <code><?cs var:d.id ?></code> · event <code><?cs var:d.event ?></code><?cs if:d.replay_of ?> · a replay of <code><?cs var:d.replay_of ?></code><?cs /if ?> · <?cs if:d.attempts == 1 ?>1 attempt<?cs else ?><?cs var:d.attempts ?> attempts<?cs /if ?></p>
   <?cs if:subcount(d.Attempts) ?><ul class="wh-attempts"><?cs each:a = d.Attempts ?><li>
    Attempt <?cs var:a.attempt ?> · <?cs var:a.at_local ?> · <?cs if:a.status_code ?>HTTP <?cs var:a.status_code ?><?cs else ?>no answer<?cs /if ?><?cs if:a.error ?>: <?cs var:a.error ?><?cs /if ?> · <?cs var:a.duration_ms ?> ms
    <?cs if:a.excerpt ?><pre class="wh-excerpt"><?cs var:a.excerpt ?></pre><?cs /if ?>
   </li><?cs /each ?></ul><?cs else ?><p class="muted">Not tried yet.</p><?cs /if ?>
   <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/deliveries/<?cs var:d.id ?>/replay" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link">Replay this delivery</button></form>
  </li><?cs /each ?></ol>
  <nav class="pager" aria-label="Delivery log pages"><?cs if:Page.Page > 1 ?><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>?page=<?cs var:Page.Page - 1 ?>#log">Newer</a> <?cs /if ?><?cs if:Page.HasNext ?><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>?page=<?cs var:Page.Page + 1 ?>#log">Older</a><?cs /if ?></nav>
  <?cs else ?><p class="muted">Nothing delivered yet. Send a test event to see one here.</p><?cs /if ?>
 </section>

 <section class="panel" id="delete">
  <h2>Delete</h2>
  <p class="muted">Deleting the endpoint deletes its delivery log too.</p>
  <?cs call:action("delete", "Delete this endpoint", "") ?>
 </section>
</section>
<?cs /def ?>
