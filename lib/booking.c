/* booking.c: the booking core: each action on a booking, in one transaction, with its events and mails. */
#include "stolik.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

/*
 * Deadlocks, and the order of locks that prevents them.
 *
 * An active booking's row is guarded by the exclusion constraint. Two
 * transactions that write overlapping rows of one table each wait, while
 * checking the constraint, for the other to end; with a lock on either
 * side (a row being changed, a client's count) that can close a circle,
 * and PostgreSQL then aborts one of them with 40P01 after deadlock_timeout.
 * So every write takes its locks in one order (sql/0011_booking_core.sql):
 *
 *   1. the booking's own row (a change, cancellation or status move);
 *   2. the client's: browser, address, guest (their counts);
 *   3. the restaurant's days that the old and new times touch, ascending.
 *
 * Every statement that writes an active version of a booking holds the
 * locks of its days, so a constraint check never waits on a transaction
 * that has not got them all; the batch jobs that expire holds and finish
 * tables skip rows that are locked and wait for nothing. A transaction
 * PostgreSQL aborts all the same (40P01, 40001) runs again from its start,
 * a few times, after a short random pause; then the ERR_DB_RETRY escapes
 * and the request gets a 503 with Retry-After.
 */

#define TX_ATTEMPTS	5
#define CODE_ATTEMPTS	3
#define MAX_SLOTS	256

/* ------------------------------------------------------------------ */
/* the status machine (DESIGN §5)                                       */
/* ------------------------------------------------------------------ */

static const char *const status_names[RSV__MAX] = {
	[RSV_HELD] = "held",
	[RSV_PENDING] = "pending",
	[RSV_CONFIRMED] = "confirmed",
	[RSV_ARRIVED] = "arrived",
	[RSV_SEATED] = "seated",
	[RSV_FINISHED] = "finished",
	[RSV_CANCELLED] = "cancelled",
	[RSV_NO_SHOW] = "no_show",
	[RSV_REJECTED] = "rejected",
	[RSV_EXPIRED] = "expired",
};

#define D	(1u << ACTOR_DINER)
#define O	(1u << ACTOR_OWNER)
#define S	(1u << ACTOR_SYSTEM)

/*
 * Who may make each move; every pair not listed is forbidden. A diner
 * confirms a hold (confirmed, or pending in manual mode) and may cancel
 * (a hold is the diner's own: the owner books through its own path);
 * the owner runs the evening; the batch jobs expire holds, flag no-shows
 * and finish seated tables.
 */
static const unsigned moves[RSV__MAX][RSV__MAX] = {
	[RSV_HELD] = {
		[RSV_CONFIRMED] = D, [RSV_PENDING] = D,
		[RSV_EXPIRED] = S, [RSV_CANCELLED] = D | S,
	},
	[RSV_PENDING] = {
		[RSV_CONFIRMED] = O, [RSV_REJECTED] = O, [RSV_CANCELLED] = D | O,
	},
	[RSV_CONFIRMED] = {
		[RSV_ARRIVED] = O, [RSV_NO_SHOW] = O | S, [RSV_CANCELLED] = D | O,
	},
	[RSV_ARRIVED] = {
		[RSV_SEATED] = O, [RSV_NO_SHOW] = O | S,
	},
	[RSV_SEATED] = {
		[RSV_FINISHED] = O | S,
	},
};

#undef D
#undef O
#undef S

const char *
rsv_status_name(enum rsv_status s)
{
	return s < RSV__MAX ? status_names[s] : "unknown";
}

bool
rsv_status_parse(const char *name, enum rsv_status *out)
{
	int	 i;

	for (i = 0; name != NULL && i < RSV__MAX; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum rsv_status)i;
			return true;
		}
	return false;
}

bool
rsv_can(enum rsv_status from, enum rsv_status to, enum rsv_actor who)
{
	if (from >= RSV__MAX || to >= RSV__MAX)
		return false;
	return (moves[from][to] & (1u << who)) != 0;
}

const char *
rsv_actor_name(enum rsv_actor who)
{
	switch (who) {
	case ACTOR_DINER:
		return "diner";
	case ACTOR_OWNER:
		return "owner";
	default:
		return "system";
	}
}

bool
rsv_before_cutoff(const struct reservation *r)
{
	return r->now < r->start - (int64_t)r->cancel_cutoff_minutes * 60;
}

void
rsv_signed_token(const char *code, int64_t exp, char out[RSV_SIGNED_MAX])
{
	char	 sig[SEC_TOKEN_B64];

	link_sign("manage", code, "", exp, sig);
	snprintf(out, RSV_SIGNED_MAX, "s%lld.%s", (long long)exp, sig);
}

bool
rsv_signed_token_ok(const char *code, const char *token, int64_t now)
{
	const char	*dot;
	long long	 e;
	char		*end;

	if (token == NULL || token[0] != 's' || (dot = strchr(token, '.')) == NULL ||
	    strlen(dot + 1) != SEC_TOKEN_B64 - 1)
		return false;
	e = strtoll(token + 1, &end, 10);
	if (end != dot || e <= 0)
		return false;
	return link_verify("manage", code, "", e, now, dot + 1);
}

/* ------------------------------------------------------------------ */
/* transactions                                                         */
/* ------------------------------------------------------------------ */

void
book_out_free(struct book_out *out)
{
	if (out == NULL)
		return;
	db_reservation_free(out->rv);
	out->rv = NULL;
}

typedef book_body_fn body_fn;

