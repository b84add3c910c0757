<?cs # webhook.cs: one webhook endpoint: its settings, secret, test event, delivery log and replays ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs include:"owner/webhook_parts.cs" ?>
<?cs set:Page.Title = Lang.Owner.Webhook.title + " · " + Page.R.name ?>
<?cs def:action(path, label, cls) ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/<?cs var:path ?>" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit"<?cs if:cls ?> class="<?cs var:cls ?>"<?cs /if ?>><?cs var:label ?></button></form><?cs /def ?>
<?cs def:content() ?>
<section class="owner webhook">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("webhooks") ?>
 <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks"><?cs var:Lang.Owner.Webhook.all ?></a></p>
 <h2 class="wh-url"><?cs var:Page.E.url ?>
  <?cs if:Page.E.enabled == "1" ?><span class="badge badge-active"><?cs var:Lang.Owner.Webhooks.on ?></span><?cs else ?><span class="badge badge-suspended"><?cs var:Lang.Owner.Webhooks.off ?></span><?cs /if ?></h2>
 <?cs if:Query.done == "saved" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Webhook.Done.saved ?></p>
 <?cs elif:Query.done == "enabled" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Webhook.Done.enabled ?></p>
 <?cs elif:Query.done == "disabled" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Webhook.Done.disabled ?></p>
 <?cs elif:Query.done == "test" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Webhook.Done.test ?></p>
 <?cs elif:Query.done == "replayed" ?><p class="notice notice-ok" role="status"><?cs if:Query.n == 1 ?><?cs var:Lang.Owner.Webhook.Done.replayed_one ?><?cs else ?><?cs var:Query.n ?> <?cs call:plural(Query.n, Lang.Owner.Webhook.Done.replayed) ?><?cs /if ?></p><?cs /if ?>
 <?cs if:Page.Secret ?><div class="notice notice-ok" role="status" id="secret">
  <p><strong><?cs var:Lang.Owner.Webhook.rotated ?></strong> <?cs var:Lang.Owner.Webhook.rotated_secret ?></p>
  <p><code class="secret"><?cs var:Page.Secret ?></code></p>
  <p><?cs var:Lang.Owner.Webhook.both_before ?> <?cs var:Page.E.old_until ?> <?cs var:Lang.Owner.Webhook.both_after ?></p>
 </div><?cs elif:Page.E.old_until ?><p class="muted"><?cs var:Lang.Owner.Webhook.old_before ?> <?cs var:Page.E.old_until ?> <?cs var:Lang.Owner.Webhook.old_after ?></p><?cs /if ?>
 <?cs if:Page.E.enabled != "1" ?><p class="notice notice-error"><?cs call:off_reason(Page.E.reason) ?></p><?cs /if ?>

 <section class="panel" id="actions">
  <h2><?cs var:Lang.Owner.Webhook.actions ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Webhook.secret ?> <?cs var:Page.E.hint ?><?cs if:Page.E.failures > 0 ?> · <?cs var:Page.E.failures ?> <?cs call:plural(Page.E.failures, Lang.Owner.Webhooks.failures) ?><?cs /if ?><?cs if:Page.E.queued > 0 ?> · <?cs var:Page.E.queued ?> <?cs var:Lang.Owner.Webhooks.waiting ?><?cs /if ?></p>
  <p class="actions">
   <?cs if:Page.E.enabled == "1" ?><?cs call:action("test", Lang.Owner.Webhook.test, "") ?> <?cs call:action("disable", Lang.Owner.Webhook.disable, "") ?><?cs else ?><?cs call:action("enable", Lang.Owner.Webhook.enable, "button-primary") ?><?cs /if ?>
   <?cs call:action("rotate-secret", Lang.Owner.Webhook.rotate, "") ?>
  </p>
  <?cs call:field_error(Form.Errors.test) ?>
  <p class="muted"><?cs var:Lang.Owner.Webhook.rotate_help ?></p>
 </section>

 <section class="panel" id="settings">
  <h2><?cs var:Lang.Owner.Webhook.settings ?></h2>
  <?cs if:Form.Errors.url || Form.Errors.events || Form.Errors.description ?><p class="notice notice-error" role="alert"><?cs var:Lang.Owner.Common.fix_fields ?></p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>" class="stack" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:endpoint_fields("e", Page.E.url, Page.E.description) ?>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Webhook.save ?></button></div>
  </form>
 </section>

 <section class="panel" id="log">
  <h2><?cs var:Lang.Owner.Webhook.Log.title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Webhook.Log.intro ?> (<?cs var:Page.R.timezone ?>).</p>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/replay" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="since"><?cs var:Lang.Owner.Webhook.Log.since ?></label>
    <input id="since" name="since" type="datetime-local" required value="<?cs var:Page.Since ?>"<?cs if:Form.Errors.since ?> aria-invalid="true" aria-describedby="since-err"<?cs /if ?>>
    <?cs call:field_error_for("since", Form.Errors.since) ?></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Webhook.Log.replay ?></button></div>
  </form>
  <?cs call:field_error(Form.Errors.replay) ?>
  <?cs if:subcount(Page.Log) ?><ol class="wh-log">
  <?cs each:d = Page.Log ?><li id="<?cs var:d.id ?>">
   <p><strong><?cs var:d.type ?></strong> <span class="badge badge-wh-<?cs var:d.status ?>"><?cs if:Lang.Owner.Webhook.Status[d.status] ?><?cs var:Lang.Owner.Webhook.Status[d.status] ?><?cs else ?><?cs var:d.status ?><?cs /if ?></span> <span class="muted"><?cs var:d.created ?></span></p>
   <p class="muted"><?cs var:Lang.Owner.Webhook.Log.delivery ?> <code><?cs var:d.id ?></code> · <?cs var:Lang.Owner.Webhook.Log.event ?> <code><?cs var:d.event ?></code><?cs if:d.replay_of ?> · <?cs var:Lang.Owner.Webhook.Log.replay_of ?> <code><?cs var:d.replay_of ?></code><?cs /if ?> · <?cs var:d.attempts ?> <?cs call:plural(d.attempts, Lang.Owner.Common.attempts) ?></p>
   <?cs if:subcount(d.Attempts) ?><ul class="wh-attempts"><?cs each:a = d.Attempts ?><li>
    <?cs var:Lang.Owner.Webhook.Log.attempt ?> <?cs var:a.attempt ?> · <?cs var:a.at_local ?> · <?cs if:a.status_code ?><?cs var:Lang.Owner.Webhook.Log.http ?> <?cs var:a.status_code ?><?cs else ?><?cs var:Lang.Owner.Webhook.Log.no_answer ?><?cs /if ?><?cs if:a.error ?>: <?cs var:a.error ?><?cs /if ?> · <?cs var:a.duration_ms ?> <?cs var:Lang.Owner.Webhook.Log.ms ?>
    <?cs if:a.excerpt ?><pre class="wh-excerpt"><?cs var:a.excerpt ?></pre><?cs /if ?>
   </li><?cs /each ?></ul><?cs else ?><p class="muted"><?cs var:Lang.Owner.Webhook.Log.not_tried ?></p><?cs /if ?>
   <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>/deliveries/<?cs var:d.id ?>/replay" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link"><?cs var:Lang.Owner.Webhook.Log.replay_one ?></button></form>
  </li><?cs /each ?></ol>
  <nav class="pager" aria-label="<?cs var:Lang.Owner.Webhook.Log.pages ?>"><?cs if:Page.Page > 1 ?><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>?page=<?cs var:Page.Page - 1 ?>#log"><?cs var:Lang.Owner.Webhook.Log.newer ?></a> <?cs /if ?><?cs if:Page.HasNext ?><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.E.id ?>?page=<?cs var:Page.Page + 1 ?>#log"><?cs var:Lang.Owner.Webhook.Log.older ?></a><?cs /if ?></nav>
  <?cs else ?><p class="muted"><?cs var:Lang.Owner.Webhook.Log.none ?></p><?cs /if ?>
 </section>

 <section class="panel" id="delete">
  <h2><?cs var:Lang.Owner.Webhook.delete_title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Webhook.delete_help ?></p>
  <?cs call:action("delete", Lang.Owner.Webhook.delete, "") ?>
 </section>
</section>
<?cs /def ?>
