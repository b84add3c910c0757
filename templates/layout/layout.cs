<?cs # layout.cs: the one page layout; each page template defines content() ?><!DOCTYPE html>
<html lang="<?cs var:Lang.Code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Site.Name ?></title>
<?cs if:Page.Description ?><meta name="description" content="<?cs var:Page.Description ?>">
<?cs /if ?><link rel="stylesheet" href="/static/css/stolik.css?v=<?cs var:Site.AssetVersion ?>">
<link rel="icon" type="image/svg+xml" href="/static/img/logo.svg?v=<?cs var:Site.AssetVersion ?>">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
 <div class="wrap bar">
  <a class="brand" href="/"><img src="/static/img/logo.svg?v=<?cs var:Site.AssetVersion ?>" alt="" width="28" height="28"><span><?cs var:Site.Name ?></span></a>
  <?cs if:Req.Path != "/" && Req.Path != "/search" ?>
  <form class="header-search" action="/search" method="get" role="search">
   <label class="visually-hidden" for="hq">Search restaurants</label>
   <input id="hq" type="search" name="q" maxlength="100" placeholder="Restaurant, cuisine or city" value="<?cs var:Page.Query.q ?>">
   <button type="submit">Search</button>
  </form>
  <?cs /if ?>
  <nav class="user-nav" aria-label="Account">
   <?cs if:Session.User.Role == "owner" || Session.User.Role == "admin" ?><a href="/owner">Your restaurants</a><?cs /if ?>
   <?cs if:Session.User.Role == "admin" ?><a href="/admin">Administration</a><?cs /if ?>
   <?cs if:Session.User.Name ?><a href="/account"><?cs var:Session.User.Name ?></a>
   <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link">Sign out</button></form>
   <?cs else ?><a href="/login">Sign in</a><?cs /if ?>
  </nav>
 </div>
</header>
<main id="main" class="wrap">
<?cs call:content() ?>
</main>
<footer class="site-footer">
 <div class="wrap">
  <p><?cs var:Site.Name ?> — book a table in seconds. Times are shown in each restaurant's own time zone.</p>
 </div>
</footer>
<?cs if:Page.Script || subcount(Form.Errors) ?><script src="/static/js/stolik.js?v=<?cs var:Site.AssetVersion ?>" defer></script>
<?cs /if ?></body>
</html>