/* A short random pause before attempt n + 1: 1 to 2^(n+1) + 1 ms. */
static void
backoff(unsigned n)
{
	struct timespec	 ts;
	uint32_t	 ms = 1 + randombytes_uniform((2u << n) + 1);

	ts.tv_sec = 0;
	ts.tv_nsec = (long)ms * 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * Run body as one transaction: an explicit one when asked (several
 * dependent statements) or when the hook has work of its own, else the
 * implicit one of the body's single write. Committed when out->res is
 * BOOK_OK, rolled back otherwise; run again from its start after a
 * deadlock or serialization failure.
 */
static NEOERR *
transact(struct book_env *env, bool explicit, body_fn body, const void *arg,
    struct book_out *out)
{
	NEOERR		*err;
	unsigned	 n;
	bool		 stop;

	explicit = explicit || env->hook != NULL;
	for (n = 0; ; n++) {
		book_out_free(out);
		memset(out, 0, sizeof *out);
		if (explicit && (err = db_begin(env->db)) != STATUS_OK)
			goto fail;
		if ((int)n < env->conflicts) {
			err = nerr_raise(ERR_DB_RETRY, "deadlock (made up, test "
			    "build)");
			goto fail;
		}
		if (env->hook != NULL) {
			if ((err = env->hook->begin(env->hook->arg, &stop)) !=
			    STATUS_OK)
				goto fail;
			if (stop) {
				db_rollback(env->db);
				out->replayed = true;
				return STATUS_OK;
			}
		}
		if ((err = body(env, arg, out)) != STATUS_OK)
			goto fail;
		if (out->res == BOOK_OK && env->hook != NULL &&
		    (err = env->hook->commit(env->hook->arg, out)) != STATUS_OK)
			goto fail;
		if (explicit && out->res == BOOK_OK &&
		    (err = db_commit(env->db)) != STATUS_OK)
			goto fail;
		if (explicit && out->res != BOOK_OK)
			db_rollback(env->db);
		return STATUS_OK;
fail:
		if (explicit)
			db_rollback(env->db);
		book_out_free(out);
		if (!nerr_match(err, ERR_DB_RETRY))
			return nerr_pass(err);
		if (env->unsafe & BOOK_NO_RETRY) {
			/* the negative control: what a deadlock did before */
			nerr_ignore(&err);
			return nerr_raise(ERR_DB, "deadlock or serialization "
			    "failure, not retried (test build)");
		}
		if (n + 1 >= TX_ATTEMPTS)
			return nerr_pass(err);
		nerr_ignore(&err);
		env->retries++;
		backoff(n);
	}
}

/* Test builds: widen the gap between the check and the write. */
static void
widen(const struct book_env *env)
{
	struct timespec	 ts;

	if (env->delay_ms <= 0)
		return;
	ts.tv_sec = env->delay_ms / 1000;
	ts.tv_nsec = (long)(env->delay_ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

static const char *
locks_on(const struct book_env *env)
{
	return (env->unsafe & BOOK_NO_LOCKS) ? "f" : "t";
}

/* ------------------------------------------------------------------ */
/* events and mails                                                     */
/* ------------------------------------------------------------------ */

static NEOERR *
event(struct db *db, int64_t id, enum rsv_actor who, const char *from,
    enum rsv_status to, const char *note)
{
	char		 ids[24];
	const char	*p[5];
	NEOERR		*err;

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	p[0] = ids;
	p[1] = rsv_actor_name(who);
	p[2] = from;
	p[3] = rsv_status_name(to);
	p[4] = note != NULL ? note : "";
	if ((err = db_exec(db, STMT_EVENT_INSERT, 5, p, NULL)) != STATUS_OK)
		return nerr_pass(err);
	/* its webhook events (sql/0016): the job hears of them after commit */
	webhook_queued(db);
	return STATUS_OK;
}

/* The sealed manage link a mail carries: with the token, or one to log in. */
static char *
sealed_link(const char *base_url, const char *code, const char *token)
{
	char	 link[512];
	char	*sealed;

	if (token != NULL && *token != '\0')
		snprintf(link, sizeof link, "%s/b/%s?t=%s", base_url, code, token);
	else
		snprintf(link, sizeof link, "%s/b/%s", base_url, code);
	sealed = sec_seal(link);
	sodium_memzero(link, sizeof link);
	return sealed;
}

/*
 * Queue kind to the diner (with the sealed manage link; with a NULL token
 * the mailer signs one) and, when owner_kind is set, its counterpart to the
 * restaurant. tag makes the dedupe keys of repeatable events unique.
 */
static NEOERR *
mails_was(struct db *db, int64_t id, const char *code, const char *guest,
    const char *restaurant_email, const char *kind, const char *owner_kind,
    const char *token, const char *base_url, const char *tag, json_t *was)
{
	char	 dedupe[200];
	char	*sealed = NULL;
	json_t	*pl;
	NEOERR	*err = STATUS_OK;

	snprintf(dedupe, sizeof dedupe, "%s:%lld%s", kind, (long long)id, tag);
	if (guest != NULL && *guest != '\0') {
		pl = json_object();
		if (token != NULL) {
			if ((sealed = sealed_link(base_url, code, token)) == NULL) {
				json_decref(pl);
				json_decref(was);
				return nerr_raise(NERR_NOMEM, "seal");
			}
			json_object_set_new(pl, "manage_link", json_string(sealed));
			free(sealed);
		}
		if (was != NULL)
			json_object_set(pl, "was", was);
		err = outbox_add(db, kind, id, guest, dedupe, pl, base_url);
	}
	if (err == STATUS_OK && owner_kind != NULL && restaurant_email != NULL &&
	    *restaurant_email != '\0') {
		snprintf(dedupe, sizeof dedupe, "%s:%lld%s", owner_kind,
		    (long long)id, tag);
		pl = json_object();
		if (was != NULL)
			json_object_set(pl, "was", was);
		err = outbox_add(db, owner_kind, id, restaurant_email, dedupe,
		    pl, base_url);
	}
	json_decref(was);
	return nerr_pass(err);
}

static NEOERR *
mails(struct db *db, int64_t id, const char *code, const char *guest,
    const char *restaurant_email, const char *kind, const char *owner_kind,
    const char *token, const char *base_url, const char *tag)
{
	return nerr_pass(mails_was(db, id, code, guest, restaurant_email, kind,
	    owner_kind, token, base_url, tag, NULL));
}

/*
 * The mails of a new booking, as the JSON the write functions take
 * ([{kind, to, payload}]): kind to the guest with the manage link, and
 * owner_kind (may be NULL) to the restaurant. A new string, or NULL.
 */
static char *
new_mails(const struct book_env *env, const char *code, const char *token,
    const char *guest, const char *kind, const char *restaurant_email,
    const char *owner_kind)
{
	json_t	*a = json_array();
	char	*sealed = NULL, *s = NULL;

	if (a == NULL)
		return NULL;
	if (guest != NULL && *guest != '\0') {
		if ((sealed = sealed_link(env->base_url, code, token)) == NULL)
			goto out;
		/* the language the guest booked in, for every mail of it */
		json_array_append_new(a, json_pack("{s:s,s:s,s:{s:s,s:s*}}",
		    "kind", kind, "to", guest, "payload", "manage_link", sealed,
		    "lang", env->lang));
	}
	if (owner_kind != NULL && restaurant_email != NULL &&
	    *restaurant_email != '\0')
		json_array_append_new(a, json_pack("{s:s,s:s,s:{}}", "kind",
		    owner_kind, "to", restaurant_email, "payload"));
	s = json_dumps(a, JSON_COMPACT);
out:
	free(sealed);
	json_decref(a);
	return s;
}

/* A mail to the guest about an owner's move; reason (may be "") goes along. */
static NEOERR *
guest_notice(const struct book_env *env, const struct reservation *rv,
    const char *kind, const char *reason, json_t *refund)
{
	char	 dedupe[200];
	json_t	*payload;

	if (*rv->guest_email == '\0') {
		json_decref(refund);
		return STATUS_OK;
	}
	/* a move may be undone and made again: each gets its mail */
	snprintf(dedupe, sizeof dedupe, "%s:%lld:%lld", kind, (long long)rv->id,
	    (long long)env->now);
	payload = json_pack("{s:s}", "reason", reason != NULL ? reason : "");
	/* a refund the move queued: the mail says how much */
	if (payload != NULL && refund != NULL)
		json_object_set(payload, "refund", refund);
	json_decref(refund);
	return nerr_pass(outbox_add(env->db, kind, rv->id, rv->guest_email,
	    dedupe, payload, env->base_url));
}

static NEOERR *
audit_owner(const struct book_env *env, const struct actor *by,
    const char *action, const char *code, json_t *detail)
{
	if (by == NULL) {
		json_decref(detail);
		return STATUS_OK;
	}
	return nerr_pass(audit(env->db, by->user, action, code, by->ip, detail));
}

/* ------------------------------------------------------------------ */
/* taking a table                                                       */
/* ------------------------------------------------------------------ */

/* One new row: a hold, a booking or an owner's entry. */
struct take {
	const struct setup	*s;
	int			 day;		/* the local date and minute */
	int			 minute;
	int64_t			 start;
	int64_t			 end;
	int			 party;
	const int64_t		*tables;	/* to try, in order */
	size_t			 ntables;
	size_t			 nseen;		/* the first ones seen free */
	enum rsv_status		 status;
	const char		*source;
	enum rsv_actor		 actor;
	const struct client	*client;	/* hold limits; or NULL */
	const struct guest	*guest;		/* or NULL (a hold) */
	bool			 guest_limit;
	bool			 pacing;
	const char		*kind;		/* the guest's mail, or NULL */
	const char		*owner_kind;	/* the restaurant's, or NULL */
};

/* A PostgreSQL array of the n ids of v ("{1,2,3}") into buf. */
static void
id_array(const int64_t *v, size_t n, char *buf, size_t sz)
{
	size_t	 i, len = 1;

	buf[0] = '{';
	buf[1] = '\0';
	for (i = 0; i < n && len + 24 < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%lld",
		    i > 0 ? "," : "", (long long)v[i]);
	snprintf(buf + len, sz - len, "}");
}

#define ID_ARRAY_MAX	(OFFER_TABLES * 21 + 3)

static enum book_result
outcome(const char *s)
{
	if (strcmp(s, "ok") == 0)
		return BOOK_OK;
	if (strcmp(s, "limit") == 0)
		return BOOK_LIMIT;
	if (strcmp(s, "guest_limit") == 0)
		return BOOK_GUEST_LIMIT;
	if (strcmp(s, "gone") == 0)
		return BOOK_GONE;
	return BOOK_TAKEN;
}

/*
 * The booking t just made (as table), as it would be read back: what the
 * API answers with, from what is known here rather than another query.
 * Its strings are the set-up's and the guest's: good for the request.
 */
static NEOERR *
made(struct book_env *env, const struct take *t, int64_t table,
    struct book_out *out)
{
	struct reservation	*rv;
	const struct setup	*s = t->s;
	NEOERR			*err;
	int64_t			 local;
	int			 eday, emin;
	size_t			 i;
	bool			 ok;

	if ((rv = calloc(1, sizeof *rv)) == NULL)
		return nerr_raise(NERR_NOMEM, "reservation");
	rv->id = out->id;
	rv->restaurant_id = s->id;
	rv->table_id = table;
	rv->user_id = t->guest != NULL ? t->guest->user_id : 0;
	rv->status = t->status;
	rv->guest_name = t->guest != NULL ? t->guest->name : "";
	rv->guest_email = t->guest != NULL ? t->guest->email : "";
	rv->guest_phone = t->guest != NULL ? t->guest->phone : "";
	rv->requests = t->guest != NULL && t->guest->requests != NULL ?
	    t->guest->requests : "";
	rv->source = t->source;
	rv->party = t->party;
	rv->start = t->start;
	rv->end = t->end;
	rv->hold_expires = out->expires;
	rv->now = env->now;
	rv->table_label = "";
	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].id == table)
			rv->table_label = s->tables[i].label;
	rv->slug = s->slug;
	rv->restaurant = s->name;
	rv->restaurant_email = s->email;
	rv->phone = s->phone;
	rv->address = s->address;
	rv->city = s->city;
	rv->timezone = s->timezone;
	rv->cancel_cutoff_minutes = s->cancel_cutoff_minutes;
	rv->events = 1;
	rv->reminder_answer = "";
	/* code, local date, start and end in text_ */
	snprintf(rv->text_, 16, "%s", out->code);
	rv->code = rv->text_;
	rv->utc_offset = (int)(((int64_t)(t->day + 10957) * 86400 +
	    (int64_t)t->minute * 60 - t->start) / 60);
	local = t->start + (int64_t)rv->utc_offset * 60;
	date_format((int)(local / 86400) - 10957, rv->text_ + 16);
	rv->local_date = rv->text_ + 16;
	hm_format((int)(local % 86400 / 60), rv->text_ + 28);
	rv->local_time = rv->text_ + 28;
	rv->end_offset = rv->utc_offset;
	if ((err = offer_local(env, s->timezone, t->end, &eday, &emin, &ok)) !=
	    STATUS_OK) {
		free(rv);
		return nerr_pass(err);
	}
	if (ok)
		rv->end_offset = (int)(((int64_t)(eday + 10957) * 86400 +
		    (int64_t)emin * 60 - t->end) / 60);
	hm_format((int)(((t->end + (int64_t)rv->end_offset * 60) % 86400) / 60),
	    rv->text_ + 36);
	rv->local_end = rv->text_ + 36;
	out->rv = rv;
	return STATUS_OK;
}

/*
 * Write t with one call: out->res, and on success its id, code, manage
 * token and a hold's end (with env->read_back, the booking as it is now).
 */
static NEOERR *
take(struct book_env *env, const struct take *t, struct book_out *out)
{
	PGresult	*res = NULL;
	NEOERR		*err = STATUS_OK;
	char		 ids[ID_ARRAY_MAX], rid[24], party[16], start[24], end[24], mins[16], uid[24];
	char		 browser[67], token_hash[67], lim_b[16], lim_ip[16];
	char		 lim_g[16], pacing[16], slot_end[24], domain[256];
	char		 delay[16], seen[24];
	char		*mail = NULL;
	const char	*p[28];
	int		 attempt;

	id_array(t->tables, t->ntables, ids, sizeof ids);
	snprintf(rid, sizeof rid, "%lld", (long long)t->s->id);
	snprintf(party, sizeof party, "%d", t->party);
	snprintf(start, sizeof start, "%lld", (long long)t->start);
	snprintf(end, sizeof end, "%lld", (long long)t->end);
	snprintf(mins, sizeof mins, "%d", env->hold_minutes);
	snprintf(lim_b, sizeof lim_b, "%d", env->holds_per_browser);
	snprintf(lim_ip, sizeof lim_ip, "%d", env->holds_per_ip);
	snprintf(lim_g, sizeof lim_g, "%d", env->bookings_per_guest);
	snprintf(pacing, sizeof pacing, "%d", t->pacing ? t->s->pacing : 0);
	snprintf(slot_end, sizeof slot_end, "%lld",
	    (long long)(t->start + (int64_t)t->s->slot_minutes * 60));
	outbox_domain(env->base_url, domain, sizeof domain);
	if (t->client != NULL && t->client->browser != NULL)
		sec_token_hash_hex(t->client->browser, browser);
	memset(p, 0, sizeof p);
	p[0] = rid;
	p[1] = ids;
	p[2] = start;
	p[3] = end;
	p[4] = party;
	p[5] = rsv_status_name(t->status);
	p[6] = t->source;
	p[7] = out->code;
	p[8] = token_hash;
	/* a booking made at once meets the limits its hold would have */
	p[9] = mins;
	p[10] = t->client != NULL && t->client->browser != NULL ? browser :
	    NULL;
	p[11] = t->client != NULL ? t->client->ip : NULL;
	p[12] = p[10] != NULL ? lim_b : NULL;
	p[13] = p[11] != NULL ? lim_ip : NULL;
	if (t->guest != NULL) {
		p[14] = t->guest->name;
		p[15] = t->guest->email;
		p[16] = t->guest->phone;
		p[17] = t->guest->requests;
		snprintf(uid, sizeof uid, "%lld", (long long)t->guest->user_id);
		p[18] = t->guest->user_id > 0 ? uid : NULL;
		p[19] = t->guest_limit ? lim_g : NULL;
	}
	p[20] = pacing;
	p[21] = slot_end;
	p[22] = rsv_actor_name(t->actor);
	p[24] = domain;
	p[25] = locks_on(env);
	snprintf(delay, sizeof delay, "%d", env->delay_ms);
	p[26] = delay;
	snprintf(seen, sizeof seen, "%zu", t->nseen);
	p[27] = seen;

	/* a code in use (once in 2^50) is only that: another is drawn */
	for (attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
		sec_code(out->code, 10);
		sec_token(out->token);
		sec_token_hash_hex(out->token, token_hash);
		free(mail);
		mail = NULL;
		if (t->kind != NULL || t->owner_kind != NULL) {
			mail = new_mails(env, out->code, out->token, t->guest !=
			    NULL ? t->guest->email : NULL, t->kind, t->s->email,
			    t->owner_kind);
			if (mail == NULL) {
				err = nerr_raise(NERR_NOMEM, "mails");
				goto out;
			}
		}
		p[23] = mail;
		if ((err = db_exec(env->db, STMT_RSV_TAKE, 28, p, &res)) !=
		    STATUS_OK)
			goto out;
		db_booked(env->db, t->s->id);
		if (PQntuples(res) != 1) {
			err = nerr_raise(ERR_DB, "rsv_take gave no answer");
			goto out;
		}
		if (strcmp(db_str(res, 0, 0), "code") != 0)
			break;
		PQclear(res);
		res = NULL;
	}
	if (res == NULL) {
		err = nerr_raise(ERR_DB, "no free booking code");
		goto out;
	}
	out->res = outcome(db_str(res, 0, 0));
	out->status = t->status;
	if (out->res == BOOK_OK) {
		out->id = db_int(res, 0, 1);
		out->expires = db_null(res, 0, 3) ? 0 : db_int(res, 0, 3);
		if (mail != NULL)
			outbox_queued(env->db);
		/* a booking (not a hold) is a webhook event, mail or not */
		if (t->status != RSV_HELD)
			webhook_queued(env->db);
		if (env->read_back)
			err = made(env, t, db_int(res, 0, 2), out);
	} else {
		sodium_memzero(out->token, sizeof out->token);
		out->code[0] = '\0';
	}
out:
	PQclear(res);
	free(mail);
	return nerr_pass(err);
}

/* After BOOK_TAKEN: what is left around the time asked for. */
static NEOERR *
left_over(struct book_env *env, const struct setup *s, const struct want *w,
    int64_t exclude, struct book_out *out)
{
	NEOERR	*err;

	if ((err = offer_check(env, s, w, exclude, &out->offer)) != STATUS_OK)
		return nerr_pass(err);
	out->offer.why = OFFER_TAKEN;
	return STATUS_OK;
}

/* What an offer that failed comes to. */
static void
not_offered(struct book_out *out)
{
	out->res = out->offer.why == OFFER_TAKEN ? BOOK_TAKEN : BOOK_NOT_OFFERED;
}

/* ------------------------------------------------------------------ */
/* holds and bookings online                                            */
/* ------------------------------------------------------------------ */

struct online {
	const struct setup	*s;
	const struct want	*w;
	const struct client	*c;
	const struct guest	*g;	/* NULL: a hold */
};

static NEOERR *
online_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct online	*o = arg;
	struct take		 t;
	NEOERR			*err;

	/* the rules here; which tables are free, the write finds out */
	if ((err = offer_slot(env, o->s, o->w, &out->offer)) != STATUS_OK)
		return nerr_pass(err);
	if (out->offer.why != OFFER_OK) {
		not_offered(out);
		return STATUS_OK;
	}
	memset(&t, 0, sizeof t);
	t.s = o->s;
	t.day = o->w->day;
	t.minute = out->offer.slot.minute;
	t.start = out->offer.slot.start;
	t.end = out->offer.slot.end;
	t.party = o->w->party;
	t.tables = out->offer.tables;
	t.ntables = out->offer.ntables;
	t.nseen = out->offer.nseen;
	t.source = o->c->source;
	t.actor = ACTOR_DINER;
	t.client = o->c;
	t.pacing = true;
	if (o->g == NULL)
		t.status = RSV_HELD;
	else {
		/* the moves a hold would make, in one step */
		t.status = o->s->manual ? RSV_PENDING : RSV_CONFIRMED;
		if (!rsv_can(RSV_HELD, t.status, ACTOR_DINER))
			return nerr_raise(NERR_ASSERT, "held cannot become %s",
			    rsv_status_name(t.status));
		t.guest = o->g;
		t.guest_limit = true;
		t.kind = o->s->manual ? "request_received" : "confirmation";
		t.owner_kind = o->s->manual ? "owner_request" : "owner_new";
	}
	if ((err = take(env, &t, out)) != STATUS_OK)
		return nerr_pass(err);
	if (out->res == BOOK_TAKEN)
		return nerr_pass(left_over(env, o->s, o->w, 0, out));
	return STATUS_OK;
}

