<?cs # booking.cs: the confirmation and manage page of one booking ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Diner.Booking.title + " " + Page.Rv.Code ?>
<?cs set:Page.Script = 1 ?>
<?cs def:content() ?>
<section class="booking">
 <?cs if:Query.new && Page.Rv.Status == "confirmed" ?>
 <div class="notice notice-ok" role="status"><p class="steps"><?cs var:Lang.Diner.Common.step3 ?></p><h1><?cs escape:"none" ?><?cs var:Lang.Diner.Booking.booked ?><?cs /escape ?></h1><p><?cs var:Lang.Diner.Booking.sent_to ?> <?cs var:Page.Rv.Email ?>.</p></div>
 <?cs elif:Query.new && Page.Rv.Status == "pending" ?>
 <div class="notice notice-ok" role="status"><p class="steps"><?cs var:Lang.Diner.Common.step3 ?></p><h1><?cs var:Lang.Diner.Booking.request_received ?></h1><p><?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Booking.by_hand ?> <?cs var:Page.Rv.Email ?> <?cs var:Lang.Diner.Booking.as_soon ?></p></div>
 <?cs elif:Query.changed ?>
 <div class="notice notice-ok" role="status"><p><?cs var:Lang.Diner.Booking.changed ?></p></div>
 <?cs elif:Query.cancelled ?>
 <div class="notice notice-ok" role="status"><p><?cs var:Lang.Diner.Booking.cancelled ?></p></div>
 <?cs elif:Query.answered == "coming" && Page.Rv.Answer == "coming" ?>
 <div class="notice notice-ok" role="status"><p><?cs var:Lang.Diner.Booking.thank_you ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Booking.knows_coming ?></p></div>
 <?cs elif:Query.answered == "late" && Page.Rv.Answer == "late" ?>
 <div class="notice notice-ok" role="status"><p><?cs var:Lang.Diner.Booking.thank_you ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Booking.knows_late ?><?cs if:Page.Rv.RPhone ?> <?cs var:Lang.Diner.Booking.call_if_late ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a>.<?cs /if ?></p></div>
 <?cs /if ?>
 <?cs if:Page.Book.Error ?>
 <div class="notice notice-error" role="alert">
  <p><?cs if:Page.Book.Wanted ?><strong><?cs var:Page.Book.Wanted ?>:</strong> <?cs /if ?><?cs var:Lang.Error[Page.Book.Error] ?><?cs if:Page.Book.Error == "too_late" && Page.Rv.RPhone ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></p>
  <?cs if:subcount(Page.Book.Near) ?><p><?cs var:Lang.Diner.Common.nearby_times ?></p>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/change" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="date" value="<?cs var:Page.Change.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.Change.Party ?>">
   <?cs each:t = Page.Book.Near ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button> <?cs /each ?>
  </form>
  <?cs /if ?>
 </div>
 <?cs /if ?>

 <h2 class="booking-title"><?cs var:Page.Rv.Restaurant ?></h2>
 <dl class="facts">
  <dt><?cs var:Lang.Diner.Booking.status ?></dt><dd><span class="badge badge-<?cs var:Page.Rv.Status ?>"><?cs var:Lang.Status[Page.Rv.Status] ?></span></dd>
  <dt><?cs var:Lang.Diner.Booking.when ?></dt><dd><?cs call:hdate(Page.Rv.Date) ?> <?cs var:Lang.Diner.Common.at ?> <?cs var:Page.Rv.Time ?>–<?cs var:Page.Rv.EndTime ?> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span></dd>
  <dt><?cs var:Lang.Diner.Booking.guests ?></dt><dd><?cs var:Page.Rv.Party ?></dd>
  <?cs if:Page.Rv.Answer ?><dt><?cs var:Lang.Diner.Booking.your_answer ?></dt><dd><?cs if:Page.Rv.Answer == "late" ?><?cs var:Lang.Diner.Booking.running_late ?><?cs else ?><?cs var:Lang.Diner.Booking.coming ?><?cs /if ?></dd><?cs /if ?>
  <dt><?cs var:Lang.Diner.Booking.name ?></dt><dd><?cs var:Page.Rv.Name ?></dd>
  <?cs if:Page.Rv.Requests ?><dt><?cs var:Lang.Diner.Booking.requests ?></dt><dd><?cs var:Page.Rv.Requests ?></dd><?cs /if ?>
  <dt><?cs var:Lang.Diner.Booking.code ?></dt><dd><code><?cs var:Page.Rv.Code ?></code></dd>
  <dt><?cs var:Lang.Diner.Booking.where ?></dt><dd><?cs var:Page.Rv.Address ?>, <?cs var:Page.Rv.City ?><?cs if:Page.Rv.RPhone ?> · <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></dd>
 </dl>
 <?cs if:Page.Rv.Status == "finished" ?>
 <p><a class="button button-primary" href="/b/<?cs var:Page.Rv.Code ?>/review?t=<?cs var:Page.Rv.Token ?>"><?cs var:Lang.Diner.Booking.review ?></a></p>
 <?cs /if ?>
 <?cs if:Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending" ?>
 <p><a class="button" href="/b/<?cs var:Page.Rv.Code ?>/ics?t=<?cs var:Page.Rv.Token ?>"><?cs var:Lang.Diner.Booking.calendar ?></a></p>
 <p class="muted"><?cs var:Lang.Diner.Booking.keep_link ?></p>
 <?cs /if ?>

 <?cs if:(Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending") && Page.Rv.BeforeCutoff ?>
 <section class="change" aria-labelledby="change-h">
  <h2 id="change-h"><?cs var:Lang.Diner.Booking.change ?></h2>
  <form method="get" action="/b/<?cs var:Page.Rv.Code ?>" class="picker">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <div class="field"><label for="c-date"><?cs var:Lang.Diner.Booking.date ?></label><input id="c-date" type="date" name="date" value="<?cs var:Page.Change.Date ?>" required></div>
   <div class="field"><label for="c-party"><?cs var:Lang.Diner.Booking.guests ?></label>
    <select id="c-party" name="party"><?cs loop:n = 1, Page.Change.MaxParty, 1 ?><option value="<?cs var:n ?>"<?cs if:n == Page.Change.Party ?> selected<?cs /if ?>><?cs var:n ?></option><?cs /loop ?></select></div>
   <div class="field field-submit"><button type="submit"><?cs var:Lang.Diner.Booking.show_times ?></button></div>
  </form>
  <?cs if:Page.Change.Asked ?>
  <?cs if:subcount(Page.Change.Times) ?>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/change" class="times">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="date" value="<?cs var:Page.Change.Date ?>">
   <input type="hidden" name="party" value="<?cs var:Page.Change.Party ?>">
   <?cs each:t = Page.Change.Times ?><button type="submit" name="time" value="<?cs var:t.Time ?>"><?cs var:t.Time ?></button>
   <?cs /each ?>
  </form>
  <?cs else ?><p class="muted"><?cs var:Lang.Diner.Booking.no_times ?></p><?cs /if ?>
  <?cs /if ?>
 </section>
 <section class="cancel" id="cancel" aria-labelledby="cancel-h">
  <h2 id="cancel-h"><?cs var:Lang.Diner.Booking.cancel ?></h2>
  <?cs if:Page.CancelAsk ?>
  <div class="notice notice-error" role="alert">
  <p><strong><?cs var:Lang.Diner.Booking.cancel_q_before ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Booking.cancel_q_on ?> <?cs call:hdate(Page.Rv.Date) ?> <?cs var:Lang.Diner.Common.at ?> <?cs var:Page.Rv.Time ?><?cs var:Lang.Diner.Booking.cancel_q_after ?></strong> <?cs var:Lang.Diner.Booking.cancel_warning ?></p>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/cancel" class="actions">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <button type="submit" class="button-danger"><?cs var:Lang.Diner.Booking.cancel_yes ?></button>
   <a class="button" href="/b/<?cs var:Page.Rv.Code ?>?t=<?cs var:Page.Rv.Token ?>"><?cs var:Lang.Diner.Booking.cancel_no ?></a>
  </form>
  </div>
  <?cs else ?>
  <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/cancel#cancel">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
   <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
   <input type="hidden" name="step" value="ask">
   <button type="submit" class="button-danger"><?cs var:Lang.Diner.Booking.cancel_ask ?></button>
  </form>
  <?cs /if ?>
 </section>
 <?cs elif:Page.Rv.Status == "confirmed" || Page.Rv.Status == "pending" ?>
 <p class="notice"><?cs var:Lang.Diner.Booking.too_late ?><?cs if:Page.Rv.RPhone ?> <?cs var:Lang.Diner.Common.on ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?>.</p>
 <?cs /if ?>
 <p><a href="/r/<?cs var:Page.Rv.Slug ?>"><?cs var:Lang.Diner.Booking.about ?> <?cs var:Page.Rv.Restaurant ?></a></p>
</section>
<?cs /def ?>
