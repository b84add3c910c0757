<?cs # reply.cs: one answer to a reminder, confirmed with one button (a POST) ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.Reply.Answer == "cancel" ?><?cs set:Page.Title = Lang.Diner.Reply.title_cancel ?><?cs elif:Page.Reply.Answer == "late" ?><?cs set:Page.Title = Lang.Diner.Reply.title_late ?><?cs else ?><?cs set:Page.Title = Lang.Diner.Reply.title_coming ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking reply">
 <h1><?cs var:Page.Title ?></h1>
 <p class="when"><strong><?cs var:Page.Rv.Restaurant ?></strong>, <?cs call:hdate(Page.Rv.Date) ?> <?cs var:Lang.Diner.Common.at ?> <?cs var:Page.Rv.Time ?> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span>, <?cs var:Page.Rv.Party ?> <?cs call:plural(Page.Rv.Party, Lang.Diner.Common.Guests) ?>.</p>
 <?cs if:Page.Rv.Status != "confirmed" && Page.Rv.Status != "arrived" ?>
 <div class="notice notice-error" role="alert"><p><?cs var:Lang.Diner.Reply.status_before ?> <?cs var:Lang.Status[Page.Rv.Status] ?><?cs var:Lang.Diner.Reply.status_after ?></p></div>
 <?cs elif:Page.Reply.Answer == "cancel" && !Page.Rv.BeforeCutoff ?>
 <div class="notice notice-error" role="alert"><p><?cs var:Lang.Error.too_late ?><?cs if:Page.Rv.RPhone ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></p></div>
 <?cs else ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/reply">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <input type="hidden" name="a" value="<?cs var:Page.Reply.Answer ?>">
  <?cs if:Page.Reply.Answer == "cancel" ?>
  <p><?cs var:Lang.Diner.Reply.cancel_text ?></p>
  <button type="submit" class="button button-danger"><?cs var:Lang.Diner.Reply.cancel_button ?></button>
  <?cs elif:Page.Reply.Answer == "late" ?>
  <p><?cs var:Lang.Diner.Reply.tell_before ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Reply.late_after ?></p>
  <button type="submit" class="button"><?cs var:Lang.Diner.Reply.late_button ?></button>
  <?cs else ?>
  <p><?cs var:Lang.Diner.Reply.tell_before ?> <?cs var:Page.Rv.Restaurant ?> <?cs var:Lang.Diner.Reply.coming_after ?></p>
  <button type="submit" class="button"><?cs var:Lang.Diner.Reply.coming_button ?></button>
  <?cs /if ?>
 </form>
 <?cs /if ?>
 <p><a href="/b/<?cs var:Page.Rv.Code ?>?t=<?cs var:Page.Rv.Token ?>"><?cs var:Lang.Diner.Reply.see_booking ?></a></p>
</section>
<?cs /def ?>
