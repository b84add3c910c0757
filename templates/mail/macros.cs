<?cs # macros.cs: pieces the mails share. Parsed once for the text parts
     (no escaping) and once for the HTML part (HTML escaping). ?>
<?cs # plural(n, forms): the form of a word for the count n, by the language's
     rule: forms.one / forms.other in English; forms.one / few / many in
     Russian and Ukrainian (1, 21 one; 2-4, 22-24 few; 0, 5-20, 25 many).
     The caller writes the number first, then call:plural(n, Lang.X.guests) ?>
<?cs def:plural(n, forms) ?><?cs if:Lang.Code == "ru" || Lang.Code == "uk" ?><?cs if:n % 10 == 1 && n % 100 != 11 ?><?cs var:forms.one ?><?cs elif:n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ?><?cs var:forms.few ?><?cs else ?><?cs var:forms.many ?><?cs /if ?><?cs elif:n == 1 ?><?cs var:forms.one ?><?cs else ?><?cs var:forms.other ?><?cs /if ?><?cs /def ?>
<?cs def:when() ?><?cs var:Lang.Weekday[Rv.Weekday] ?> <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?>–<?cs var:Rv.EndTime ?> (<?cs var:Rv.Timezone ?> time, UTC<?cs var:Rv.UtcOffset ?>)<?cs /def ?>
<?cs def:guests() ?><?cs var:Rv.Party ?> <?cs if:Rv.Party == 1 ?>guest<?cs else ?>guests<?cs /if ?><?cs /def ?>
<?cs def:where() ?><?cs var:Rv.Restaurant ?>, <?cs var:Rv.Address ?>, <?cs var:Rv.City ?><?cs /def ?>

<?cs # what a change changed, old -> new (Mail.Was.* is the booking before) ?>
<?cs def:changes_text() ?><?cs if:Mail.Was.Date ?>
What changed:<?cs if:Mail.Was.Date != Rv.Date ?>
  Date:        <?cs var:Mail.Was.Date ?> -> <?cs var:Rv.Date ?><?cs /if ?><?cs if:Mail.Was.Time != Rv.Time ?>
  Time:        <?cs var:Mail.Was.Time ?> -> <?cs var:Rv.Time ?><?cs /if ?><?cs if:Mail.Was.Party != Rv.Party ?>
  Guests:      <?cs var:Mail.Was.Party ?> -> <?cs var:Rv.Party ?><?cs /if ?><?cs if:Mail.Was.Table && Mail.Was.Table != Rv.Table ?>
  Table:       <?cs var:Mail.Was.Table ?> -> <?cs var:Rv.Table ?><?cs /if ?>
<?cs /if ?><?cs /def ?>
<?cs def:changes_html() ?><?cs if:Mail.Was.Date ?>
<p style="margin:12px 0 4px"><strong>What changed</strong></p>
<ul style="margin:0 0 12px;padding-left:20px"><?cs if:Mail.Was.Date != Rv.Date ?><li>Date: <?cs var:Mail.Was.Date ?> → <strong><?cs var:Rv.Date ?></strong></li><?cs /if ?><?cs if:Mail.Was.Time != Rv.Time ?><li>Time: <?cs var:Mail.Was.Time ?> → <strong><?cs var:Rv.Time ?></strong></li><?cs /if ?><?cs if:Mail.Was.Party != Rv.Party ?><li>Guests: <?cs var:Mail.Was.Party ?> → <strong><?cs var:Rv.Party ?></strong></li><?cs /if ?><?cs if:Mail.Was.Table && Mail.Was.Table != Rv.Table ?><li>Table: <?cs var:Mail.Was.Table ?> → <strong><?cs var:Rv.Table ?></strong></li><?cs /if ?></ul>
<?cs /if ?><?cs /def ?>

<?cs def:details_text() ?>
  Restaurant:  <?cs var:Rv.Restaurant ?>
  When:        <?cs call:when() ?>
  Guests:      <?cs var:Rv.Party ?>
  Name:        <?cs var:Rv.Name ?>
  Booking:     <?cs var:Rv.Code ?>
  Address:     <?cs var:Rv.Address ?>, <?cs var:Rv.City ?><?cs if:Rv.RPhone ?>
  Phone:       <?cs var:Rv.RPhone ?><?cs /if ?><?cs if:Rv.Requests ?>
  Requests:    <?cs var:Rv.Requests ?><?cs /if ?>
