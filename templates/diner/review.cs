<?cs # review.cs: the guest's review of a finished visit ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = Lang.Diner.Review.title + " " + Page.Rv.Restaurant ?>
<?cs def:content() ?>
<section class="booking review-form">
 <h1><?cs var:Lang.Diner.Review.how_before ?> <?cs var:Page.Rv.Restaurant ?><?cs var:Lang.Diner.Review.how_after ?></h1>
 <p class="muted"><?cs var:Lang.Diner.Review.visit_on ?> <?cs call:hdate(Page.Rv.Date) ?>, <?cs var:Page.Rv.Party ?> <?cs call:plural(Page.Rv.Party, Lang.Diner.Common.Guests) ?>.</p>
 <?cs if:Page.Review.Rating ?>
 <p class="notice notice-ok"><?cs var:Lang.Diner.Review.reviewed ?> <?cs loop:i = 1, Page.Review.Rating, 1 ?>★<?cs /loop ?></p>
 <?cs if:Page.Review.Body ?><blockquote><?cs var:Page.Review.Body ?></blockquote><?cs /if ?>
 <?cs if:Page.Review.Reply ?><p><strong><?cs var:Lang.Diner.Review.replied ?></strong> <?cs var:Page.Review.Reply ?></p><?cs /if ?>
 <p><a href="/r/<?cs var:Page.Rv.Slug ?>/reviews"><?cs var:Lang.Diner.Review.all_of ?> <?cs var:Page.Rv.Restaurant ?></a></p>
 <?cs elif:Page.Rv.Status != "finished" ?>
 <p class="notice notice-error"><?cs var:Lang.Error.not_finished ?></p>
 <?cs else ?>
 <?cs if:Form.Errors.reservation ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Form.Errors.reservation] ?></p><?cs /if ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/review" class="stack narrow" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <fieldset class="stars-input"><legend><?cs var:Lang.Diner.Review.rating ?></legend>
   <?cs loop:i = 5, 1, -1 ?><label><input type="radio" name="rating" value="<?cs var:i ?>"<?cs if:Query.rating == i ?> checked<?cs /if ?> required> <?cs var:i ?> ★</label> <?cs /loop ?>
   <?cs call:field_error(Form.Errors.rating) ?>
  </fieldset>
  <div class="field"><label for="rv-body"><?cs var:Lang.Diner.Review.words ?> <span class="muted"><?cs var:Lang.Diner.Common.optional ?></span></label>
   <textarea id="rv-body" name="body" maxlength="2000" rows="5"<?cs if:Form.Errors.body ?> aria-invalid="true" aria-describedby="rv-body-err"<?cs /if ?>><?cs var:Query.body ?></textarea>
   <?cs call:field_error_for("rv-body", Form.Errors.body) ?></div>
  <button type="submit" class="button-primary"><?cs var:Lang.Diner.Review.publish ?></button>
 </form>
 <?cs /if ?>
</section>
<?cs /def ?>
