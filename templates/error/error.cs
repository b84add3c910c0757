<?cs # error.cs: every HTML error page ?>
<?cs if:Lang.ErrorPage.Reason[Page.Error.Status] ?><?cs set:Page.Error.Reason = Lang.ErrorPage.Reason[Page.Error.Status] ?><?cs /if ?>
<?cs set:Page.Title = Page.Error.Reason ?>
<?cs def:content() ?>
<section class="error-page">
 <p class="error-code"><?cs var:Page.Error.Status ?></p>
 <h1><?cs var:Page.Error.Reason ?></h1>
 <?cs if:Page.Error.Hint == "manage_link" ?>
 <p><?cs var:Lang.ErrorPage.manage_link ?></p>
 <p><?cs var:Lang.ErrorPage.manage_again ?> <a href="/account"><?cs var:Lang.ErrorPage.manage_account ?></a> <?cs var:Lang.ErrorPage.manage_account_after ?></p>
 <?cs else ?>
 <p><?cs var:Lang.Problem[Page.Error.Status] ?></p>
 <?cs /if ?>
 <p><a href="/"><?cs var:Lang.ErrorPage.home ?></a> <?cs var:Lang.ErrorPage.or ?> <a href="/search"><?cs var:Lang.ErrorPage.browse ?></a>.</p>
</section>
<?cs /def ?>
