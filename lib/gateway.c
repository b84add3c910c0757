/*
 * gateway.c: a client for a Stripe-compatible payment gateway over libcurl
 * (checkout sessions, payment intents, refunds), behind the breaker.
 */
#include "stolik.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#define GW_BODY_MAX	(1 << 20)	/* an answer larger than this is refused */
#define GW_KEY_MAX	255		/* an Idempotency-Key */
#define GW_SECRET_MAX	512

/* Process-wide settings from gw_load; the secrets in locked memory. */
static struct {
	char		*base_url;	/* no trailing slash; NULL: unset */
	const char	*protocols;	/* "https", or "http" on this host */
	char		*key;		/* sodium_malloc'd, NUL-terminated */
	unsigned char	*whsec;		/* sodium_malloc'd */
	size_t		 whsec_len;
	int		 connect_ms;
	int		 total_ms;
	int		 deadline_ms;
	int		 retries;
	int		 backoff_ms;
	struct breaker	*breaker;
} gw = { NULL, "https", NULL, NULL, 0, 2000, 5000, 8000, 2, 200, NULL };

/* ------------------------------------------------------------------ */
/* configuration                                                        */
/* ------------------------------------------------------------------ */

/* Copy a secret into new locked memory; NULL (and *out_len 0) if empty. */
static NEOERR *
secret_copy(const char *v, unsigned char **out, size_t *out_len)
{
	size_t	 n = v != NULL ? strlen(v) : 0;

	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	if (n == 0)
		return STATUS_OK;
	if (n > GW_SECRET_MAX)
		return nerr_raise(ERR_CONFIG, "a Payments secret is longer than "
		    "%d bytes", GW_SECRET_MAX);
	if ((*out = sodium_malloc(n + 1)) == NULL)
		return nerr_raise(NERR_NOMEM, "sodium_malloc");
	memcpy(*out, v, n + 1);
	if (out_len != NULL)
		*out_len = n;
	return STATUS_OK;
}

static void
secrets_free(void)
{
	if (gw.key != NULL)
		sodium_free(gw.key);
	if (gw.whsec != NULL)
		sodium_free(gw.whsec);
	gw.key = NULL;
	gw.whsec = NULL;
	gw.whsec_len = 0;
}

/* True if url is http:// to this host only (the fake gateway). */
static bool
loopback_http(const char *url)
{
	static const char *const hosts[] = {
		"http://127.0.0.1", "http://localhost", "http://[::1]",
	};
	size_t	 i, n;

	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		n = strlen(hosts[i]);
		if (strncmp(url, hosts[i], n) == 0 &&
		    (url[n] == '\0' || url[n] == ':' || url[n] == '/'))
			return true;
	}
	return false;
}

NEOERR *
gw_load(HDF *conf)
{
	HDF		*h = NULL;
	NEOERR		*err;
	const char	*url, *path;
	unsigned char	*key = NULL, *whsec = NULL;
	size_t		 whsec_len = 0, n;
	char		*base = NULL;

	url = hdf_get_value(conf, "Payments.BaseUrl", "");
	if (*url != '\0' && strncmp(url, "https://", 8) != 0 &&
	    !loopback_http(url))
		return nerr_raise(ERR_CONFIG, "Payments.BaseUrl must be https:// "
		    "(or http:// on this host, for the fake gateway)");
	if (strchr(url, '?') != NULL || strchr(url, '#') != NULL ||
	    strpbrk(url, " \t\r\n") != NULL)
		return nerr_raise(ERR_CONFIG, "Payments.BaseUrl: no query, "
		    "fragment or spaces");
	path = hdf_get_value(conf, "App.SecretsFile",
	    SYSCONFDIR "/stolik/secrets.hdf");
	if ((err = hdf_init(&h)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = hdf_read_file(h, path)) != STATUS_OK) {
		err = nerr_pass_ctx(err, "reading secrets file %s", path);
		goto out;
	}
	if ((err = secret_copy(hdf_get_value(h, "Payments.SecretKey", NULL),
	    &key, NULL)) != STATUS_OK ||
	    (err = secret_copy(hdf_get_value(h, "Payments.WebhookSecret", NULL),
	    &whsec, &whsec_len)) != STATUS_OK)
		goto out;
	if (key != NULL && strpbrk((char *)key, "\r\n") != NULL) {
		err = nerr_raise(ERR_CONFIG, "Payments.SecretKey has a line break");
		goto out;
	}
	if (*url != '\0') {
		if ((base = strdup(url)) == NULL) {
			err = nerr_raise(NERR_NOMEM, "strdup");
			goto out;
		}
		n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			base[--n] = '\0';
	}
	/* all read: replace what was there */
	secrets_free();
	free(gw.base_url);
	gw.base_url = base;
	base = NULL;
	gw.key = (char *)key;
	gw.whsec = whsec;
	gw.whsec_len = whsec_len;
	key = whsec = NULL;
	gw.protocols = gw.base_url != NULL &&
	    strncmp(gw.base_url, "http://", 7) == 0 ? "http" : "https";
	gw.connect_ms = conf_int(conf, "Payments.ConnectTimeoutMs", 2000, 100,
	    60000);
	gw.total_ms = conf_int(conf, "Payments.TimeoutMs", 5000, 200, 120000);
	gw.deadline_ms = conf_int(conf, "Payments.DeadlineMs", 8000, 200, 300000);
	gw.retries = conf_int(conf, "Payments.Retries", 2, 0, 10);
	gw.backoff_ms = conf_int(conf, "Payments.BackoffMs", 200, 1, 10000);
out:
	if (key != NULL)
		sodium_free(key);
	if (whsec != NULL)
		sodium_free(whsec);
	free(base);
	hdf_destroy(&h);
	return nerr_pass(err);
}

