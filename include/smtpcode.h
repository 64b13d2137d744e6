/*
 * smtpcode.h - SMTP reply codes and enhanced status codes: lookup,
 * parsing, comparison, rendering and log scanning.
 *
 * Nothing declared here exits or writes to a stream it was not given.
 */
#ifndef SMTPCODE_H
#define SMTPCODE_H

#include <stddef.h>
#include <stdio.h>

#define SMTPCODE_VERSION "1.0.0"

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
	int pattern_digits;	/* SC_Q_CLASS: 1 for 5xx, 2 for 55x */
	const char *text;	/* reply text after the codes, or NULL */
	size_t textlen;
	int multiline;		/* a reply given as several lines */
};

/*
 * Parse one argument: a basic code, an enhanced code, a pair, or a
 * whole reply line. Returns 0 on success, -1 when malformed, with *why
 * set to a static explanation.
 */
int sc_parse(const char *arg, size_t len, struct sc_query *q, const char **why);

/*
 * Parse a multi-line reply (RFC 5321 4.2.1: "250-..." lines then "250 ...")
 * held in buf. Same return convention as sc_parse.
 */
int sc_parse_reply(const char *buf, size_t len, struct sc_query *q, const char **why);

int sc_parse_enh(const char *s, size_t len, struct sc_enh_code *e, size_t *used);

/* i18n.c: labels and fixed phrases, from data/messages.def */
enum sc_lang { SC_LANG_EN, SC_LANG_FR, SC_LANG_ES };

enum sc_msg_id {
#define MSG(id, en, fr, es) M_##id,
#include "messages.def"
	M_COUNT
};

const char *sc_msg(int lang, int id);
/* "fr", "fr_FR.UTF-8", "es_ES@euro" -> the language; -1 if not one of ours. */
int sc_lang_parse(const char *s);
/* The language of LC_ALL, else LC_MESSAGES, else LANG; English otherwise. */
int sc_lang_env(void);
/* Columns a UTF-8 string takes (continuation bytes take none). */
size_t sc_width(const char *s, size_t len);

/* render.c */

struct sc_render_opts {
	int width;	/* columns, >= 20 */
	int lang;	/* enum sc_lang */
	int color;	/* ANSI colour */
};

/* The SGR sequence for a class digit (2-5), "" when colour is off. */
const char *sc_color_class(const struct sc_render_opts *o, int cls);
const char *sc_color_off(const struct sc_render_opts *o);

/* Status of a query: 0 all known, 1 well-formed but unregistered. */
int sc_render_query(FILE *out, const struct sc_query *q, const struct sc_render_opts *o);
int sc_render_compare(FILE *out, const struct sc_query *a, const struct sc_query *b,
    const struct sc_render_opts *o);

/* Fill text to width with indent, as the renderer does. */
void sc_wrap(FILE *out, const char *text, int indent, int width);

/* list.c: patterns, listing and searching */

/* "5xx", "45x", "550"; "5.7.x", "X.1.x", "x.x.x" */
struct sc_pattern {
	int enh;	/* 0 basic, 1 enhanced */
	int d[3];	/* digits or parts; -1 for a wildcard */
};

/* One line of a list or search result. */
struct sc_item {
	const struct sc_basic *b;	/* one of these two */
	const struct sc_enhanced *e;
	int cls;	/* enhanced: the class shown, 0 for X */
	int score;	/* search relevance */
};

#define SC_ITEMS_MAX 512

int sc_pattern_parse(const char *s, struct sc_pattern *p, const char **why);
/* Every code the pattern matches (all codes for NULL); returns the count. */
size_t sc_list(const struct sc_pattern *p, struct sc_item *it, size_t max);
/* Codes whose texts hold every word, case-insensitively, best first. */
size_t sc_search(char *const *words, size_t nwords, struct sc_item *it,
    size_t max);
void sc_render_item(FILE *out, const struct sc_item *it,
    const struct sc_render_opts *o);

/* json.c: JSON Lines output */
size_t sc_json_escape(char *dst, size_t cap, const char *src, size_t len,
    size_t *used);
void sc_json_str(FILE *out, const char *s, size_t len);
int sc_json_query(FILE *out, const struct sc_query *q);
int sc_json_compare(FILE *out, const struct sc_query *a, const struct sc_query *b);
void sc_json_item(FILE *out, const struct sc_item *it);

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

#define SC_ANNOT_IN 262144
#define SC_ANNOT_OUT 65536	/* annotations; input is written in place */
#define SC_ANNOT_SEGS 512	/* pieces of output queued at once */
#define SC_ANNOT_HITS 32	/* codes named per line; more are counted */
#define SC_TALLY_OTHER 64	/* distinct enhanced codes outside X.0-7.0-31 */

/* Codes seen, for --summary. */
struct sc_tally {
	unsigned long long basic[1000];
	unsigned long long enh[3][8][32];	/* class 2, 4, 5 */
	struct {
		struct sc_enh_code code;
		unsigned long long n;
	} other[SC_TALLY_OTHER];
	size_t nother;
	unsigned long long dropped;	/* distinct codes past SC_TALLY_OTHER */
	unsigned long long lines, annotated;
};

/* The annotator's buffers; large, so the caller decides where they live. */
struct sc_annot {
	int out;			/* file descriptor written to */
	int quiet;			/* count only, write nothing */
	int json;			/* JSON Lines of the replies, not the log */
	int color;			/* dim the annotations */
	const char *name;		/* of the input, for JSON */
	unsigned long long lineno;	/* lines of this input so far */
	size_t olen;			/* used of obuf */
	size_t nseg;			/* queued in seg */
	struct sc_tally *tally;		/* may be NULL */
	/* Where the stream stands, kept from one input to the next: */
	int open;			/* an input was read, not yet ended */
	size_t len, pos, start, from, emit;	/* offsets into ibuf */
	struct sc_line {		/* the hits of the line in windows */
		struct sc_hit hit[SC_ANNOT_HITS];
		size_t n;
		unsigned long long more;
	} line;
	struct sc_seg {
		const char *p;
		size_t n;
	} seg[SC_ANNOT_SEGS];		/* output not yet written */
	char obuf[SC_ANNOT_OUT];
	char ibuf[SC_ANNOT_IN];
};

enum { SC_ANNOT_OK = 0, SC_ANNOT_EREAD = -1, SC_ANNOT_EWRITE = -2 };

/*
 * Copy fd `in` to a->out, annotating: sc_annot_read() then sc_annot_end().
 * Returns SC_ANNOT_OK, or SC_ANNOT_EREAD / SC_ANNOT_EWRITE with errno
 * set.  Memory use is the struct and nothing else, whatever the input.
 */
int sc_annotate_fd(struct sc_annot *a, int in);

/*
 * Several inputs as one stream, as their concatenation would be: read
 * each with sc_annot_read(), then call sc_annot_end() once.  A last line
 * that an input leaves without "\n" goes on in the next input; it is
 * counted (a->lineno) as a line of the input it ends in.  Same returns.
 */
int sc_annot_read(struct sc_annot *a, int in);
int sc_annot_end(struct sc_annot *a);

/* Write out what is buffered; 0 or SC_ANNOT_EWRITE. */
int sc_annot_flush(struct sc_annot *a);

#endif
