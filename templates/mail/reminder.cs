<?cs # reminder.cs: to the guest 24 and 2 hours before, with one-tap answers ?>
<?cs def:subject() ?>Reminder: <?cs var:Rv.Restaurant ?> <?cs if:Mail.Hours <= 3 ?>today<?cs else ?>on <?cs var:Lang.Weekday[Rv.Weekday] ?><?cs /if ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

A reminder of your table:
<?cs call:details_text() ?>
Let the restaurant know with one click:

  I'm coming:       <?cs var:Rv.Reply.coming ?>

  Running late:     <?cs var:Rv.Reply.late ?>

  Cancel the table: <?cs var:Rv.Reply.cancel ?>
<?cs call:manage_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">See you soon</h1>
<p>Hello <?cs var:Rv.Name ?>, a reminder of your table:</p>
<?cs call:details_html() ?>
<p>Let the restaurant know with one click:</p>
<p style="margin:16px 0">
<a href="<?cs var:Rv.Reply.coming ?>" style="display:inline-block;background:#2f6b3a;color:#ffffff;text-decoration:none;padding:12px 18px;border-radius:6px;font-weight:bold;margin:0 8px 8px 0">I'm coming</a>
<a href="<?cs var:Rv.Reply.late ?>" style="display:inline-block;background:#a66a00;color:#ffffff;text-decoration:none;padding:12px 18px;border-radius:6px;font-weight:bold;margin:0 8px 8px 0">Running late</a>
<a href="<?cs var:Rv.Reply.cancel ?>" style="display:inline-block;background:#ffffff;color:#8a3b12;text-decoration:none;padding:11px 17px;border:1px solid #8a3b12;border-radius:6px;font-weight:bold;margin:0 8px 8px 0">Cancel the table</a>
</p>
<p style="color:#6b6259;font-size:13px">Each button opens a page where you confirm your answer.</p>
<?cs /def ?>
