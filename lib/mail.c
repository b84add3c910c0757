/* mail.c: outbox rows composed from templates/mail/ and sent over SMTP with libcurl. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

/* How long signed links in mails stay good after the visit. */
#define LINK_DAYS	60

struct mailer {
	HDF			*site;		/* the default language's Lang.*, Site.* */
	HDF			*sites[TMPL_LANGS];	/* each language's; [0] = site */
	char			 langs[TMPL_LANGS][LANG_CODE_MAX];
	int			 nlangs;
	struct tmpl_cache	*plain;		/* subject and text: no escaping */
	struct tmpl_cache	*html;
	CURL			*curl;
	const char		*url;
	const char		*base_url;
	char			 from[512];	/* the From header's value */
	char			 sender[300];	/* the envelope's, "<addr>" */
	char			 errbuf[CURL_ERROR_SIZE];
};

enum who {
	TO_GUEST,
	TO_OWNER,
	TO_ACCOUNT,
};

/* Every kind of mail; the template is mail/<name>.cs. */
static const struct kind {
	const char	*name;
	enum who	 who;
	const char	*ics;		/* iCalendar METHOD, if one goes along */
} kinds[] = {
	{ "confirmation",	TO_GUEST,	"REQUEST" },
	{ "request_received",	TO_GUEST,	NULL },
	{ "change",		TO_GUEST,	"REQUEST" },
	{ "cancellation",	TO_GUEST,	"CANCEL" },
	{ "reminder",		TO_GUEST,	NULL },
	{ "noshow",		TO_GUEST,	NULL },
	{ "review_invitation",	TO_GUEST,	NULL },
	{ "declined",		TO_GUEST,	NULL },
	{ "owner_new",		TO_OWNER,	NULL },
	{ "owner_request",	TO_OWNER,	NULL },
	{ "owner_change",	TO_OWNER,	NULL },
	{ "owner_cancel",	TO_OWNER,	NULL },
	{ "owner_noshow",	TO_OWNER,	NULL },
	{ "verify_email",	TO_ACCOUNT,	NULL },
	{ "password_reset",	TO_ACCOUNT,	NULL },
	{ "account_exists",	TO_ACCOUNT,	NULL },
	{ "email_change",	TO_ACCOUNT,	NULL },
	{ "email_change_notice", TO_ACCOUNT,	NULL },
	{ "webhook_disabled",	TO_ACCOUNT,	NULL },
	{ "waitlist_confirm",	TO_ACCOUNT,	NULL },
	{ "waitlist_offer",	TO_GUEST,	NULL },
	/* the walk-in list's "table ready": no booking yet, no link */
	{ "walkin_ready",	TO_ACCOUNT,	NULL },
};

