<?cs # noshow.cs: to the guest when the restaurant marked the booking as a no-show ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Noshow.subject_before ?> <?cs var:Rv.Restaurant ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Noshow.table_at ?> <?cs var:Rv.Restaurant ?> <?cs var:Lang.Mail.Noshow.kept_text ?><?cs call:details_text() ?>
<?cs var:Lang.Mail.Noshow.mistake ?><?cs if:Rv.RPhone ?> <?cs var:Lang.Mail.Noshow.at_phone ?> <?cs var:Rv.RPhone ?><?cs /if ?>.
<?cs var:Lang.Mail.Noshow.next_time ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Noshow.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Noshow.table_at_html ?> <strong><?cs var:Rv.Restaurant ?></strong> <?cs var:Lang.Mail.Noshow.kept_html ?></p>
<?cs call:details_html() ?>
<p><?cs var:Lang.Mail.Noshow.mistake ?>. <?cs var:Lang.Mail.Noshow.next_time ?></p>
<?cs /def ?>
