<?cs # lang.cs: the language switcher as a page (GET /lang), for the pages
     whose switcher is a link because they carry no CSRF token ?>
<?cs set:Page.Title = Lang.Layout.Lang.title ?>
<?cs def:content() ?>
<section class="narrow">
 <h1><?cs var:Lang.Layout.Lang.title ?></h1>
 <p><?cs var:Lang.Layout.Lang.intro ?></p>
 <form method="post" action="/lang" class="lang-choose">
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="next" value="<?cs var:Page.Next ?>">
  <?cs each:l = Site.Languages ?><button type="submit" name="lang" value="<?cs var:l ?>" lang="<?cs var:l ?>"<?cs if:l == Page.Want ?> class="button-primary" autofocus<?cs /if ?><?cs if:l == Lang.Code ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Layout.LangName[l] ?></button>
  <?cs /each ?>
 </form>
</section>
<?cs /def ?>
