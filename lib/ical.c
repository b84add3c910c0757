/* ical.c: a reservation as an iCalendar event (RFC 5545), for downloads and mail. */
#include "stolik.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* "20261122T183000Z" of an instant. */
static void
ical_time(int64_t t, char out[20])
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y%m%dT%H%M%SZ", &tm);
}

/*
 * Append "name:value" as content lines: TEXT escaped (when text) and
 * folded at 75 octets, never inside a UTF-8 sequence.
 */
static NEOERR *
line(STRING *out, const char *name, const char *value, bool text)
{
	STRING		 l;
	NEOERR		*err = STATUS_OK;
	const char	*p;
	int		 col = 0, n, i;

	string_init(&l);
	string_append(&l, name);
	string_append_char(&l, ':');
	for (p = value; *p != '\0'; p++) {
		if (text && (*p == '\\' || *p == ';' || *p == ','))
			string_append_char(&l, '\\');
		if (text && *p == '\n') {
			string_append(&l, "\\n");
			continue;
		}
		if (*p == '\r' || ((unsigned char)*p < 0x20 && *p != '\t'))
			continue;
		string_append_char(&l, *p);
	}
	for (i = 0; i < l.len && err == STATUS_OK; i += n) {
		/* the first line holds 75 octets, the others a space and 74 */
		n = l.len - i;
		if (n > (col == 0 ? 75 : 74))
			n = col == 0 ? 75 : 74;
		while (n > 1 && i + n < l.len &&
		    ((unsigned char)l.buf[i + n] & 0xc0) == 0x80)
			n--;
		if (col > 0)
			err = string_append_char(out, ' ');
		if (err == STATUS_OK)
			err = string_appendn(out, l.buf + i, n);
		if (err == STATUS_OK)
			err = string_append(out, "\r\n");
		col++;
	}
	string_clear(&l);
	return nerr_pass(err);
}

NEOERR *
ical_event(STRING *out, const struct reservation *r, const char *method,
    int sequence, const char *url, const char *base_url, const char *organizer,
    const char *attendee)
{
	char		 start[20], end[20], stamp[20], uid[160], seq[16];
	char		 summary[300], loc[500], desc[900], domain[128];
	const char	*status, *host;
	size_t		 n;
	NEOERR		*err;

	ical_time(r->start, start);
	ical_time(r->end, end);
	ical_time((int64_t)time(NULL), stamp);
	host = strstr(base_url, "://");
	host = host != NULL ? host + 3 : base_url;
	n = strcspn(host, ":/");
	snprintf(domain, sizeof domain, "%.*s", (int)(n < 120 ? n : 120), host);
	snprintf(uid, sizeof uid, "%s@%s", r->code, domain);
	snprintf(seq, sizeof seq, "%d", sequence);
	snprintf(summary, sizeof summary, "Table for %d at %s", r->party,
	    r->restaurant);
	snprintf(loc, sizeof loc, "%s, %s, %s", r->restaurant, r->address, r->city);
	snprintf(desc, sizeof desc, "Reservation %s for %d.\nPhone: %s\n"
	    "Change or cancel: %s", r->code, r->party, r->phone, url);
	status = strcmp(method, "CANCEL") == 0 || r->status == RSV_CANCELLED ?
	    "CANCELLED" : r->status == RSV_CONFIRMED ? "CONFIRMED" : "TENTATIVE";
	if ((err = string_append(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//Stolik//Reservations//EN\r\nCALSCALE:GREGORIAN\r\n")) !=
	    STATUS_OK ||
	    (err = line(out, "METHOD", method, false)) != STATUS_OK ||
	    (err = string_append(out, "BEGIN:VEVENT\r\n")) != STATUS_OK ||
	    (err = line(out, "UID", uid, false)) != STATUS_OK ||
	    (err = line(out, "SEQUENCE", seq, false)) != STATUS_OK ||
	    (err = line(out, "DTSTAMP", stamp, false)) != STATUS_OK ||
	    (err = line(out, "DTSTART", start, false)) != STATUS_OK ||
	    (err = line(out, "DTEND", end, false)) != STATUS_OK ||
	    (err = line(out, "SUMMARY", summary, true)) != STATUS_OK ||
	    (err = line(out, "LOCATION", loc, true)) != STATUS_OK ||
	    (err = line(out, "DESCRIPTION", desc, true)) != STATUS_OK ||
	    (err = line(out, "URL", url, false)) != STATUS_OK ||
	    (err = line(out, "STATUS", status, false)) != STATUS_OK)
		return nerr_pass(err);
	/* an invitation (REQUEST, CANCEL) names who sends it and who comes */
	if (organizer != NULL) {
		snprintf(loc, sizeof loc, "mailto:%s", organizer);
		snprintf(summary, sizeof summary, "ORGANIZER;CN=\"%s\"",
		    strpbrk(r->restaurant, "\"\r\n") == NULL ? r->restaurant :
		    "Restaurant");
		if ((err = line(out, summary, loc, false)) != STATUS_OK)
			return nerr_pass(err);
	}
	if (attendee != NULL) {
		snprintf(loc, sizeof loc, "mailto:%s", attendee);
		if ((err = line(out, "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED",
		    loc, false)) != STATUS_OK)
			return nerr_pass(err);
	}
	return nerr_pass(string_append(out, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
}
