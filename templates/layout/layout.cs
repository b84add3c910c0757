<?cs # layout.cs: the one page layout; each page template defines content() ?>
<?cs # lang_switch: English · Русский · Українська. A page with a CSRF token
     posts the choice at once; one without (a public page) links to the
     switcher's own page (GET /lang), whose buttons post. Either way it works
     without a script, and the choice comes back to this page. ?>
<?cs def:lang_switch() ?><?cs if:Session.Csrf ?><form method="post" action="/lang" class="lang-switch" aria-label="<?cs var:Lang.Layout.Lang.title ?>">
   <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><input type="hidden" name="next" value="<?cs var:Req.Here ?>">
   <?cs each:l = Site.Languages ?><button type="submit" class="link" name="lang" value="<?cs var:l ?>" lang="<?cs var:l ?>"<?cs if:l == Lang.Code ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Layout.LangName[l] ?></button>
   <?cs /each ?></form><?cs else ?><nav class="lang-switch" aria-label="<?cs var:Lang.Layout.Lang.title ?>">
   <?cs each:l = Site.Languages ?><a href="/lang?lang=<?cs var:l ?>&amp;next=<?cs var:url_escape(Req.Here) ?>" lang="<?cs var:l ?>" hreflang="<?cs var:l ?>" rel="nofollow"<?cs if:l == Lang.Code ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Layout.LangName[l] ?></a>
   <?cs /each ?></nav><?cs /if ?><?cs /def ?><!DOCTYPE html>
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
<a class="skip" href="#main"><?cs var:Lang.Layout.skip ?></a>
<header class="site-header">
 <div class="wrap bar">
  <a class="brand" href="/"><img src="/static/img/logo.svg?v=<?cs var:Site.AssetVersion ?>" alt="" width="28" height="28"><span><?cs var:Site.Name ?></span></a>
  <?cs if:Req.Path != "/" && Req.Path != "/search" ?>
  <form class="header-search" action="/search" method="get" role="search">
   <label class="visually-hidden" for="hq"><?cs var:Lang.Layout.search_label ?></label>
   <input id="hq" type="search" name="q" maxlength="100" placeholder="<?cs var:Lang.Layout.search_placeholder ?>" value="<?cs var:Page.Query.q ?>">
   <button type="submit"><?cs var:Lang.Layout.search_button ?></button>
  </form>
  <?cs /if ?>
  <nav class="user-nav" aria-label="<?cs var:Lang.Layout.nav_label ?>">
   <?cs if:Session.User.Role == "owner" || Session.User.Role == "admin" ?><a href="/owner"><?cs var:Lang.Layout.your_restaurants ?></a><?cs /if ?>
   <?cs if:Session.User.Role == "admin" ?><a href="/admin"><?cs var:Lang.Layout.administration ?></a><?cs /if ?>
   <?cs if:Session.User.Name ?><a href="/account"><?cs var:Session.User.Name ?></a>
   <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>"><button type="submit" class="link"><?cs var:Lang.Layout.sign_out ?></button></form>
   <?cs else ?><a href="/login"><?cs var:Lang.Layout.sign_in ?></a><?cs /if ?>
  </nav>
 </div>
</header>
<main id="main" class="wrap">
<?cs call:content() ?>
</main>
<footer class="site-footer">
 <div class="wrap">
  <p><?cs var:Site.Name ?> — <?cs var:Lang.Layout.footer ?></p>
  <?cs call:lang_switch() ?>
 </div>
</footer>
<?cs if:Page.Script || subcount(Form.Errors) ?><script src="/static/js/stolik.js?v=<?cs var:Site.AssetVersion ?>" defer data-hold-expired="<?cs var:Lang.Layout.Script.hold_expired ?>" data-hold-again="<?cs var:Lang.Layout.Script.hold_again ?>"></script>
<?cs /if ?></body>
</html>
