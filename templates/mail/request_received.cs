<?cs # request_received.cs: to the guest when a restaurant confirms bookings by hand ?>
<?cs def:subject() ?>Your request at <?cs var:Rv.Restaurant ?> for <?cs var:Rv.Date ?> at <?cs var:Rv.Time ?><?cs /def ?>
<?cs def:text() ?>Hello <?cs var:Rv.Name ?>,

<?cs var:Rv.Restaurant ?> confirms bookings by hand. We have passed on your
request and will write again as soon as they answer. The table is kept for
you meanwhile.
<?cs call:details_text() ?>
<?cs call:manage_text() ?>
<?cs /def ?>
<?cs def:html() ?>
<h1 style="font:bold 24px Georgia,serif;margin:16px 0 8px">Request received</h1>
<p>Hello <?cs var:Rv.Name ?>, <strong><?cs var:Rv.Restaurant ?></strong> confirms bookings by hand. We have passed on your request and will write again as soon as they answer. The table is kept for you meanwhile.</p>
<?cs call:details_html() ?>
<?cs call:manage_html() ?>
<?cs /def ?>
