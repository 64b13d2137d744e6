/*
 * report.h - the --summary report (issue 14): what a mail log says was
 * delivered, deferred, bounced and rejected, why, to whom, and in which
 * words, from Postfix, Exim and Sendmail logs.  See src/report.c for the
 * formats and markers, the definitions (and where they follow pflogsumm),
 * what is masked, and the top-N sketch and its error bound.
 *
 * Not installed: for main.c, annotate.c and the tests.  Nothing here
 * exits or writes to a stream it was not given.
 */
#ifndef SC_REPORT_H
#define SC_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "smtpcode.h"

/* What became of a recipient (or a message, or a session), by the log. */
enum sc_disp {
	SC_DISP_DELIVERED,	/* delivered, per recipient */
	SC_DISP_FORWARDED,	/* Postfix local: "forwarded as", per recipient */
	SC_DISP_DEFERRED,	/* messages with a deferral: distinct queue ids */
	SC_DISP_DEFERRALS,	/* deferral records, per recipient */
	SC_DISP_BOUNCED,	/* per recipient */
	SC_DISP_EXPIRED,	/* Postfix qmgr "status=expired", per message */
	SC_DISP_REJECTED,	/* refused by this server, per refusal */
	SC_DISP_FREJECTED,	/* refused by a filter inside Postfix smtpd
				   (milter-reject, proxy-reject) */
	SC_DISP_HELD,		/* Postfix hold: */
	SC_DISP_DISCARDED,	/* Postfix discard: */
	SC_DISP_COUNT
};

/* Recipient domains and reply texts kept per reason (Space-Saving). */
#define SC_REPORT_KDOM 128	/* counters for domains, per reason */
#define SC_REPORT_KTEXT 64	/* counters for reply texts, per reason */
#define SC_REPORT_DOMLEN 64	/* bytes of a domain kept */
#define SC_REPORT_TEXTLEN 160	/* bytes of a masked text (and an example) */
#define SC_REPORT_SHOW_DOM 10	/* rows shown per reason */
#define SC_REPORT_SHOW_TEXT 5
/* Deferred queue ids remembered exactly (a table that grows up to this). */
#define SC_REPORT_QIDS (1u << 18)	/* slots: 7/8 of them usable, 2 MiB */

/* The report: about 1.3 MiB, plus the deferred-id table as it grows. */
struct sc_report;

/* A new, empty report: NULL with errno when out of memory. */
struct sc_report *sc_report_new(void);
void sc_report_free(struct sc_report *r);

/*
 * Feed whole lines buf[0..len): each ends in "\n" except maybe the last
 * (a "\r" before it is ignored).  Every line of the log goes through
 * here once, in any number of calls, each cut at a line end.
 */
void sc_report_lines(struct sc_report *r, const char *buf, size_t len);

/*
 * The same lines fed from another thread (feed.c): sc_report_feed_lines()
 * copies them and returns, the report reads them in a thread of its own,
 * in order; sc_report_feed_wait() returns when it has read every line
 * fed, and only then may the report be read.  Without threads, the lines
 * are read at once.  NULL with errno when out of memory.
 */
struct sc_report_feed;
struct sc_report_feed *sc_report_feed_new(struct sc_report *r);
void sc_report_feed_lines(struct sc_report_feed *f, const char *buf,
    size_t len);
void sc_report_feed_wait(struct sc_report_feed *f);
void sc_report_feed_free(struct sc_report_feed *f);	/* waits too */

/* The report as text, translated (o->lang), fitted to o->width. */
void sc_report_render(FILE *out, const struct sc_report *r,
    const struct sc_render_opts *o);
/* The report as JSON Lines: records total, reason, domain, text. */
void sc_report_json(FILE *out, const struct sc_report *r);

/* For tests and callers: the figures behind the report. */
/* Reasons with a count, most first, into order[SC_REASON_COUNT]: how many. */
size_t sc_report_reasons(const struct sc_report *r, int *order);
/* Records of a reason with a disposition. */
unsigned long long sc_report_by(const struct sc_report *r, int reason,
    int disp);
/* 1 when more messages were deferred than their table holds. */
int sc_report_ids_full(const struct sc_report *r);
const char *sc_disp_name(int disp);	/* "delivered"; NULL out of range */
unsigned long long sc_report_total(const struct sc_report *r, int disp);
int sc_report_exact(const struct sc_report *r, int disp);	/* 0 or 1 */
unsigned long long sc_report_reason(const struct sc_report *r, int reason,
    unsigned long long *hard);

/* One row of a top-N table: count is an upper bound, count - err a lower. */
struct sc_report_row {
	const char *s;		/* the domain or masked text */
	size_t len;
	unsigned long long count, err;
	const char *ex;		/* texts: a raw example; domains: NULL */
	size_t exlen;
};

/*
 * The top rows of a reason's table, most frequent first, at most max:
 * how many.  *rest is what the rows leave out (offered - their counts,
 * at least 0); *none (domains) the records that named no recipient.
 */
size_t sc_report_domains(const struct sc_report *r, int reason,
    struct sc_report_row *rows, size_t max, unsigned long long *rest,
    unsigned long long *none);
size_t sc_report_texts(const struct sc_report *r, int reason,
    struct sc_report_row *rows, size_t max, unsigned long long *rest);

/*
 * Mask a reply text so that like texts group (see report.c): into
 * dst[cap], returns the length of the whole masked text, of which the
 * first cap bytes are written (not NUL-terminated).
 */
size_t sc_report_mask(char *dst, size_t cap, const char *src, size_t len);

#endif
