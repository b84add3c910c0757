<?cs # error.cs: every HTML error page ?>
<?cs set:Page.Title = Page.Error.Reason ?>
<?cs def:content() ?>
<section class="error-page">
 <p class="error-code"><?cs var:Page.Error.Status ?></p>
 <h1><?cs var:Page.Error.Reason ?></h1>
 <?cs if:Page.Error.Hint == "manage_link" ?>
 <p>This booking link is incomplete: the part after “?t=” is missing, and it is what lets you see and change the booking.</p>
 <p>Open the link from your confirmation email again, or copy all of it. If you have an account with the same email address, <a href="/account">your account</a> lists all your bookings.</p>
 <?cs else ?>
 <p><?cs var:Lang.Problem[Page.Error.Status] ?></p>
 <?cs /if ?>
 <p><a href="/">Go to the home page</a> or <a href="/search">browse restaurants</a>.</p>
</section>
<?cs /def ?>