NEOERR *
booking_hold(struct book_env *env, const struct setup *s, const struct want *w,
    const struct client *c, struct book_out *out)
{
	struct online	 o = { s, w, c, NULL };

	return nerr_pass(transact(env, false, online_body, &o, out));
}

NEOERR *
booking_direct(struct book_env *env, const struct setup *s,
    const struct want *w, const struct client *c, const struct guest *g,
    struct book_out *out)
{
	struct online	 o = { s, w, c, g };

	return nerr_pass(transact(env, false, online_body, &o, out));
}

struct confirm {
	const struct reservation	*rv;
	const struct setup		*s;
	const char			*token;
	const struct guest		*g;
};

static NEOERR *
confirm_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct confirm	*c = arg;
	PGresult		*res = NULL;
	NEOERR			*err;
	enum rsv_status		 st;
	char			 hash[67], uid[24], lim[16], domain[256];
	char			*mail;
	const char		*p[12];

	st = c->s->manual ? RSV_PENDING : RSV_CONFIRMED;
	if (!rsv_can(RSV_HELD, st, ACTOR_DINER))
		return nerr_raise(NERR_ASSERT, "held cannot become %s",
		    rsv_status_name(st));
	mail = new_mails(env, c->rv->code, c->token, c->g->email, c->s->manual ?
	    "request_received" : "confirmation", c->s->email, c->s->manual ?
	    "owner_request" : "owner_new");
	if (mail == NULL)
		return nerr_raise(NERR_NOMEM, "mails");
	sec_token_hash_hex(c->token, hash);
	snprintf(uid, sizeof uid, "%lld", (long long)c->g->user_id);
	snprintf(lim, sizeof lim, "%d", env->bookings_per_guest);
	outbox_domain(env->base_url, domain, sizeof domain);
	p[0] = c->rv->code;
	p[1] = hash;
	p[2] = rsv_status_name(st);
	p[3] = c->g->name;
	p[4] = c->g->email;
	p[5] = c->g->phone;
	p[6] = c->g->requests;
	p[7] = c->g->user_id > 0 ? uid : NULL;
	p[8] = lim;
	p[9] = mail;
	p[10] = domain;
	p[11] = locks_on(env);
	err = db_exec(env->db, STMT_RSV_CONFIRM, 12, p, &res);
	free(mail);
	if (err != STATUS_OK)
		return nerr_pass(err);
	db_booked(env->db, c->rv->restaurant_id);
	if (PQntuples(res) != 1)
		err = nerr_raise(ERR_DB, "rsv_confirm gave no answer");
	else if ((out->res = outcome(db_str(res, 0, 0))) == BOOK_OK) {
		out->id = db_int(res, 0, 1);
		out->status = st;
		outbox_queued(env->db);
		snprintf(out->code, sizeof out->code, "%s", c->rv->code);
		/* the hold as it is now: its strings are the caller's */
		if (env->read_back && (out->rv = malloc(sizeof *out->rv)) == NULL)
			err = nerr_raise(NERR_NOMEM, "reservation");
		else if (env->read_back) {
			*out->rv = *c->rv;
			out->rv->res_ = NULL;
			out->rv->status = st;
			out->rv->guest_name = c->g->name;
			out->rv->guest_email = c->g->email;
			out->rv->guest_phone = c->g->phone;
			out->rv->requests = c->g->requests;
			out->rv->user_id = c->g->user_id;
			out->rv->hold_expires = 0;
			out->rv->events++;
		}
	}
	PQclear(res);
	return nerr_pass(err);
}

