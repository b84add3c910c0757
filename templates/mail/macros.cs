<?cs # macros.cs: pieces the mails share. Parsed once for the text parts
     (no escaping) and once for the HTML part (HTML escaping). ?>
<?cs # plural(n, forms): the form of a word for the count n, by the language's
     rule: forms.one / forms.other in English; forms.one / few / many in
     Russian and Ukrainian (1, 21 one; 2-4, 22-24 few; 0, 5-20, 25 many).
     The caller writes the number first, then call:plural(n, Lang.X.guests) ?>
<?cs def:plural(n, forms) ?><?cs if:Lang.Code == "ru" || Lang.Code == "uk" ?><?cs if:n % 10 == 1 && n % 100 != 11 ?><?cs var:forms.one ?><?cs elif:n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ?><?cs var:forms.few ?><?cs else ?><?cs var:forms.many ?><?cs /if ?><?cs elif:n == 1 ?><?cs var:forms.one ?><?cs else ?><?cs var:forms.other ?><?cs /if ?><?cs /def ?>
<?cs def:when() ?><?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?>–<?cs var:Rv.EndTime ?> (<?cs var:Rv.Timezone ?> <?cs var:Lang.Mail.When.zone ?>, <?cs var:Lang.Mail.When.utc ?><?cs var:Rv.UtcOffset ?>)<?cs /def ?>
<?cs def:guests() ?><?cs var:Rv.Party ?> <?cs call:plural(Rv.Party, Lang.Mail.guests) ?><?cs /def ?>
<?cs def:where() ?><?cs var:Rv.Restaurant ?>, <?cs var:Rv.Address ?>, <?cs var:Rv.City ?><?cs /def ?>
<?cs # greet(name): "Hello Ann," or, without a name, "Hello," ?>
<?cs def:greet(name) ?><?cs if:name ?><?cs var:Lang.Mail.Greeting.before ?> <?cs var:name ?><?cs var:Lang.Mail.Greeting.after ?><?cs else ?><?cs var:Lang.Mail.Greeting.alone ?><?cs /if ?><?cs /def ?>
<?cs # tl(key): a label of the text part, "  Restaurant:  ", padded with
     Lang.Mail.Pad[key] spaces so that the values line up ?>
<?cs def:tl(key) ?>  <?cs var:Lang.Mail.Label[key] ?>:<?cs loop:i = 1, Lang.Mail.Pad[key], 1 ?> <?cs /loop ?><?cs /def ?>

<?cs # what a change changed, old -> new (Mail.Was.* is the booking before) ?>
<?cs def:changes_text() ?><?cs if:Mail.Was.Date ?>
<?cs var:Lang.Mail.Changes.title ?>:<?cs if:Mail.Was.Date != Rv.Date ?>
<?cs call:tl("date") ?><?cs var:Mail.Was.DateText ?> -> <?cs var:Rv.DateText ?><?cs /if ?><?cs if:Mail.Was.Time != Rv.Time ?>
<?cs call:tl("time") ?><?cs var:Mail.Was.Time ?> -> <?cs var:Rv.Time ?><?cs /if ?><?cs if:Mail.Was.Party != Rv.Party ?>
<?cs call:tl("guests") ?><?cs var:Mail.Was.Party ?> -> <?cs var:Rv.Party ?><?cs /if ?><?cs if:Mail.Was.Table && Mail.Was.Table != Rv.Table ?>
<?cs call:tl("table") ?><?cs var:Mail.Was.Table ?> -> <?cs var:Rv.Table ?><?cs /if ?>
<?cs /if ?><?cs /def ?>
<?cs def:changes_html() ?><?cs if:Mail.Was.Date ?>
<p style="margin:12px 0 4px"><strong><?cs var:Lang.Mail.Changes.title ?></strong></p>
<ul style="margin:0 0 12px;padding-left:20px"><?cs if:Mail.Was.Date != Rv.Date ?><li><?cs var:Lang.Mail.Label.date ?>: <?cs var:Mail.Was.DateText ?> → <strong><?cs var:Rv.DateText ?></strong></li><?cs /if ?><?cs if:Mail.Was.Time != Rv.Time ?><li><?cs var:Lang.Mail.Label.time ?>: <?cs var:Mail.Was.Time ?> → <strong><?cs var:Rv.Time ?></strong></li><?cs /if ?><?cs if:Mail.Was.Party != Rv.Party ?><li><?cs var:Lang.Mail.Label.guests ?>: <?cs var:Mail.Was.Party ?> → <strong><?cs var:Rv.Party ?></strong></li><?cs /if ?><?cs if:Mail.Was.Table && Mail.Was.Table != Rv.Table ?><li><?cs var:Lang.Mail.Label.table ?>: <?cs var:Mail.Was.Table ?> → <strong><?cs var:Rv.Table ?></strong></li><?cs /if ?></ul>
<?cs /if ?><?cs /def ?>

<?cs def:details_text() ?>
<?cs call:tl("restaurant") ?><?cs var:Rv.Restaurant ?>
<?cs call:tl("when") ?><?cs call:when() ?>
<?cs call:tl("guests") ?><?cs var:Rv.Party ?>
<?cs call:tl("name") ?><?cs var:Rv.Name ?>
<?cs call:tl("booking") ?><?cs var:Rv.Code ?>
<?cs call:tl("address") ?><?cs var:Rv.Address ?>, <?cs var:Rv.City ?><?cs if:Rv.RPhone ?>
<?cs call:tl("phone") ?><?cs var:Rv.RPhone ?><?cs /if ?><?cs if:Rv.Requests ?>
<?cs call:tl("requests") ?><?cs var:Rv.Requests ?><?cs /if ?>
<?cs /def ?>

