<?cs # details.cs: step two: the hold's countdown and the guest's details ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Diner.Details.title ?>
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
 <p class="steps"><?cs var:Lang.Diner.Details.step ?></p>
 <h1><?cs var:Lang.Diner.Details.table_for ?> <?cs var:Page.Rv.Party ?><?cs if:Lang.Diner.Details.Persons.one ?> <?cs call:plural(Page.Rv.Party, Lang.Diner.Details.Persons) ?><?cs /if ?> <?cs var:Lang.Diner.Details.table_at ?> <?cs var:Page.Rv.Restaurant ?></h1>
 <p class="when"><strong><?cs call:hdate(Page.Rv.Date) ?> <?cs var:Lang.Diner.Common.at ?> <?cs var:Page.Rv.Time ?></strong> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span></p>
 <?cs if:Page.Rv.Expired ?>
 <div class="notice notice-error" role="alert">
  <p><?cs var:Lang.Error.hold_expired ?> <?cs var:Lang.Diner.Details.released ?></p>
  <p><a class="button" href="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book"><?cs var:Lang.Diner.Common.choose_again ?></a></p>
 </div>
 <?cs else ?>
 <p class="hold" data-countdown="<?cs var:Page.Rv.HoldSeconds ?>" data-again="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book"><?cs var:Lang.Diner.Details.holding_before ?> <time class="countdown"><?cs var:#Page.Rv.HoldSeconds / 60 ?>:<?cs if:#Page.Rv.HoldSeconds % 60 < 10 ?>0<?cs /if ?><?cs var:#Page.Rv.HoldSeconds % 60 ?></time> <?cs var:Lang.Diner.Details.holding_after ?></p>
 <?cs if:Page.Deposit.Amount ?><div class="notice deposit" id="deposit">
  <p><strong><?cs var:Page.Deposit.Required ?></strong></p>
  <p><?cs var:Page.Deposit.Terms ?> <?cs var:Page.Deposit.NoShow ?></p>
 </div><?cs /if ?>
 <?cs if:subcount(Form.Errors) ?><p class="notice notice-error" role="alert"><?cs if:Form.Errors.email == "guest_limit" ?><?cs var:Lang.Error.guest_limit ?><?cs else ?><?cs var:Lang.Diner.Details.fix_fields ?><?cs /if ?></p><?cs /if ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/details" class="details" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <?cs call:field("name", Lang.Diner.Details.name, "text", Query.name, "name") ?>
  <?cs call:field("email", Lang.Diner.Details.email, "email", Query.email, "email") ?>
  <?cs call:field("phone", Lang.Diner.Details.phone, "tel", Query.phone, "tel") ?>
  <div class="field">
   <label for="f-requests"><?cs var:Lang.Diner.Details.requests ?> <span class="muted"><?cs var:Lang.Diner.Common.optional ?></span></label>
   <textarea id="f-requests" name="requests" rows="3" maxlength="500"<?cs if:Form.Errors.requests ?> aria-invalid="true" aria-describedby="f-requests-err"<?cs /if ?>><?cs var:Query.requests ?></textarea>
   <?cs call:field_error_for("f-requests", Form.Errors.requests) ?>
  </div>
  <?cs if:Page.Rv.Manual ?><p class="notice"><?cs var:Lang.Diner.Details.request_before ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Details.request_after ?></p>
  <button type="submit" class="button-primary"><?cs var:Lang.Diner.Details.send_request ?></button><?cs else ?>
  <button type="submit" class="button-primary"><?cs var:Lang.Diner.Details.confirm ?></button><?cs /if ?>
 </form>
 <?cs /if ?>
</section>
<?cs /def ?>