bool
gw_configured(void)
{
	return gw.base_url != NULL && gw.key != NULL;
}

const unsigned char *
gw_webhook_secret(size_t *len)
{
	*len = gw.whsec_len;
	return gw.whsec;
}

void
gw_set_breaker(struct breaker *b)
{
	gw.breaker = b;
}

bool
gw_origin(char *out, size_t sz)
{
	const char	*p;
	size_t		 n;

	if (gw.base_url == NULL || (p = strstr(gw.base_url, "://")) == NULL)
		return false;
	n = (size_t)(p + 3 - gw.base_url) + strcspn(p + 3, "/?#");
	if (n >= sz)
		return false;
	memcpy(out, gw.base_url, n);
	out[n] = '\0';
	return true;
}

struct breaker *
gw_breaker(void)
{
	return gw.breaker;
}

const char *
gw_outcome_name(enum gw_outcome o)
{
	switch (o) {
	case GW_OK:
		return "ok";
	case GW_DECLINED:
		return "declined";
	case GW_UNAVAILABLE:
	case GW__MAX:
		break;
	}
	return "unavailable";
}

/* ------------------------------------------------------------------ */
/* bodies and answers (pure)                                            */
/* ------------------------------------------------------------------ */

/* Append "&key=value" (no '&' first), both escaped; false on failure. */
static bool
form_add(STRING *out, const char *key, const char *value)
{
	char	*k, *v;
	bool	 ok;

	k = curl_easy_escape(NULL, key, 0);
	v = curl_easy_escape(NULL, value, 0);
	ok = k != NULL && v != NULL && string_appendf(out, "%s%s=%s",
	    out->len > 0 ? "&" : "", k, v) == STATUS_OK;
	curl_free(k);
	curl_free(v);
	return ok;
}

/* A currency of three ASCII letters, lowered into out. */
static bool
currency_ok(const char *c, char out[4])
{
	int	 i;

	if (c == NULL || strlen(c) != 3)
		return false;
	for (i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)c[i]) || (unsigned char)c[i] > 127)
			return false;
		out[i] = (char)tolower((unsigned char)c[i]);
	}
	out[3] = '\0';
	return true;
}

bool
gw_checkout_form(const struct gw_checkout *c, STRING *out)
{
	char	 cur[4], amount[24], key[160];
	size_t	 i;
	bool	 ok;

	if (c->amount <= 0 || !currency_ok(c->currency, cur) ||
	    c->success_url == NULL || *c->success_url == '\0' ||
	    c->cancel_url == NULL || *c->cancel_url == '\0' ||
	    c->client_reference == NULL || *c->client_reference == '\0' ||
	    strlen(c->client_reference) > 63)
		return false;
	snprintf(amount, sizeof amount, "%lld", (long long)c->amount);
	ok = form_add(out, "mode", "payment") &&
	    form_add(out, "line_items[0][quantity]", "1") &&
	    form_add(out, "line_items[0][price_data][currency]", cur) &&
	    form_add(out, "line_items[0][price_data][unit_amount]", amount) &&
	    form_add(out, "line_items[0][price_data][product_data][name]",
	    c->name != NULL && *c->name != '\0' ? c->name : "Deposit") &&
	    form_add(out, "success_url", c->success_url) &&
	    form_add(out, "cancel_url", c->cancel_url) &&
	    form_add(out, "client_reference_id", c->client_reference) &&
	    form_add(out, "payment_intent_data[metadata][booking]",
	    c->client_reference);
	if (ok && c->expires_in > 0) {
		snprintf(amount, sizeof amount, "%lld",
		    (long long)time(NULL) + c->expires_in);
		ok = form_add(out, "expires_at", amount);
	}
	for (i = 0; ok && c->meta != NULL && c->meta[i] != NULL &&
	    c->meta[i + 1] != NULL; i += 2) {
		if (strlen(c->meta[i]) > 40)
			return false;
		snprintf(key, sizeof key, "metadata[%s]", c->meta[i]);
		ok = form_add(out, key, c->meta[i + 1]);
	}
	return ok;
}

