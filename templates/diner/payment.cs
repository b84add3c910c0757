<?cs # payment.cs: a booking awaiting its deposit, or payments unavailable ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.Pay.Unavailable ?><?cs set:Page.Title = Lang.Diner.Payment.title_unavailable ?><?cs else ?><?cs set:Page.Title = Lang.Diner.Payment.title ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking-step payment" id="payment" data-status="<?cs if:Page.Pay.Unavailable ?>unavailable<?cs else ?><?cs var:Page.Pay.Status ?><?cs /if ?>">
 <p class="steps"><?cs var:Lang.Diner.Payment.step ?></p>
 <h1><?cs var:Lang.Diner.Details.table_for ?> <?cs var:Page.Rv.Party ?><?cs if:Lang.Diner.Details.Persons.one ?> <?cs call:plural(Page.Rv.Party, Lang.Diner.Details.Persons) ?><?cs /if ?> <?cs var:Lang.Diner.Details.table_at ?> <?cs var:Page.Rv.Restaurant ?></h1>
 <p class="when"><strong><?cs call:hdate(Page.Rv.Date) ?> <?cs var:Lang.Diner.Common.at ?> <?cs var:Page.Rv.Time ?></strong> <span class="muted">(<?cs var:Page.Rv.Timezone ?>)</span></p>
 <?cs if:Page.Pay.Unavailable ?>
 <div class="notice notice-error" role="alert" id="pay-unavailable">
  <p><strong><?cs var:Lang.Diner.Payment.unavailable ?></strong> <?cs var:Lang.Diner.Payment.try_again ?><?cs if:Page.Rv.RPhone ?> <?cs var:Lang.Diner.Common.on ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?>.</p>
  <p><?cs var:Lang.Diner.Payment.still_held ?></p>
 </div>
 <?cs elif:Page.Pay.Status == "expired" ?>
 <div class="notice notice-error" role="alert" id="pay-expired">
  <p><?cs var:Lang.Diner.Payment.ran_out ?><?cs if:Page.Pay.Cancelled == "0" ?><?cs var:Lang.Diner.Payment.refunded ?><?cs /if ?>.</p>
  <p><a class="button" href="/r/<?cs var:Page.Rv.Slug ?>?date=<?cs var:Page.Rv.Date ?>&amp;party=<?cs var:Page.Rv.Party ?>#book"><?cs var:Lang.Diner.Common.choose_again ?></a></p>
 </div>
 <?cs else ?>
 <?cs if:Page.Pay.Cancelled == "1" ?><p class="notice" id="pay-cancelled"><?cs var:Lang.Diner.Payment.not_paid ?></p><?cs /if ?>
 <p><?cs var:Lang.Diner.Payment.status ?> <strong id="pay-status"><?cs var:Lang.Diner.Payment.awaiting ?></strong><?cs var:Lang.Diner.Payment.confirmed_once ?> <strong id="pay-amount"><?cs var:Page.Pay.Amount ?></strong> <?cs var:Lang.Diner.Payment.is_paid ?></p>
 <p class="hold" data-countdown="<?cs var:Page.Rv.HoldSeconds ?>"><?cs var:Lang.Diner.Details.holding_before ?> <time class="countdown"><?cs var:#Page.Rv.HoldSeconds / 60 ?>:<?cs if:#Page.Rv.HoldSeconds % 60 < 10 ?>0<?cs /if ?><?cs var:#Page.Rv.HoldSeconds % 60 ?></time> <?cs var:Lang.Diner.Details.holding_after ?></p>
 <?cs if:Page.Pay.Url ?><p><a class="button button-primary" id="pay-again" href="<?cs var:url_validate(Page.Pay.Url) ?>"><?cs var:Lang.Diner.Payment.pay ?></a></p><?cs /if ?>
 <p class="muted"><?cs var:Lang.Diner.Payment.paid_already ?> <a href="/b/<?cs var:Page.Rv.Code ?>/payment?t=<?cs var:url_escape(Page.Rv.Token) ?>"><?cs var:Lang.Diner.Payment.check_again ?></a>.</p>
 <?cs /if ?>
</section>
<?cs /def ?>