static const struct kind *
kind_of(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/*
 * An address we put in an envelope and a header as it is: printable
 * ASCII without spaces, brackets, quotes or separators, one @.
 */
static bool
addr_ok(const char *a)
{
	const char	*at;
	size_t		 n = strlen(a);

	if (n < 3 || n > 254 || strspn(a, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-@") != n)
		return false;
	at = strchr(a, '@');
	return at != NULL && at != a && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/* ------------------------------------------------------------------ */
/* header values                                                        */
/* ------------------------------------------------------------------ */

/* Characters a phrase may hold unquoted (RFC 5322 atext and spaces). */
static bool
atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ' ' || strchr("!#$%&'*+-/=?^_`{|}~",
	    c) != NULL;
}

/* Length of the UTF-8 sequence starting with c. */
static int
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * The text of a header value: control characters (CR and LF among them)
 * become spaces, runs of spaces one, and at most max bytes are kept,
 * never ending inside a UTF-8 sequence. Valid UTF-8 is assumed.
 */
static void
clean(const char *in, size_t max, STRING *out)
{
	const unsigned char	*p;
	bool			 space = true;
	int			 i;

	for (p = (const unsigned char *)in; *p != '\0' && (size_t)out->len < max;
	    p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (!space)
				string_append_char(out, ' ');
			space = true;
			continue;
		}
		if (*p == ' ' && space)
			continue;
		string_append_char(out, (char)*p);
		space = *p == ' ';
	}
	/* a sequence cut at max: drop its lead byte and what follows it */
	for (i = out->len; i > 0 && out->len - i < 4; i--)
		if (((unsigned char)out->buf[i - 1] & 0xc0) != 0x80)
			break;
	if (i > 0 && ((unsigned char)out->buf[i - 1] & 0x80) &&
	    u8len((unsigned char)out->buf[i - 1]) > out->len - (i - 1)) {
		out->len = i - 1;
		out->buf[out->len] = '\0';
	}
	while (out->len > 0 && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

/* RFC 2047 encoded words of s, each within 75 characters, split between characters. */
static void
encode_words(const char *s, size_t len, STRING *out)
{
	char	 b64[64];
	size_t	 i = 0, n, k;

	while (i < len) {
		/* 45 bytes give 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" */
		for (n = 0; i + n < len; n += k) {
			k = (size_t)u8len((unsigned char)s[i + n]);
			if (n + k > 45)
				break;
		}
		if (n == 0)
			n = len - i < 4 ? len - i : 4;
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, n,
		    sodium_base64_VARIANT_ORIGINAL);
		if (i > 0)
			string_append_char(out, ' ');
		string_append(out, "=?UTF-8?B?");
		string_append(out, b64);
		string_append(out, "?=");
		i += n;
	}
}

void
mail_header_value(const char *in, STRING *out)
{
	STRING		 t;
	int		 i;

	string_init(&t);
	clean(in, 300, &t);
	for (i = 0; i < t.len; i++)
		if ((unsigned char)t.buf[i] >= 0x80)
			break;
	/* ASCII stays readable; "=?" would be taken for an encoded word */
	if (t.len > 0 && i == t.len && strstr(t.buf, "=?") == NULL)
		string_append(out, t.buf);
	else if (t.len > 0)
		encode_words(t.buf, (size_t)t.len, out);
	string_clear(&t);
}

/* "name <addr>" with name as atoms, a quoted string or encoded words. */
static void
mailbox(const char *name, const char *addr, STRING *out)
{
	STRING		 t;
	int		 i;
	bool		 plain = true, ascii = true;

	string_init(&t);
	clean(name, 120, &t);
	for (i = 0; i < t.len; i++) {
		if ((unsigned char)t.buf[i] >= 0x80)
			ascii = false;
		else if (!atext((unsigned char)t.buf[i]))
			plain = false;
	}
	if (t.len > 0 && ascii && plain && strstr(t.buf, "=?") == NULL) {
		string_append(out, t.buf);
		string_append_char(out, ' ');
	} else if (t.len > 0 && ascii && strstr(t.buf, "=?") == NULL) {
		/* (lenient readers decode encoded words even in quotes) */
		string_append_char(out, '"');
		for (i = 0; i < t.len; i++) {
			if (t.buf[i] == '"' || t.buf[i] == '\\')
				string_append_char(out, '\\');
			string_append_char(out, t.buf[i]);
		}
		string_append(out, "\" ");
	} else if (t.len > 0) {
		encode_words(t.buf, (size_t)t.len, out);
		string_append_char(out, ' ');
	}
	string_appendf(out, "<%s>", addr);
	string_clear(&t);
}

/* ------------------------------------------------------------------ */
/* the mailer                                                           */
/* ------------------------------------------------------------------ */

/*
 * Split SMTP.From ("Name <addr>" or "addr") into the header's mailbox
 * and the envelope sender.
 */
static NEOERR *
parse_from(struct mailer *m, const char *from, const char *sender)
{
	const char	*lt = strchr(from, '<'), *gt = strrchr(from, '>');
	char		 name[200], addr[256];
	size_t		 n;
	STRING		 s;

	if (lt != NULL && gt != NULL && gt > lt) {
		n = (size_t)(lt - from);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, from, n);
		name[n] = '\0';
		while (n > 0 && name[n - 1] == ' ')
			name[--n] = '\0';
		n = (size_t)(gt - lt - 1);
		if (n >= sizeof addr)
			n = sizeof addr - 1;
		memcpy(addr, lt + 1, n);
		addr[n] = '\0';
	} else {
		name[0] = '\0';
		snprintf(addr, sizeof addr, "%s", from);
	}
	if (!addr_ok(addr))
		return nerr_raise(ERR_CONFIG, "SMTP.From has no usable address: %s",
		    from);
	if (sender == NULL || *sender == '\0')
		sender = addr;
	if (!addr_ok(sender))
		return nerr_raise(ERR_CONFIG, "SMTP.Sender is not an address: %s",
		    sender);
	snprintf(m->sender, sizeof m->sender, "<%s>", sender);
	string_init(&s);
	mailbox(name, addr, &s);
	snprintf(m->from, sizeof m->from, "%s", s.buf != NULL ? s.buf : "");
	string_clear(&s);
	return STATUS_OK;
}

NEOERR *
mailer_new(HDF *conf, struct mailer **out)
{
	struct mailer	*m;
	NEOERR		*err;
	const char	*dir, *user, *pw;
	int		 i;

	*out = NULL;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return nerr_raise(NERR_NOMEM, "mailer");
	m->url = hdf_get_value(conf, "SMTP.Url", "smtp://127.0.0.1:25");
	m->base_url = hdf_get_value(conf, "App.BaseUrl", "http://localhost");
	dir = hdf_get_value(conf, "App.TemplateDir", PKGDATADIR "/templates");
	if ((err = lang_config(conf, m->langs, &m->nlangs)) != STATUS_OK ||
	    (err = parse_from(m, hdf_get_value(conf, "SMTP.From",
	    "Stolik <no-reply@localhost.localdomain>"),
	    hdf_get_value(conf, "SMTP.Sender", NULL))) != STATUS_OK) {
		mailer_free(m);
		return nerr_pass(err);
	}
	/* one site per language; a mail renders over its recipient's */
	for (i = 0; i < m->nlangs; i++)
		if ((err = hdf_init(&m->sites[i])) != STATUS_OK ||
		    (err = lang_read(m->sites[i], dir, m->langs[i])) !=
		    STATUS_OK ||
		    (err = hdf_set_value(m->sites[i], "Site.Name",
		    hdf_get_value(conf, "App.SiteName", "Stolik"))) != STATUS_OK ||
		    (err = hdf_set_value(m->sites[i], "Site.BaseUrl",
		    m->base_url)) != STATUS_OK) {
			mailer_free(m);
			return nerr_pass_ctx(err, "language %s", m->langs[i]);
		}
	m->site = m->sites[0];
	if ((err = tmpl_cache_new(dir, "none", m->site, &m->plain)) != STATUS_OK ||
	    (err = tmpl_cache_new(dir, "html", m->site, &m->html)) != STATUS_OK) {
		mailer_free(m);
		return nerr_pass(err);
	}
	for (i = 1; i < m->nlangs; i++)
		if ((err = tmpl_cache_lang(m->plain, m->langs[i], m->sites[i])) !=
		    STATUS_OK ||
		    (err = tmpl_cache_lang(m->html, m->langs[i], m->sites[i])) !=
		    STATUS_OK) {
			mailer_free(m);
			return nerr_pass(err);
		}
	if ((m->curl = curl_easy_init()) == NULL) {
		mailer_free(m);
		return nerr_raise(NERR_NOMEM, "curl_easy_init");
	}
	/* what stays the same for every mail of the run */
	curl_easy_setopt(m->curl, CURLOPT_URL, m->url);
	curl_easy_setopt(m->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(m->curl, CURLOPT_MAIL_FROM, m->sender);
	curl_easy_setopt(m->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(m->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)conf_int(conf, "SMTP.ConnectTimeout", 5, 1, 300) * 1000L);
	curl_easy_setopt(m->curl, CURLOPT_TIMEOUT_MS,
	    (long)conf_int(conf, "SMTP.Timeout", 30, 1, 3600) * 1000L);
	curl_easy_setopt(m->curl, CURLOPT_ERRORBUFFER, m->errbuf);
	if (hdf_get_int_value(conf, "SMTP.StartTLS", 0))
		curl_easy_setopt(m->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	user = hdf_get_value(conf, "SMTP.User", NULL);
	pw = hdf_get_value(conf, "SMTP.Password", NULL);
	if (user != NULL && *user != '\0') {
		curl_easy_setopt(m->curl, CURLOPT_USERNAME, user);
		curl_easy_setopt(m->curl, CURLOPT_PASSWORD, pw != NULL ? pw : "");
	}
	*out = m;
	return STATUS_OK;
}

void
mailer_free(struct mailer *m)
{
	int	 i;

	if (m == NULL)
		return;
	if (m->curl != NULL)
		curl_easy_cleanup(m->curl);
	tmpl_cache_free(m->plain);
	tmpl_cache_free(m->html);
	for (i = 0; i < m->nlangs; i++)
		hdf_destroy(&m->sites[i]);
	free(m);
}

void
mail_msg_init(struct mail_msg *m)
{
	memset(m, 0, sizeof *m);
	string_init(&m->subject);
	string_init(&m->text);
	string_init(&m->html);
	string_init(&m->ics);
}

void
mail_msg_free(struct mail_msg *m)
{
	string_clear(&m->subject);
	string_clear(&m->text);
	string_clear(&m->html);
	string_clear(&m->ics);
	memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ */
/* composition                                                          */
/* ------------------------------------------------------------------ */

/* A signed link to the booking's page at path ("" or "/reply?a=..."). */
static void
signed_link(const struct mailer *mr, const struct reservation *rv,
    const char *path, char *out, size_t sz)
{
	char	 tok[RSV_SIGNED_MAX];

	rsv_signed_token(rv->code, rv->end + LINK_DAYS * 86400, tok);
	snprintf(out, sz, "%s/b/%s%s%st=%s", mr->base_url, rv->code, path,
	    strchr(path, '?') != NULL ? "&" : "?", tok);
}

/* Everything about the booking a mail shows, under Rv. */
static NEOERR *
put_booking(struct mailer *mr, HDF *site, HDF *hdf,
    const struct reservation *rv, const char *manage)
{
	char	 off[8], dial[48], url[600];
	int	 day;
	NEOERR	*err;

	offset_format(rv->utc_offset, off);
	phone_dial(rv->phone, dial, sizeof dial);
	if ((err = hdf_set_value(hdf, "Rv.Code", rv->code)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Status", rsv_status_name(rv->status))) !=
	    STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Name", rv->guest_name)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Email", rv->guest_email)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Phone", rv->guest_phone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Requests", rv->requests)) != STATUS_OK ||
	    (err = hdf_set_int_value(hdf, "Rv.Party", rv->party)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Date", rv->local_date)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Time", rv->local_time)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.EndTime", rv->local_end)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.UtcOffset", off)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Timezone", rv->timezone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Table", rv->table_label)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Restaurant", rv->restaurant)) !=
	    STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.RPhone", rv->phone)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.RPhoneDial", dial)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Address", rv->address)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.City", rv->city)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Rv.Answer", rv->reminder_answer)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (date_parse(rv->local_date, &day) && (err = hdf_set_int_value(hdf,
	    "Rv.Weekday", date_weekday(day))) != STATUS_OK)
		return nerr_pass(err);
	/* the date as the mail's language writes it: "вт, 8 дек. 2026" */
	lang_date(site, rv->local_date, url, sizeof url);
	if ((err = hdf_set_value(hdf, "Rv.DateText", url)) != STATUS_OK)
		return nerr_pass(err);
	snprintf(url, sizeof url, "%s/r/%s", mr->base_url, rv->slug);
	if ((err = hdf_set_value(hdf, "Rv.RestaurantLink", url)) != STATUS_OK)
		return nerr_pass(err);
	if (manage != NULL && (err = hdf_set_value(hdf, "Rv.ManageLink",
	    manage)) != STATUS_OK)
		return nerr_pass(err);
	return STATUS_OK;
}

