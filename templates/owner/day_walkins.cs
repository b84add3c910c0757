<?cs # day_walkins.cs: the same-day walk-in list (name, party, phone, quoted and estimated wait) with its actions; in the day sheet and on its own page. Set WalkinBack ("day" or "list") before including; its own errors are Page.WalkinErrors.* (the day sheet's Form.Errors and Query.* belong to its booking form). ?>
<?cs def:wq(v) ?><?cs if:WalkinBack == "list" ?><?cs var:v ?><?cs /if ?><?cs /def ?>
<section id="walkins" class="panel walkins">
 <h2>Walk-in list</h2>
 <?cs if:Query.walkin == "added" ?><p class="notice notice-ok no-print" role="status">Added to the list.</p>
 <?cs elif:Query.walkin == "notified" ?><p class="notice notice-ok no-print" role="status">Marked: told their table is ready.</p>
 <?cs elif:Query.walkin == "seated" ?><p class="notice notice-ok no-print" role="status">Seated as walk-in booking <a href="/owner/b/<?cs var:url_escape(Query.code) ?>"><?cs var:Query.code ?></a>.</p>
 <?cs elif:Query.walkin == "left" ?><p class="notice notice-ok no-print" role="status">Marked as left.</p>
 <?cs elif:Query.walkin == "cancelled" ?><p class="notice notice-ok no-print" role="status">Entry cancelled.</p><?cs /if ?>
 <?cs if:Page.WalkinErrors.entry ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Page.WalkinErrors.entry] ?></p><?cs /if ?>
 <?cs if:Page.WalkinErrors.table ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Page.WalkinErrors.table] ?></p><?cs /if ?>
 <?cs if:Page.WalkinToday && subcount(Page.WalkinWait) ?><p class="muted walkin-wait">Wait now, estimated: <?cs each:x = Page.WalkinWait ?><?cs if:name(x) != "0" ?> · <?cs /if ?><?cs var:x.Party ?> guests <?cs if:x.Wait >= 0 ?><strong><?cs var:x.Wait ?> min</strong><?cs else ?><strong>no table today</strong><?cs /if ?><?cs /each ?></p><?cs /if ?>
 <?cs if:subcount(Page.Walkins) ?>
 <ol class="walkin-list">
  <?cs each:e = Page.Walkins ?><li id="w-<?cs var:e.id ?>" class="walkin wl-<?cs var:e.status ?>">
   <p class="walkin-who"><strong class="walkin-name"><?cs var:e.name ?></strong> · <?cs var:e.party ?> guests<?cs if:e.phone ?> · <a href="tel:<?cs var:e.phone ?>"><?cs var:e.phone ?></a><?cs /if ?></p>
   <p class="walkin-when muted">Added <?cs var:e.added ?> · quoted <?cs var:e.quoted ?> min<?cs if:e.open == "t" ?> · waiting <?cs var:e.waited ?> min<?cs if:e.estimate >= 0 && e.estimate != "" ?> · estimate now <strong><?cs var:e.estimate ?> min</strong><?cs elif:e.estimate == "-1" ?> · no fitting table today<?cs /if ?><?cs /if ?></p>
   <p class="walkin-status"><span class="badge badge-wl-<?cs var:e.status ?>"><?cs if:e.status == "waiting" ?>Waiting<?cs elif:e.status == "notified" ?>Told: table ready <?cs var:e.notified ?><?cs elif:e.status == "seated" ?>Seated <?cs var:e.seated ?><?cs elif:e.status == "left" ?>Left<?cs else ?>Cancelled<?cs /if ?></span><?cs if:e.booking ?> <a href="/owner/b/<?cs var:url_escape(e.booking) ?>"><?cs var:e.booking ?></a><?cs if:e.table ?> · <?cs var:e.table ?><?cs /if ?><?cs /if ?></p>
   <?cs if:e.open == "t" && Page.WalkinToday ?><div class="walkin-actions no-print">
    <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/walkins/<?cs var:e.id ?>/notify" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="<?cs var:WalkinBack ?>"><button type="submit"><?cs if:e.status == "notified" ?>Table ready again<?cs else ?>Table ready<?cs /if ?></button><?cs if:!e.email ?> <span class="muted">(no email: just marked)</span><?cs /if ?></form>
    <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/walkins/<?cs var:e.id ?>/seat" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="<?cs var:WalkinBack ?>"><label class="visually-hidden" for="wt-<?cs var:e.id ?>">Table for <?cs var:e.name ?></label><select id="wt-<?cs var:e.id ?>" name="table"><option value="auto">First free table</option><?cs each:t = Page.Tables ?><option value="<?cs var:t.Id ?>"><?cs var:t.Label ?> (<?cs var:t.Seats ?>)</option><?cs /each ?></select> <button type="submit" class="button-primary">Seat</button></form>
    <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/walkins/<?cs var:e.id ?>/end" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="<?cs var:WalkinBack ?>"><input type="hidden" name="to" value="left"><button type="submit" class="link">Left</button></form>
    <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/walkins/<?cs var:e.id ?>/end" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="back" value="<?cs var:WalkinBack ?>"><input type="hidden" name="to" value="cancelled"><button type="submit" class="link">Cancel</button></form>
   </div><?cs /if ?>
  </li><?cs /each ?>
 </ol>
 <?cs else ?><p class="muted">Nobody on the walk-in list<?cs if:Page.WalkinToday ?> yet<?cs /if ?>.</p><?cs /if ?>

 <?cs if:Page.WalkinToday ?>
 <h3>Add a party</h3>
 <?cs if:Page.WalkinParty ?><p class="muted">Estimated wait for <?cs var:Page.WalkinParty ?> guests: <?cs if:Page.WalkinEstimate >= 0 ?><strong><?cs var:Page.WalkinEstimate ?> min</strong><?cs else ?><strong>no table today</strong><?cs /if ?>.</p><?cs /if ?>
 <?cs if:subcount(Page.WalkinErrors) && !Page.WalkinErrors.entry && !Page.WalkinErrors.table ?><p class="notice notice-error" role="alert">Please correct the fields marked below.</p><?cs /if ?>
 <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/walkins" class="stack grid-3 no-print" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="back" value="<?cs var:WalkinBack ?>">
  <div class="field"><label for="w-name">Name</label><input id="w-name" name="name" maxlength="100" required value="<?cs call:wq(Query.name) ?>"<?cs if:Page.WalkinErrors.name ?> aria-invalid="true"<?cs /if ?>><?cs call:field_error(Page.WalkinErrors.name) ?></div>
  <div class="field"><label for="w-party">Guests</label><input id="w-party" name="party" type="number" min="1" max="100" required value="<?cs if:WalkinBack == "list" && Query.party ?><?cs var:Query.party ?><?cs else ?>2<?cs /if ?>"<?cs if:Page.WalkinErrors.party ?> aria-invalid="true"<?cs /if ?>><?cs call:field_error(Page.WalkinErrors.party) ?></div>
  <div class="field"><label for="w-phone">Phone</label><input id="w-phone" name="phone" type="tel" maxlength="30" value="<?cs call:wq(Query.phone) ?>"<?cs if:Page.WalkinErrors.phone ?> aria-invalid="true"<?cs /if ?>><?cs call:field_error(Page.WalkinErrors.phone) ?></div>
  <div class="field"><label for="w-email">Email <span class="muted">(for "table ready")</span></label><input id="w-email" name="email" type="email" maxlength="254" value="<?cs call:wq(Query.email) ?>"<?cs if:Page.WalkinErrors.email ?> aria-invalid="true"<?cs /if ?>><?cs call:field_error(Page.WalkinErrors.email) ?></div>
  <div class="field"><label for="w-quoted">Quoted wait, minutes <span class="muted">(empty: the estimate)</span></label><input id="w-quoted" name="quoted" type="number" min="0" max="600" step="5" value="<?cs if:WalkinBack == "list" && Query.quoted ?><?cs var:Query.quoted ?><?cs elif:Page.WalkinEstimate >= 0 && Page.WalkinParty ?><?cs var:Page.WalkinEstimate ?><?cs /if ?>"<?cs if:Page.WalkinErrors.quoted ?> aria-invalid="true"<?cs /if ?>><?cs call:field_error(Page.WalkinErrors.quoted) ?></div>
  <div class="field"><button type="submit" class="button-primary">Add to the list</button></div>
 </form>
 <form method="get" action="/owner/r/<?cs var:Page.R.id ?>/walkins" class="row-form no-print">
  <label for="w-est">Estimate for</label> <input id="w-est" name="party" type="number" min="1" max="100" value="<?cs if:Page.WalkinParty ?><?cs var:Page.WalkinParty ?><?cs else ?>2<?cs /if ?>"> guests <button type="submit">Estimate</button>
 </form>
 <?cs /if ?>
</section>
