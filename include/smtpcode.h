/*
 * smtpcode.h - SMTP reply codes and enhanced status codes: lookup,
 * parsing, comparison, rendering and log scanning.  The public interface
 * of libsmtpcode; see smtpcode(3).  Every name it declares begins with
 * sc_, SC_ or SMTPCODE_.
 *
 * Nothing declared here exits or writes to a stream it was not given.
 *
 * Errors, one convention: a function that can fail returns a negative
 * SC_E* value (enum sc_err) -- with errno set for SC_EREAD, SC_EWRITE
 * and SC_ENOMEM, and a static English explanation in *why where it takes
 * one -- and 0 or a count on success.  The renderers return the status
 * of what they explained (0 every code known, 1 a well-formed code that
 * is not registered) and write through stdio, so that the caller checks
 * the stream (ferror) once at the end.
 */
#ifndef SMTPCODE_H
#define SMTPCODE_H

#include <stddef.h>
#include <stdio.h>

#define SMTPCODE_VERSION "1.1.0"

enum sc_err {
	SC_OK = 0,
	SC_EINVAL = -1,		/* malformed input: *why says how */
	SC_EREAD = -2,		/* a read failed: errno */
	SC_EWRITE = -3,		/* a write failed: errno */
	SC_ENOMEM = -4		/* out of memory: errno */
};

/* How serious a reply is for the person reading it. */
enum sc_severity { SC_SEV_INFO, SC_SEV_LOW, SC_SEV_MEDIUM, SC_SEV_HIGH, SC_SEV_CRITICAL };

/* What a reply is about: the topic badge. */
enum sc_topic {
	SC_TOPIC_PROTOCOL, SC_TOPIC_CONNECTION, SC_TOPIC_AUTH, SC_TOPIC_SECURITY,
	SC_TOPIC_POLICY, SC_TOPIC_MAILBOX, SC_TOPIC_ADDRESS, SC_TOPIC_STORAGE,
	SC_TOPIC_CONTENT, SC_TOPIC_ROUTING, SC_TOPIC_SYSTEM, SC_TOPIC_EXTENSION
};

/* Where a basic code's meaning comes from. */
enum sc_origin {
	SC_ORIGIN_STD,	/* a standards-track RFC defines it */
	SC_ORIGIN_WILD	/* seen in the wild or named only by drafts, registry
			   associations or vendors: no RFC defines it */
};

/* A three-digit reply code (RFC 5321 4.2). */
struct sc_basic {
	short code;
	unsigned char origin;	/* enum sc_origin */
	unsigned char severity;	/* enum sc_severity */
	unsigned char topic;	/* enum sc_topic */
	const char *title;
	const char *ref;	/* "RFC 5321 4.2.2; RFC 3207 4", or the source */
	const char *stage;	/* step of the session where it appears */
	const char *desc;
	const char *when;
	const char *fix;
	const char *related;	/* space-separated basic codes */
};

/* Bits of sc_enhanced.classes */
#define SC_CL2 1u
#define SC_CL4 2u
#define SC_CL5 4u

/* One entry of the IANA SMTP Enhanced Status Codes registry. */
struct sc_enhanced {
	unsigned char subject;	/* 0-7 */
	unsigned short detail;	/* 0-999 */
	unsigned char classes;	/* SC_CL2 | SC_CL4 | SC_CL5; 0 if deprecated */
	unsigned char deprecated;
	const char *title;
	const char *assoc;	/* space-separated basic codes, "" if none */
	const char *ref;
	const char *desc;
	const char *when;
	const char *fix;
};

/* Class (2, 4, 5) or subject (0-7) of an enhanced status code. */
struct sc_enh_part {
	unsigned char num;
	const char *title;
	const char *ref;
	const char *desc;
};

/* table.c */
const struct sc_basic *sc_basic_lookup(int code);
const struct sc_basic *sc_basic_at(size_t i);	/* NULL past the end */
size_t sc_basic_count(void);
const struct sc_enhanced *sc_enh_lookup(int subject, int detail);
const struct sc_enhanced *sc_enh_at(size_t i);
size_t sc_enh_count(void);
const struct sc_enh_part *sc_enh_class(int cls);	/* 2, 4, 5 */
const struct sc_enh_part *sc_enh_subject(int subject);	/* 0-7 */

