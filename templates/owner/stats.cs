<?cs # stats.cs: covers over 30 days, rates, busiest hours, the export ?>
<?cs include:"layout/macros.cs" ?>
<?cs include:"owner/nav.cs" ?>
<?cs set:Page.Title = Lang.Owner.Stats.title + " · " + Page.R.name ?>
<?cs def:content() ?>
<section class="owner stats">
 <h1><?cs var:Page.R.name ?></h1>
 <?cs call:owner_nav("stats") ?>
 <h2><?cs var:Lang.Owner.Stats.covers ?></h2>
 <p class="muted"><?cs var:Lang.Owner.Stats.intro ?></p>
 <figure class="chart">
  <svg xmlns="http://www.w3.org/2000/svg" width="<?cs var:Page.Chart.Width ?>" height="<?cs var:Page.Chart.Height ?>" viewBox="0 0 <?cs var:Page.Chart.Width ?> <?cs var:Page.Chart.Height ?>" role="img" aria-label="<?cs var:Lang.Owner.Stats.chart ?>">
   <line class="ch-axis" x1="<?cs var:Page.Chart.Left ?>" y1="<?cs var:Page.Chart.Base ?>" x2="<?cs var:Page.Chart.Right ?>" y2="<?cs var:Page.Chart.Base ?>"/>
   <line class="ch-grid" x1="<?cs var:Page.Chart.Left ?>" y1="<?cs var:Page.Chart.Top ?>" x2="<?cs var:Page.Chart.Right ?>" y2="<?cs var:Page.Chart.Top ?>"/>
   <line class="ch-grid" x1="<?cs var:Page.Chart.Left ?>" y1="<?cs var:Page.Chart.Mid ?>" x2="<?cs var:Page.Chart.Right ?>" y2="<?cs var:Page.Chart.Mid ?>"/>
   <text class="ch-tick" x="4" y="<?cs var:Page.Chart.Top + 4 ?>"><?cs var:Page.Chart.Max ?></text>
   <text class="ch-tick" x="4" y="<?cs var:Page.Chart.Mid + 4 ?>"><?cs var:Page.Chart.Half ?></text>
   <text class="ch-tick" x="4" y="<?cs var:Page.Chart.Base ?>">0</text>
   <?cs each:b = Page.Chart.Bars ?><rect class="ch-bar" x="<?cs var:b.X ?>" y="<?cs var:b.Y ?>" width="<?cs var:b.W ?>" height="<?cs var:b.H ?>"><title><?cs call:hdate(b.Date) ?>: <?cs var:b.Covers ?> <?cs call:plural(b.Covers, Lang.Owner.Common.covers) ?></title></rect><?cs if:name(b) % 5 == 0 ?><text class="ch-label" x="<?cs var:b.LabelX ?>" y="<?cs var:Page.Chart.LabelY ?>"><?cs var:b.Label ?></text><?cs /if ?>
   <?cs /each ?>
  </svg>
 </figure>
 <table class="list narrow">
  <tbody>
   <tr><th><?cs var:Lang.Owner.Stats.bookings ?> <span class="muted">(<?cs var:Lang.Owner.Stats.bookings_hint ?>)</span></th><td><?cs var:Page.Stats.Bookings ?></td></tr>
   <tr><th><?cs var:Lang.Owner.Stats.noshows ?> <span class="muted">(<?cs var:Lang.Owner.Stats.of_those ?>)</span></th><td><?cs var:Page.Stats.NoShowRate ?> %</td></tr>
   <tr><th><?cs var:Lang.Owner.Stats.cancellations ?> <span class="muted">(<?cs var:Lang.Owner.Stats.of_those ?>)</span></th><td><?cs var:Page.Stats.CancelRate ?> %</td></tr>
   <tr><th><?cs var:Lang.Owner.Stats.lead ?></th><td><?cs var:Page.Stats.LeadHours ?> <?cs call:plural(Page.Stats.LeadHours, Lang.Owner.Common.hours) ?></td></tr>
  </tbody>
 </table>
 <?cs if:subcount(Page.Stats.Busiest) ?><h2><?cs var:Lang.Owner.Stats.busiest ?></h2>
 <ol><?cs each:h = Page.Stats.Busiest ?><li><?cs var:h.Hour ?>: <?cs var:h.Covers ?> <?cs call:plural(h.Covers, Lang.Owner.Common.covers) ?></li><?cs /each ?></ol><?cs /if ?>
 <h2><?cs var:Lang.Owner.Stats.export ?></h2>
 <form method="get" action="/owner/r/<?cs var:Page.R.id ?>/export.csv" class="stack row">
  <div class="field"><label for="x-from"><?cs var:Lang.Owner.Stats.from ?></label><input id="x-from" name="from" type="date" value="<?cs var:Page.R.today ?>"></div>
  <div class="field"><label for="x-to"><?cs var:Lang.Owner.Stats.to ?></label><input id="x-to" name="to" type="date" value="<?cs var:Page.R.today ?>"></div>
  <div class="field"><button type="submit"><?cs var:Lang.Owner.Stats.download ?></button></div>
 </form>
</section>
<?cs /def ?>
