<?cs # details.cs: step two: the hold's countdown and the guest's details ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Your details" ?>
<?cs set:Page.Script = 1 ?>
<?cs def:field(name, label, type, value, auto) ?>
<div class="field">
 <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
 <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs var:value ?>" autocomplete="<?cs var:auto ?>" required<?cs if:Form.Errors[name] ?> aria-invalid="true" aria-describedby="f-<?cs var:name ?>-err"<?cs /if ?>>
 <?cs call:field_error_for("f-" + name, Form.Errors[name]) ?>
</div>
<?cs /def ?>
<?cs def:content() ?>
<section class="booking-step">
 <p class="steps">Step 2 of 3 · Your details</p>
 <h1>Table for <?cs var:Page.Rv.Party ?> at <?cs var:Page.Rv.Restaurant ?></h1>
 <p class="when"><strong><?cs call:hdate(Page.Rv.Date) ?> at <?cs var:Page.Rv.Time ?></strong> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span></p>
 <?cs if:Page.Rv.Expired ?>
 <div class="notice notice-error" role="alert">
  <p><?cs var:Lang.Error.hold_expired ?> The table was released for other guests.</p>
  <p><a class="button" href="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book">Choose a time again</a></p>
 </div>
 <?cs else ?>
 <p class="hold" data-countdown="<?cs var:Page.Rv.HoldSeconds ?>" data-again="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book">We are holding this table for you for <time class="countdown"><?cs var:#Page.Rv.HoldSeconds / 60 ?>:<?cs if:#Page.Rv.HoldSeconds % 60 < 10 ?>0<?cs /if ?><?cs var:#Page.Rv.HoldSeconds % 60 ?></time> minutes.</p>
 <?cs if:Page.Deposit.Amount ?><div class="notice deposit" id="deposit">
  <p><strong><?cs var:Page.Deposit.Required ?></strong></p>
  <p><?cs var:Page.Deposit.Terms ?> <?cs var:Page.Deposit.NoShow ?></p>
 </div><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs if:Form.Errors.email == "guest_limit" ?><?cs var:Lang.Error.guest_limit ?><?cs else ?>Please correct the fields marked below.<?cs /if ?></p><?cs /if ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/details" class="details" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <?cs call:field("name", "Name", "text", Query.name, "name") ?>
  <?cs call:field("email", "Email", "email", Query.email, "email") ?>
  <?cs call:field("phone", "Phone", "tel", Query.phone, "tel") ?>
  <div class="field">
   <label for="f-requests">Special requests <span class="muted">(optional)</span></label>
   <textarea id="f-requests" name="requests" rows="3" maxlength="500"<?cs if:Form.Errors.requests ?> aria-invalid="true" aria-describedby="f-requests-err"<?cs /if ?>><?cs var:Query.requests ?></textarea>
   <?cs call:field_error_for("f-requests", Form.Errors.requests) ?>
  </div>
  <?cs if:Page.Rv.Manual ?><p class="notice">This is a request: <?cs var:Page.Rv.Restaurant ?> confirms bookings by hand. We will email you as soon as they answer; until then the table is kept for you.</p>
  <button type="submit" class="button-primary">Send request</button><?cs else ?>
  <button type="submit" class="button-primary">Confirm booking</button><?cs /if ?>
 </form>
 <?cs /if ?>
</section>
<?cs /def ?>
