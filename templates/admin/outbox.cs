<?cs # outbox.cs: the mail queue, dead letters first, with a retry button ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Mail · Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Mail</h1>
 <?cs call:admin_nav("outbox") ?>
 <?cs if:Query.retried ?><p class="notice notice-ok" role="status">Queued again.</p><?cs /if ?>
 <p class="filters"><a href="/admin/outbox?status=dead">Undeliverable</a> · <a href="/admin/outbox?status=queued">Waiting</a> · <a href="/admin/outbox?status=sent">Sent</a> · <a href="/admin/outbox?status=skipped">Skipped</a> · <a href="/admin/outbox">All</a></p>
 <table class="list">
  <thead><tr><th>#</th><th>Mail</th><th>To</th><th>Booking</th><th>Queued</th><th>State</th><th></th></tr></thead>
  <tbody><?cs each:m = Page.Mails ?><?cs if:name(m) < 50 ?><tr>
   <td><?cs var:m.id ?></td><td><?cs if:Lang.MailKind[m.kind] ?><?cs var:Lang.MailKind[m.kind] ?><?cs else ?><?cs var:m.kind ?><?cs /if ?></td><td><?cs var:m.to ?></td><td><code><?cs var:m.code ?></code></td><td><?cs var:m.created ?></td>
   <td><span class="badge badge-mail-<?cs var:m.status ?>"><?cs if:Lang.MailStatus[m.status] ?><?cs var:Lang.MailStatus[m.status] ?><?cs else ?><?cs var:m.status ?><?cs /if ?></span> <span class="muted"><?cs var:m.attempts ?> attempt<?cs if:m.attempts != 1 ?>s<?cs /if ?></span><?cs if:m.error ?><br><span class="muted"><?cs var:m.error ?></span><?cs /if ?></td>
   <td><?cs if:m.status == "dead" ?><?cs call:admin_action("outbox", m.id, "retry", "Retry") ?><?cs /if ?></td>
  </tr><?cs /if ?><?cs /each ?></tbody>
 </table>
 <?cs if:Page.Page > 1 || Page.More ?><nav class="pager" aria-label="Pages"><?cs if:Page.Page > 1 ?><a rel="prev" href="/admin/outbox?status=<?cs var:url_escape(Page.Status) ?>&amp;page=<?cs var:Page.Page - 1 ?>">← Newer</a><?cs /if ?>
 <span>Page <?cs var:Page.Page ?></span>
 <?cs if:Page.More ?><a rel="next" href="/admin/outbox?status=<?cs var:url_escape(Page.Status) ?>&amp;page=<?cs var:Page.Page + 1 ?>">Older →</a><?cs /if ?></nav><?cs /if ?>
</section>
<?cs /def ?>
