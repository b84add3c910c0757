<?cs # audit.cs: the audit log with its filters ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.Audit.title + " · " + Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.Audit.title ?></h1>
 <?cs call:admin_nav("audit") ?>
 <form method="get" action="/admin/audit" class="stack row">
  <div class="field"><label for="a-actor"><?cs var:Lang.Admin.Audit.who_email ?></label><input id="a-actor" name="actor" maxlength="254" value="<?cs var:Query.actor ?>"></div>
  <div class="field"><label for="a-action"><?cs var:Lang.Admin.Audit.action ?></label><input id="a-action" name="action" maxlength="60" value="<?cs var:Query.action ?>" placeholder="<?cs var:Lang.Admin.Audit.action_example ?>"></div>
  <div class="field"><label for="a-from"><?cs var:Lang.Admin.Audit.from ?></label><input id="a-from" name="from" type="date" value="<?cs var:Query.from ?>"></div>
  <div class="field"><label for="a-to"><?cs var:Lang.Admin.Audit.to ?></label><input id="a-to" name="to" type="date" value="<?cs var:Query.to ?>"></div>
  <div class="field"><button type="submit"><?cs var:Lang.Admin.Audit.filter ?></button></div>
 </form>
 <table class="list audit">
  <thead><tr><th><?cs var:Lang.Admin.Audit.when ?></th><th><?cs var:Lang.Admin.Audit.who ?></th><th><?cs var:Lang.Admin.Audit.action ?></th><th><?cs var:Lang.Admin.Audit.on ?></th><th><?cs var:Lang.Admin.Audit.ip ?></th><th><?cs var:Lang.Admin.Audit.detail ?></th></tr></thead>
  <tbody><?cs each:a = Page.Rows ?><?cs if:name(a) < 100 ?><tr><td><?cs var:a.at ?></td><td><?cs var:a.actor ?></td><td><code><?cs var:a.action ?></code></td><td><?cs var:a.target ?></td><td><?cs var:a.ip ?></td><td><?cs if:subcount(a.Kv) ?><dl class="kv"><?cs each:k = a.Kv ?><dt><?cs var:k.K ?></dt><dd><?cs var:k.V ?></dd><?cs /each ?></dl><?cs elif:a.detail && a.detail != "{}" && a.detail != "null" ?><code><?cs var:a.detail ?></code><?cs /if ?></td></tr><?cs /if ?><?cs /each ?></tbody>
 </table>
 <p class="pager"><?cs if:Page.Page > 1 ?><a href="?actor=<?cs var:url_escape(Query.actor) ?>&amp;action=<?cs var:url_escape(Query.action) ?>&amp;from=<?cs var:url_escape(Query.from) ?>&amp;to=<?cs var:url_escape(Query.to) ?>&amp;page=<?cs var:Page.Page - 1 ?>">← <?cs var:Lang.Admin.newer ?></a><?cs /if ?>
 <?cs if:Page.More ?><a href="?actor=<?cs var:url_escape(Query.actor) ?>&amp;action=<?cs var:url_escape(Query.action) ?>&amp;from=<?cs var:url_escape(Query.from) ?>&amp;to=<?cs var:url_escape(Query.to) ?>&amp;page=<?cs var:Page.Page + 1 ?>"><?cs var:Lang.Admin.older ?> →</a><?cs /if ?></p>
</section>
<?cs /def ?>
