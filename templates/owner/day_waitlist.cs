<?cs # day_waitlist.cs: the day's waitlist entries and their offers, on the owner's day sheet (included from day.cs) ?>
<?cs if:subcount(Page.Waitlist) ?>
<section class="day-waitlist" id="waitlist" aria-labelledby="waitlist-h">
 <h2 id="waitlist-h"><?cs var:Lang.Owner.Waitlist.title ?></h2>
 <table class="list sheet">
  <thead><tr><th><?cs var:Lang.Owner.Waitlist.Col.joined ?></th><th><?cs var:Lang.Owner.Waitlist.Col.name ?></th><th><?cs var:Lang.Owner.Waitlist.Col.guests ?></th><th><?cs var:Lang.Owner.Waitlist.Col.window ?></th><th><?cs var:Lang.Owner.Waitlist.Col.status ?></th><th><?cs var:Lang.Owner.Waitlist.Col.offer ?></th></tr></thead>
  <tbody>
  <?cs each:e = Page.Waitlist ?><tr id="w-<?cs var:e.code ?>" class="wl-<?cs var:e.status ?>">
   <td><?cs var:e.created ?></td>
   <td><?cs var:e.name ?> <span class="muted"><?cs var:e.email ?></span></td>
   <td><?cs var:e.party ?></td>
   <td><?cs var:e.from ?>–<?cs var:e.to ?></td>
   <td><?cs if:Lang.Owner.Waitlist.Status[e.status] ?><?cs var:Lang.Owner.Waitlist.Status[e.status] ?><?cs else ?><?cs var:e.status ?><?cs /if ?><?cs if:e.offers > 0 ?> <span class="muted">(<?cs var:e.offers ?> <?cs call:plural(e.offers, Lang.Owner.Waitlist.offers) ?>)</span><?cs /if ?></td>
   <td><?cs if:e.offer_code ?><a href="/owner/b/<?cs var:e.offer_code ?>"><?cs var:e.offer_time ?> <?cs var:e.table ?></a> <span class="muted"><?cs if:e.offer_status == "held" ?><?cs var:Lang.Owner.Waitlist.held_until ?> <?cs var:e.offer_until ?><?cs elif:Lang.Owner.Waitlist.Offer[e.offer_status] ?><?cs var:Lang.Owner.Waitlist.Offer[e.offer_status] ?><?cs else ?><?cs var:e.offer_status ?><?cs /if ?></span><?cs /if ?></td>
  </tr><?cs /each ?>
  </tbody>
 </table>
</section>
<?cs /if ?>