/* Copy a string member of o into buf; false if present and not a string
 * or too long. Absent or null leaves buf "". */
static bool
get_str(json_t *o, const char *name, char *buf, size_t sz)
{
	json_t	*v = json_object_get(o, name);

	buf[0] = '\0';
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v) || json_string_length(v) >= sz ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return false;
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return true;
}

bool
gw_parse_object(const char *body, size_t len, struct gw_object *o)
{
	json_t		*j, *v, *pi;
	json_error_t	 e;
	bool		 ok = false;
	char		 cur[8];

	memset(o, 0, sizeof *o);
	if (body == NULL || (j = json_loadb(body, len, JSON_REJECT_DUPLICATES,
	    &e)) == NULL)
		return false;
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "id")))
		goto out;
	if (!get_str(j, "object", o->object, sizeof o->object) ||
	    !get_str(j, "id", o->id, sizeof o->id) || o->id[0] == '\0' ||
	    !get_str(j, "status", o->status, sizeof o->status) ||
	    !get_str(j, "payment_status", o->payment_status,
	    sizeof o->payment_status) ||
	    !get_str(j, "client_reference_id", o->client_reference,
	    sizeof o->client_reference) ||
	    !get_str(j, "url", o->url, sizeof o->url) ||
	    !get_str(j, "currency", cur, sizeof cur))
		goto out;
	if (cur[0] != '\0' && !currency_ok(cur, o->currency))
		goto out;
	/* a session says amount_total; an intent or a refund, amount */
	if ((v = json_object_get(j, "amount_total")) == NULL ||
	    json_is_null(v))
		v = json_object_get(j, "amount");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			goto out;
		o->amount = (int64_t)json_integer_value(v);
	}
	/* the intent may be its id or, expanded, the object */
	pi = json_object_get(j, "payment_intent");
	if (json_is_object(pi)) {
		if (!get_str(pi, "id", o->payment_intent,
		    sizeof o->payment_intent))
			goto out;
	} else if (!get_str(j, "payment_intent", o->payment_intent,
	    sizeof o->payment_intent))
		goto out;
	ok = true;
out:
	json_decref(j);
	if (!ok)
		memset(o, 0, sizeof *o);
	return ok;
}

void
gw_parse_error(const char *body, size_t len, struct gw_result *res)
{
	json_t		*j, *e;
	json_error_t	 je;

	res->error_code[0] = res->error_message[0] = '\0';
	if (body != NULL && (j = json_loadb(body, len, 0, &je)) != NULL) {
		e = json_object_get(j, "error");
		if (json_is_object(e)) {
			if (!get_str(e, "code", res->error_code,
			    sizeof res->error_code) || res->error_code[0] == '\0')
				(void)get_str(e, "type", res->error_code,
				    sizeof res->error_code);
			if (!get_str(e, "message", res->error_message,
			    sizeof res->error_message))
				res->error_message[0] = '\0';
		}
		json_decref(j);
	}
	if (res->error_code[0] == '\0')
		snprintf(res->error_code, sizeof res->error_code, "http_%d",
		    res->http_status);
}

bool
gw_retryable(int curl_code, int http_status, bool is_post, bool has_key)
{
	if (is_post && !has_key)
		return false;
	switch ((CURLcode)curl_code) {
	case CURLE_OK:
		return http_status == 429 || (http_status >= 500 &&
		    http_status <= 599);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

int
gw_backoff_ms(int base_ms, int n)
{
	long long	 d = base_ms;
	uint32_t	 half;

	while (--n > 0 && d < 60000)
		d *= 2;
	if (d > 60000)
		d = 60000;
	half = (uint32_t)(d / 2);
	return (int)(d - half + (half > 0 ? randombytes_uniform(half + 1) : 0));
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                 */
/* ------------------------------------------------------------------ */

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	STRING	*s = arg;

	if (s->len + size * n > GW_BODY_MAX ||
	    string_appendn(s, p, (int)(size * n)) != STATUS_OK)
		return 0;	/* curl stops with CURLE_WRITE_ERROR */
	return size * n;
}

/* True if s is a gateway id: [A-Za-z0-9_], 1 to GW_ID_MAX - 1 bytes. */
static bool
id_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0' || strlen(s) >= GW_ID_MAX)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* A key of printable ASCII without spaces, at most GW_KEY_MAX bytes. */
static bool
key_ok(const char *s)
{
	size_t	 i;

	if (strlen(s) == 0 || strlen(s) > GW_KEY_MAX)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] <= ' ' || s[i] >= 127)
			return false;
	return true;
}

