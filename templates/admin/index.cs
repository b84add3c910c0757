<?cs # index.cs: the admin's start: restaurants waiting for approval ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = Lang.Admin.title ?>
<?cs def:content() ?>
<section class="admin">
 <h1><?cs var:Lang.Admin.title ?></h1>
 <?cs call:admin_nav("home") ?>
 <?cs if:Page.DeadLetters > 0 ?><p class="notice notice-error"><a href="/admin/outbox?status=dead"><?cs var:Page.DeadLetters ?> <?cs call:plural(Page.DeadLetters, Lang.Admin.Home.mails) ?> <?cs var:Lang.Admin.Home.undelivered ?></a>.</p><?cs /if ?>
 <p class="notice <?cs if:Page.Payments.State == "closed" ?>notice-ok<?cs else ?>notice-error<?cs /if ?>" id="payments-breaker"><?cs var:Lang.Admin.Payments.label ?>: <?cs if:!Page.Payments.Configured ?><?cs var:Lang.Admin.Payments.not_configured ?>; <?cs /if ?><?cs if:Page.Payments.State == "closed" ?><?cs var:Lang.Admin.Payments.available ?><?cs elif:Page.Payments.State == "open" ?><?cs var:Lang.Admin.Payments.unavailable ?> <?cs var:Page.Payments.Failures ?> <?cs call:plural(Page.Payments.Failures, Lang.Admin.Payments.failures) ?>)<?cs else ?><?cs var:Lang.Admin.Payments.probing ?><?cs /if ?> <?cs var:Lang.Admin.Payments.since ?> <?cs var:Page.Payments.Since ?>; <?cs var:Lang.Admin.Payments.opened ?> <?cs var:Page.Payments.Opens ?> <?cs call:plural(Page.Payments.Opens, Lang.Admin.Payments.times) ?>.</p>
 <h2><?cs var:Lang.Admin.Home.waiting ?></h2>
 <?cs if:subcount(Page.Restaurants) ?><?cs call:restaurant_rows() ?><?cs else ?><p class="muted"><?cs var:Lang.Admin.Home.nothing ?></p><?cs /if ?>
</section>
<?cs /def ?>
