<?cs # index.cs: the admin's start: restaurants waiting for approval ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"admin/nav.cs" ?>
<?cs set:Page.Title = "Administration" ?>
<?cs def:content() ?>
<section class="admin">
 <h1>Administration</h1>
 <?cs call:admin_nav("home") ?>
 <?cs if:Page.DeadLetters > 0 ?><p class="notice notice-error"><a href="/admin/outbox?status=dead"><?cs var:Page.DeadLetters ?> mail<?cs if:Page.DeadLetters != 1 ?>s<?cs /if ?> could not be delivered</a>.</p><?cs /if ?>
 <p class="notice <?cs if:Page.Payments.State == "closed" ?>notice-ok<?cs else ?>notice-error<?cs /if ?>" id="payments-breaker">Payment gateway: <?cs if:!Page.Payments.Configured ?>not configured; <?cs /if ?><?cs if:Page.Payments.State == "closed" ?>available (breaker closed)<?cs elif:Page.Payments.State == "open" ?>unavailable (breaker open after <?cs var:Page.Payments.Failures ?> failures)<?cs else ?>probing (breaker half-open)<?cs /if ?> since <?cs var:Page.Payments.Since ?>; opened <?cs var:Page.Payments.Opens ?> time<?cs if:Page.Payments.Opens != 1 ?>s<?cs /if ?> since the start.</p>
 <h2>Waiting for approval</h2>
 <?cs if:subcount(Page.Restaurants) ?><?cs call:restaurant_rows() ?><?cs else ?><p class="muted">Nothing waits for approval.</p><?cs /if ?>
</section>
<?cs /def ?>