/* A reply class (first digit) or category (second digit), RFC 5321 4.2.1. */
struct sc_rclass {
	unsigned char digit;
	const char *meaning;
	const char *advice;	/* NULL for categories */
};
const struct sc_rclass *sc_reply_class(int digit);	/* 2-5, else NULL */
const struct sc_rclass *sc_reply_category(int digit);	/* 0-5, else NULL */
int sc_basic_wellformed(int code);	/* RFC 5321 4.2 ABNF */
int sc_enh_allows(const struct sc_enhanced *e, int cls);

/* parse.c */

/* A parsed enhanced status code; cls is 0 for the "X." form. */
struct sc_enh_code {
	int cls, subject, detail;
};

/* A class pattern: "5xx", "45x", "550"; "5.7.x", "X.1.x", "x.x.x" */
struct sc_pattern {
	int enh;	/* 0 basic, 1 enhanced */
	int d[3];	/* digits or parts; -1 for a wildcard */
};

enum sc_qkind {
	SC_Q_BASIC,	/* 354 */
	SC_Q_ENH,		/* 5.7.26, X.1.1 */
	SC_Q_PAIR,		/* 550 5.1.1 */
	SC_Q_CLASS		/* 5xx, 55x */
};

struct sc_query {
	int kind;		/* enum sc_qkind */
	int basic;		/* -1 when absent */
	struct sc_enh_code enh;	/* subject -1 when absent */
	struct sc_pattern pattern;	/* SC_Q_CLASS */
	const char *text;	/* reply text after the codes, or NULL */
	size_t textlen;
	int multiline;		/* a reply given as several lines */
};

/*
 * Parse one argument: a basic code, an enhanced code, a pair, or a
 * whole reply line. Returns 0, or SC_EINVAL with *why set.
 */
int sc_parse(const char *arg, size_t len, struct sc_query *q, const char **why);

/*
 * Parse a multi-line reply (RFC 5321 4.2.1: "250-..." lines then "250 ...")
 * held in buf. Same return convention as sc_parse.
 */
int sc_parse_reply(const char *buf, size_t len, struct sc_query *q, const char **why);

int sc_parse_enh(const char *s, size_t len, struct sc_enh_code *e, size_t *used);

/* i18n.c: the language of labels and fixed phrases */
enum sc_lang { SC_LANG_EN, SC_LANG_FR, SC_LANG_ES };

/* "fr", "fr_FR.UTF-8", "es_ES@euro" -> the language; -1 if not one of ours. */
int sc_lang_parse(const char *s);
/* The language of LC_ALL, else LC_MESSAGES, else LANG; English otherwise. */
int sc_lang_env(void);

/* list.c: patterns, listing and searching */

/* One line of a list or search result. */
struct sc_item {
	const struct sc_basic *b;	/* one of these two */
	const struct sc_enhanced *e;
	int cls;	/* enhanced: the class shown, 0 for X */
	int score;	/* search relevance */
};

#define SC_ITEMS_MAX 512

int sc_pattern_parse(const char *s, struct sc_pattern *p, const char **why);
/* The pattern as text, "57x" or "X.7.x", into buf[sz]. */
void sc_pattern_text(char *buf, size_t sz, const struct sc_pattern *p);
/* Every code the pattern matches (all codes for NULL); returns the count. */
size_t sc_list(const struct sc_pattern *p, struct sc_item *it, size_t max);
/* Codes whose texts hold every word, case-insensitively, best first. */
size_t sc_search(char *const *words, size_t nwords, struct sc_item *it,
    size_t max);
/* scan.c: find SMTP replies in one log line (or a window of one). */

enum sc_hit_kind { SC_HIT_BASIC, SC_HIT_ENH };

struct sc_hit {
	size_t off, len;	/* where the code stands in the buffer */
	size_t end;		/* where its line ends: its "\n", or len */
	int kind;		/* enum sc_hit_kind */
	int basic;		/* SC_HIT_BASIC */
	struct sc_enh_code enh;	/* SC_HIT_ENH */
};

/*
 * Context the scanner may look back at before a hit, and ahead after
 * the start of one, in bytes.  A caller that feeds a long line in
 * windows keeps SC_SCAN_BACK bytes of the previous window.
 */
#define SC_SCAN_BACK 256
#define SC_SCAN_AHEAD 64