/*
 * One HTTP attempt: method GET or POST of body to path, within timeout_ms.
 * *curl_code and res->http_status say how it ended; the answer's bytes
 * go to out.
 */
static void
attempt(const char *path, const char *body, const char *idem_key,
    long timeout_ms, int *curl_code, struct gw_result *res, STRING *out)
{
	CURL			*c;
	struct curl_slist	*h = NULL, *t;
	char			 url[2048], auth[GW_SECRET_MAX + 32];
	char			 key[GW_KEY_MAX + 32], ebuf[CURL_ERROR_SIZE];
	long			 code = 0;
	CURLcode		 rc;

	res->http_status = 0;
	*curl_code = CURLE_FAILED_INIT;
	if ((c = curl_easy_init()) == NULL)
		return;
	snprintf(url, sizeof url, "%s%s", gw.base_url, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", gw.key);
	ebuf[0] = '\0';
	rc = CURLE_OUT_OF_MEMORY;
	if ((t = curl_slist_append(h, auth)) == NULL)
		goto out;
	h = t;
	if ((t = curl_slist_append(h, "Accept: application/json")) == NULL)
		goto out;
	h = t;
	if ((t = curl_slist_append(h, "Expect:")) == NULL)
		goto out;
	h = t;
	if (idem_key != NULL) {
		snprintf(key, sizeof key, "Idempotency-Key: %s", idem_key);
		if ((t = curl_slist_append(h, key)) == NULL)
			goto out;
		h = t;
	}
	if (body != NULL) {
		if ((t = curl_slist_append(h, "Content-Type: "
		    "application/x-www-form-urlencoded")) == NULL)
			goto out;
		h = t;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, gw.protocols);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)gw.connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "stolik/" STOLIK_VERSION);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	res->http_status = rc == CURLE_OK ? (int)code : 0;
	res->attempts++;
	if (rc != CURLE_OK)
		snprintf(res->error_message, sizeof res->error_message, "%s",
		    ebuf[0] != '\0' ? ebuf : curl_easy_strerror(rc));
out:
	*curl_code = (int)rc;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	sodium_memzero(auth, sizeof auth);
}

/*
 * A call: GET path (body NULL) or POST body to path, with retries where
 * safe, through the breaker. Fills *res; returns its outcome.
 */
static enum gw_outcome
call(const char *path, const char *body, const char *idem_key,
    struct gw_result *res)
{
	enum brk_verdict	 v;
	STRING			 out;
	int64_t			 start, left;
	long			 timeout;
	int			 cc = 0, n;
	bool			 post = body != NULL, retry;