<?cs /def ?>

<?cs def:owner_text() ?>
  Guest:       <?cs var:Rv.Name ?>
  When:        <?cs call:when() ?>
  Guests:      <?cs var:Rv.Party ?>
  Table:       <?cs var:Rv.Table ?>
  Booking:     <?cs var:Rv.Code ?><?cs if:Rv.Phone ?>
  Phone:       <?cs var:Rv.Phone ?><?cs /if ?><?cs if:Rv.Email ?>
  Email:       <?cs var:Rv.Email ?><?cs /if ?><?cs if:Rv.Requests ?>
  Requests:    <?cs var:Rv.Requests ?><?cs /if ?>

Open it in your book: <?cs var:Site.BaseUrl ?>/owner/b/<?cs var:Rv.Code ?>
<?cs /def ?>

<?cs def:manage_text() ?><?cs if:Rv.ManageLink ?>
To see, change or cancel your booking:
<?cs var:Rv.ManageLink ?>
<?cs /if ?><?cs /def ?>

<?cs def:row(label, value) ?><tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal;white-space:nowrap"><?cs var:label ?></th><td style="padding:4px 0"><?cs var:value ?></td></tr><?cs /def ?>

<?cs def:details_html() ?>
<table role="presentation" style="border-collapse:collapse;margin:16px 0;font-size:15px">
<?cs call:row("Restaurant", Rv.Restaurant) ?>
<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal">When</th><td style="padding:4px 0"><strong><?cs var:Lang.Weekday[Rv.Weekday] ?> <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?></strong>–<?cs var:Rv.EndTime ?><br><span style="color:#6b6259"><?cs var:Rv.Timezone ?> time, UTC<?cs var:Rv.UtcOffset ?></span></td></tr>
<?cs call:row("Guests", Rv.Party) ?>
<?cs call:row("Name", Rv.Name) ?>
<?cs call:row("Booking", Rv.Code) ?>
<?cs call:row("Address", Rv.Address + ", " + Rv.City) ?>
<?cs if:Rv.RPhone ?><tr><th style="text-align:left;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal">Phone</th><td style="padding:4px 0"><a href="tel:<?cs var:Rv.RPhoneDial ?>" style="color:#8a3b12"><?cs var:Rv.RPhone ?></a></td></tr><?cs /if ?>
<?cs if:Rv.Requests ?><?cs call:row("Requests", Rv.Requests) ?><?cs /if ?>
</table>
<?cs /def ?>

<?cs def:owner_html() ?>
<table role="presentation" style="border-collapse:collapse;margin:16px 0;font-size:15px">
<?cs call:row("Guest", Rv.Name) ?>
<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal">When</th><td style="padding:4px 0"><strong><?cs var:Lang.Weekday[Rv.Weekday] ?> <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?></strong>–<?cs var:Rv.EndTime ?> <span style="color:#6b6259">(UTC<?cs var:Rv.UtcOffset ?>)</span></td></tr>
<?cs call:row("Guests", Rv.Party) ?>
<?cs call:row("Table", Rv.Table) ?>
<?cs call:row("Booking", Rv.Code) ?>
<?cs if:Rv.Phone ?><?cs call:row("Phone", Rv.Phone) ?><?cs /if ?>
<?cs if:Rv.Email ?><?cs call:row("Email", Rv.Email) ?><?cs /if ?>
<?cs if:Rv.Requests ?><?cs call:row("Requests", Rv.Requests) ?><?cs /if ?>
</table>
<p style="margin:16px 0"><a href="<?cs var:Site.BaseUrl ?>/owner/b/<?cs var:Rv.Code ?>" style="color:#8a3b12;font-weight:bold">Open it in your book</a></p>
<?cs /def ?>

<?cs def:button(href, label) ?><p style="margin:24px 0"><a href="<?cs var:href ?>" style="display:inline-block;background:#8a3b12;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold"><?cs var:label ?></a></p><?cs /def ?>

<?cs def:manage_html() ?><?cs if:Rv.ManageLink ?><?cs call:button(Rv.ManageLink, "See, change or cancel") ?>
<p style="color:#6b6259;font-size:13px">Or open this address: <a href="<?cs var:Rv.ManageLink ?>" style="color:#8a3b12;word-break:break-all"><?cs var:Rv.ManageLink ?></a></p><?cs /if ?><?cs /def ?>