/* The reminder's one-tap answers, as links to a page with one button. */
static NEOERR *
put_replies(struct mailer *mr, HDF *hdf, const struct reservation *rv)
{
	static const char *const answers[] = { "coming", "late", "cancel" };
	char	 path[40], url[600], name[40];
	size_t	 i;
	NEOERR	*err;

	for (i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		snprintf(path, sizeof path, "/reply?a=%s", answers[i]);
		signed_link(mr, rv, path, url, sizeof url);
		snprintf(name, sizeof name, "Rv.Reply.%s", answers[i]);
		if ((err = hdf_set_value(hdf, name, url)) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/* Whether a guest mail about rv still makes sense when it is sent. */
static bool
still_due(const char *kind, const struct reservation *rv)
{
	if (strcmp(kind, "reminder") == 0)
		return (rv->status == RSV_CONFIRMED || rv->status == RSV_ARRIVED) &&
		    rv->now < rv->start;
	if (strcmp(kind, "noshow") == 0)
		return rv->status == RSV_NO_SHOW;
	if (strcmp(kind, "review_invitation") == 0)
		return rv->status == RSV_FINISHED;
	/* an offer that lapsed or was given up is not worth a mail */
	if (strcmp(kind, "waitlist_offer") == 0)
		return rv->status == RSV_HELD && rv->hold_expires > rv->now;
	return true;
}

/* Render mail/<kind>.cs through one of the drivers into out. */
static NEOERR *
render_part(struct tmpl_cache *c, const char *kind, const char *driver,
    HDF *hdf, STRING *out)
{
	char		 file[96];
	const char	*files[4];

	snprintf(file, sizeof file, "mail/%s.cs", kind);
	files[0] = "mail/macros.cs";
	files[1] = file;
	files[2] = driver;
	files[3] = NULL;
	return nerr_pass(tmpl_render(c, files, hdf, out));
}

/*
 * Lines end in CRLF, as SMTP wants them and so that quoted-printable keeps
 * them as line breaks. For text (tidy), trailing blanks go and runs of
 * empty lines become one, whatever the template's tags left behind.
 */
static NEOERR *
crlf(STRING *s, bool tidy)
{
	STRING		 out;
	const char	*p, *nl, *end;
	int		 n, empty = 0;
	NEOERR		*err = STATUS_OK;

	if (s->buf == NULL)
		return STATUS_OK;
	string_init(&out);
	end = s->buf + s->len;
	for (p = s->buf; p < end && err == STATUS_OK; p = nl < end ? nl + 1 : end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (int)(nl - p);
		while (n > 0 && p[n - 1] == '\r')
			n--;
		/* "-- " opens a signature: its blank stays */
		while (tidy && n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t') &&
		    !(n == 3 && memcmp(p, "-- ", 3) == 0))
			n--;
		if (tidy && n == 0 && (empty++ > 0 || out.len == 0))
			continue;
		if (n > 0)
			empty = 0;
		if ((err = string_appendn(&out, p, n)) == STATUS_OK)
			err = string_append(&out, "\r\n");
	}
	if (err != STATUS_OK) {
		string_clear(&out);
		return nerr_pass(err);
	}
	string_clear(s);
	*s = out;
	return STATUS_OK;
}

/*
 * payload's name ({amount, currency, exponent}) as the language file
 * writes that currency (Lang.Money.<code>) into hdf's key; nothing if
 * absent.
 */
static NEOERR *
money_put(HDF *site, HDF *hdf, const json_t *payload,
    const char *name, const char *key)
{
	const json_t	*o = json_object_get(payload, name);
	const char	*code, *pat;
	char		 k[32], buf[64];

	if (!json_is_object(o) || !json_is_integer(json_object_get(o, "amount")))
		return STATUS_OK;
	code = json_string_value(json_object_get(o, "currency"));
	if (code == NULL || strlen(code) != 3)
		return STATUS_OK;
	snprintf(k, sizeof k, "Lang.Money.%s", code);
	pat = hdf_get_value(site, k, NULL);
	if (pat == NULL)
		pat = hdf_get_value(site, "Lang.Money.Default",
		    "{amount} {currency}");
	money_text_local(pat, (int64_t)json_integer_value(json_object_get(o,
	    "amount")), code, (int)json_integer_value(json_object_get(o,
	    "exponent")), hdf_get_value(site, "Lang.Number.Decimal", "."),
	    hdf_get_value(site, "Lang.Number.Group", ""), buf, sizeof buf);
	return nerr_pass(hdf_set_value(hdf, key, buf));
}

/*
 * A change's "was" object as Mail.Was.Date, .Time, .Party and .Table, for
 * the mail to say old -> new.
 */
static NEOERR *
was_put(HDF *hdf, json_t *was)
{
	static const char *const keys[] = { "date", "time", "party", "table" };
	static const char *const names[] = {
		"Mail.Was.Date", "Mail.Was.Time", "Mail.Was.Party", "Mail.Was.Table"
	};
	json_t	*v;
	NEOERR	*err;
	size_t	 i;

	if (!json_is_object(was))
		return STATUS_OK;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		v = json_object_get(was, keys[i]);
		if (json_is_string(v))
			err = hdf_set_value(hdf, names[i], json_string_value(v));
		else if (json_is_integer(v))
			err = hdf_set_int_value(hdf, names[i],
			    (int)json_integer_value(v));
		else
			continue;
		if (err != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/*
 * The strings and integers of a payload's object o as prefix.* (the
 * "webhook" object as Mail.Webhook.*, "walkin" as Mail.Walkin.*, "waitlist" as Mail.Waitlist.*).
 */
static NEOERR *
object_put(HDF *hdf, const char *prefix, json_t *o)
{
	const char	*k;
	json_t		*v;
	char		 name[96];
	NEOERR		*err;

	if (!json_is_object(o))
		return STATUS_OK;
	json_object_foreach(o, k, v) {
		if (strlen(k) > 40 || k[0] == '\0' ||
		    strspn(k, "abcdefghijklmnopqrstuvwxyz_") != strlen(k))
			continue;
		snprintf(name, sizeof name, "%s.%s", prefix, k);
		if (json_is_string(v))
			err = hdf_set_value(hdf, name, json_string_value(v));
		else if (json_is_integer(v))
			err = hdf_set_int_value(hdf, name,
			    (int)json_integer_value(v));
		else
			continue;
		if (err != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}

/*
 * The language of a mail (STMT_MAIL_LANG: the recipient account's choice;
 * the restaurant owner's for the restaurant's mails; else the payload's
 * "lang", the language the guest booked or asked in, or that of the
 * booking's first mail that had one) as *lang and its site as *site; the
 * default when none says or it is not one of App.Languages.
 */
static NEOERR *
mail_lang(struct mailer *mr, struct db *db, const struct outbox_row *row,
    const struct kind *k, json_t *payload, HDF **site, const char **lang)
{
	PGresult	*res = NULL;
	const char	*p[4], *v;
	char		 rid[24];
	NEOERR		*err;
	int		 i;

	*site = mr->site;
	*lang = mr->langs[0];
	if (mr->nlangs < 2)
		return STATUS_OK;
	snprintf(rid, sizeof rid, "%lld", (long long)row->reservation_id);
	p[0] = row->to;
	p[1] = row->reservation_id > 0 ? rid : NULL;
	p[2] = k->who == TO_OWNER ? "owner" : k->who == TO_GUEST ? "guest" :
	    "account";
	v = json_string_value(json_object_get(payload, "lang"));
	p[3] = v != NULL ? v : "";
	if ((err = db_exec(db, STMT_MAIL_LANG, 4, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	v = PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "";
	for (i = 0; i < mr->nlangs; i++)
		if (strcmp(mr->langs[i], v) == 0) {
			*site = mr->sites[i];
			*lang = mr->langs[i];
		}
	PQclear(res);
	return STATUS_OK;
}

NEOERR *
mail_compose(struct mailer *mr, struct db *db, const struct outbox_row *row,
    struct mail_msg *m, bool *fatal, bool *skip)
{
	const struct kind	*k;
	struct reservation	*rv = NULL;
	json_t			*payload = NULL;
	HDF			*hdf = NULL, *site = mr->site;
	const char		*lang = mr->langs[0];
	NEOERR			*err = STATUS_OK;
	const char		*sealed, *name;
	char			*link = NULL, manage[600];
	STRING			 subj;

	*fatal = false;
	*skip = false;
	m->message_id = row->message_id;
	if ((k = kind_of(row->kind)) == NULL) {
		*fatal = true;
		return nerr_raise(NERR_ASSERT, "no mail template for kind %s",
		    row->kind);
	}
	if (!addr_ok(row->to)) {
		*fatal = true;
		return nerr_raise(NERR_ASSERT, "unusable address %s", row->to);
	}
	snprintf(m->to, sizeof m->to, "%s", row->to);
	if ((payload = json_loads(row->payload, 0, NULL)) == NULL)
		payload = json_object();
	sealed = json_string_value(json_object_get(payload, "manage_link"));
	if (sealed == NULL)
		sealed = json_string_value(json_object_get(payload, "link"));
	if (sealed != NULL && (link = sec_open(sealed)) == NULL)
		log_warn("outbox %lld: its link does not open (a new Secret.Key?)",
		    (long long)row->id);
	if (k->who == TO_ACCOUNT && link == NULL &&
	    strcmp(k->name, "email_change_notice") != 0 &&
	    strcmp(k->name, "account_exists") != 0 &&
	    strcmp(k->name, "webhook_disabled") != 0 &&
	    strcmp(k->name, "walkin_ready") != 0) {
		*fatal = true;
		err = nerr_raise(NERR_ASSERT, "%s mail without its link", k->name);
		goto out;
	}
	/* the recipient's language: the templates render over its site */
	if ((err = mail_lang(mr, db, row, k, payload, &site, &lang)) !=
	    STATUS_OK)
		goto out;
	snprintf(m->lang, sizeof m->lang, "%s", lang);
	if ((err = hdf_init(&hdf)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Req.Lang", lang)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Mail.Kind", k->name)) != STATUS_OK ||
	    (err = hdf_set_value(hdf, "Mail.To", row->to)) != STATUS_OK)
		goto out;
	if (link != NULL && (err = hdf_set_value(hdf, "Mail.Link", link)) !=
	    STATUS_OK)
		goto out;
	name = json_string_value(json_object_get(payload, "name"));
	if (name != NULL && (err = hdf_set_value(hdf, "Mail.Name", name)) !=
	    STATUS_OK)
		goto out;
	if (name != NULL)
		snprintf(m->to_name, sizeof m->to_name, "%s", name);
	if (json_string_value(json_object_get(payload, "reason")) != NULL &&
	    (err = hdf_set_value(hdf, "Mail.Reason", json_string_value(
	    json_object_get(payload, "reason")))) != STATUS_OK)
		goto out;
	/* a deposit paid, a refund: minor units in the restaurant's currency */
	if ((err = money_put(site, hdf, payload, "deposit", "Mail.Deposit")) !=
	    STATUS_OK ||
	    (err = money_put(site, hdf, payload, "refund", "Mail.Refund")) !=
	    STATUS_OK)
		goto out;
	/* an endpoint stolik-webhooks turned off: Mail.Webhook.* */
	if ((err = object_put(hdf, "Mail.Webhook", json_object_get(payload,
	    "webhook"))) != STATUS_OK)
		goto out;
	/* "table ready" from the walk-in list: Mail.Walkin.* */
	if ((err = object_put(hdf, "Mail.Walkin", json_object_get(payload,
	    "walkin"))) != STATUS_OK)
		goto out;
	/* a change: what the booking was before (date, time, party, table) */
	if ((err = was_put(hdf, json_object_get(payload, "was"))) != STATUS_OK)
		goto out;
	/* a waitlist entry (its confirmation mail): Mail.Waitlist.* */
	if ((err = object_put(hdf, "Mail.Waitlist", json_object_get(payload,
	    "waitlist"))) != STATUS_OK)
		goto out;
	/* a waitlist offer's claim deadline (local HH:MM) */
	if (json_string_value(json_object_get(payload, "deadline")) != NULL &&
	    (err = hdf_set_value(hdf, "Mail.Deadline", json_string_value(
	    json_object_get(payload, "deadline")))) != STATUS_OK)
		goto out;
	if (hdf_get_value(hdf, "Mail.Was.Date", NULL) != NULL) {
		lang_date(site, hdf_get_value(hdf, "Mail.Was.Date", ""), manage,
		    sizeof manage);
		if ((err = hdf_set_value(hdf, "Mail.Was.DateText", manage)) !=
		    STATUS_OK)
			goto out;
	}
	if (json_is_integer(json_object_get(payload, "hours")) &&
	    (err = hdf_set_int_value(hdf, "Mail.Hours", (int)json_integer_value(
	    json_object_get(payload, "hours")))) != STATUS_OK)
		goto out;
	if (k->who != TO_ACCOUNT) {
		if (row->reservation_id == 0) {
			*fatal = true;
			err = nerr_raise(NERR_ASSERT, "%s mail without a booking",
			    k->name);
			goto out;
		}
		if ((err = db_reservation_get_by_id(db, row->reservation_id,
		    &rv)) != STATUS_OK)
			goto out;
		if (rv == NULL) {
			*fatal = true;
			err = nerr_raise(NERR_ASSERT, "booking %lld is gone",
			    (long long)row->reservation_id);
			goto out;
		}
		if (k->who == TO_GUEST && !still_due(k->name, rv)) {
			*skip = true;
			goto out;
		}
		if (k->who == TO_GUEST)
			snprintf(m->to_name, sizeof m->to_name, "%s",
			    rv->guest_name);
		manage[0] = '\0';
		if (k->who == TO_GUEST && link != NULL)
			snprintf(manage, sizeof manage, "%s", link);
		else if (k->who == TO_GUEST)
			/* an invitation to review goes straight to the form */
			signed_link(mr, rv, strcmp(k->name, "review_invitation") == 0 ?
			    "/review" : "", manage, sizeof manage);
		if ((err = put_booking(mr, site, hdf, rv, *manage != '\0' ? manage :
		    NULL)) != STATUS_OK)
			goto out;
		if (strcmp(k->name, "reminder") == 0 &&
		    (err = put_replies(mr, hdf, rv)) != STATUS_OK)
			goto out;
		/* replies reach the other side of the booking */
		snprintf(m->reply_to, sizeof m->reply_to, "%s",
		    k->who == TO_GUEST ? rv->restaurant_email : rv->guest_email);
		if (!addr_ok(m->reply_to))
			m->reply_to[0] = '\0';
		if (k->ics != NULL) {
			m->ics_method = k->ics;
			if ((err = ical_event(&m->ics, rv, k->ics, rv->events,
			    manage, mr->base_url, *m->reply_to != '\0' ?
			    m->reply_to : NULL, row->to)) != STATUS_OK)
				goto out;
		}
	}
	string_init(&subj);
	if ((err = render_part(mr->plain, k->name, "mail/subject.cs", hdf,
	    &subj)) == STATUS_OK) {
		clean(subj.buf != NULL ? subj.buf : "", 250, &m->subject);
		if ((err = render_part(mr->plain, k->name, "mail/text.cs", hdf,
		    &m->text)) == STATUS_OK &&
		    (err = crlf(&m->text, true)) == STATUS_OK &&
		    (err = render_part(mr->html, k->name, "mail/html.cs", hdf,
		    &m->html)) == STATUS_OK)
			err = crlf(&m->html, false);
	}
	string_clear(&subj);
out:
	if (link != NULL) {
		sodium_memzero(link, strlen(link));
		free(link);
	}
	sodium_memzero(manage, sizeof manage);
	hdf_destroy(&hdf);
	db_reservation_free(rv);
	json_decref(payload);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* sending                                                              */
/* ------------------------------------------------------------------ */

static struct curl_slist *
add_header(struct curl_slist *l, const char *name, const char *value, bool *ok)
{
	STRING			 s;
	struct curl_slist	*n;

	string_init(&s);
	string_appendf(&s, "%s: %s", name, value);
	if (s.buf == NULL || (n = curl_slist_append(l, s.buf)) == NULL) {
		*ok = false;
		n = l;
	}
	string_clear(&s);
	return n;
}

NEOERR *
mail_send(struct mailer *mr, const struct mail_msg *m, int *code,
    char *errbuf, size_t errsz)
{
	struct curl_slist	*hdrs = NULL, *rcpt = NULL, *alth;
	curl_mime		*mime = NULL, *alt = NULL;
	curl_mimepart		*part;
	CURLcode		 rc;
	NEOERR			*err = STATUS_OK;
	STRING			 v;
	char			 date[64], rto[300], ctype[80];
	time_t			 now = time(NULL);
	struct tm		 tm;
	long			 resp = 0;
	bool			 ok = true;

	*code = 0;
	*errbuf = '\0';
	if (!addr_ok(m->to))
		return nerr_raise(NERR_ASSERT, "unusable address");
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	string_init(&v);
	hdrs = add_header(hdrs, "From", mr->from, &ok);
	mailbox(m->to_name, m->to, &v);
	hdrs = add_header(hdrs, "To", v.buf, &ok);
	string_clear(&v);
	mail_header_value(m->subject.buf != NULL ? m->subject.buf : "", &v);
	hdrs = add_header(hdrs, "Subject", v.buf != NULL ? v.buf : "", &ok);
	string_clear(&v);
	hdrs = add_header(hdrs, "Date", date, &ok);
	hdrs = add_header(hdrs, "Message-ID", m->message_id, &ok);
	if (*m->reply_to != '\0') {
		snprintf(rto, sizeof rto, "<%s>", m->reply_to);
		hdrs = add_header(hdrs, "Reply-To", rto, &ok);
	}
	hdrs = add_header(hdrs, "Auto-Submitted", "auto-generated", &ok);
	if (m->lang[0] != '\0')	/* RFC 3282 */
		hdrs = add_header(hdrs, "Content-Language", m->lang, &ok);
	hdrs = add_header(hdrs, "MIME-Version", "1.0", &ok);
	snprintf(rto, sizeof rto, "<%s>", m->to);
	if ((rcpt = curl_slist_append(NULL, rto)) == NULL)
		ok = false;
	if (!ok) {
		err = nerr_raise(NERR_NOMEM, "mail headers");
		goto out;
	}

	/* mixed [ alternative [ text, html ], invitation.ics ] */
	mime = curl_mime_init(mr->curl);
	alt = curl_mime_init(mr->curl);
	if (mime == NULL || alt == NULL) {
		curl_mime_free(alt);
		err = nerr_raise(NERR_NOMEM, "mime");
		goto out;
	}
	part = curl_mime_addpart(alt);
	curl_mime_data(part, m->text.buf != NULL ? m->text.buf : "",
	    (size_t)m->text.len);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(alt);
	curl_mime_data(part, m->html.buf != NULL ? m->html.buf : "",
	    (size_t)m->html.len);
	curl_mime_type(part, "text/html; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(mime);
	curl_mime_subparts(part, alt);
	curl_mime_type(part, "multipart/alternative");
	if ((alth = curl_slist_append(NULL, "Content-Disposition: inline")) != NULL)
		curl_mime_headers(part, alth, 1);
	if (m->ics.len > 0 && m->ics_method != NULL) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, m->ics.buf, (size_t)m->ics.len);
		snprintf(ctype, sizeof ctype, "text/calendar; charset=utf-8; "
		    "method=%s", m->ics_method);
		curl_mime_type(part, ctype);
		curl_mime_filename(part, "invite.ics");
		curl_mime_encoder(part, "base64");
	}

	curl_easy_setopt(mr->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(mr->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(mr->curl, CURLOPT_MIMEPOST, mime);
	mr->errbuf[0] = '\0';
	rc = curl_easy_perform(mr->curl);
	curl_easy_getinfo(mr->curl, CURLINFO_RESPONSE_CODE, &resp);
	if (rc == CURLE_OK)
		*code = resp >= 200 && resp < 300 ? (int)resp : 250;
	else {
		/* only an SMTP answer of 4xx or 5xx counts; the rest is a lost link */
		*code = resp >= 400 && resp < 600 ? (int)resp : 0;
		snprintf(errbuf, errsz, "%s", *mr->errbuf != '\0' ? mr->errbuf :
		    curl_easy_strerror(rc));
	}
	/* detach before freeing: the handle lives on for the next mail */
	curl_easy_setopt(mr->curl, CURLOPT_MIMEPOST, NULL);
	curl_easy_setopt(mr->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(mr->curl, CURLOPT_MAIL_RCPT, NULL);
out:
	curl_mime_free(mime);
	curl_slist_free_all(hdrs);
	curl_slist_free_all(rcpt);
	return nerr_pass(err);
}

long
mailer_new_connections(struct mailer *mr)
{
	long	 n = 0;

	curl_easy_getinfo(mr->curl, CURLINFO_NUM_CONNECTS, &n);
	return n;
}
