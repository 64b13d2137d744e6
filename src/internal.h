/*
 * internal.h - what the library's modules share and its users do not:
 * translated labels, the text and JSON helpers, the annotator's buffers
 * and its tally.  Not installed; tests of the internals include it.
 */
#ifndef SMTPCODE_INTERNAL_H
#define SMTPCODE_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "smtpcode.h"
#include "reason.h"
#include "report.h"

/* i18n.c: labels and fixed phrases, from data/messages.def */
enum sc_msg_id {
#define MSG(id, en, fr, es) M_##id,
#include "messages.def"
	M_COUNT
};

const char *sc_msg(int lang, int id);
/* Columns a UTF-8 string takes (continuation bytes take none). */
size_t sc_width(const char *s, size_t len);

/* reply.c: the replies a line holds, from its hits; see there. */

#define SC_REPLY_TEXT 448	/* bytes of text after a reply's codes */

/* A hit and the bytes after it: at most SC_REPLY_TEXT, not past the line. */
struct sc_line_hit {
	struct sc_hit hit;	/* off: in one frame for all of a line's hits */
	const char *text;
	size_t textlen;
};

struct sc_line_reply {
	int basic;		/* -1 when absent */
	struct sc_enh_code enh;	/* subject -1 when absent */
	const char *text;	/* the reply's text, trimmed */
	size_t textlen;
	struct sc_verdict v;
	size_t last;		/* its last hit */
	int joined;		/* from several lines of a multi-line reply */
	char clean[SC_REPLY_TEXT];	/* their text, codes removed */
};

/* Verdicts of replies seen before, by their codes and text. */
#define SC_VCACHE_SLOTS 1024
struct sc_vslot {
	unsigned long long key;	/* 0: empty */
	struct sc_verdict v;
};
struct sc_vcache {
	struct sc_vslot slot[SC_VCACHE_SLOTS];
};

/* How many "\n" in p[0..n), with vectors where there are (fastpass.c). */
size_t sc_count_newlines(const char *p, size_t n);
/* The scanner's choice of vectors: 3 AVX-512BW, 2 AVX2, 0 neither. */
int sc_vector_width(void);

/*
 * A 64-bit hash of p[0..n) chained from h, eight bytes at a time: the
 * keys of the verdict cache (reply.c) and of the report's tables.
 */
static inline uint64_t
sc_mix(uint64_t h, const void *v, size_t n)
{
	const unsigned char *p = v;
	const uint64_t k = 0x9e3779b97f4a7c15u;
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 31;
	}
	w = (uint64_t)n << 56;
	while (n > 0) {
		n--;
		w |= (uint64_t)p[n] << (8 * n);
	}
	h = (h ^ w) * k;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9u;
	return h ^ h >> 32;
}

/* sc_classify() through cache c (NULL: none), which starts zeroed. */
void sc_classify_cached(struct sc_vcache *c, const struct sc_reply *q,
    struct sc_verdict *v);

/* The replies of hits h[0..n), in order, at most max: how many. */
size_t sc_line_replies(const struct sc_line_hit *h, size_t n,
    struct sc_line_reply *out, size_t max);
/* The same with a cache of verdicts (NULL: none). */
size_t sc_line_replies_cached(const struct sc_line_hit *h, size_t n,
    struct sc_line_reply *out, size_t max, struct sc_vcache *cache);

/*
 * What a log line says around its replies, where the format says it:
 * which side sent them ("remote": received from another server,
 * "local": this server's own refusal), the SMTP stage ("RCPT TO", "end
 * of data", ...), the recipient and its domain (pointers into the line).
 * NULL where the line does not say.
 */
struct sc_line_ctx {
	const char *side, *stage;
	const char *rcpt, *domain;
	size_t rcptlen, domainlen;
};
void sc_line_context(const char *line, size_t len, struct sc_line_ctx *c);

/* render.c */

/* The SGR sequence for a class digit (2-5), "" when colour is off. */
const char *sc_color_class(const struct sc_render_opts *o, int cls);
const char *sc_color_off(const struct sc_render_opts *o);
/* Fill text to width with indent, as the renderer does. */
void sc_wrap(FILE *out, const char *text, int indent, int width);

/*
 * The text annotation of a line's replies, SC_ANNOT_SEP included, into
 * dst, which has room for SC_TEXT_ANNOT_MAX(n): its length.
 */