	string_init(&out);
	res->outcome = GW_UNAVAILABLE;
	if (!gw_configured()) {
		snprintf(res->error_code, sizeof res->error_code,
		    "not_configured");
		return res->outcome;
	}
	if (idem_key != NULL && !key_ok(idem_key)) {
		res->outcome = GW_DECLINED;
		snprintf(res->error_code, sizeof res->error_code,
		    "invalid_idempotency_key");
		return res->outcome;
	}
	start = brk_now_ms();
	if ((v = brk_allow(gw.breaker, start)) == BRK_REJECT) {
		res->rejected = true;
		snprintf(res->error_code, sizeof res->error_code, "breaker_open");
		brk_count(gw.breaker, BRK_COUNT_REJECTED, 0);
		return res->outcome;
	}
	for (n = 1;; n++) {
		left = start + gw.deadline_ms - brk_now_ms();
		timeout = left < gw.total_ms ? (long)left : gw.total_ms;
		string_clear(&out);
		attempt(path, body, idem_key, timeout, &cc, res, &out);
		/* the probe is one request, whatever its end */
		retry = v == BRK_PASS && n <= gw.retries &&
		    gw_retryable(cc, res->http_status, post, idem_key != NULL);
		if (retry) {
			int	 pause = gw_backoff_ms(gw.backoff_ms, n);

			/* an attempt needs some time left, or it is no attempt */
			if (start + gw.deadline_ms - brk_now_ms() - pause < 250)
				retry = false;
			else {
				struct timespec	 ts = { pause / 1000,
				    (long)(pause % 1000) * 1000000 };

				nanosleep(&ts, NULL);
			}
		}
		if (!retry)
			break;
	}
	if (cc == CURLE_OK && res->http_status >= 200 && res->http_status < 300) {
		if (gw_parse_object(out.buf, (size_t)out.len, &res->obj))
			res->outcome = GW_OK;
		else
			snprintf(res->error_code, sizeof res->error_code,
			    "malformed_answer");
	} else if (cc == CURLE_OK && res->http_status >= 400 &&
	    res->http_status < 500 && res->http_status != 429) {
		res->outcome = GW_DECLINED;
		gw_parse_error(out.buf, (size_t)out.len, res);
	} else if (cc == CURLE_OK)
		snprintf(res->error_code, sizeof res->error_code, "http_%d",
		    res->http_status);
	else if (cc == CURLE_OPERATION_TIMEDOUT)
		snprintf(res->error_code, sizeof res->error_code, "timeout");
	else
		snprintf(res->error_code, sizeof res->error_code,
		    "connection_error");
	string_clear(&out);
	brk_record(gw.breaker, res->outcome == GW_UNAVAILABLE, v == BRK_PROBE,
	    brk_now_ms());
	brk_count(gw.breaker, res->outcome == GW_OK ? BRK_COUNT_OK :
	    res->outcome == GW_DECLINED ? BRK_COUNT_DECLINED :
	    BRK_COUNT_UNAVAILABLE, res->attempts);
	if (res->outcome != GW_OK)
		log_warn("payment gateway %s %s: %s (%s) after %u request(s)",
		    post ? "POST" : "GET", path, gw_outcome_name(res->outcome),
		    res->error_code, res->attempts);
	return res->outcome;
}

/* A call that refuses a bad argument without a request. */
static enum gw_outcome
refuse(struct gw_result *res, const char *code)
{
	res->outcome = GW_DECLINED;
	snprintf(res->error_code, sizeof res->error_code, "%s", code);
	return res->outcome;
}

/* ------------------------------------------------------------------ */
/* the calls                                                            */
/* ------------------------------------------------------------------ */

enum gw_outcome
gw_checkout_create(const struct gw_checkout *c, const char *idem_key,
    struct gw_result *res)
{
	STRING		 body;
	enum gw_outcome	 o;

	memset(res, 0, sizeof *res);
	string_init(&body);
	if (!gw_checkout_form(c, &body)) {
		string_clear(&body);
		return refuse(res, "invalid_checkout");
	}
	o = call("/v1/checkout/sessions", body.buf, idem_key, res);
	string_clear(&body);
	return o;
}

enum gw_outcome
gw_checkout_get(const char *id, struct gw_result *res)
{
	char	 path[GW_ID_MAX + 64];

	memset(res, 0, sizeof *res);
	if (!id_ok(id))
		return refuse(res, "invalid_id");
	snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
	return call(path, NULL, NULL, res);
}

enum gw_outcome
gw_checkout_expire(const char *id, const char *idem_key, struct gw_result *res)
{
	char	 path[GW_ID_MAX + 64];

	memset(res, 0, sizeof *res);
	if (!id_ok(id))
		return refuse(res, "invalid_id");
	snprintf(path, sizeof path, "/v1/checkout/sessions/%s/expire", id);
	return call(path, "", idem_key, res);
}

enum gw_outcome
gw_intent_get(const char *id, struct gw_result *res)
{
	char	 path[GW_ID_MAX + 64];

	memset(res, 0, sizeof *res);
	if (!id_ok(id))
		return refuse(res, "invalid_id");
	snprintf(path, sizeof path, "/v1/payment_intents/%s", id);
	return call(path, NULL, NULL, res);
}

enum gw_outcome
gw_refund_create(const char *payment_intent, int64_t amount,
    const char *idem_key, struct gw_result *res)
{
	STRING		 body;
	char		 a[24];
	enum gw_outcome	 o;

	memset(res, 0, sizeof *res);
	if (!id_ok(payment_intent))
		return refuse(res, "invalid_id");
	if (amount < 0)
		return refuse(res, "invalid_amount");
	string_init(&body);
	snprintf(a, sizeof a, "%lld", (long long)amount);
	if (!form_add(&body, "payment_intent", payment_intent) ||
	    (amount > 0 && !form_add(&body, "amount", a))) {
		string_clear(&body);
		return refuse(res, "invalid_refund");
	}
	o = call("/v1/refunds", body.buf, idem_key, res);
	string_clear(&body);
	return o;
}
