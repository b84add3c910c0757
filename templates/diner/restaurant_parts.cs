<?cs # restaurant_parts.cs: the parts of a restaurant's page made from its kept data alone
     (Page.R, Page.Reviews, Page.Photos): each worker renders them once and keeps them with
     that data (restaurant_parts in fcgi/route_restaurant.c). Part picks one. What turns
     with the clock (the status line) is diner/restaurant.cs's own. ?>
<?cs include:"layout/macros.cs" ?>
<?cs if:Part == "crumbs" ?>
<nav class="crumbs" aria-label="<?cs var:Lang.Diner.Parts.breadcrumb ?>"><a href="/"><?cs var:Lang.Diner.Parts.home ?></a> › <a href="/search?city=<?cs var:url_escape(Page.R.City) ?>"><?cs var:Page.R.City ?></a> › <span aria-current="page"><?cs var:Page.R.Name ?></span></nav>
<?cs elif:Part == "head" ?>
  <?cs # the first photo large, at the top (not lazy); the others further down ?>
  <?cs each:p = Page.Photos ?><?cs if:first(p) ?><img class="photo-hero" src="/media/<?cs var:p.file ?>"<?cs if:p.srcset ?> srcset="<?cs var:p.srcset ?>" sizes="(min-width: 1080px) 1048px, calc(100vw - 2rem)"<?cs /if ?><?cs if:p.width > 0 ?> width="<?cs var:p.width ?>" height="<?cs var:p.height ?>"<?cs else ?> width="1280" height="960"<?cs /if ?> alt="<?cs if:p.caption ?><?cs var:p.caption ?><?cs else ?><?cs var:Page.R.Name ?><?cs /if ?>" fetchpriority="high"><?cs /if ?><?cs /each ?>
  <h1><?cs var:Page.R.Name ?></h1>
  <p class="meta"><a class="cuisine" href="/search?cuisine=<?cs var:url_escape(Page.R.Cuisine) ?>"><?cs var:Page.R.Cuisine ?></a> · <?cs var:Page.R.City ?>
  <?cs if:Page.R.RatingCount > 0 ?> · ★ <?cs var:Page.R.Rating ?> <span class="muted">(<?cs var:Page.R.RatingCount ?> <?cs call:plural(Page.R.RatingCount, Lang.Diner.Parts.Reviews) ?>)</span><?cs /if ?></p>
