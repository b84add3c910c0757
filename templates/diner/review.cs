<?cs # review.cs: the guest's review of a finished visit ?>
<?cs include:"layout/macros.cs" ?>
<?cs set:Page.Title = "Review " + Page.Rv.Restaurant ?>
<?cs def:content() ?>
<section class="booking review-form">
 <h1>How was <?cs var:Page.Rv.Restaurant ?>?</h1>
 <p class="muted">Your visit on <?cs call:hdate(Page.Rv.Date) ?>, <?cs var:Page.Rv.Party ?> <?cs if:Page.Rv.Party == 1 ?>guest<?cs else ?>guests<?cs /if ?>.</p>
 <?cs if:Page.Review.Rating ?>
 <p class="notice notice-ok">You reviewed this visit: <?cs loop:i = 1, Page.Review.Rating, 1 ?>★<?cs /loop ?></p>
 <?cs if:Page.Review.Body ?><blockquote><?cs var:Page.Review.Body ?></blockquote><?cs /if ?>
 <?cs if:Page.Review.Reply ?><p><strong>The restaurant replied:</strong> <?cs var:Page.Review.Reply ?></p><?cs /if ?>
 <p><a href="/r/<?cs var:Page.Rv.Slug ?>/reviews">All reviews of <?cs var:Page.Rv.Restaurant ?></a></p>
 <?cs elif:Page.Rv.Status != "finished" ?>
 <p class="notice notice-error"><?cs var:Lang.Error.not_finished ?></p>
 <?cs else ?>
 <?cs if:Form.Errors.reservation ?><p class="notice notice-error" role="alert"><?cs var:Lang.Error[Form.Errors.reservation] ?></p><?cs /if ?>
 <form method="post" action="/b/<?cs var:Page.Rv.Code ?>/review" class="stack narrow" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Rv.Token ?>">
  <fieldset class="stars-input"><legend>Your rating</legend>
   <?cs loop:i = 5, 1, -1 ?><label><input type="radio" name="rating" value="<?cs var:i ?>"<?cs if:Query.rating == i ?> checked<?cs /if ?> required> <?cs var:i ?> ★</label> <?cs /loop ?>
   <?cs call:field_error(Form.Errors.rating) ?>
  </fieldset>
  <div class="field"><label for="rv-body">A few words <span class="muted">(optional)</span></label>
   <textarea id="rv-body" name="body" maxlength="2000" rows="5"<?cs if:Form.Errors.body ?> aria-invalid="true" aria-describedby="rv-body-err"<?cs /if ?>><?cs var:Query.body ?></textarea>
   <?cs call:field_error_for("rv-body", Form.Errors.body) ?></div>
  <button type="submit" class="button-primary">Publish the review</button>
 </form>
 <?cs /if ?>
</section>
<?cs /def ?>
