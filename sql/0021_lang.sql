-- 0021_lang: the language a user chose with the switcher (issue 19).
--
-- NULL until they choose: their pages then follow the browser's
-- Accept-Language, and their mails the language they last booked or signed
-- up in. A choice is kept here so that mails (the mailer has no browser to
-- ask) go out in it; the lang cookie keeps it for the pages of a browser.
-- The codes are those of App.Languages that templates/lang/ carries.
ALTER TABLE users ADD COLUMN language text
	CHECK (language IN ('en', 'ru', 'uk'));
