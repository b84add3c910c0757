<?cs # message.cs: a page that says one thing, optionally with a confirming button ?>
<?cs set:Page.Title = Lang.Account[Page.Message].Title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Account[Page.Message].Title ?></h1>
 <p><?cs var:Lang.Account[Page.Message].Text ?></p>
 <?cs if:Page.Action ?>
 <form method="post" action="<?cs var:Page.Action ?>">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="t" value="<?cs var:Page.Token ?>">
  <button type="submit" class="button-primary"><?cs var:Lang.Account[Page.Message].Button ?></button>
 </form>
 <?cs elif:Page.Message == "LinkGone" ?>
 <p><a href="/forgot">Reset your password</a> · <a href="/login">Sign in</a></p>
 <?cs elif:Page.Message == "Verified" || Page.Message == "EmailChanged" ?>
 <p><a class="button" href="/account">Your account</a></p>
 <?cs else ?>
 <p><a href="/">Home</a></p>
 <?cs /if ?>
</section>
<?cs /def ?>