<?cs elif:Part == "info" ?>
   <?cs if:Page.R.Description ?><p class="description"><?cs var:Page.R.Description ?></p><?cs /if ?>
   <?cs if:subcount(Page.Photos) > 1 ?><ul class="photos" aria-label="<?cs var:Lang.Diner.Parts.photos ?>"><?cs each:p = Page.Photos ?><?cs if:!first(p) ?><li><img src="/media/<?cs var:p.file ?>"<?cs if:p.srcset ?> srcset="<?cs var:p.srcset ?>" sizes="240px"<?cs /if ?> alt="<?cs if:p.caption ?><?cs var:p.caption ?><?cs else ?><?cs var:Page.R.Name ?><?cs /if ?>" loading="lazy" width="240" height="180"></li><?cs /if ?><?cs /each ?></ul><?cs /if ?>

   <section class="hours" aria-labelledby="hours-h">
    <h2 id="hours-h"><?cs var:Lang.Diner.Parts.hours ?></h2>
    <p class="muted"><?cs var:Lang.Diner.Parts.local_time_in ?> <?cs var:Page.R.TzCity ?> (<?cs var:Page.R.Timezone ?>, UTC<?cs var:Page.R.UtcOffset ?> <?cs var:Lang.Diner.Parts.today_suffix ?>).</p>
    <table>
     <tbody>
     <?cs each:d = Page.R.Days ?>
      <tr<?cs if:d.Today ?> class="today"<?cs /if ?>>
       <th scope="row"><?cs var:Lang.Weekday[d.Weekday] ?><?cs if:d.Today ?> <span class="tag"><?cs var:Lang.Diner.Parts.today ?></span><?cs /if ?></th>
       <td><?cs if:subcount(d.Services) ?><?cs each:s = d.Services ?><span class="service"><?cs if:s.Name ?><span class="muted"><?cs var:s.Name ?></span> <?cs /if ?><?cs var:s.Opens ?>–<?cs var:s.Closes ?><?cs if:s.Overnight ?> <span class="muted"><?cs var:Lang.Diner.Parts.next_day ?></span><?cs /if ?></span><?cs /each ?><?cs else ?><span class="muted"><?cs var:Lang.Diner.Parts.closed ?></span><?cs /if ?></td>
      </tr>
     <?cs /each ?>
     </tbody>
    </table>
   </section>

   <section class="reviews" id="reviews" aria-labelledby="reviews-h">
    <h2 id="reviews-h"><?cs var:Lang.Diner.Parts.reviews ?><?cs if:Page.R.RatingCount > 0 ?> <span class="rating">★ <?cs var:Page.R.Rating ?> <span class="muted">(<?cs var:Page.R.RatingCount ?>)</span></span><?cs /if ?></h2>
    <?cs if:subcount(Page.Reviews) ?><ul class="review-list"><?cs each:v = Page.Reviews ?>
     <li class="review"><p class="stars" aria-label="<?cs var:v.rating ?> <?cs var:Lang.Diner.Common.stars_of ?>"><?cs loop:i = 1, v.rating, 1 ?>★<?cs /loop ?></p>
      <p class="muted"><?cs var:v.author ?> · <?cs var:Lang.Diner.Common.visited ?> <?cs var:v.visited ?></p>
      <?cs if:v.body ?><p><?cs var:v.body ?></p><?cs /if ?>
      <?cs if:v.reply ?><p class="reply"><strong><?cs var:Lang.Diner.Common.restaurant_said ?></strong> <?cs var:v.reply ?></p><?cs /if ?></li>
    <?cs /each ?></ul>
    <?cs if:Page.ReviewTotal > subcount(Page.Reviews) ?><p><a href="/r/<?cs var:Page.R.Slug ?>/reviews"><?cs var:Lang.Diner.Parts.all_before ?> <?cs var:Page.ReviewTotal ?> <?cs call:plural(Page.ReviewTotal, Lang.Diner.Parts.AllReviews) ?></a></p><?cs /if ?>
    <?cs else ?><p class="muted"><?cs var:Lang.Diner.Parts.no_reviews ?></p><?cs /if ?>
   </section>

   <?cs if:subcount(Page.R.Closures) ?>
   <section class="closures" aria-labelledby="closures-h">
    <h2 id="closures-h"><?cs var:Lang.Diner.Parts.closures ?></h2>
    <ul>
     <?cs each:c = Page.R.Closures ?><li><?cs var:c.From ?><?cs if:c.To != c.From ?> – <?cs var:c.To ?><?cs /if ?><?cs if:c.Reason ?>: <?cs var:c.Reason ?><?cs /if ?></li>
     <?cs /each ?>
    </ul>
   </section>
   <?cs /if ?>
<?cs elif:Part == "side" ?>
  <aside class="side-col">
   <section class="contact" aria-labelledby="contact-h">
    <h2 id="contact-h"><?cs var:Lang.Diner.Parts.find_us ?></h2>
    <address>
     <?cs var:Page.R.Address ?><br>
     <?cs if:Page.R.PostalCode ?><?cs var:Page.R.PostalCode ?> <?cs /if ?><?cs var:Page.R.City ?><?cs if:Page.R.Country ?>, <?cs var:Page.R.Country ?><?cs /if ?>
    </address>
    <ul class="plain">
     <?cs if:Page.R.Phone ?><li><a href="tel:<?cs var:Page.R.PhoneDial ?>"><?cs var:Page.R.Phone ?></a></li><?cs /if ?>
     <?cs if:Page.R.Email ?><li><a href="mailto:<?cs var:url_escape(Page.R.Email) ?>"><?cs var:Page.R.Email ?></a></li><?cs /if ?>
     <?cs if:Page.R.Website ?><li><a href="<?cs var:url_validate(Page.R.Website) ?>" rel="nofollow noopener"><?cs var:Lang.Diner.Parts.website ?></a></li><?cs /if ?>
    </ul>
    <p class="muted"><?cs var:Lang.Diner.Parts.max_party_before ?> <?cs var:Page.R.MaxParty ?><?cs if:Lang.Diner.Parts.Persons.one ?> <?cs call:plural(Page.R.MaxParty, Lang.Diner.Parts.Persons) ?><?cs /if ?>.</p>
   </section>
  </aside>
<?cs /if ?>
