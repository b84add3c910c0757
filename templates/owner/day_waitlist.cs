<?cs # day_waitlist.cs: the day's waitlist entries and their offers, on the owner's day sheet (included from day.cs) ?>
<?cs if:subcount(Page.Waitlist) ?>
<section class="day-waitlist" id="waitlist" aria-labelledby="waitlist-h">
 <h2 id="waitlist-h">Waitlist</h2>
 <table class="sheet">
  <thead><tr><th>Joined</th><th>Name</th><th>Guests</th><th>Window</th><th>Status</th><th>Offer</th></tr></thead>
  <tbody>
  <?cs each:e = Page.Waitlist ?><tr id="w-<?cs var:e.code ?>" class="wl-<?cs var:e.status ?>">
   <td><?cs var:e.created ?></td>
   <td><?cs var:e.name ?> <span class="muted"><?cs var:e.email ?></span></td>
   <td><?cs var:e.party ?></td>
   <td><?cs var:e.from ?>–<?cs var:e.to ?></td>
   <td><?cs var:e.status ?><?cs if:e.offers > 0 ?> <span class="muted">(<?cs var:e.offers ?> offer<?cs if:e.offers > 1 ?>s<?cs /if ?>)</span><?cs /if ?></td>
   <td><?cs if:e.offer_code ?><a href="/owner/b/<?cs var:e.offer_code ?>"><?cs var:e.offer_time ?> <?cs var:e.table ?></a> <span class="muted"><?cs if:e.offer_status == "held" ?>held until <?cs var:e.offer_until ?><?cs else ?><?cs var:e.offer_status ?><?cs /if ?></span><?cs /if ?></td>
  </tr><?cs /each ?>
  </tbody>
 </table>
</section>
<?cs /if ?>
