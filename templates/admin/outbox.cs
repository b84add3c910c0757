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
  <tbody><?cs each:m = Page.Mails ?><tr>
   <td><?cs var:m.id ?></td><td><?cs var:m.kind ?></td><td><?cs var:m.to ?></td><td><code><?cs var:m.code ?></code></td><td><?cs var:m.created ?></td>
   <td><span class="badge badge-mail-<?cs var:m.status ?>"><?cs var:m.status ?></span> <span class="muted"><?cs var:m.attempts ?> attempt<?cs if:m.attempts != 1 ?>s<?cs /if ?></span><?cs if:m.error ?><br><span class="muted"><?cs var:m.error ?></span><?cs /if ?></td>
   <td><?cs if:m.status == "dead" ?><?cs call:admin_action("outbox", m.id, "retry", "Retry") ?><?cs /if ?></td>
  </tr><?cs /each ?></tbody>
 </table>
</section>
<?cs /def ?>
