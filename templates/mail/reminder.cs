<?cs # reminder.cs: to the guest 24 and 2 hours before, with one-tap answers ?>
<?cs def:subject() ?><?cs var:Lang.Mail.Reminder.subject ?>: <?cs var:Rv.Restaurant ?> <?cs if:Mail.Hours <= 3 ?><?cs var:Lang.Mail.Reminder.today ?><?cs else ?><?cs var:Lang.Mail.Reminder.on[Rv.Weekday] ?><?cs /if ?> <?cs var:Lang.Mail.When.at ?> <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?><?cs call:greet(Rv.Name) ?>

<?cs var:Lang.Mail.Reminder.intro_text ?>:
<?cs call:details_text() ?>
<?cs var:Lang.Mail.Reminder.one_click ?>:

<?cs call:tl("coming") ?><?cs var:Rv.Reply.coming ?>

<?cs call:tl("late") ?><?cs var:Rv.Reply.late ?>

<?cs call:tl("cancel") ?><?cs var:Rv.Reply.cancel ?>
<?cs call:manage_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px"><?cs var:Lang.Mail.Reminder.title ?></h1>
<p><?cs call:greet(Rv.Name) ?> <?cs var:Lang.Mail.Reminder.intro_html ?>:</p>
<?cs call:details_html() ?>
<p><?cs var:Lang.Mail.Reminder.one_click ?>:</p>
<p style="margin:16px 0">
<a href="<?cs var:Rv.Reply.coming ?>" style="display:inline-block;background:#2f6b3a;color:#ffffff;text-decoration:none;padding:12px 18px;border-radius:6px;font-weight:bold;margin:0 8px 8px 0"><?cs var:Lang.Mail.Label.coming ?></a>
<a href="<?cs var:Rv.Reply.late ?>" style="display:inline-block;background:#a66a00;color:#ffffff;text-decoration:none;padding:12px 18px;border-radius:6px;font-weight:bold;margin:0 8px 8px 0"><?cs var:Lang.Mail.Label.late ?></a>
<a href="<?cs var:Rv.Reply.cancel ?>" style="display:inline-block;background:#ffffff;color:#8a3b12;text-decoration:none;padding:11px 17px;border:1px solid #8a3b12;border-radius:6px;font-weight:bold;margin:0 8px 8px 0"><?cs var:Lang.Mail.Label.cancel ?></a>
</p>
<p style="color:#6b6259;font-size:13px"><?cs var:Lang.Mail.Reminder.each_button ?></p>
<?cs /def ?>
