<?cs # setup.cs: everything about one restaurant that its owner sets up ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = Lang.Owner.Setup.title + " · " + Page.R.name ?>
<?cs def:text_field(id, name, label, value, max) ?>
<div class="field"><label for="<?cs var:id ?>"><?cs var:label ?></label>
 <input id="<?cs var:id ?>" name="<?cs var:name ?>" maxlength="<?cs var:max ?>" value="<?cs var:value ?>"<?cs if:Form.Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:id ?>-err"<?cs /if ?>>
 <?cs call:field_error_for(id, Form.Errors[name]) ?></div>
<?cs /def ?>
<?cs def:num_field(id, name, label, value, min, max) ?>
<div class="field"><label for="<?cs var:id ?>"><?cs var:label ?></label>
 <input id="<?cs var:id ?>" name="<?cs var:name ?>" type="number" min="<?cs var:min ?>" max="<?cs var:max ?>" value="<?cs var:value ?>"<?cs if:Form.Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:id ?>-err"<?cs /if ?>>
 <?cs call:field_error_for(id, Form.Errors[name]) ?></div>
<?cs /def ?>
<?cs def:delete_button(kind, item) ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/<?cs var:kind ?>/<?cs var:item ?>/delete" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link"><?cs var:Lang.Owner.Setup.remove ?></button></form><?cs /def ?>
<?cs def:content() ?>
<section class="owner setup">
 <h1><?cs var:Page.R.name ?> <span class="badge badge-<?cs var:Page.R.status ?>"><?cs if:Lang.RestaurantStatus[Page.R.status] ?><?cs var:Lang.RestaurantStatus[Page.R.status] ?><?cs else ?><?cs var:Page.R.status ?><?cs /if ?></span></h1>
 <?cs call:owner_nav("setup") ?>
 <?cs if:Query.saved ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Setup.saved ?></p><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs var:Lang.Owner.Common.fix_fields ?></p><?cs /if ?>

 <section id="submit" class="panel">
  <?cs if:Page.R.status == "draft" ?>
  <h2><?cs var:Lang.Owner.Setup.Submit.title ?></h2>
  <p><?cs var:Lang.Owner.Setup.Submit.intro ?></p>
  <ul class="checklist">
   <li class="<?cs if:subcount(Page.Tables) ?>done<?cs /if ?>"><?cs var:Lang.Owner.Setup.Submit.tables ?></li>
   <li class="<?cs if:subcount(Page.Hours) ?>done<?cs /if ?>"><?cs var:Lang.Owner.Setup.Submit.hours ?></li>
   <li class="<?cs if:subcount(Page.Turns) ?>done<?cs /if ?>"><?cs var:Lang.Owner.Setup.Submit.turns ?></li>
  </ul>
  <?cs call:field_error(Form.Errors.submit) ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/submit"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="button-primary"<?cs if:!Page.Ready ?> disabled<?cs /if ?>><?cs var:Lang.Owner.Setup.Submit.submit ?></button></form>
  <?cs elif:Page.R.status == "pending" ?><p><?cs var:Lang.Owner.Setup.Submit.pending ?></p>
  <?cs elif:Page.R.status == "suspended" ?><p class="notice notice-error"><?cs var:Lang.Owner.Setup.Submit.suspended ?></p>
  <?cs else ?><p><?cs var:Lang.Owner.Setup.Submit.published ?> <a href="/r/<?cs var:Page.R.slug ?>"><?cs var:"/r/" + Page.R.slug ?></a>.</p><?cs /if ?>
 </section>

 <section id="profile" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Profile.title ?></h2>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/profile" class="stack grid-2" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:text_field("p-name", "name", Lang.Owner.Setup.Profile.name, Page.R.name, 120) ?>
   <?cs call:text_field("p-cuisine", "cuisine", Lang.Owner.Setup.Profile.cuisine, Page.R.cuisine, 60) ?>
   <div class="field wide"><label for="p-desc"><?cs var:Lang.Owner.Setup.Profile.description ?></label>
    <textarea id="p-desc" name="description" maxlength="4000" rows="4"><?cs var:Page.R.description ?></textarea>
    <?cs call:field_error(Form.Errors.description) ?></div>
   <?cs call:text_field("p-address", "address", Lang.Owner.Setup.Profile.address, Page.R.address, 200) ?>
   <?cs call:text_field("p-city", "city", Lang.Owner.Setup.Profile.city, Page.R.city, 80) ?>
   <?cs call:text_field("p-postal", "postal_code", Lang.Owner.Setup.Profile.postal_code, Page.R.postal_code, 20) ?>
   <?cs call:text_field("p-country", "country", Lang.Owner.Setup.Profile.country, Page.R.country, 2) ?>
   <?cs call:text_field("p-lat", "lat", Lang.Owner.Setup.Profile.lat, Page.R.lat, 20) ?>
   <?cs call:text_field("p-lon", "lon", Lang.Owner.Setup.Profile.lon, Page.R.lon, 20) ?>
   <?cs call:text_field("p-phone", "phone", Lang.Owner.Setup.Profile.phone, Page.R.phone, 40) ?>
   <?cs call:text_field("p-email", "email", Lang.Owner.Setup.Profile.email, Page.R.email, 254) ?>
   <?cs call:text_field("p-web", "website", Lang.Owner.Setup.Profile.website, Page.R.website, 300) ?>
   <?cs call:text_field("p-tz", "timezone", Lang.Owner.Setup.Profile.timezone, Page.R.timezone, 64) ?>
   <div class="field wide"><button type="submit"><?cs var:Lang.Owner.Setup.Profile.submit ?></button></div>
  </form>
 </section>

 <section id="rules" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Rules.title ?></h2>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/rules" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="u-slot"><?cs var:Lang.Owner.Setup.Rules.slot ?></label>
    <select id="u-slot" name="slot_minutes">
     <option value="5"<?cs if:Page.R.slot_minutes == 5 ?> selected<?cs /if ?>>5 <?cs call:plural(5, Lang.Owner.Common.minutes) ?></option>
     <option value="10"<?cs if:Page.R.slot_minutes == 10 ?> selected<?cs /if ?>>10 <?cs call:plural(10, Lang.Owner.Common.minutes) ?></option>
     <option value="15"<?cs if:Page.R.slot_minutes == 15 ?> selected<?cs /if ?>>15 <?cs call:plural(15, Lang.Owner.Common.minutes) ?></option>
     <option value="20"<?cs if:Page.R.slot_minutes == 20 ?> selected<?cs /if ?>>20 <?cs call:plural(20, Lang.Owner.Common.minutes) ?></option>
     <option value="30"<?cs if:Page.R.slot_minutes == 30 ?> selected<?cs /if ?>>30 <?cs call:plural(30, Lang.Owner.Common.minutes) ?></option>
     <option value="60"<?cs if:Page.R.slot_minutes == 60 ?> selected<?cs /if ?>>60 <?cs call:plural(60, Lang.Owner.Common.minutes) ?></option>
    </select><?cs call:field_error(Form.Errors.slot_minutes) ?></div>
   <?cs call:num_field("u-notice", "min_notice_minutes", Lang.Owner.Setup.Rules.notice, Page.R.min_notice_minutes, 0, 10080) ?>
   <?cs call:num_field("u-window", "booking_window_days", Lang.Owner.Setup.Rules.window, Page.R.booking_window_days, 1, 365) ?>
   <?cs call:num_field("u-cutoff", "cancel_cutoff_minutes", Lang.Owner.Setup.Rules.cutoff, Page.R.cancel_cutoff_minutes, 0, 10080) ?>
   <?cs call:num_field("u-claim", "waitlist_claim_minutes", Lang.Owner.Setup.Rules.claim, Page.R.waitlist_claim_minutes, 5, 120) ?>
   <?cs call:num_field("u-pacing", "pacing", Lang.Owner.Setup.Rules.pacing, Page.R.pacing, 1, 1000) ?>
   <?cs call:num_field("u-party", "max_party", Lang.Owner.Setup.Rules.max_party, Page.R.max_party, 1, 100) ?>
   <?cs call:num_field("u-grace", "noshow_grace_minutes", Lang.Owner.Setup.Rules.grace, Page.R.noshow_grace_minutes, 0, 240) ?>
   <?cs call:text_field("u-rem", "reminder_hours", Lang.Owner.Setup.Rules.reminders, Page.R.reminder_hours, 30) ?>
   <div class="field"><label for="u-mode"><?cs var:Lang.Owner.Setup.Rules.confirmation ?></label>
    <select id="u-mode" name="confirmation_mode">
     <option value="auto"<?cs if:Page.R.confirmation_mode == "auto" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Rules.auto ?></option>
     <option value="manual"<?cs if:Page.R.confirmation_mode == "manual" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Rules.manual ?></option>
    </select><?cs call:field_error(Form.Errors.confirmation_mode) ?></div>
   <div class="field wide"><button type="submit"><?cs var:Lang.Owner.Setup.Rules.submit ?></button></div>
  </form>
 </section>

 <section id="hours" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Hours.title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Setup.Hours.intro ?></p>
  <?cs if:subcount(Page.Hours) ?><table class="list">
   <thead><tr><th><?cs var:Lang.Owner.Setup.Hours.day ?></th><th><?cs var:Lang.Owner.Setup.Hours.service ?></th><th><?cs var:Lang.Owner.Setup.Hours.opens ?></th><th><?cs var:Lang.Owner.Setup.Hours.closes ?></th><th></th></tr></thead>
   <tbody><?cs each:h = Page.Hours ?><tr><td><?cs var:Lang.Weekday[h.weekday] ?></td><td><?cs var:h.name ?></td><td><?cs var:h.opens ?></td><td><?cs var:h.closes ?><?cs if:h.overnight == "t" ?> <span class="muted">(<?cs var:Lang.Owner.Setup.Hours.next_day ?>)</span><?cs /if ?></td><td><?cs call:delete_button("hours", h.id) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/hours" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="h-from"><?cs var:Lang.Owner.Setup.Hours.from ?></label><select id="h-from" name="from"><?cs loop:d = 1, 7, 1 ?><option value="<?cs var:d ?>"><?cs var:Lang.Weekday[d] ?></option><?cs /loop ?></select></div>
   <div class="field"><label for="h-to"><?cs var:Lang.Owner.Setup.Hours.to ?></label><select id="h-to" name="to"><?cs loop:d = 1, 7, 1 ?><option value="<?cs var:d ?>"<?cs if:d == 7 ?> selected<?cs /if ?>><?cs var:Lang.Weekday[d] ?></option><?cs /loop ?></select><?cs call:field_error(Form.Errors.to) ?></div>
   <div class="field"><label for="h-open"><?cs var:Lang.Owner.Setup.Hours.opens ?></label><input id="h-open" name="opens" type="time" required<?cs if:Form.Errors.opens ?> aria-invalid="true" aria-describedby="h-open-err"<?cs /if ?>><?cs call:field_error_for("h-open", Form.Errors.opens) ?></div>
   <div class="field"><label for="h-close"><?cs var:Lang.Owner.Setup.Hours.closes ?></label><input id="h-close" name="closes" type="time" required<?cs if:Form.Errors.closes ?> aria-invalid="true" aria-describedby="h-close-err"<?cs /if ?>><?cs call:field_error_for("h-close", Form.Errors.closes) ?></div>
   <div class="field"><label for="h-name"><?cs var:Lang.Owner.Setup.Hours.service ?></label><input id="h-name" name="name" maxlength="40" placeholder="<?cs var:Lang.Owner.Setup.Hours.service_example ?>"></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Setup.add ?></button></div>
  </form>
 </section>

 <section id="closures" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Closures.title ?></h2>
  <?cs if:subcount(Page.Closures) ?><table class="list">
   <thead><tr><th><?cs var:Lang.Owner.Setup.Closures.from ?></th><th><?cs var:Lang.Owner.Setup.Closures.to ?></th><th><?cs var:Lang.Owner.Setup.Closures.reason ?></th><th></th></tr></thead>
   <tbody><?cs each:c = Page.Closures ?><tr><td><?cs var:c.starts_on ?></td><td><?cs var:c.ends_on ?></td><td><?cs var:c.reason ?></td><td><?cs call:delete_button("closures", c.id) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/closures" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="c-from"><?cs var:Lang.Owner.Setup.Closures.first ?></label><input id="c-from" name="starts_on" type="date" required<?cs if:Form.Errors.starts_on ?> aria-invalid="true" aria-describedby="c-from-err"<?cs /if ?>><?cs call:field_error_for("c-from", Form.Errors.starts_on) ?></div>
   <div class="field"><label for="c-to"><?cs var:Lang.Owner.Setup.Closures.last ?></label><input id="c-to" name="ends_on" type="date"<?cs if:Form.Errors.ends_on ?> aria-invalid="true" aria-describedby="c-to-err"<?cs /if ?>><?cs call:field_error_for("c-to", Form.Errors.ends_on) ?></div>
   <div class="field"><label for="c-why"><?cs var:Lang.Owner.Setup.Closures.reason ?></label><input id="c-why" name="reason" maxlength="200"></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Setup.add ?></button></div>
  </form>
 </section>

 <section id="tables" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Tables.title ?></h2>
  <?cs if:subcount(Page.Tables) ?><table class="list">
   <thead><tr><th><?cs var:Lang.Owner.Setup.Tables.table ?></th><th><?cs var:Lang.Owner.Setup.Tables.seats ?> <span class="muted">(<?cs var:Lang.Owner.Setup.Tables.seats_hint ?>)</span></th><th><?cs var:Lang.Owner.Setup.Tables.area ?></th><th><?cs var:Lang.Owner.Setup.Tables.bookable ?></th><th><?cs var:Lang.Owner.Setup.Tables.active ?></th><th><span class="visually-hidden"><?cs var:Lang.Owner.Setup.Tables.save ?></span></th><th><span class="visually-hidden"><?cs var:Lang.Owner.Setup.remove ?></span></th></tr></thead>
   <tbody><?cs each:t = Page.Tables ?><tr>
    <td><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/tables/<?cs var:t.id ?>" id="tf-<?cs var:t.id ?>" class="inline">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"></form>
     <label class="visually-hidden" for="t-l-<?cs var:t.id ?>"><?cs var:Lang.Owner.Setup.Tables.name ?></label><input id="t-l-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="label" value="<?cs var:t.label ?>" maxlength="20" size="6" class="cell-input"></td>
    <td class="nowrap"><label class="visually-hidden" for="t-a-<?cs var:t.id ?>"><?cs var:Lang.Owner.Setup.Tables.fewest ?></label><input id="t-a-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="seats_min" type="number" min="1" max="100" value="<?cs var:t.seats_min ?>" class="cell-num">–<label class="visually-hidden" for="t-b-<?cs var:t.id ?>"><?cs var:Lang.Owner.Setup.Tables.most ?></label><input id="t-b-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="seats_max" type="number" min="1" max="100" value="<?cs var:t.seats_max ?>" class="cell-num"></td>
    <td><label class="visually-hidden" for="t-r-<?cs var:t.id ?>"><?cs var:Lang.Owner.Setup.Tables.area ?></label><input id="t-r-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="area" value="<?cs var:t.area ?>" maxlength="40" size="8" class="cell-input"></td>
    <td><select name="bookable" form="tf-<?cs var:t.id ?>" aria-label="<?cs var:Lang.Owner.Setup.Tables.bookable ?>"><option value="online"<?cs if:t.bookable == "online" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Tables.Bookable.online ?></option><option value="in_house"<?cs if:t.bookable == "in_house" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Tables.Bookable.in_house ?></option><option value="walk_in"<?cs if:t.bookable == "walk_in" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Tables.Bookable.walk_in ?></option></select></td>
    <td><input type="checkbox" name="active" value="1" form="tf-<?cs var:t.id ?>" aria-label="<?cs var:Lang.Owner.Setup.Tables.active ?>"<?cs if:t.active == "t" ?> checked<?cs /if ?>></td>
    <td><button type="submit" form="tf-<?cs var:t.id ?>"><?cs var:Lang.Owner.Setup.Tables.save ?></button></td>
    <td><?cs call:delete_button("tables", t.id) ?></td>
   </tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/tables" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="t-label"><?cs var:Lang.Owner.Setup.Tables.table ?></label><input id="t-label" name="label" maxlength="20" required<?cs if:Form.Errors.label ?> aria-invalid="true" aria-describedby="t-label-err"<?cs /if ?>><?cs call:field_error_for("t-label", Form.Errors.label) ?></div>
   <div class="field"><label for="t-min"><?cs var:Lang.Owner.Setup.Tables.fewest ?></label><input id="t-min" name="seats_min" type="number" min="1" max="100" value="1"><?cs call:field_error(Form.Errors.seats_min) ?></div>
   <div class="field"><label for="t-max"><?cs var:Lang.Owner.Setup.Tables.most ?></label><input id="t-max" name="seats_max" type="number" min="1" max="100" value="4"><?cs call:field_error(Form.Errors.seats_max) ?></div>
   <div class="field"><label for="t-area"><?cs var:Lang.Owner.Setup.Tables.area ?></label><input id="t-area" name="area" maxlength="40" placeholder="<?cs var:Lang.Owner.Setup.Tables.area_example ?>"></div>
   <div class="field"><label for="t-book"><?cs var:Lang.Owner.Setup.Tables.bookable ?></label><select id="t-book" name="bookable"><option value="online"><?cs var:Lang.Owner.Setup.Tables.Bookable.online ?></option><option value="in_house"><?cs var:Lang.Owner.Setup.Tables.Bookable.in_house ?></option><option value="walk_in"><?cs var:Lang.Owner.Setup.Tables.Bookable.walk_in ?></option></select></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Setup.add ?></button></div>
  </form>
 </section>

 <section id="turn-times" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Turns.title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Setup.Turns.intro ?></p>
  <?cs if:subcount(Page.Turns) ?><table class="list">
   <thead><tr><th><?cs var:Lang.Owner.Setup.Turns.party ?></th><th><?cs var:Lang.Owner.Setup.Turns.minutes ?></th><th></th></tr></thead>
   <tbody><?cs each:u = Page.Turns ?><tr><td><?cs var:u.party_min ?>–<?cs var:u.party_max ?></td><td><?cs var:u.minutes ?></td><td><?cs call:delete_button("turn-times", u.party_min) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/turn-times" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="u-min"><?cs var:Lang.Owner.Setup.Turns.from ?></label><input id="u-min" name="party_min" type="number" min="1" max="100" required<?cs if:Form.Errors.party_min ?> aria-invalid="true" aria-describedby="u-min-err"<?cs /if ?>><?cs call:field_error_for("u-min", Form.Errors.party_min) ?></div>
   <div class="field"><label for="u-max"><?cs var:Lang.Owner.Setup.Turns.to ?></label><input id="u-max" name="party_max" type="number" min="1" max="100" required><?cs call:field_error(Form.Errors.party_max) ?></div>
   <div class="field"><label for="u-minutes"><?cs var:Lang.Owner.Setup.Turns.minutes ?></label><input id="u-minutes" name="minutes" type="number" min="15" max="720" step="5" required><?cs call:field_error(Form.Errors.minutes) ?></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Setup.add ?></button></div>
  </form>
 </section>

 <section id="deposit" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Deposit.title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Setup.Deposit.intro ?></p>
  <?cs if:Query.saved == "deposit" ?><p class="notice notice-ok" role="status"><?cs var:Lang.Owner.Setup.Deposit.saved ?></p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/deposit" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="d-kind"><?cs var:Lang.Owner.Setup.Deposit.kind ?></label>
    <select id="d-kind" name="kind"<?cs if:Form.Errors.kind ?> aria-invalid="true" aria-describedby="d-kind-err"<?cs /if ?>>
     <option value="none"<?cs if:Page.Deposit.kind == "none" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Deposit.Kind.none ?></option>
     <option value="per_guest"<?cs if:Page.Deposit.kind == "per_guest" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Deposit.Kind.per_guest ?></option>
     <option value="per_booking"<?cs if:Page.Deposit.kind == "per_booking" ?> selected<?cs /if ?>><?cs var:Lang.Owner.Setup.Deposit.Kind.per_booking ?></option>
    </select><?cs call:field_error_for("d-kind", Form.Errors.kind) ?></div>
   <?cs call:text_field("d-amount", "amount", Lang.Owner.Setup.Deposit.amount, Page.Deposit.amount, 24) ?>
   <div class="field"><label for="d-cur"><?cs var:Lang.Owner.Setup.Deposit.currency ?></label>
    <select id="d-cur" name="currency"<?cs if:Form.Errors.currency ?> aria-invalid="true" aria-describedby="d-cur-err"<?cs /if ?>><?cs each:c = Page.Currencies ?>
     <option value="<?cs var:c ?>"<?cs if:Page.Deposit.currency == c ?> selected<?cs /if ?>><?cs var:c ?></option><?cs /each ?>
    </select><?cs call:field_error_for("d-cur", Form.Errors.currency) ?></div>
   <?cs call:num_field("d-party", "min_party", Lang.Owner.Setup.Deposit.min_party, Page.Deposit.min_party, 1, 100) ?>
   <fieldset class="field wide"><legend><?cs var:Lang.Owner.Setup.Deposit.days ?></legend>
    <?cs loop:d = 1, 7, 1 ?><label class="check"><input type="checkbox" name="weekday_<?cs var:d ?>" value="1"<?cs if:Page.Deposit["weekday_" + d] == 1 ?> checked<?cs /if ?>> <?cs var:Lang.Weekday[d] ?></label> <?cs /loop ?>
   </fieldset>
   <div class="field wide"><label for="d-services"><?cs var:Lang.Owner.Setup.Deposit.services ?></label>
    <input id="d-services" name="services" maxlength="336" value="<?cs var:Page.Deposit.services ?>"<?cs if:Form.Errors.services ?> aria-invalid="true" aria-describedby="d-services-err"<?cs /if ?>>
    <?cs if:subcount(Page.ServiceNames) ?><p class="muted"><?cs var:Lang.Owner.Setup.Deposit.your_services ?> <?cs each:n = Page.ServiceNames ?><?cs if:name(n) != "0" ?>, <?cs /if ?><?cs var:n ?><?cs /each ?></p><?cs /if ?>
    <?cs call:field_error_for("d-services", Form.Errors.services) ?></div>
   <div class="field wide"><label for="d-dates"><?cs var:Lang.Owner.Setup.Deposit.dates ?></label>
    <textarea id="d-dates" name="dates" rows="3"<?cs if:Form.Errors.dates ?> aria-invalid="true" aria-describedby="d-dates-err"<?cs /if ?>><?cs var:Page.Deposit.dates ?></textarea>
    <?cs call:field_error_for("d-dates", Form.Errors.dates) ?></div>
   <?cs call:num_field("d-hours", "refund_hours", Lang.Owner.Setup.Deposit.refund_hours, Page.Deposit.refund_hours, 0, 8760) ?>
   <?cs call:num_field("d-pct", "late_refund_percent", Lang.Owner.Setup.Deposit.late_refund, Page.Deposit.late_refund_percent, 0, 100) ?>
   <div class="field wide"><button type="submit"><?cs var:Lang.Owner.Setup.Deposit.submit ?></button></div>
  </form>
 </section>

 <section id="webhooks" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Webhooks.title ?></h2>
  <p class="muted"><?cs var:Lang.Owner.Setup.Webhooks.intro ?></p>
  <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks"><?cs var:Lang.Owner.Setup.Webhooks.manage ?></a></p>
 </section>

 <section id="photos" class="panel">
  <h2><?cs var:Lang.Owner.Setup.Photos.title ?></h2>
  <?cs if:subcount(Page.Photos) ?><ul class="photos"><?cs each:p = Page.Photos ?><li><img src="/media/<?cs var:p.file ?>" alt="<?cs var:p.caption ?>" width="160" height="120"><br><?cs var:p.caption ?> <?cs call:delete_button("photos", p.id) ?></li><?cs /each ?></ul><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/photos" enctype="multipart/form-data" class="stack row">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="f-photo"><?cs var:Lang.Owner.Setup.Photos.file ?></label><input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required<?cs if:Form.Errors.photo ?> aria-invalid="true" aria-describedby="f-photo-err"<?cs /if ?>><?cs call:field_error_for("f-photo", Form.Errors.photo) ?></div>
   <div class="field"><label for="f-cap"><?cs var:Lang.Owner.Setup.Photos.caption ?></label><input id="f-cap" name="caption" maxlength="200"></div>
   <div class="field"><button type="submit"><?cs var:Lang.Owner.Setup.Photos.submit ?></button></div>
  </form>
 </section>
</section>
<?cs /def ?>