#define SC_WHY_MAX 200		/* bytes of " [rule (file:line)]" */
#define SC_TEXT_ANNOT_MAX(n)	(sizeof SC_ANNOT_SEP + 16 + \
	(n) * (SC_GLOSS_MAX + 160 + SC_WHY_MAX) + 48)
size_t sc_text_annotation(char *dst, const struct sc_line_reply *r, size_t n,
    unsigned long long more, int color, int why);

/* list.c: an item's code ("5.7.1", "X.1.1") and classes ("4,5") */
void sc_item_code(char *buf, size_t sz, const struct sc_item *it);
void sc_item_class(char *buf, size_t sz, const struct sc_item *it);

/* json.c */
size_t sc_json_escape(char *dst, size_t cap, const char *src, size_t len,
    size_t *used);
void sc_json_str(FILE *out, const char *s, size_t len);

/*
 * The JSON record of one annotated line, handed to put() in pieces; put
 * returns 0 or a negative error, which is passed on.
 */
typedef int sc_put_fn(void *ctx, const char *p, size_t n);
int sc_json_annotation(sc_put_fn *put, void *ctx, const char *file,
    unsigned long long line, const struct sc_line_hit *h, size_t n,
    unsigned long long more, const struct sc_line_reply *r, size_t nr,
    const struct sc_line_ctx *c);

/*
 * verdict.c: the verdict on what a query names; *vendor is 1 when an
 * enhanced code the registry lacks is a provider's own.
 */
int sc_query_verdict(const struct sc_query *q, struct sc_verdict *v,
    int *vendor);
/* What a query names, as one reply. */
void sc_query_reply(const struct sc_query *q, struct sc_reply *r);
/* The rules in force that match r, the deciding one first: how many. */
size_t sc_reply_matches(const struct sc_reply *r, const struct sc_rule **out,
    size_t max);

/* annotate.c */

#define SC_ANNOT_IN 262144
#define SC_ANNOT_OUT 65536	/* annotations; input is written in place */
#define SC_ANNOT_SEGS 512	/* pieces of output queued at once */
#define SC_ANNOT_HITS 32	/* codes named per line; more are counted */
#define SC_TALLY_OTHER 64	/* distinct enhanced codes outside X.0-7.0-31 */

/* Codes seen, for the summary. */
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

struct sc_annot {
	int out;			/* file descriptor written to */
	int quiet;			/* count only, write nothing */
	int json;			/* JSON Lines of the replies, not the log */
	int color;			/* dim the annotations */
	int why;			/* name the rule of each reply */
	const char *name;		/* of the input, for JSON */
	unsigned long long lineno;	/* lines of this input so far */
	size_t olen;			/* used of obuf */
	size_t nseg;			/* queued in seg */
	struct sc_tally *tally;		/* NULL: nothing counted */
	struct sc_tally tally_store;
	struct sc_report *report;	/* with the tally: the --summary report */
	struct sc_report_feed *feed;	/* how lines reach it */
	/* Where the stream stands, kept from one input to the next: */
	int open;			/* an input was read, not yet ended */
	size_t len, pos, start, from, emit;	/* offsets into ibuf */
	unsigned long long base;	/* stream offset of ibuf[0] */
	struct sc_line {		/* the hits of a line being read */
		struct sc_line_hit hit[SC_ANNOT_HITS];
		size_t n;
		unsigned long long more;
		unsigned long long origin;	/* stream offset of hit 0 */
		char text[SC_ANNOT_HITS][SC_REPLY_TEXT];	/* in windows */
		const char *start;	/* the line's first byte, or NULL when
					   it was read in windows */
		const char *end;	/* and where its content ends */
	} line;
	struct sc_vcache vcache;
	struct sc_seg {
		const char *p;
		size_t n;
	} seg[SC_ANNOT_SEGS];		/* output not yet written */
	char obuf[SC_ANNOT_OUT];
	char ibuf[SC_ANNOT_IN];
};

/* The summary's rows, most frequent first (render.c): how many. */
struct sc_summary_row {
	unsigned long long n;
	struct sc_hit h;
};
#define SC_SUMMARY_ROWS (1000 + 3 * 8 * 32 + SC_TALLY_OTHER)
size_t sc_summary_rows(const struct sc_tally *t, struct sc_summary_row *rows);


/* Write out what is queued: 0 or SC_EWRITE. */
int sc_annot_flush(struct sc_annot *a);

#endif
