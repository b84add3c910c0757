<?cs # waitlist.cs: a waitlist entry: where it stands, confirm (a guest's), leave; and the offer's one-tap claim page ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.W.Claim ?><?cs set:Page.Title = "Claim your table" ?><?cs else ?><?cs set:Page.Title = "Your waitlist entry" ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking waitlist" id="waitlist" data-status="<?cs var:Page.W.Status ?>">
 <h1><?cs var:Page.Title ?></h1>
 <p class="when"><strong><?cs var:Page.W.Restaurant ?></strong>, <?cs var:Page.W.Date ?>, a table for <?cs var:Page.W.Party ?> starting between <?cs var:Page.W.From ?> and <?cs var:Page.W.To ?>.</p>
 <?cs if:Query.new ?><div class="notice" role="status"><p><?cs if:Page.W.Status == "pending_confirm" ?>Almost done: we sent a link to <?cs var:Page.W.Email ?>. Open it to take your place in line.<?cs else ?>You are on the waitlist. We will write to <?cs var:Page.W.Email ?> when a table frees up.<?cs /if ?></p></div><?cs /if ?>
 <?cs if:Query.left ?><div class="notice" role="status"><p>You have left the waitlist.</p></div><?cs /if ?>
 <?cs if:Page.W.Error ?>
 <div class="notice notice-error" role="alert" id="claim-error"><p><?cs var:Lang.Error[Page.W.Error] ?></p>
  <?cs if:subcount(Page.W.Times) ?><p>Free times on <?cs var:Page.W.Date ?> for <?cs var:Page.W.Party ?>:</p>
  <form method="post" action="/r/<?cs var:Page.W.Slug ?>/hold" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="date" value="<?cs var:Page.W.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.W.Party ?>">
   <?cs each:t = Page.W.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
  </form>
  <?cs else ?><p>No other time is free that day. <a href="/r/<?cs var:Page.W.Slug ?>?date=<?cs var:Page.W.Date ?>&amp;party=<?cs var:Page.W.Party ?>#book">See other dates</a>.</p><?cs /if ?>
 </div>
 <?cs elif:Page.W.Live ?>
 <div class="notice" role="status" id="offer">
  <p>A table at <strong><?cs var:Page.W.OfferTime ?></strong> is held for you until <strong><?cs var:Page.W.OfferUntil ?></strong>. After that it goes to the next diner in line.</p>
  <form method="post" action="/w/<?cs var:Page.W.Code ?>/claim">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
   <button type="submit" class="button" id="claim">Claim the table at <?cs var:Page.W.OfferTime ?></button>
  </form>
 </div>
 <?cs elif:Page.W.Status == "pending_confirm" ?>
 <form method="post" action="/w/<?cs var:Page.W.Code ?>/confirm">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
  <p>Confirm that <?cs var:Page.W.Email ?> is your address to take your place in line.</p>
  <button type="submit" class="button" id="confirm">Confirm my place</button>
 </form>
 <?cs elif:Page.W.Status == "waiting" ?>
 <p>You are number <strong><?cs var:Page.W.Position ?></strong> in line. When a table frees up we hold it for you for a short while and write to <?cs var:Page.W.Email ?>.</p>
 <?cs else ?>
 <p>This entry is <?cs var:Page.W.Status ?>.<?cs if:Page.W.Status == "claimed" ?> Your booking confirmation is in your mail.<?cs /if ?></p>
 <?cs /if ?>
 <?cs if:!Page.W.Error && (Page.W.Status == "waiting" || Page.W.Status == "pending_confirm" || Page.W.Status == "offered") ?>
 <form method="post" action="/w/<?cs var:Page.W.Code ?>/leave">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.W.Token ?>">
  <button type="submit" class="button button-secondary" id="leave">Leave the waitlist</button>
 </form>
 <?cs /if ?>
 <p><a href="/r/<?cs var:Page.W.Slug ?>">Back to <?cs var:Page.W.Restaurant ?></a></p>
</section>
<?cs /def ?>
