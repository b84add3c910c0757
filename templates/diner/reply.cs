<?cs # reply.cs: one answer to a reminder, confirmed with one button (a POST) ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Page.Reply.Answer == "cancel" ?><?cs set:Page.Title = "Cancel your booking" ?><?cs elif:Page.Reply.Answer == "late" ?><?cs set:Page.Title = "Running late" ?><?cs else ?><?cs set:Page.Title = "I'm coming" ?><?cs /if ?>
<?cs def:content() ?>
<section class="booking reply">
 <h1><?cs var:Page.Title ?></h1>
 <p class="when"><strong><?cs var:Page.Rv.Restaurant ?></strong>, <?cs call:hdate(Page.Rv.Date) ?> at <?cs var:Page.Rv.Time ?> <span class="muted">(<?cs var:Page.Rv.Timezone ?>, UTC<?cs var:Page.Rv.UtcOffset ?>)</span>, <?cs var:Page.Rv.Party ?> <?cs if:Page.Rv.Party == 1 ?>guest<?cs else ?>guests<?cs /if ?>.</p>
 <?cs if:Page.Rv.Status != "confirmed" && Page.Rv.Status != "arrived" ?>
 <div class="notice notice-error" role="alert"><p>This booking is <?cs var:Lang.Status[Page.Rv.Status] ?>, so there is nothing to answer.</p></div>
 <?cs elif:Page.Reply.Answer == "cancel" && !Page.Rv.BeforeCutoff ?>
 <div class="notice notice-error" role="alert"><p><?cs var:Lang.Error.too_late ?><?cs if:Page.Rv.RPhone ?> <a href="tel:<?cs var:Page.Rv.RPhoneDial ?>"><?cs var:Page.Rv.RPhone ?></a><?cs /if ?></p></div>
 <?cs else ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/reply">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <input type="hidden" name="a" value="<?cs var:Page.Reply.Answer ?>">
  <?cs if:Page.Reply.Answer == "cancel" ?>
  <p>The table will be given to someone else. This cannot be undone.</p>
  <button type="submit" class="button button-danger">Cancel my booking</button>
  <?cs elif:Page.Reply.Answer == "late" ?>
  <p>We will tell <?cs var:Page.Rv.Restaurant ?> that you are on your way but running late.</p>
  <button type="submit" class="button">Tell them I'm running late</button>
  <?cs else ?>
  <p>We will tell <?cs var:Page.Rv.Restaurant ?> that you are coming.</p>
  <button type="submit" class="button">Yes, I'm coming</button>
  <?cs /if ?>
 </form>
 <?cs /if ?>
 <p><a href="/b/<?cs var:Page.Rv.Code ?>?t=<?cs var:Page.Rv.Token ?>">See the booking</a></p>
</section>
<?cs /def ?>
