<?cs # webhooks.cs: a restaurant's webhook endpoints and the form for a new one ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs include:"owner/webhook_parts.cs" ?>
<?cs set:Page.Title = Lang.Owner.Webhooks.title + " · " + Page.R.name ?>
<?cs def:content() ?>
<section class="owner webhooks">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("webhooks") ?>
 <p class="muted"><?cs var:Lang.Owner.Webhooks.intro ?> <a href="/owner/r/<?cs var:Page.R.id ?>/setup"><?cs var:Lang.Owner.Webhooks.back ?></a>.</p>
 <?cs if:Query.done == "deleted" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Webhooks.deleted ?></p><?cs /if ?>
 <?cs if:Page.Secret ?><div class="notice notice-ok" role="status" id="secret">
  <p><strong><?cs var:Lang.Owner.Webhooks.added ?></strong> <?cs var:Lang.Owner.Webhooks.added_secret ?></p>
  <p><code class="secret"><?cs var:Page.Secret ?></code></p>
  <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.NewId ?>"><?cs var:Lang.Owner.Webhooks.open ?></a></p>
 </div><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs var:Lang.Owner.Common.fix_fields ?></p><?cs /if ?>

 <section class="panel" id="endpoints">
  <h2><?cs var:Lang.Owner.Webhooks.endpoints ?></h2>
  <?cs if:subcount(Page.Endpoints) ?><ul class="wh-list">
  <?cs each:e = Page.Endpoints ?><li>
   <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:e.id ?>" class="wh-url"><?cs var:e.url ?></a>
    <?cs if:e.enabled == "1" ?><span class="badge badge-active"><?cs var:Lang.Owner.Webhooks.on ?></span><?cs else ?><span class="badge badge-suspended"><?cs var:Lang.Owner.Webhooks.off ?></span><?cs /if ?></p>
   <?cs if:e.description ?><p><?cs var:e.description ?></p><?cs /if ?>
   <p class="muted"><?cs var:Lang.Owner.Webhooks.events ?> <?cs var:e.events ?> · <?cs var:Lang.Owner.Webhooks.secret ?> <?cs var:e.hint ?><?cs if:e.failures > 0 ?> · <?cs var:e.failures ?> <?cs call:plural(e.failures, Lang.Owner.Webhooks.failures) ?><?cs /if ?><?cs if:e.queued > 0 ?> · <?cs var:e.queued ?> <?cs var:Lang.Owner.Webhooks.waiting ?><?cs /if ?></p>
   <?cs if:e.enabled != "1" ?><p class="muted"><?cs call:off_reason(e.reason) ?></p><?cs /if ?>
  </li><?cs /each ?></ul>
  <?cs else ?><p class="muted"><?cs var:Lang.Owner.Webhooks.none ?></p><?cs /if ?>
 </section>

 <section class="panel" id="new">
  <h2><?cs var:Lang.Owner.Webhooks.add ?></h2>
  <?cs call:field_error(Form.Errors.endpoints) ?>
  <?cs if:Page.Full ?><p class="muted"><?cs var:Lang.Owner.Webhooks.full_before ?> <?cs var:Page.Max ?> <?cs call:plural(Page.Max, Lang.Owner.Webhooks.full) ?></p>
  <?cs else ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks" class="stack" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:endpoint_fields("n", Page.Form.url, Page.Form.description) ?>
   <div class="field"><button type="submit" class="button-primary"><?cs var:Lang.Owner.Webhooks.submit ?></button></div>
  </form><?cs /if ?>
 </section>
</section>
<?cs /def ?>
