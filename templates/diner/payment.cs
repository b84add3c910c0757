<?cs # payment.cs: a booking awaiting its deposit, or payments unavailable ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.Pay.Unavailable ?><?cs set:Page.Title = "Payments unavailable" ?><?cs else ?><?cs set:Page.Title = "Your deposit" ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking-step payment" id="payment" data-status="<?cs if:Page.Pay.Unavailable ?>unavailable<?cs else ?><?cs var:Page.Pay.Status ?><?cs /if ?>">
 <p class="steps">Step 3 of 3 · Deposit</p>
 <h1>Table for <?cs var:Page.Rv.Party ?> at <?cs var:Page.Rv.Restaurant ?></h1>
 <p class="when"><strong><?cs call:hdate(Page.Rv.Date) ?> at <?cs var:Page.Rv.Time ?></strong> <span class="muted">(<?cs var:Page.Rv.Timezone ?>)</span></p>
 <?cs if:Page.Pay.Unavailable ?>
 <div class="notice notice-error" role="alert" id="pay-unavailable">
  <p><strong>Payments are unavailable right now.</strong> Try again in a minute, or call the restaurant<?cs if:Page.Rv.RPhone ?> on <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?>.</p>
  <p>Your table is still held for you until the hold runs out.</p>
 </div>
 <?cs elif:Page.Pay.Status == "expired" ?>
 <div class="notice notice-error" role="alert" id="pay-expired">
  <p>The hold ran out before the deposit was paid. The table was released for other guests<?cs if:Page.Pay.Cancelled == "0" ?>; if any money was taken, it is refunded in full<?cs /if ?>.</p>
  <p><a class="button" href="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book">Choose a time again</a></p>
 </div>
 <?cs else ?>
 <?cs if:Page.Pay.Cancelled == "1" ?><p class="notice" id="pay-cancelled">The deposit was not paid. Your table is still held; you may try again.</p><?cs /if ?>
 <p>Status: <strong id="pay-status">awaiting payment</strong>. This booking is confirmed once the deposit of <strong id="pay-amount"><?cs var:Page.Pay.Amount ?></strong> is paid.</p>
 <p class="hold" data-countdown="<?cs var:Page.Rv.HoldSeconds ?>">We are holding this table for you for <time class="countdown"><?cs var:#Page.Rv.HoldSeconds / 60 ?>:<?cs if:#Page.Rv.HoldSeconds % 60 < 10 ?>0<?cs /if ?><?cs var:#Page.Rv.HoldSeconds % 60 ?></time> minutes.</p>
 <?cs if:Page.Pay.Url ?><p><a class="button button-primary" id="pay-again" href="<?cs var:url_validate(Page.Pay.Url) ?>">Pay the deposit</a></p><?cs /if ?>
 <p class="muted">Paid already? <a href="/b/<?cs var:Page.Rv.Code ?>/payment?t=<?cs var:url_escape(Page.Rv.Token) ?>">Check again</a>.</p>
 <?cs /if ?>
</section>
<?cs /def ?>
