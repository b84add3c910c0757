<?cs # webhooks.cs: a restaurant's webhook endpoints and the form for a new one ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs include:"owner/webhook_parts.cs" ?>
<?cs set:Page.Title = "Webhooks · " + Page.R.name ?>
<?cs def:content() ?>
<section class="owner webhooks">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("webhooks") ?>
 <p class="muted">Webhooks send each booking event to your own systems (a POS, a CRM, messaging) as a signed JSON request, retried for up to a day when your side does not answer. <a href="/owner/r/<?cs var:Page.R.id ?>/setup">Back to the set-up</a>.</p>
 <?cs if:Query.done == "deleted" ?><p class="notice notice-ok" role="status">The endpoint was deleted.</p><?cs /if ?>
 <?cs if:Page.Secret ?><div class="notice notice-ok" role="status" id="secret">
  <p><strong>The endpoint was added.</strong> Its signing secret is below. Copy it now: it will not be shown again. If you lose it, rotate the secret on the endpoint's page.</p>
  <p><code class="secret"><?cs var:Page.Secret ?></code></p>
  <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:Page.NewId ?>">Open the endpoint</a></p>
 </div><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert">Please correct the fields marked below.</p><?cs /if ?>

 <section class="panel" id="endpoints">
  <h2>Endpoints</h2>
  <?cs if:subcount(Page.Endpoints) ?><ul class="wh-list">
  <?cs each:e = Page.Endpoints ?><li>
   <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks/<?cs var:e.id ?>" class="wh-url"><?cs var:e.url ?></a>
    <?cs if:e.enabled == "1" ?><span class="badge badge-active">on</span><?cs else ?><span class="badge badge-suspended">off</span><?cs /if ?></p>
   <?cs if:e.description ?><p><?cs var:e.description ?></p><?cs /if ?>
   <p class="muted">Events: <?cs var:e.events ?> · secret <?cs var:e.hint ?><?cs if:e.failures > 0 ?> · <?cs var:e.failures ?> failed attempts in a row<?cs /if ?><?cs if:e.queued > 0 ?> · <?cs var:e.queued ?> waiting<?cs /if ?></p>
   <?cs if:e.enabled != "1" ?><p class="muted"><?cs call:off_reason(e.reason) ?></p><?cs /if ?>
  </li><?cs /each ?></ul>
  <?cs else ?><p class="muted">No endpoints yet.</p><?cs /if ?>
 </section>

 <section class="panel" id="new">
  <h2>Add an endpoint</h2>
  <?cs call:field_error(Form.Errors.endpoints) ?>
  <?cs if:Page.Full ?><p class="muted">This restaurant has <?cs var:Page.Max ?> endpoints, the most it can have. Delete one to add another.</p>
  <?cs else ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/webhooks" class="stack" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:endpoint_fields("n", Page.Form.url, Page.Form.description) ?>
   <div class="field"><button type="submit" class="button-primary">Add the endpoint</button></div>
  </form><?cs /if ?>
 </section>
</section>
<?cs /def ?>