<?cs def:owner_text() ?>
<?cs call:tl("guest") ?><?cs var:Rv.Name ?>
<?cs call:tl("when") ?><?cs call:when() ?>
<?cs call:tl("guests") ?><?cs var:Rv.Party ?>
<?cs call:tl("table") ?><?cs var:Rv.Table ?>
<?cs call:tl("booking") ?><?cs var:Rv.Code ?><?cs if:Rv.Phone ?>
<?cs call:tl("phone") ?><?cs var:Rv.Phone ?><?cs /if ?><?cs if:Rv.Email ?>
<?cs call:tl("email") ?><?cs var:Rv.Email ?><?cs /if ?><?cs if:Rv.Requests ?>
<?cs call:tl("requests") ?><?cs var:Rv.Requests ?><?cs /if ?>

<?cs var:Lang.Mail.Owner.open_text ?>: <?cs var:Site.BaseUrl + "/owner/b/" + Rv.Code ?>
<?cs /def ?>

<?cs def:manage_text() ?><?cs if:Rv.ManageLink ?>
<?cs var:Lang.Mail.Manage.text ?>:
<?cs var:Rv.ManageLink ?>
<?cs /if ?><?cs /def ?>

<?cs def:row(label, value) ?><tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal;white-space:nowrap"><?cs var:label ?></th><td style="padding:4px 0"><?cs var:value ?></td></tr><?cs /def ?>

<?cs def:details_html() ?>
<table role="presentation" style="border-collapse:collapse;margin:16px 0;font-size:15px">
<?cs call:row(Lang.Mail.Label.restaurant, Rv.Restaurant) ?>
<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal"><?cs var:Lang.Mail.Label.when ?></th><td style="padding:4px 0"><strong><?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?></strong>–<?cs var:Rv.EndTime ?><br><span style="color:#6b6259"><?cs var:Rv.Timezone ?> <?cs var:Lang.Mail.When.zone ?>, <?cs var:Lang.Mail.When.utc ?><?cs var:Rv.UtcOffset ?></span></td></tr>
<?cs call:row(Lang.Mail.Label.guests, Rv.Party) ?>
<?cs call:row(Lang.Mail.Label.name, Rv.Name) ?>
<?cs call:row(Lang.Mail.Label.booking, Rv.Code) ?>
<?cs call:row(Lang.Mail.Label.address, Rv.Address + ", " + Rv.City) ?>
<?cs if:Rv.RPhone ?><tr><th style="text-align:left;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal"><?cs var:Lang.Mail.Label.phone ?></th><td style="padding:4px 0"><a href="tel:<?cs var:Rv.RPhoneDial ?>" style="color:#8a3b12"><?cs var:Rv.RPhone ?></a></td></tr><?cs /if ?>
<?cs if:Rv.Requests ?><?cs call:row(Lang.Mail.Label.requests, Rv.Requests) ?><?cs /if ?>
</table>
<?cs /def ?>

<?cs def:owner_html() ?>
<table role="presentation" style="border-collapse:collapse;margin:16px 0;font-size:15px">
<?cs call:row(Lang.Mail.Label.guest, Rv.Name) ?>
<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#6b6259;font-weight:normal"><?cs var:Lang.Mail.Label.when ?></th><td style="padding:4px 0"><strong><?cs var:Rv.DateText ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?></strong>–<?cs var:Rv.EndTime ?> <span style="color:#6b6259">(<?cs var:Lang.Mail.When.utc ?><?cs var:Rv.UtcOffset ?>)</span></td></tr>
<?cs call:row(Lang.Mail.Label.guests, Rv.Party) ?>
<?cs call:row(Lang.Mail.Label.table, Rv.Table) ?>
<?cs call:row(Lang.Mail.Label.booking, Rv.Code) ?>
<?cs if:Rv.Phone ?><?cs call:row(Lang.Mail.Label.phone, Rv.Phone) ?><?cs /if ?>
<?cs if:Rv.Email ?><?cs call:row(Lang.Mail.Label.email, Rv.Email) ?><?cs /if ?>
<?cs if:Rv.Requests ?><?cs call:row(Lang.Mail.Label.requests, Rv.Requests) ?><?cs /if ?>
</table>
<p style="margin:16px 0"><a href="<?cs var:Site.BaseUrl ?>/owner/b/<?cs var:Rv.Code ?>" style="color:#8a3b12;font-weight:bold"><?cs var:Lang.Mail.Owner.open_html ?></a></p>
<?cs /def ?>

<?cs def:button(href, label) ?><p style="margin:24px 0"><a href="<?cs var:href ?>" style="display:inline-block;background:#8a3b12;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold"><?cs var:label ?></a></p><?cs /def ?>

<?cs def:manage_html() ?><?cs if:Rv.ManageLink ?><?cs call:button(Rv.ManageLink, Lang.Mail.Manage.button) ?>
<p style="color:#6b6259;font-size:13px"><?cs var:Lang.Mail.Manage.or_open ?>: <a href="<?cs var:Rv.ManageLink ?>" style="color:#8a3b12;word-break:break-all"><?cs var:Rv.ManageLink ?></a></p><?cs /if ?><?cs /def ?>