NEOERR *
booking_confirm(struct book_env *env, const struct reservation *rv,
    const char *token, const struct guest *g, struct book_out *out)
{
	struct confirm	 c;
	NEOERR		*err;

	memset(out, 0, sizeof *out);
	c.rv = rv;
	c.token = token;
	c.g = g;
	if ((err = setup_get(env->setups, env->db, rv->restaurant_id, NULL,
	    &c.s)) != STATUS_OK)
		return nerr_pass(err);
	if (c.s == NULL || rv->status != RSV_HELD || token == NULL ||
	    strlen(token) != SEC_TOKEN_B64 - 1) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	return nerr_pass(transact(env, false, confirm_body, &c, out));
}

/*
 * The mails JSON m (freed) with {amount, currency, exponent} as each
 * one's payload member name: a new string, or NULL.
 */
static char *
with_money(char *m, const char *name, int64_t amount, const char *currency,
    int exponent)
{
	json_t	*a = json_loads(m, 0, NULL), *x;
	size_t	 i;
	char	*s = NULL;

	free(m);
	if (!json_is_array(a)) {
		json_decref(a);
		return NULL;
	}
	json_array_foreach(a, i, x)
		json_object_set_new(json_object_get(x, "payload"), name,
		    json_pack("{s:I,s:s,s:i}", "amount", (json_int_t)amount,
		    "currency", currency, "exponent", exponent));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

NEOERR *
booking_pay_start(struct book_env *env, const struct reservation *rv,
    const char *token, const struct guest *g, int64_t amount,
    const char *currency, int minutes, enum pay_start_res *res,
    struct payment *p)
{
	const struct setup	*s = NULL;
	char			 hash[67];
	char			*mail = NULL;
	NEOERR			*err;

	*res = PAY_START_GONE;
	memset(p, 0, sizeof *p);
	if ((err = setup_get(env->setups, env->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL || rv->status != RSV_HELD || token == NULL ||
	    strlen(token) != SEC_TOKEN_B64 - 1)
		return STATUS_OK;
	/* the mails of its confirmation, sealed now: the webhook has no token */
	mail = new_mails(env, rv->code, token, g->email, s->manual ?
	    "request_received" : "confirmation", s->email, s->manual ?
	    "owner_request" : "owner_new");
	if (mail == NULL)
		return nerr_raise(NERR_NOMEM, "mails");
	/* ... each with the deposit's receipt */
	if ((mail = with_money(mail, "deposit", amount, currency,
	    s->deposit.exponent)) == NULL)
		return nerr_raise(NERR_NOMEM, "mails");
	sec_token_hash_hex(token, hash);
	err = db_payment_start(env->db, rv->id, rv->code, hash, g->name, g->email,
	    g->phone, g->requests, g->user_id, amount, currency,
	    rsv_status_name(s->manual ? RSV_PENDING : RSV_CONFIRMED), mail,
	    minutes, env->bookings_per_guest, res, p);
	free(mail);
	if (err == STATUS_OK)
		db_booked(env->db, rv->restaurant_id);
	return nerr_pass(err);
}

/* ------------------------------------------------------------------ */
/* an existing booking: lock, then write                                */
/* ------------------------------------------------------------------ */

/* A booking's row as rsv_lock found it. */
struct locked {
	bool		 found;
	enum rsv_status	 status;
	int64_t		 table;
	int64_t		 start;
	int64_t		 end;
};

/* Lock rv's row, then its days and those of [from, to) (from 0: none). */
static NEOERR *
lock_booking(struct book_env *env, int64_t id, int64_t from, int64_t to,
    struct locked *l)
{
	PGresult	*r = NULL;
	NEOERR		*err;
	char		 ids[24], f[24], t[24];
	const char	*p[4];

	memset(l, 0, sizeof *l);
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	snprintf(f, sizeof f, "%lld", (long long)from);
	snprintf(t, sizeof t, "%lld", (long long)to);
	p[0] = ids;
	p[1] = from > 0 ? f : NULL;
	p[2] = from > 0 ? t : NULL;
	p[3] = locks_on(env);
	if ((err = db_exec(env->db, STMT_RSV_LOCK, 4, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(r) == 1 && rsv_status_parse(db_str(r, 0, 0), &l->status)) {
		l->found = true;
		l->table = db_int(r, 0, 1);
		l->start = db_int(r, 0, 2);
		l->end = db_int(r, 0, 3);
	}
	PQclear(r);
	return STATUS_OK;
}

/* Move id from one status to another; *done false if it was not in it. */
static NEOERR *
set_status(struct db *db, int64_t id, enum rsv_status from, enum rsv_status to,
    enum rsv_actor who, const char *note, bool *done)
{
	PGresult	*res = NULL;
	NEOERR		*err;
	char		 ids[24];
	const char	*p[3];

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	p[0] = ids;
	p[1] = rsv_status_name(from);
	p[2] = rsv_status_name(to);
	if ((err = db_exec(db, STMT_RESERVATION_STATUS, 3, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	*done = PQntuples(res) == 1;
	if (*done)
		db_booked(db, db_int(res, 0, 1));
	PQclear(res);
	if (!*done)
		return STATUS_OK;
	return nerr_pass(event(db, id, who, rsv_status_name(from), to, note));
}

/* Read rv back into out->rv, when the caller wants it. */
static NEOERR *
read_back(struct book_env *env, const struct reservation *rv,
    struct book_out *out)
{
	snprintf(out->code, sizeof out->code, "%s", rv->code);
	out->id = rv->id;
	if (!env->read_back)
		return STATUS_OK;
	return nerr_pass(db_reservation_get_by_id(env->db, rv->id, &out->rv));
}

/* ---- change ---- */

struct move {
	const struct reservation	*rv;
	const struct setup		*s;
	const struct change		*c;
	const char			*token;
};

/* An owner's move: the instant of the new time, the tables to try. */
static NEOERR *
owner_move_plan(struct book_env *env, const struct move *m,
    struct book_out *out)
{
	const struct day_clock	*clock;
	const struct setup	*s = m->s;
	const struct want	*w = &m->c->want;
	struct booked		*bk = NULL;
	int64_t			 start, minutes;
	size_t			 i, j, nb = 0;
	NEOERR			*err;

	if ((err = clock_get(env->setups, env->db, s->timezone, w->day,
	    &clock)) != STATUS_OK)
		return nerr_pass(err);
	if (!clock_instant(clock, w->minute, &start)) {
		out->offer.why = OFFER_NO_SUCH_TIME;
		out->res = BOOK_NOT_OFFERED;
		return STATUS_OK;
	}
	/* the same length when the party stays, else the party's turn time */
	minutes = (m->rv->end - m->rv->start) / 60;
	if (w->party != m->rv->party && turn_minutes(s, w->party) > 0)
		minutes = turn_minutes(s, w->party);
	out->offer.slot.minute = w->minute;
	out->offer.slot.start = start;
	out->offer.slot.end = start + minutes * 60;
	if (m->c->table != 0) {
		for (i = 0; i < s->ntables; i++)
			if (s->tables[i].id == m->c->table && s->tables[i].active)
				break;
		if (i == s->ntables) {
			out->res = BOOK_NO_TABLE;
			return STATUS_OK;
		}
		out->offer.tables[0] = m->c->table;
		out->offer.ntables = 1;
		return STATUS_OK;
	}
	if ((err = db_booked_list(env->db, &s->id, 1, start - 86400,
	    out->offer.slot.end, &bk, &nb)) != STATUS_OK)
		return nerr_pass(err);
	for (i = j = 0; i < nb; i++)
		if (bk[i].id != m->rv->id)
			bk[j++] = bk[i];
	out->offer.ntables = free_tables_any(s, w->party, start,
	    out->offer.slot.end, bk, j, out->offer.tables, OFFER_TABLES);
	free(bk);
	/* the table it has first, when it is free then */
	for (i = 0; i < out->offer.ntables; i++)
		if (out->offer.tables[i] == m->rv->table_id) {
			memmove(out->offer.tables + 1, out->offer.tables,
			    i * sizeof out->offer.tables[0]);
			out->offer.tables[0] = m->rv->table_id;
			break;
		}
	if (out->offer.ntables == 0) {
		out->offer.why = OFFER_TAKEN;
		out->res = BOOK_TAKEN;
	}
	return STATUS_OK;
}

static NEOERR *
change_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct move		*m = arg;
	const struct reservation	*rv = m->rv;
	const struct setup		*s = m->s;
	bool				 owner = m->c->who == ACTOR_OWNER;
	struct locked			 l;
	PGresult			*r = NULL;
	NEOERR				*err;
	char				 ids[ID_ARRAY_MAX], id[24], f[24], t[24], pa[16], pace[16];
	char				 slot_end[24], note[200], tag[40];
	const char			*p[7];

	out->res = BOOK_OK;
	if (owner) {
		if ((err = owner_move_plan(env, m, out)) != STATUS_OK ||
		    out->res != BOOK_OK)
			return nerr_pass(err);
	} else {
		if ((err = offer_check(env, s, &m->c->want, rv->id,
		    &out->offer)) != STATUS_OK)
			return nerr_pass(err);
		if (out->offer.why != OFFER_OK || out->offer.ntables == 0) {
			not_offered(out);
			return STATUS_OK;
		}
		widen(env);
	}
	if ((err = lock_booking(env, rv->id, out->offer.slot.start,
	    out->offer.slot.end, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (!l.found) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	out->was = out->status = l.status;
	if (owner ? !(l.status == RSV_PENDING || l.status == RSV_CONFIRMED ||
	    l.status == RSV_ARRIVED || l.status == RSV_SEATED) :
	    !(l.status == RSV_PENDING || l.status == RSV_CONFIRMED)) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	/* the cutoff of the time it has now, as locked */
	if (!owner && env->now >= l.start - (int64_t)rv->cancel_cutoff_minutes *
	    60) {
		out->res = BOOK_TOO_LATE;
		return STATUS_OK;
	}
	id_array(out->offer.tables, out->offer.ntables, ids, sizeof ids);
	snprintf(id, sizeof id, "%lld", (long long)rv->id);
	snprintf(f, sizeof f, "%lld", (long long)out->offer.slot.start);
	snprintf(t, sizeof t, "%lld", (long long)out->offer.slot.end);
	snprintf(pa, sizeof pa, "%d", m->c->want.party);
	snprintf(pace, sizeof pace, "%d", owner ? 0 : s->pacing);
	snprintf(slot_end, sizeof slot_end, "%lld",
	    (long long)(out->offer.slot.start + (int64_t)s->slot_minutes * 60));
	p[0] = id;
	p[1] = ids;
	p[2] = f;
	p[3] = t;
	p[4] = pa;
	p[5] = pace;
	p[6] = slot_end;
	if ((err = db_exec(env->db, STMT_RSV_MOVE, 7, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	db_booked(env->db, rv->restaurant_id);
	out->res = PQntuples(r) == 1 ? outcome(db_str(r, 0, 0)) : BOOK_TAKEN;
	PQclear(r);
	if (out->res != BOOK_OK) {
		if (owner)
			return STATUS_OK;
		return nerr_pass(left_over(env, s, &m->c->want, rv->id, out));
	}
	snprintf(note, sizeof note, "moved from %s %s, party %d%s",
	    rv->local_date, rv->local_time, rv->party, owner ? " (by the owner)" :
	    "");
	/* every change is its own mail */
	tag[0] = ':';
	sec_code(tag + 1, 12);
	if ((err = event(env->db, rv->id, m->c->who, rsv_status_name(l.status),
	    l.status, note)) != STATUS_OK ||
	    (err = mails_was(env->db, rv->id, rv->code, rv->guest_email,
	    s->email, "change", owner ? NULL : "owner_change", owner ? NULL :
	    m->token, env->base_url, tag, json_pack("{s:s,s:s,s:i,s:s}",
	    "date", rv->local_date, "time", rv->local_time, "party", rv->party,
	    "table", rv->table_label != NULL ? rv->table_label : ""))) !=
	    STATUS_OK ||
	    (owner && (err = audit_owner(env, m->c->by, "booking_change",
	    rv->code, json_pack("{s:s,s:s,s:i,s:I}", "from_date", rv->local_date,
	    "from_time", rv->local_time, "party", m->c->want.party, "table",
	    (json_int_t)out->offer.tables[0]))) != STATUS_OK))
		return nerr_pass(err);
	return nerr_pass(read_back(env, rv, out));
}

NEOERR *
booking_change(struct book_env *env, const struct reservation *rv,
    const struct change *c, const char *token, struct book_out *out)
{
	struct move	 m;
	NEOERR		*err;

	memset(out, 0, sizeof *out);
	m.rv = rv;
	m.c = c;
	m.token = token;
	if ((err = setup_get(env->setups, env->db, rv->restaurant_id, NULL,
	    &m.s)) != STATUS_OK)
		return nerr_pass(err);
	if (m.s == NULL) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	/* what is plain from the booking as read needs no transaction */
	if (c->who == ACTOR_DINER && rv->status != RSV_CONFIRMED &&
	    rv->status != RSV_PENDING) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	if (c->who == ACTOR_DINER && !rsv_before_cutoff(rv)) {
		out->res = BOOK_TOO_LATE;
		return STATUS_OK;
	}
	return nerr_pass(transact(env, true, change_body, &m, out));
}

/* ---- cancel, reply ---- */

struct cancel {
	const struct reservation	*rv;
	const char			*token;
};

/*
 * Queue the refund a cancellation of rv (starting at start) is owed by its
 * restaurant's terms (deposit_refund) under "refund:<code>:cancel", in the
 * cancellation's transaction; *refund the amount's payload member (a new
 * object) when one was queued, else NULL.
 */
static NEOERR *
refund_queue(struct book_env *env, const struct reservation *rv,
    int64_t start, json_t **refund)
{
	const struct setup	*s = NULL;
	struct payment		 p;
	char			 key[64];
	int64_t			 amount, queued;
	bool			 found;
	NEOERR			*err;

	*refund = NULL;
	if ((err = db_payment_get(env->db, rv->id, &p, &found)) != STATUS_OK ||
	    !found || strcmp(p.status, "paid") != 0)
		return nerr_pass(err);
	if ((err = setup_get(env->setups, env->db, rv->restaurant_id, NULL,
	    &s)) != STATUS_OK)
		return nerr_pass(err);
	if (s == NULL)
		return STATUS_OK;
	amount = deposit_refund(&s->deposit, p.amount - p.refunded, start,
	    env->now);
	snprintf(key, sizeof key, "refund:%s:cancel", rv->code);
	if ((err = db_payment_refund_queue(env->db, rv->id, amount, key,
	    "cancelled by the guest", &queued)) != STATUS_OK)
		return nerr_pass(err);
	*refund = json_pack("{s:I,s:s,s:i}", "amount", (json_int_t)queued,
	    "currency", p.currency, "exponent", p.exponent);
	return STATUS_OK;
}

/*
 * The restaurant cancelled or declined rv: a paid deposit goes back in full
 * (the diner's terms are for the diner's cancellations), queued under
 * "refund:<code>:owner" in the move's transaction. Such a move cannot be
 * undone (STMT_LAST_EVENT): the refund may be on its way.
 */
static NEOERR *
owner_refund(struct book_env *env, const struct reservation *rv,
    json_t **refund)
{
	struct payment	 p;
	char		 key[64];
	int64_t		 queued = 0;
	bool		 found;
	NEOERR		*err;

	*refund = NULL;
	if ((err = db_payment_get(env->db, rv->id, &p, &found)) != STATUS_OK ||
	    !found || strcmp(p.status, "paid") != 0)
		return nerr_pass(err);
	snprintf(key, sizeof key, "refund:%s:owner", rv->code);
	if ((err = db_payment_refund_queue(env->db, rv->id,
	    p.amount - p.refunded, key, "cancelled by the restaurant",
	    &queued)) != STATUS_OK)
		return nerr_pass(err);
	if (queued > 0)
		*refund = json_pack("{s:I,s:s,s:i}", "amount",
		    (json_int_t)queued, "currency", p.currency, "exponent",
		    p.exponent);
	return STATUS_OK;
}

/* The cancellation's mails, the guest's with the refund (kept, or 0). */
static NEOERR *
cancel_mail(struct book_env *env, const struct reservation *rv,
    const char *token, json_t *refund)
{
	char	 dedupe[200];
	char	*sealed;
	NEOERR	*err = STATUS_OK;

	if (rv->guest_email != NULL && *rv->guest_email != '\0') {
		snprintf(dedupe, sizeof dedupe, "cancellation:%lld",
		    (long long)rv->id);
		if (token != NULL && *token != '\0') {
			if ((sealed = sealed_link(env->base_url, rv->code,
			    token)) == NULL)
				return nerr_raise(NERR_NOMEM, "seal");
			err = outbox_add(env->db, "cancellation", rv->id,
			    rv->guest_email, dedupe, json_pack("{s:s,s:O}",
			    "manage_link", sealed, "refund", refund),
			    env->base_url);
			free(sealed);
		} else
			err = outbox_add(env->db, "cancellation", rv->id,
			    rv->guest_email, dedupe, json_pack("{s:O}", "refund",
			    refund), env->base_url);
	}
	if (err == STATUS_OK && rv->restaurant_email != NULL &&
	    *rv->restaurant_email != '\0') {
		snprintf(dedupe, sizeof dedupe, "owner_cancel:%lld",
		    (long long)rv->id);
		err = outbox_add(env->db, "owner_cancel", rv->id,
		    rv->restaurant_email, dedupe, json_object(), env->base_url);
	}
	return nerr_pass(err);
}

static NEOERR *
cancel_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct cancel		*c = arg;
	const struct reservation	*rv = c->rv;
	struct locked			 l;
	json_t				*refund;
	NEOERR				*err;
	bool				 done;

	if ((err = lock_booking(env, rv->id, 0, 0, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (!l.found) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	out->was = l.status;
	if (!rsv_can(l.status, RSV_CANCELLED, ACTOR_DINER)) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	if (l.status != RSV_HELD && env->now >= l.start -
	    (int64_t)rv->cancel_cutoff_minutes * 60) {
		out->res = BOOK_TOO_LATE;
		return STATUS_OK;
	}
	if ((err = set_status(env->db, rv->id, l.status, RSV_CANCELLED,
	    ACTOR_DINER, "cancelled by the guest", &done)) != STATUS_OK)
		return nerr_pass(err);
	if (!done) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	out->status = RSV_CANCELLED;
	/* a paid deposit goes back by the terms, queued with the cancellation */
	refund = NULL;
	if (l.status != RSV_HELD && (err = refund_queue(env, rv, l.start,
	    &refund)) != STATUS_OK)
		return nerr_pass(err);
	/* a hold nobody confirmed needs no mail */
	if (l.status != RSV_HELD)
		err = refund != NULL ? cancel_mail(env, rv, c->token, refund) :
		    mails(env->db, rv->id, rv->code, rv->guest_email,
		    rv->restaurant_email, "cancellation", "owner_cancel", c->token,
		    env->base_url, "");
	json_decref(refund);
	if (err != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(read_back(env, rv, out));
}

NEOERR *
booking_cancel(struct book_env *env, const struct reservation *rv,
    const char *token, struct book_out *out)
{
	struct cancel	 c = { rv, token };

	return nerr_pass(transact(env, true, cancel_body, &c, out));
}

struct reply {
	const struct reservation	*rv;
	const char			*answer;
};

static NEOERR *
reply_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct reply	*a = arg;
	struct locked		 l;
	PGresult		*res = NULL;
	NEOERR			*err;
	char			 ids[24];
	const char		*p[2];

	if ((err = lock_booking(env, a->rv->id, 0, 0, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (!l.found) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	snprintf(ids, sizeof ids, "%lld", (long long)a->rv->id);
	p[0] = ids;
	p[1] = a->answer;
	if ((err = db_exec(env->db, STMT_REMINDER_ANSWER, 2, p, &res)) !=
	    STATUS_OK)
		return nerr_pass(err);
	out->res = PQntuples(res) == 1 ? BOOK_OK : BOOK_STATE;
	out->status = l.status;
	PQclear(res);
	if (out->res != BOOK_OK)
		return STATUS_OK;
	return nerr_pass(read_back(env, a->rv, out));
}

NEOERR *
booking_reply(struct book_env *env, const struct reservation *rv,
    const char *answer, const char *token, struct book_out *out)
{
	struct reply	 a = { rv, answer };

	if (strcmp(answer, "cancel") == 0)
		return nerr_pass(booking_cancel(env, rv, token, out));
	if (strcmp(answer, "coming") != 0 && strcmp(answer, "late") != 0)
		return nerr_raise(NERR_ASSERT, "reply %s", answer);
	return nerr_pass(transact(env, true, reply_body, &a, out));
}

/* ---- the owner's moves ---- */

struct owner_move {
	const struct reservation	*rv;
	enum rsv_status			 to;
	const char			*note;
	const struct actor		*by;
};

static NEOERR *
status_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct owner_move		*m = arg;
	const struct reservation	*rv = m->rv;
	struct locked			 l;
	const char			*kind = NULL;
	json_t				*refund = NULL;
	NEOERR				*err;
	bool				 done;

	if ((err = lock_booking(env, rv->id, 0, 0, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (!l.found) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	out->was = l.status;
	if (!rsv_can(l.status, m->to, ACTOR_OWNER)) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	if ((err = set_status(env->db, rv->id, l.status, m->to, ACTOR_OWNER,
	    m->note, &done)) != STATUS_OK)
		return nerr_pass(err);
	if (!done) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	out->status = m->to;
	if ((m->to == RSV_CANCELLED || m->to == RSV_REJECTED) &&
	    (err = owner_refund(env, rv, &refund)) != STATUS_OK)
		return nerr_pass(err);
	switch (m->to) {
	case RSV_CONFIRMED:
		kind = l.status == RSV_PENDING ? "confirmation" : NULL;
		break;
	case RSV_REJECTED:
		kind = "declined";
		break;
	case RSV_CANCELLED:
		kind = "cancellation";
		break;
	case RSV_NO_SHOW:
		kind = "noshow";
		break;
	default:
		break;
	}
	if (kind == NULL)
		json_decref(refund);
	if ((kind != NULL && (err = guest_notice(env, rv, kind, m->note,
	    refund)) != STATUS_OK) ||
	    (err = audit_owner(env, m->by, "booking_status", rv->code,
	    json_pack("{s:s,s:s}", "from", rsv_status_name(l.status), "to",
	    rsv_status_name(m->to)))) != STATUS_OK)
		return nerr_pass(err);
	return nerr_pass(read_back(env, rv, out));
}

NEOERR *
booking_owner_status(struct book_env *env, const struct reservation *rv,
    enum rsv_status to, const char *note, const struct actor *by,
    struct book_out *out)
{
	struct owner_move	 m = { rv, to, note, by };

	return nerr_pass(transact(env, true, status_body, &m, out));
}

static NEOERR *
undo_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct owner_move		*m = arg;
	const struct reservation	*rv = m->rv;
	struct locked			 l;
	PGresult			*r = NULL;
	enum rsv_status			 from, to;
	enum db_conflict		 c;
	NEOERR				*err;
	char				 ids[24];
	const char			*p[2];
	bool				 ok;

	if ((err = lock_booking(env, rv->id, 0, 0, &l)) != STATUS_OK)
		return nerr_pass(err);
	if (!l.found) {
		out->res = BOOK_GONE;
		return STATUS_OK;
	}
	out->was = l.status;
	snprintf(ids, sizeof ids, "%lld", (long long)rv->id);
	p[0] = ids;
	if ((err = db_exec(env->db, STMT_LAST_EVENT, 1, p, &r)) != STATUS_OK)
		return nerr_pass(err);
	/* only the owner's own last move, within five minutes, not an undo */
	ok = PQntuples(r) == 1 && strcmp(db_str(r, 0, 1), "owner") == 0 &&
	    db_bool(r, 0, 5) && strcmp(db_str(r, 0, 4), "undo") != 0 &&
	    rsv_status_parse(db_str(r, 0, 2), &from) &&
	    rsv_status_parse(db_str(r, 0, 3), &to) && to == l.status &&
	    from != RSV_HELD;
	PQclear(r);
	r = NULL;
	if (!ok) {
		out->res = BOOK_STATE;
		return STATUS_OK;
	}
	p[1] = rsv_status_name(from);
	/* back to an active status: the table may have gone meanwhile */
	if ((err = db_exec(env->db, STMT_SAVEPOINT, 0, NULL, NULL)) != STATUS_OK ||
	    (err = db_try(env->db, STMT_RESERVATION_SET_STATUS, 2, p, &r, &c)) !=
	    STATUS_OK)
		return nerr_pass(err);
	PQclear(r);
	if (c == DB_OK)
		db_booked(env->db, rv->restaurant_id);
	if (c == DB_EXCLUSION) {
		out->res = BOOK_TAKEN;
		return nerr_pass(db_exec(env->db, STMT_ROLLBACK_TO, 0, NULL,
		    NULL));
	}
	if (c == DB_RETRY)
		return nerr_raise(ERR_DB_RETRY, "undo: SQLSTATE %s",
		    env->db->sqlstate);
	if (c != DB_OK)
		return nerr_raise(ERR_DB, "undo: SQLSTATE %s", env->db->sqlstate);
	if ((err = db_exec(env->db, STMT_RELEASE, 0, NULL, NULL)) != STATUS_OK ||
	    (err = event(env->db, rv->id, ACTOR_OWNER, rsv_status_name(l.status),
	    from, "undo")) != STATUS_OK)
		return nerr_pass(err);
	/* a guest told of a cancellation or refusal hears it is back on */
	if ((l.status == RSV_CANCELLED || l.status == RSV_REJECTED ||
	    l.status == RSV_NO_SHOW) && (from == RSV_CONFIRMED ||
	    from == RSV_ARRIVED) &&
	    (err = guest_notice(env, rv, "confirmation", "", NULL)) != STATUS_OK)
		return nerr_pass(err);
	if ((err = audit_owner(env, m->by, "booking_undo", rv->code,
	    json_pack("{s:s,s:s}", "from", rsv_status_name(l.status), "to",
	    rsv_status_name(from)))) != STATUS_OK)
		return nerr_pass(err);
	out->status = from;
	out->res = BOOK_OK;
	return nerr_pass(read_back(env, rv, out));
}

NEOERR *
booking_undo(struct book_env *env, const struct reservation *rv,
    const struct actor *by, struct book_out *out)
{
	struct owner_move	 m = { rv, RSV__MAX, NULL, by };

	return nerr_pass(transact(env, true, undo_body, &m, out));
}

/* ---- walk-ins and phone bookings ---- */

struct enter {
	const struct setup	*s;
	const struct entry	*e;
	const struct actor	*by;
};

static NEOERR *
enter_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct enter	*a = arg;
	const struct setup	*s = a->s;
	const struct entry	*e = a->e;
	const struct day_clock	*clock;
	struct booked		*bk = NULL;
	struct take		 t;
	int64_t			 start, end;
	size_t			 i, nb = 0;
	int			 minutes;
	NEOERR			*err;

	if ((err = clock_get(env->setups, env->db, s->timezone, e->want.day,
	    &clock)) != STATUS_OK)
		return nerr_pass(err);
	if (!clock_instant(clock, e->want.minute, &start)) {
		out->offer.why = OFFER_NO_SUCH_TIME;
		out->res = BOOK_NOT_OFFERED;
		return STATUS_OK;
	}
	if ((minutes = e->minutes) <= 0 &&
	    (minutes = turn_minutes(s, e->want.party)) <= 0)
		minutes = 120;
	end = start + (int64_t)minutes * 60;
	out->offer.slot.minute = e->want.minute;
	out->offer.slot.start = start;
	out->offer.slot.end = end;
	if (e->table != 0) {
		for (i = 0; i < s->ntables; i++)
			if (s->tables[i].id == e->table && s->tables[i].active)
				break;
		if (i == s->ntables) {
			out->res = BOOK_NO_TABLE;
			return STATUS_OK;
		}
		out->offer.tables[0] = e->table;
		out->offer.ntables = 1;
	} else {
		if ((err = db_booked_list(env->db, &s->id, 1, start - 86400, end,
		    &bk, &nb)) != STATUS_OK)
			return nerr_pass(err);
		out->offer.ntables = free_tables_any(s, e->want.party, start, end,
		    bk, nb, out->offer.tables, OFFER_TABLES);
		free(bk);
		if (out->offer.ntables == 0) {
			out->res = BOOK_TAKEN;
			return STATUS_OK;
		}
	}
	memset(&t, 0, sizeof t);
	t.s = s;
	t.day = e->want.day;
	t.minute = e->want.minute;
	t.start = start;
	t.end = end;
	t.party = e->want.party;
	t.tables = out->offer.tables;
	t.ntables = out->offer.ntables;
	/* read from the primary just now, or the owner's own choice */
	t.nseen = out->offer.ntables;
	t.status = e->walk_in ? RSV_SEATED : RSV_CONFIRMED;
	t.source = e->walk_in ? "walk_in" : "owner";
	t.actor = ACTOR_OWNER;
	t.guest = &e->guest;
	/* a phone booking with an address gets its confirmation */
	if (!e->walk_in)
		t.kind = "confirmation";
	if ((err = take(env, &t, out)) != STATUS_OK || out->res != BOOK_OK)
		return nerr_pass(err);
	return nerr_pass(audit_owner(env, a->by, "booking_enter", out->code,
	    json_pack("{s:s,s:i}", "kind", e->walk_in ? "walk_in" : "phone",
	    "party", e->want.party)));
}

NEOERR *
booking_enter(struct book_env *env, const struct setup *s,
    const struct entry *e, const struct actor *by, struct book_out *out)
{
	struct enter	 a = { s, e, by };

	return nerr_pass(transact(env, true, enter_body, &a, out));
}

NEOERR *
booking_enter_within(struct book_env *env, const struct setup *s,
    const struct entry *e, const struct actor *by, struct book_out *out)
{
	struct enter	 a = { s, e, by };

	return nerr_pass(enter_body(env, &a, out));
}

NEOERR *
booking_run(struct book_env *env, book_body_fn body, const void *arg,
    struct book_out *out)
{
	return nerr_pass(transact(env, true, body, arg, out));
}

/* ---- the no-show job ---- */

struct noshow {
	int64_t		 id;
	bool		 notify;
};

static NEOERR *
noshow_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const struct noshow	*n = arg;
	struct reservation	*rv = NULL;
	struct locked		 l;
	NEOERR			*err;
	bool			 done;

	if ((err = lock_booking(env, n->id, 0, 0, &l)) != STATUS_OK)
		return nerr_pass(err);
	out->res = BOOK_GONE;
	if (!l.found)
		return STATUS_OK;
	out->was = l.status;
	out->res = BOOK_STATE;
	if (!rsv_can(l.status, RSV_NO_SHOW, ACTOR_SYSTEM))
		return STATUS_OK;
	if ((err = set_status(env->db, n->id, l.status, RSV_NO_SHOW,
	    ACTOR_SYSTEM, "not seated within the grace period", &done)) !=
	    STATUS_OK || !done)
		return nerr_pass(err);
	out->res = BOOK_OK;
	out->status = RSV_NO_SHOW;
	if (!n->notify)
		return STATUS_OK;
	if ((err = db_reservation_get_by_id(env->db, n->id, &rv)) != STATUS_OK)
		return nerr_pass(err);
	if (rv != NULL) {
		snprintf(out->code, sizeof out->code, "%s", rv->code);
		err = mails(env->db, rv->id, rv->code, rv->guest_email,
		    rv->restaurant_email, "noshow", "owner_noshow", NULL,
		    env->base_url, "");
	}
	db_reservation_free(rv);
	return nerr_pass(err);
}

NEOERR *
booking_noshow(struct book_env *env, int64_t id, bool notify,
    struct book_out *out)
{
	struct noshow	 n = { id, notify };

	return nerr_pass(transact(env, true, noshow_body, &n, out));
}

/* ------------------------------------------------------------------ */
/* the waitlist's offers (sql/0017)                                     */
/* ------------------------------------------------------------------ */

/* The offer's mail: the claim link (with the entry's token) and deadline. */
static NEOERR *
offer_mail(struct book_env *env, const struct setup *s, const char *code,
    const char *sealed_token, const char *email, const struct book_out *out)
{
	char	 link[512], dedupe[64], hm[6];
	char	*token = NULL, *sealed = NULL;
	int	 day, minute = 0;
	bool	 ok;
	NEOERR	*err;

	if ((token = sec_open(sealed_token)) == NULL)
		return nerr_raise(ERR_DB, "waitlist entry %s: token does not open",
		    code);
	snprintf(link, sizeof link, "%s/w/%s/claim?t=%s", env->base_url, code,
	    token);
	sodium_memzero(token, strlen(token));
	free(token);
	sealed = sec_seal(link);
	sodium_memzero(link, sizeof link);
	if (sealed == NULL)
		return nerr_raise(NERR_NOMEM, "seal");
	if ((err = offer_local(env, s->timezone, out->expires, &day, &minute,
	    &ok)) != STATUS_OK) {
		free(sealed);
		return nerr_pass(err);
	}
	(void)ok;	/* a deadline is rarely on the minute */
	hm_format(minute, hm);
	/* one offer, one mail: the key is the hold's */
	snprintf(dedupe, sizeof dedupe, "waitlist_offer:%lld", (long long)out->id);
	err = outbox_add(env->db, "waitlist_offer", out->id, email, dedupe,
	    json_pack("{s:s,s:s}", "link", sealed, "deadline", hm),
	    env->base_url);
	free(sealed);
	return nerr_pass(err);
}

static NEOERR *
wl_offer_body(struct book_env *env, const void *arg, struct book_out *out)
{
	const int64_t		*id = arg;
	const struct setup	*s = NULL;
	PGresult		*res = NULL, *res2 = NULL;
	struct slot		*v = NULL;
	struct take		 t;
	struct guest		 g;
	struct want		 w;
	NEOERR			*err;
	char			 ids[24], hid[24];
	const char		*p[2];
	int64_t			 from, to;
	size_t			 n = 0, i;
	int			 keep = env->hold_minutes;

	snprintf(ids, sizeof ids, "%lld", (long long)*id);
	p[0] = ids;
	/* the entry first (skipped if another job has it), then the days */
	if ((err = db_exec(env->db, STMT_WL_LOCK, 1, p, &res)) != STATUS_OK)
		return nerr_pass(err);
	out->res = BOOK_GONE;
	if (PQntuples(res) != 1)
		goto out;
	if ((err = setup_get(env->setups, env->db, db_int(res, 0, 11), NULL,
	    &s)) != STATUS_OK)
		goto out;
	if (s == NULL || !s->active)
		goto out;
	w.day = (int)db_int(res, 0, 1);
	w.party = (int)db_int(res, 0, 4);
	from = db_int(res, 0, 2);
	to = db_int(res, 0, 3);
	if ((v = calloc(256, sizeof *v)) == NULL) {
		err = nerr_raise(NERR_NOMEM, "slots");
		goto out;
	}
	if ((err = offer_times(env, s, w.day, w.party, 0, v, 256, &n)) !=
	    STATUS_OK)
		goto out;
	memset(&g, 0, sizeof g);
	g.name = db_str(res, 0, 5);
	g.email = db_str(res, 0, 6);
	g.phone = "";
	g.requests = "";
	g.user_id = db_int(res, 0, 7);
	out->res = BOOK_TAKEN;
	env->hold_minutes = (int)db_int(res, 0, 10);
	/* the first free time of the window; one taken meanwhile: the next */
	for (i = 0; i < n; i++) {
		if (v[i].start < from || v[i].start > to)
			continue;
		w.minute = v[i].minute;
		if ((err = offer_slot(env, s, &w, &out->offer)) != STATUS_OK)
			goto out;
		if (out->offer.why != OFFER_OK)
			continue;
		memset(&t, 0, sizeof t);
		t.s = s;
		t.day = w.day;
		t.minute = out->offer.slot.minute;
		t.start = out->offer.slot.start;
		t.end = out->offer.slot.end;
		t.party = w.party;
		t.tables = out->offer.tables;
		t.ntables = out->offer.ntables;
		t.nseen = out->offer.nseen;
		t.status = RSV_HELD;
		t.source = "web";
		t.actor = ACTOR_SYSTEM;
		t.guest = &g;
		t.pacing = true;
		if ((err = take(env, &t, out)) != STATUS_OK)
			goto out;
		if (out->res == BOOK_OK)
			break;
	}
	if (out->res != BOOK_OK)
		goto out;
	/* the hold is the entry's offer, claimed with the entry's token */
	sodium_memzero(out->token, sizeof out->token);
	snprintf(hid, sizeof hid, "%lld", (long long)out->id);
	p[0] = hid;
	p[1] = ids;
	if ((err = db_exec(env->db, STMT_WL_OFFERED, 2, p, &res2)) != STATUS_OK)
		goto out;
	if (PQntuples(res2) != 1) {
		err = nerr_raise(ERR_DB, "waitlist entry %lld: offer not recorded",
		    (long long)*id);
		goto out;
	}
	if ((err = offer_mail(env, s, db_str(res, 0, 8), db_str(res, 0, 9),
	    g.email, out)) != STATUS_OK)
		goto out;
	outbox_queued(env->db);
out:
	env->hold_minutes = keep;
	free(v);
	PQclear(res);
	PQclear(res2);
	return nerr_pass(err);
}

NEOERR *
booking_waitlist_offer(struct book_env *env, int64_t id, struct book_out *out)
{
	return nerr_pass(transact(env, true, wl_offer_body, &id, out));
}

/* ------------------------------------------------------------------ */
/* reviews                                                              */
/* ------------------------------------------------------------------ */

NEOERR *
booking_review_check(struct book_env *env, const struct reservation *rv,
    const struct review_in *in, enum review_res *res)
{
	PGresult	*q = NULL;
	char		 rid[24];
	const char	*p[1] = { rid }, *mail;
	int64_t		 owner;
	NEOERR		*err;

	*res = REVIEW_OK;
	if (env->unsafe & BOOK_NO_REVIEW_CHECK)
		return STATUS_OK;	/* test builds: the negative control */
	snprintf(rid, sizeof rid, "%lld", (long long)rv->restaurant_id);
	if ((err = db_exec(env->db, STMT_REVIEW_OWNER, 1, p, &q)) != STATUS_OK)
		return nerr_pass(err);
	if (PQntuples(q) != 1) {
		PQclear(q);
		*res = REVIEW_REFUSED;	/* no restaurant: nothing to review */
		return STATUS_OK;
	}
	owner = db_int(q, 0, 0);
	mail = db_str(q, 0, 1);
	if ((in->user_id != 0 && in->user_id == owner) || (rv->user_id != 0 &&
	    rv->user_id == owner) || (*mail != '\0' &&
	    (strcasecmp(rv->guest_email, mail) == 0 || (in->user_email != NULL &&
	    strcasecmp(in->user_email, mail) == 0))))
		*res = REVIEW_OWN;
	PQclear(q);
	return STATUS_OK;
}

NEOERR *
booking_review(struct book_env *env, const struct reservation *rv,
    const struct review_in *in, enum review_res *res, int64_t *id)
{
	PGresult		*q = NULL;
	char			 vid[24], uid[24], rt[8];
	const char		*p[4];
	enum db_conflict	 c;
	NEOERR			*err;

	*id = 0;
	if ((err = booking_review_check(env, rv, in, res)) != STATUS_OK ||
	    *res != REVIEW_OK)
		return nerr_pass(err);
	if (rv->status != RSV_FINISHED) {
		*res = REVIEW_NOT_FINISHED;
		return STATUS_OK;
	}
	snprintf(vid, sizeof vid, "%lld", (long long)rv->id);
	snprintf(uid, sizeof uid, "%lld", (long long)in->user_id);
	snprintf(rt, sizeof rt, "%d", in->rating);
	p[0] = vid;
	p[1] = in->user_id != 0 ? uid : NULL;
	p[2] = rt;
	p[3] = in->body;
	/* one a visit: the unique reservation_id keeps it so at once */
	if ((err = db_try(env->db, STMT_REVIEW_CREATE, 4, p, &q, &c)) !=
	    STATUS_OK)
		return nerr_pass(err);
	if (c == DB_CHECK) {
		/* the database's own guard (sql/0012): its own restaurant */
		log_warn("review of %s refused by the database", rv->code);
		*res = REVIEW_REFUSED;
		return STATUS_OK;
	}
	if (c != DB_OK || q == NULL) {
		PQclear(q);
		return nerr_raise(ERR_DB, "review of %s: conflict %d", rv->code,
		    (int)c);
	}
	if (PQntuples(q) == 0)
		*res = REVIEW_DONE;
	else {
		*id = db_int(q, 0, 0);
		webhook_queued(env->db);	/* review.created */
	}
	PQclear(q);
	return STATUS_OK;
}