/*
 * Scan buf[0..len) for replies that start at or after `from`.  When
 * `eol` is 0 the line goes on past len, and hits that start within
 * SC_SCAN_AHEAD of len are left for the next window.  Writes at most
 * max hits, in order, and returns how many it found (at most max).
 */
size_t sc_scan(const char *buf, size_t len, size_t from, int eol,
    struct sc_hit *hits, size_t max);

/*
 * Scan a run of whole lines, buf[0..len): buf[0] starts a line, and a
 * line ends at "\n" (a "\r" before it is not part of it) or at len.
 * Hits start at or after *from, each decided on its own line as
 * sc_scan() with eol 1 would, with offsets into buf.  Writes at most
 * max, in order; sets *from to where to go on (len when done).
 */
size_t sc_scan_lines(const char *buf, size_t len, size_t *from,
    struct sc_hit *hits, size_t max);

/* Short meaning of a hit, for an annotation: never NULL. */
const char *sc_hit_meaning(const struct sc_hit *h);

/* The code of a hit as its line has it, "5.1.1", into buf[sz]: its length. */
#define SC_CODE_MAX 12
int sc_hit_code(const struct sc_hit *h, char *buf, size_t sz);

/*
 * A hit's gloss, "550 Mailbox unavailable", into buf, which has room for
 * SC_GLOSS_MAX bytes, any of which it may write; returns the length of
 * the gloss, which is not NUL-terminated.
 */
#define SC_GLOSS_MAX 160
size_t sc_hit_gloss(const struct sc_hit *h, char *buf);

/* annotate.c: copy a log through, glossing every line that carries replies. */

/* Between a line's content and its annotation; documented in smtpcode(1). */
#define SC_ANNOT_SEP "\t# smtp: "

/* Flags of sc_annot_new() */
#define SC_ANNOT_QUIET 1u	/* write nothing: count, for a summary */
#define SC_ANNOT_JSON 2u	/* JSON Lines of the replies, not the log */
#define SC_ANNOT_COLOR 4u	/* dim the annotations (ANSI) */
#define SC_ANNOT_TALLY 8u	/* count lines and codes, for a summary */

/* The annotator: a few hundred KiB, whatever the input. */
struct sc_annot;

/* A new annotator writing to fd out: NULL with errno when out of memory. */
struct sc_annot *sc_annot_new(int out, unsigned flags);
void sc_annot_free(struct sc_annot *a);

/*
 * The name of the next input, for JSON records ("-" for standard input;
 * the string must outlive its use); line numbers start again from 1.
 */
void sc_annot_input(struct sc_annot *a, const char *name);

/*
 * Several inputs as one stream, as their concatenation would be: read
 * each with sc_annot_read(), then call sc_annot_end() once.  A last line
 * that an input leaves without "\n" goes on in the next input, and is
 * counted as a line of the input it ends in.  Both return 0, SC_EREAD
 * (the input; the stream may go on with the next) or SC_EWRITE.
 * Output is written as each line is complete: tail -f works.
 */
int sc_annot_read(struct sc_annot *a, int in);
int sc_annot_end(struct sc_annot *a);

/* sc_annot_read() then sc_annot_end(): one input. */
int sc_annotate_fd(struct sc_annot *a, int in);

/* render.c: text, fitted to a width, in a language, with or without colour */

struct sc_render_opts {
	int width;	/* columns, >= 20 */
	int lang;	/* enum sc_lang */
	int color;	/* ANSI colour */
};

/* Status of a query: 0 all known, 1 well-formed but unregistered. */
int sc_render_query(FILE *out, const struct sc_query *q, const struct sc_render_opts *o);
int sc_render_compare(FILE *out, const struct sc_query *a, const struct sc_query *b,
    const struct sc_render_opts *o);
/* One line of a list or search. */
void sc_render_item(FILE *out, const struct sc_item *it,
    const struct sc_render_opts *o);
/* The codes an annotator counted (SC_ANNOT_TALLY), most frequent first. */
void sc_render_summary(FILE *out, const struct sc_annot *a,
    const struct sc_render_opts *o);

/* json.c: the same as JSON Lines; the schema is in smtpcode(1). */
int sc_json_query(FILE *out, const struct sc_query *q);
int sc_json_compare(FILE *out, const struct sc_query *a, const struct sc_query *b);
void sc_json_item(FILE *out, const struct sc_item *it);
void sc_json_summary(FILE *out, const struct sc_annot *a);

#endif
