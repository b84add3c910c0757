<?cs # outbox.cs: the mail queue, dead letters first, with a retry button ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Outbox.title + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Outbox.title ?></h1>
 <?cs call:admin_nav("outbox") ?>
 <?cs if:Query.retried ?><p class="notice notice-ok" role="status"><?cs var:Lang.Admin.Outbox.retried ?></p><?cs /if ?>
 <p class="filters"><a href="/admin/outbox?status=dead"><?cs var:Lang.Admin.Outbox.dead ?></a> · <a href="/admin/outbox?status=queued"><?cs var:Lang.Admin.Outbox.queued ?></a> · <a href="/admin/outbox?status=sent"><?cs var:Lang.Admin.Outbox.sent ?></a> · <a href="/admin/outbox?status=skipped"><?cs var:Lang.Admin.Outbox.skipped ?></a> · <a href="/admin/outbox"><?cs var:Lang.Admin.all ?></a></p>
 <table class="list">
  <thead><tr><th>#</th><th><?cs var:Lang.Admin.Outbox.mail ?></th><th><?cs var:Lang.Admin.Outbox.to ?></th><th><?cs var:Lang.Admin.Outbox.booking ?></th><th><?cs var:Lang.Admin.Outbox.created ?></th><th><?cs var:Lang.Admin.Outbox.state ?></th><th></th></tr></thead>
  <tbody><?cs each:m = Page.Mails ?><?cs if:name(m) < 50 ?><tr>
   <td><?cs var:m.id ?></td><td><?cs if:Lang.MailKind[m.kind] ?><?cs var:Lang.MailKind[m.kind] ?><?cs else ?><?cs var:m.kind ?><?cs /if ?></td><td><?cs var:m.to ?></td><td><code><?cs var:m.code ?></code></td><td><?cs var:m.created ?></td>
   <td><span class="badge badge-mail-<?cs var:m.status ?>"><?cs if:Lang.MailStatus[m.status] ?><?cs var:Lang.MailStatus[m.status] ?><?cs else ?><?cs var:m.status ?><?cs /if ?></span> <span class="muted"><?cs var:m.attempts ?> <?cs call:plural(m.attempts, Lang.Admin.Outbox.attempts) ?></span><?cs if:m.error ?><br><span class="muted"><?cs var:m.error ?></span><?cs /if ?></td>
   <td><?cs if:m.status == "dead" ?><?cs call:admin_action("outbox", m.id, "retry", Lang.Admin.Outbox.retry) ?><?cs /if ?></td>
  </tr><?cs /if ?><?cs /each ?></tbody>
 </table>
 <?cs if:Page.Page > 1 || Page.More ?><nav class="pager" aria-label="<?cs var:Lang.Admin.pages ?>"><?cs if:Page.Page > 1 ?><a rel="prev" href="/admin/outbox?status=<?cs var:url_escape(Page.Status) ?>&amp;page=<?cs var:Page.Page - 1 ?>">← <?cs var:Lang.Admin.newer ?></a><?cs /if ?>
 <span><?cs var:Lang.Admin.page ?> <?cs var:Page.Page ?></span>
 <?cs if:Page.More ?><a rel="next" href="/admin/outbox?status=<?cs var:url_escape(Page.Status) ?>&amp;page=<?cs var:Page.Page + 1 ?>"><?cs var:Lang.Admin.older ?> →</a><?cs /if ?></nav><?cs /if ?>
</section>
<?cs /def ?>
