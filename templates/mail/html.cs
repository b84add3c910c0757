<?cs # html.cs: the HTML part of mail/<kind>.cs, styled inline for mail clients ?><!DOCTYPE html>
<html lang="<?cs var:Lang.Code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs call:subject() ?></title>
</head>
<body style="margin:0;padding:0;background:#f6f1ea">
<table role="presentation" width="100%" style="border-collapse:collapse;background:#f6f1ea"><tr><td style="padding:24px 12px">
<table role="presentation" width="100%" style="max-width:600px;margin:0 auto;border-collapse:collapse;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 28px;border-bottom:1px solid #eadfd3;font:bold 20px Georgia,serif;color:#8a3b12"><?cs var:Site.Name ?></td></tr>
<tr><td style="padding:8px 28px 28px;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#2b2520">
<?cs call:html() ?>
</td></tr>
</table>
<p style="max-width:600px;margin:12px auto 0;font:12px/1.5 Helvetica,Arial,sans-serif;color:#8c8177;text-align:center"><?cs var:Site.Name ?> · <a href="<?cs var:Site.BaseUrl ?>" style="color:#8c8177"><?cs var:Site.BaseUrl ?></a><br><?cs var:Lang.Mail.Footer.auto ?></p>
</td></tr></table>
</body>
</html>
