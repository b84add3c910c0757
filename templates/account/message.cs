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
 <p><a href="/forgot"><?cs var:Lang.Account.Links.reset ?></a> · <a href="/login"><?cs var:Lang.Account.Links.sign_in ?></a></p>
 <?cs elif:Page.Message == "Verified" || Page.Message == "EmailChanged" ?>
 <p><a class="button" href="/account"><?cs var:Lang.Account.Links.account ?></a></p>
 <?cs else ?>
 <p><a href="/"><?cs var:Lang.Account.Links.home ?></a></p>
 <?cs /if ?>
</section>
<?cs /def ?>
