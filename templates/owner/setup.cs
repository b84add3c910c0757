<?cs # setup.cs: everything about one restaurant that its owner sets up ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = "Set-up · " + Page.R.name ?>
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
<?cs def:delete_button(kind, item) ?><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/<?cs var:kind ?>/<?cs var:item ?>/delete" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link">Remove</button></form><?cs /def ?>
<?cs def:content() ?>
<section class="owner setup">
 <h1><?cs var:Page.R.name ?> <span class="badge badge-<?cs var:Page.R.status ?>"><?cs if:Lang.RestaurantStatus[Page.R.status] ?><?cs var:Lang.RestaurantStatus[Page.R.status] ?><?cs else ?><?cs var:Page.R.status ?><?cs /if ?></span></h1>
 <?cs call:owner_nav("setup") ?>
 <?cs if:Query.saved ?><p class="notice notice-ok" role="status">Saved.</p><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert">Please correct the fields marked below.</p><?cs /if ?>

 <section id="submit" class="panel">
  <?cs if:Page.R.status == "draft" ?>
  <h2>Publish</h2>
  <p>When the restaurant has its tables, opening hours and turn times, send it for approval. An administrator checks it, and then guests can find and book it.</p>
  <ul class="checklist">
   <li class="<?cs if:subcount(Page.Tables) ?>done<?cs /if ?>">Tables</li>
   <li class="<?cs if:subcount(Page.Hours) ?>done<?cs /if ?>">Opening hours</li>
   <li class="<?cs if:subcount(Page.Turns) ?>done<?cs /if ?>">Turn times</li>
  </ul>
  <?cs call:field_error(Form.Errors.submit) ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/submit"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="button-primary"<?cs if:!Page.Ready ?> disabled<?cs /if ?>>Submit for approval</button></form>
  <?cs elif:Page.R.status == "pending" ?><p>Submitted: an administrator will approve it shortly. You can keep editing meanwhile.</p>
  <?cs elif:Page.R.status == "suspended" ?><p class="notice notice-error">This restaurant is suspended and not shown to guests. Contact the platform's administrators.</p>
  <?cs else ?><p>Published at <a href="/r/<?cs var:Page.R.slug ?>">/r/<?cs var:Page.R.slug ?></a>.</p><?cs /if ?>
 </section>

 <section id="profile" class="panel">
  <h2>Profile</h2>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/profile" class="stack grid-2" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <?cs call:text_field("p-name", "name", "Name", Page.R.name, 120) ?>
   <?cs call:text_field("p-cuisine", "cuisine", "Cuisine", Page.R.cuisine, 60) ?>
   <div class="field wide"><label for="p-desc">Description</label>
    <textarea id="p-desc" name="description" maxlength="4000" rows="4"><?cs var:Page.R.description ?></textarea>
    <?cs call:field_error(Form.Errors.description) ?></div>
   <?cs call:text_field("p-address", "address", "Street address", Page.R.address, 200) ?>
   <?cs call:text_field("p-city", "city", "City", Page.R.city, 80) ?>
   <?cs call:text_field("p-postal", "postal_code", "Postal code", Page.R.postal_code, 20) ?>
   <?cs call:text_field("p-country", "country", "Country (two letters)", Page.R.country, 2) ?>
   <?cs call:text_field("p-lat", "lat", "Latitude", Page.R.lat, 20) ?>
   <?cs call:text_field("p-lon", "lon", "Longitude", Page.R.lon, 20) ?>
   <?cs call:text_field("p-phone", "phone", "Phone", Page.R.phone, 40) ?>
   <?cs call:text_field("p-email", "email", "Email for booking alerts", Page.R.email, 254) ?>
   <?cs call:text_field("p-web", "website", "Website", Page.R.website, 300) ?>
   <?cs call:text_field("p-tz", "timezone", "Time zone", Page.R.timezone, 64) ?>
   <div class="field wide"><button type="submit">Save the profile</button></div>
  </form>
 </section>

 <section id="rules" class="panel">
  <h2>Booking rules</h2>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/rules" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="u-slot">Time slots every</label>
    <select id="u-slot" name="slot_minutes">
     <option value="5"<?cs if:Page.R.slot_minutes == 5 ?> selected<?cs /if ?>>5 minutes</option>
     <option value="10"<?cs if:Page.R.slot_minutes == 10 ?> selected<?cs /if ?>>10 minutes</option>
     <option value="15"<?cs if:Page.R.slot_minutes == 15 ?> selected<?cs /if ?>>15 minutes</option>
     <option value="20"<?cs if:Page.R.slot_minutes == 20 ?> selected<?cs /if ?>>20 minutes</option>
     <option value="30"<?cs if:Page.R.slot_minutes == 30 ?> selected<?cs /if ?>>30 minutes</option>
     <option value="60"<?cs if:Page.R.slot_minutes == 60 ?> selected<?cs /if ?>>60 minutes</option>
    </select><?cs call:field_error(Form.Errors.slot_minutes) ?></div>
   <?cs call:num_field("u-notice", "min_notice_minutes", "Minimum notice (minutes)", Page.R.min_notice_minutes, 0, 10080) ?>
   <?cs call:num_field("u-window", "booking_window_days", "Bookable up to (days ahead)", Page.R.booking_window_days, 1, 365) ?>
   <?cs call:num_field("u-cutoff", "cancel_cutoff_minutes", "Online changes until (minutes before)", Page.R.cancel_cutoff_minutes, 0, 10080) ?>
   <?cs call:num_field("u-claim", "waitlist_claim_minutes", "Waitlist: minutes to claim a freed table", Page.R.waitlist_claim_minutes, 5, 120) ?>
   <?cs call:num_field("u-pacing", "pacing", "Most covers starting per slot (empty: no limit)", Page.R.pacing, 1, 1000) ?>
   <?cs call:num_field("u-party", "max_party", "Largest party online", Page.R.max_party, 1, 100) ?>
   <?cs call:num_field("u-grace", "noshow_grace_minutes", "No-show after (minutes late)", Page.R.noshow_grace_minutes, 0, 240) ?>
   <?cs call:text_field("u-rem", "reminder_hours", "Reminders (hours before, e.g. 24,2)", Page.R.reminder_hours, 30) ?>
   <div class="field"><label for="u-mode">Confirmation</label>
    <select id="u-mode" name="confirmation_mode">
     <option value="auto"<?cs if:Page.R.confirmation_mode == "auto" ?> selected<?cs /if ?>>Instant</option>
     <option value="manual"<?cs if:Page.R.confirmation_mode == "manual" ?> selected<?cs /if ?>>I accept each request</option>
    </select><?cs call:field_error(Form.Errors.confirmation_mode) ?></div>
   <div class="field wide"><button type="submit">Save the rules</button></div>
  </form>
 </section>

 <section id="hours" class="panel">
  <h2>Opening hours</h2>
  <p class="muted">One line per service. A service that closes at or before it opens runs past midnight.</p>
  <?cs if:subcount(Page.Hours) ?><table class="list">
   <thead><tr><th>Day</th><th>Service</th><th>Opens</th><th>Closes</th><th></th></tr></thead>
   <tbody><?cs each:h = Page.Hours ?><tr><td><?cs var:Lang.Weekday[h.weekday] ?></td><td><?cs var:h.name ?></td><td><?cs var:h.opens ?></td><td><?cs var:h.closes ?><?cs if:h.overnight == "t" ?> <span class="muted">(next day)</span><?cs /if ?></td><td><?cs call:delete_button("hours", h.id) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/hours" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="h-from">From</label><select id="h-from" name="from"><?cs loop:d = 1, 7, 1 ?><option value="<?cs var:d ?>"><?cs var:Lang.Weekday[d] ?></option><?cs /loop ?></select></div>
   <div class="field"><label for="h-to">to</label><select id="h-to" name="to"><?cs loop:d = 1, 7, 1 ?><option value="<?cs var:d ?>"<?cs if:d == 7 ?> selected<?cs /if ?>><?cs var:Lang.Weekday[d] ?></option><?cs /loop ?></select><?cs call:field_error(Form.Errors.to) ?></div>
   <div class="field"><label for="h-open">Opens</label><input id="h-open" name="opens" type="time" required<?cs if:Form.Errors.opens ?> aria-invalid="true" aria-describedby="h-open-err"<?cs /if ?>><?cs call:field_error_for("h-open", Form.Errors.opens) ?></div>
   <div class="field"><label for="h-close">Closes</label><input id="h-close" name="closes" type="time" required<?cs if:Form.Errors.closes ?> aria-invalid="true" aria-describedby="h-close-err"<?cs /if ?>><?cs call:field_error_for("h-close", Form.Errors.closes) ?></div>
   <div class="field"><label for="h-name">Service</label><input id="h-name" name="name" maxlength="40" placeholder="Dinner"></div>
   <div class="field"><button type="submit">Add</button></div>
  </form>
 </section>

 <section id="closures" class="panel">
  <h2>Closures</h2>
  <?cs if:subcount(Page.Closures) ?><table class="list">
   <thead><tr><th>From</th><th>To</th><th>Reason</th><th></th></tr></thead>
   <tbody><?cs each:c = Page.Closures ?><tr><td><?cs var:c.starts_on ?></td><td><?cs var:c.ends_on ?></td><td><?cs var:c.reason ?></td><td><?cs call:delete_button("closures", c.id) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/closures" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="c-from">First day</label><input id="c-from" name="starts_on" type="date" required<?cs if:Form.Errors.starts_on ?> aria-invalid="true" aria-describedby="c-from-err"<?cs /if ?>><?cs call:field_error_for("c-from", Form.Errors.starts_on) ?></div>
   <div class="field"><label for="c-to">Last day</label><input id="c-to" name="ends_on" type="date"<?cs if:Form.Errors.ends_on ?> aria-invalid="true" aria-describedby="c-to-err"<?cs /if ?>><?cs call:field_error_for("c-to", Form.Errors.ends_on) ?></div>
   <div class="field"><label for="c-why">Reason</label><input id="c-why" name="reason" maxlength="200"></div>
   <div class="field"><button type="submit">Add</button></div>
  </form>
 </section>

 <section id="tables" class="panel">
  <h2>Tables</h2>
  <?cs if:subcount(Page.Tables) ?><table class="list">
   <thead><tr><th>Table</th><th>Seats <span class="muted">(fewest–most)</span></th><th>Area</th><th>Bookable</th><th>In use</th><th><span class="visually-hidden">Save</span></th><th><span class="visually-hidden">Remove</span></th></tr></thead>
   <tbody><?cs each:t = Page.Tables ?><tr>
    <td><form method="post" action="/owner/r/<?cs var:Page.R.id ?>/tables/<?cs var:t.id ?>" id="tf-<?cs var:t.id ?>" class="inline">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"></form>
     <label class="visually-hidden" for="t-l-<?cs var:t.id ?>">Name</label><input id="t-l-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="label" value="<?cs var:t.label ?>" maxlength="20" size="6" class="cell-input"></td>
    <td class="nowrap"><label class="visually-hidden" for="t-a-<?cs var:t.id ?>">Fewest seats</label><input id="t-a-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="seats_min" type="number" min="1" max="100" value="<?cs var:t.seats_min ?>" class="cell-num">–<label class="visually-hidden" for="t-b-<?cs var:t.id ?>">Most seats</label><input id="t-b-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="seats_max" type="number" min="1" max="100" value="<?cs var:t.seats_max ?>" class="cell-num"></td>
    <td><label class="visually-hidden" for="t-r-<?cs var:t.id ?>">Area</label><input id="t-r-<?cs var:t.id ?>" form="tf-<?cs var:t.id ?>" name="area" value="<?cs var:t.area ?>" maxlength="40" size="8" class="cell-input"></td>
    <td><select name="bookable" form="tf-<?cs var:t.id ?>" aria-label="Bookable"><option value="online"<?cs if:t.bookable == "online" ?> selected<?cs /if ?>>online</option><option value="in_house"<?cs if:t.bookable == "in_house" ?> selected<?cs /if ?>>in-house only</option><option value="walk_in"<?cs if:t.bookable == "walk_in" ?> selected<?cs /if ?>>walk-ins only</option></select></td>
    <td><input type="checkbox" name="active" value="1" form="tf-<?cs var:t.id ?>" aria-label="In use"<?cs if:t.active == "t" ?> checked<?cs /if ?>></td>
    <td><button type="submit" form="tf-<?cs var:t.id ?>">Save</button></td>
    <td><?cs call:delete_button("tables", t.id) ?></td>
   </tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/tables" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="t-label">Table</label><input id="t-label" name="label" maxlength="20" required<?cs if:Form.Errors.label ?> aria-invalid="true" aria-describedby="t-label-err"<?cs /if ?>><?cs call:field_error_for("t-label", Form.Errors.label) ?></div>
   <div class="field"><label for="t-min">Fewest seats</label><input id="t-min" name="seats_min" type="number" min="1" max="100" value="1"><?cs call:field_error(Form.Errors.seats_min) ?></div>
   <div class="field"><label for="t-max">Most seats</label><input id="t-max" name="seats_max" type="number" min="1" max="100" value="4"><?cs call:field_error(Form.Errors.seats_max) ?></div>
   <div class="field"><label for="t-area">Area</label><input id="t-area" name="area" maxlength="40" placeholder="Terrace"></div>
   <div class="field"><label for="t-book">Bookable</label><select id="t-book" name="bookable"><option value="online">online</option><option value="in_house">in-house only</option><option value="walk_in">walk-ins only</option></select></div>
   <div class="field"><button type="submit">Add</button></div>
  </form>
 </section>

 <section id="turn-times" class="panel">
  <h2>Turn times</h2>
  <p class="muted">How long a party of each size keeps its table.</p>
  <?cs if:subcount(Page.Turns) ?><table class="list">
   <thead><tr><th>Party</th><th>Minutes</th><th></th></tr></thead>
   <tbody><?cs each:u = Page.Turns ?><tr><td><?cs var:u.party_min ?>–<?cs var:u.party_max ?></td><td><?cs var:u.minutes ?></td><td><?cs call:delete_button("turn-times", u.party_min) ?></td></tr><?cs /each ?></tbody>
  </table><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/turn-times" class="stack row" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="u-min">Party from</label><input id="u-min" name="party_min" type="number" min="1" max="100" required<?cs if:Form.Errors.party_min ?> aria-invalid="true" aria-describedby="u-min-err"<?cs /if ?>><?cs call:field_error_for("u-min", Form.Errors.party_min) ?></div>
   <div class="field"><label for="u-max">to</label><input id="u-max" name="party_max" type="number" min="1" max="100" required><?cs call:field_error(Form.Errors.party_max) ?></div>
   <div class="field"><label for="u-minutes">Minutes</label><input id="u-minutes" name="minutes" type="number" min="15" max="720" step="5" required><?cs call:field_error(Form.Errors.minutes) ?></div>
   <div class="field"><button type="submit">Add</button></div>
  </form>
 </section>

 <section id="deposit" class="panel">
  <h2>Deposit</h2>
  <p class="muted">Ask a deposit of large parties or on busy evenings. Guests see the amount and your refund terms before they confirm. A no-show keeps the deposit. Taking the payment online is the next step; for now guests only see the terms.</p>
  <?cs if:Query.saved == "deposit" ?><p class="notice notice-ok" role="status">Deposit policy saved.</p><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/deposit" class="stack grid-3" novalidate>
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="d-kind">Deposit</label>
    <select id="d-kind" name="kind"<?cs if:Form.Errors.kind ?> aria-invalid="true" aria-describedby="d-kind-err"<?cs /if ?>>
     <option value="none"<?cs if:Page.Deposit.kind == "none" ?> selected<?cs /if ?>>None</option>
     <option value="per_guest"<?cs if:Page.Deposit.kind == "per_guest" ?> selected<?cs /if ?>>An amount per guest</option>
     <option value="per_booking"<?cs if:Page.Deposit.kind == "per_booking" ?> selected<?cs /if ?>>A flat amount per booking</option>
    </select><?cs call:field_error_for("d-kind", Form.Errors.kind) ?></div>
   <?cs call:text_field("d-amount", "amount", "Amount (e.g. 25.00)", Page.Deposit.amount, 24) ?>
   <div class="field"><label for="d-cur">Currency</label>
    <select id="d-cur" name="currency"<?cs if:Form.Errors.currency ?> aria-invalid="true" aria-describedby="d-cur-err"<?cs /if ?>><?cs each:c = Page.Currencies ?>
     <option value="<?cs var:c ?>"<?cs if:Page.Deposit.currency == c ?> selected<?cs /if ?>><?cs var:c ?></option><?cs /each ?>
    </select><?cs call:field_error_for("d-cur", Form.Errors.currency) ?></div>
   <?cs call:num_field("d-party", "min_party", "For parties of at least", Page.Deposit.min_party, 1, 100) ?>
   <fieldset class="field wide"><legend>On these days</legend>
    <?cs loop:d = 1, 7, 1 ?><label class="check"><input type="checkbox" name="weekday_<?cs var:d ?>" value="1"<?cs if:Page.Deposit["weekday_" + d] == 1 ?> checked<?cs /if ?>> <?cs var:Lang.Weekday[d] ?></label> <?cs /loop ?>
   </fieldset>
   <div class="field wide"><label for="d-services">Services (comma-separated; empty for every service)</label>
    <input id="d-services" name="services" maxlength="336" value="<?cs var:Page.Deposit.services ?>"<?cs if:Form.Errors.services ?> aria-invalid="true" aria-describedby="d-services-err"<?cs /if ?>>
    <?cs if:subcount(Page.ServiceNames) ?><p class="muted">Your services: <?cs each:n = Page.ServiceNames ?><?cs if:name(n) != "0" ?>, <?cs /if ?><?cs var:n ?><?cs /each ?></p><?cs /if ?>
    <?cs call:field_error_for("d-services", Form.Errors.services) ?></div>
   <div class="field wide"><label for="d-dates">Also on these dates, every service (YYYY-MM-DD, one per line)</label>
    <textarea id="d-dates" name="dates" rows="3"<?cs if:Form.Errors.dates ?> aria-invalid="true" aria-describedby="d-dates-err"<?cs /if ?>><?cs var:Page.Deposit.dates ?></textarea>
    <?cs call:field_error_for("d-dates", Form.Errors.dates) ?></div>
   <?cs call:num_field("d-hours", "refund_hours", "Full refund until (hours before)", Page.Deposit.refund_hours, 0, 8760) ?>
   <?cs call:num_field("d-pct", "late_refund_percent", "After that, refund (%)", Page.Deposit.late_refund_percent, 0, 100) ?>
   <div class="field wide"><button type="submit">Save the deposit policy</button></div>
  </form>
 </section>

 <section id="webhooks" class="panel">
  <h2>Webhooks</h2>
  <p class="muted">Send each booking, review and payment event to your own systems (a POS, a CRM, messaging) as a signed request.</p>
  <p><a href="/owner/r/<?cs var:Page.R.id ?>/webhooks">Manage webhook endpoints</a></p>
 </section>

 <section id="photos" class="panel">
  <h2>Photos</h2>
  <?cs if:subcount(Page.Photos) ?><ul class="photos"><?cs each:p = Page.Photos ?><li><img src="/media/<?cs var:p.file ?>" alt="<?cs var:p.caption ?>" width="160" height="120"><br><?cs var:p.caption ?> <?cs call:delete_button("photos", p.id) ?></li><?cs /each ?></ul><?cs /if ?>
  <form method="post" action="/owner/r/<?cs var:Page.R.id ?>/photos" enctype="multipart/form-data" class="stack row">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <div class="field"><label for="f-photo">JPEG, PNG or WebP, up to 1 MB</label><input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required<?cs if:Form.Errors.photo ?> aria-invalid="true" aria-describedby="f-photo-err"<?cs /if ?>><?cs call:field_error_for("f-photo", Form.Errors.photo) ?></div>
   <div class="field"><label for="f-cap">Caption</label><input id="f-cap" name="caption" maxlength="200"></div>
   <div class="field"><button type="submit">Upload</button></div>
  </form>
 </section>
</section>
<?cs /def ?>
