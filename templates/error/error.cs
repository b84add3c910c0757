<?cs # error.cs: every HTML error page ?>
<?cs set:Page.Title = Page.Error.Reason ?>
<?cs def:content() ?>
<section class="error-page">
 <p class="error-code"><?cs var:Page.Error.Status ?></p>
 <h1><?cs var:Page.Error.Reason ?></h1>
 <p><?cs var:Lang.Problem[Page.Error.Status] ?></p>
 <p><a href="/">Go to the home page</a> or <a href="/search">browse restaurants</a>.</p>
</section>
<?cs /def ?>
