<?cs # waitlist.cs: a waitlist entry: where it stands, confirm (a guest's), leave; and the offer's one-tap claim page ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.W.Claim ?><?cs set:Page.Title = Lang.Diner.Waitlist.title_claim ?><?cs else ?><?cs set:Page.Title = Lang.Diner.Waitlist.title ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking waitlist" id="waitlist" data-status="<?cs var:Page.W.Status ?>">
 <h1><?cs var:Page.Title ?></h1>
 <p class="when"><strong><?cs var:Page.W.Restaurant ?></strong>, <?cs var:Page.W.Date ?>, <?cs var:Lang.Diner.Waitlist.table_for ?> <?cs var:Page.W.Party ?><?cs if:Lang.Diner.Waitlist.Persons.one ?> <?cs call:plural(Page.W.Party, Lang.Diner.Waitlist.Persons) ?><?cs /if ?> <?cs var:Lang.Diner.Waitlist.between ?> <?cs var:Page.W.From ?> <?cs var:Lang.Diner.Waitlist.and ?> <?cs var:Page.W.To ?>.</p>
 <?cs if:Query.new ?><div class="notice" role="status"><p><?cs if:Page.W.Status == "pending_confirm" ?><?cs var:Lang.Diner.Waitlist.almost_before ?> <?cs var:Page.W.Email ?>. <?cs var:Lang.Diner.Waitlist.almost_after ?><?cs else ?><?cs var:Lang.Diner.Waitlist.on_list_before ?> <?cs var:Page.W.Email ?> <?cs var:Lang.Diner.Waitlist.on_list_after ?><?cs /if ?></p></div><?cs /if ?>
 <?cs if:Query.left ?><div class="notice" role="status"><p><?cs var:Lang.Diner.Waitlist.left ?></p></div><?cs /if ?>
 <?cs if:Page.W.Error ?>
 <div class="notice notice-error" role="alert" id="claim-error"><p><?cs var:Lang.Error[Page.W.Error] ?></p>
  <?cs if:subcount(Page.W.Times) ?><p><?cs var:Lang.Diner.Waitlist.free_on ?> <?cs var:Page.W.Date ?> <?cs var:Lang.Diner.Waitlist.for ?> <?cs var:Page.W.Party ?><?cs if:Lang.Diner.Waitlist.PersonsFor.one ?> <?cs call:plural(Page.W.Party, Lang.Diner.Waitlist.PersonsFor) ?><?cs /if ?>:</p>
  <form method="post" action="/r/<?cs var:Page.W.Slug ?>/hold" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="date" value="<?cs var:Page.W.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.W.Party ?>">
   <?cs each:t = Page.W.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
  </form>
  <?cs else ?><p><?cs var:Lang.Diner.Waitlist.no_other ?> <a href="/r/<?cs var:Page.W.Slug ?>?date=<?cs var:Page.W.Date ?>&amp;party=<?cs var:Page.W.Party ?>#book"><?cs var:Lang.Diner.Waitlist.other_dates ?></a>.</p><?cs /if ?>
 </div>
 <?cs elif:Page.W.Live ?>
 <div class="notice" role="status" id="offer">
  <p><?cs var:Lang.Diner.Waitlist.offer_before ?> <strong><?cs var:Page.W.OfferTime ?></strong> <?cs var:Lang.Diner.Waitlist.offer_until ?> <strong><?cs var:Page.W.OfferUntil ?></strong>. <?cs var:Lang.Diner.Waitlist.offer_after ?></p>
  <form method="post" action="/w/<?cs var:Page.W.Code ?>/claim">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
   <button type="submit" class="button" id="claim"><?cs var:Lang.Diner.Waitlist.claim ?> <?cs var:Page.W.OfferTime ?></button>
  </form>
 </div>
 <?cs elif:Page.W.Status == "pending_confirm" ?>
 <form method="post" action="/w/<?cs var:Page.W.Code ?>/confirm">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
  <p><?cs var:Lang.Diner.Waitlist.confirm_before ?> <?cs var:Page.W.Email ?> <?cs var:Lang.Diner.Waitlist.confirm_after ?></p>
  <button type="submit" class="button" id="confirm"><?cs var:Lang.Diner.Waitlist.confirm_button ?></button>
 </form>
 <?cs elif:Page.W.Status == "waiting" ?>
 <p><?cs var:Lang.Diner.Waitlist.position_before ?> <strong><?cs var:Page.W.Position ?></strong> <?cs var:Lang.Diner.Waitlist.position_after ?> <?cs var:Page.W.Email ?>.</p>
 <?cs else ?>
 <p><?cs var:Lang.Diner.Waitlist.status_before ?> <?cs var:Lang.Diner.Waitlist.Status[Page.W.Status] ?>.<?cs if:Page.W.Status == "claimed" ?> <?cs var:Lang.Diner.Waitlist.claimed_mail ?><?cs /if ?></p>
 <?cs /if ?>
 <?cs if:!Page.W.Error && (Page.W.Status == "waiting" || Page.W.Status == "pending_confirm" || Page.W.Status == "offered") ?>
 <form method="post" action="/w/<?cs var:Page.W.Code ?>/leave">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
  <button type="submit" class="button button-secondary" id="leave"><?cs var:Lang.Diner.Waitlist.leave ?></button>
 </form>
 <?cs /if ?>
 <p><a href="/r/<?cs var:Page.W.Slug ?>"><?cs var:Lang.Diner.Waitlist.back ?> <?cs var:Page.W.Restaurant ?></a></p>
</section>
<?cs /def ?>
