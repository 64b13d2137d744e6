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
 * The replies that text holds -- a reply line, log lines, a pasted piece
 * of a bounce -- as queries, the most telling first (both codes and a
 * text), each once; the lines of a multi-line reply are one reply.  The
 * texts are copied into store[cap].  Returns how many, at most max.
 * Not reentrant.
 */
size_t sc_find_replies(const char *buf, size_t len, struct sc_query *out,
    size_t max, char *store, size_t cap);

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

/*
 * reason.c, rules.c: why a reply failed and what to do next.  A reply is
 * classified by rules -- the user's (rules files), then the built-in ones
 * of data/reasons.def -- into a reason (the bounce-reason vocabulary of
 * sisimai), whether the address is dead (hard) and a next step.
 */

/* One SMTP reply, as found in a log line or a bounce. */
struct sc_reply {
	int basic;		/* 550; -1 when absent */
	int cls, subject, detail; /* enhanced 5.1.1; subject -1 when absent */
	const char *text;	/* the reply text, codes removed or not; may be NULL */
	size_t textlen;
	const char *host;	/* remote host / MTA name, or NULL */
	size_t hostlen;
	int provider;		/* a provider to assume (sc_provider_parse),
				   or 0 to detect one from host and text */
};

/* Text fragments a rule may test (data/reasons.def gives two). */
#define SC_RULE_TEXTS 4

/*
 * One rule, as written: built in (data/reasons.def, file NULL) or read
 * from a user's rules file.  See the header of data/reasons.def for what
 * each field means.
 */
struct sc_rule {
	const char *id;
	int provider;		/* sc_provider_key(); 0 any */
	const char *code;	/* "550", "55x", "5xx", "" */
	const char *status;	/* "5.7.1", "X.7.1", "5.7.x", "5.7.606-649", "" */
	const char *text[SC_RULE_TEXTS]; /* fragments, all must match: "" (or
				   NULL) for none, and none after an empty
				   one; "*" for any text */
	int reason;		/* sc_reason_name() */
	int hard;		/* 0 or 1 */
	int next;		/* sc_next_name() */
	const char *note, *source, *checked;	/* "" allowed in user rules */
	const char *file;	/* NULL for built-in rules */
	unsigned line;		/* line in data/reasons.def or in file */
};

/* The verdict on one reply. */
struct sc_verdict {
	int reason;		/* sc_reason_name() */
	int hard;		/* 1: the address will never take mail */
	int next;		/* sc_next_name() */
	int provider;		/* found or assumed, sc_provider_key(); 0 none */
	const struct sc_rule *rule;	/* the rule that decided; NULL if none */
	size_t set;		/* which set it came from */
};

/*
 * Classify a reply by the rules in force: the user's (sc_rules_use())
 * first, then the built-in ones, which end with fallbacks by class, so
 * there is always a verdict.  Returns 0.
 */
int sc_classify(const struct sc_reply *r, struct sc_verdict *v);

/* Names and texts; NULL for a value out of range. */
const char *sc_reason_name(int reason);		/* "userunknown" */
const char *sc_reason_title(int reason);
const char *sc_reason_desc(int reason);
const char *sc_next_name(int next);		/* "slow-down" */
const char *sc_next_desc(int next);
const char *sc_provider_key(int provider);	/* "microsoft"; "any" for 0 */
const char *sc_provider_name(int provider);
const char *sc_provider_source(int provider);
const char *sc_provider_checked(int provider);

/* Name to value, exact and case-sensitive; -1 if unknown. */
int sc_reason_parse(const char *s, size_t len);
int sc_next_parse(const char *s, size_t len);
int sc_provider_parse(const char *s, size_t len);

/* Rules files: see smtpcode(1), RULES. */
#define SC_RULES_MAX 65535		/* rules, all files together */
#define SC_RULES_LINE_MAX 4096		/* bytes in a line, without its end */
#define SC_RULES_BYTES_MAX (16ul << 20)	/* text kept, all files together */

/* Why a file could not be loaded. */
struct sc_rules_error {
	char file[1024];	/* the file as named (cut to fit); "" if none */
	unsigned line;		/* 1 for the first line; 0: the file as a whole */
	char why[160];		/* one line, no final period; printable ASCII
				   but for strerror()'s text */
};

struct sc_rules;

/* An empty collection; NULL when memory runs out. */
struct sc_rules *sc_rules_new(void);

/* Free it all: the rules, their strings, the index.  NULL is allowed. */
void sc_rules_free(struct sc_rules *rs);

/*
 * Read the rules of one file and add them after those loaded before.
 * Returns 0; 1 when the file does not exist and missing_ok is set (no
 * rule added); -1 on an error, described in *err (if not NULL), and then
 * nothing of this file is kept.  A directory, a file that cannot be read
 * and a missing file without missing_ok are errors with line 0.
 */
int sc_rules_load_file(struct sc_rules *rs, const char *path, int missing_ok,
    struct sc_rules_error *err);

/*
 * The same for a file already in memory (len bytes, NULs included),
 * named name in the rules and in errors.  Returns 0 or -1.
 */
int sc_rules_load_buf(struct sc_rules *rs, const char *name, const char *buf,
    size_t len, struct sc_rules_error *err);

/*
 * The files a user's rules come from, in this order: the nnamed files
 * named (--rules FILE, in order), else the file $SMTPCODE_RULES names
 * (one file; unset or empty: none), else $XDG_CONFIG_HOME/smtpcode/rules
 * ($HOME/.config/smtpcode/rules when XDG_CONFIG_HOME is unset, empty or
 * not absolute; none when HOME is unset or empty too) and then
 * SC_RULES_SYSTEM_FILE.  A default file that does not exist is skipped;
 * any other error, and any error on a named file, stops the loading.
 * Returns 0 or -1 as sc_rules_load_file().
 */
int sc_rules_load_default(struct sc_rules *rs, const char *const *named,
    size_t nnamed, struct sc_rules_error *err);



/* How many rules are loaded. */
size_t sc_rules_count(const struct sc_rules *rs);

/*
 * Write rule r as one line of a rules file, newline included, which
 * sc_rules_load_buf() reads back to the same rule.  Fields left empty
 * are not written; hard and next always are.  Returns 0, or -1 when the
 * write fails or r cannot be written (sc_rule_check() refuses it, a
 * value holds a control character or invalid UTF-8, or the line would
 * be longer than SC_RULES_LINE_MAX: errno EINVAL), writing nothing then.
 */
int sc_rule_write(FILE *out, const struct sc_rule *r);

/*
 * The rules sc_classify() and every explanation read before the built-in
 * ones; NULL for none.  rs must stay alive while in use; not to be
 * changed while another thread classifies.
 */
void sc_rules_use(const struct sc_rules *rs);

/* The i-th rule loaded, in load order, or built in; NULL past the end. */
const struct sc_rule *sc_rules_at(const struct sc_rules *rs, size_t i);
const struct sc_rule *sc_rule_builtin_at(size_t i);

/* message.c, mime.c: bounce messages, one result per recipient */

/* Bits of sc_bounce.flags */
#define SC_BOUNCE_TRUNCATED 1u	/* more of the message than is kept */
#define SC_BOUNCE_DEEP 2u	/* MIME nested deeper than SC_MR_DEPTH */
#define SC_BOUNCE_NOBOUNDARY 4u	/* a multipart's boundary never came */

/*
 * One recipient of one bounce.  Strings are not NUL-terminated: use the
 * lengths.  Those not found are "" (length 0); they are valid only
 * during the callback.
 */
struct sc_bounce {
	/* Final-Recipient, else Original-Recipient, else what the text
	   names */
	const char *recipient;
	size_t recipientlen;
	/* DSN Action: "failed", "delayed", "delivered", "relayed",
	   "expanded" (in lower case), or another word as written */
	const char *action;
	size_t actionlen;
	const char *status;	/* DSN Status as written: "5.1.1" */
	size_t statuslen;
	const char *remote_mta;	/* Remote-MTA, else the text's host */
	size_t remote_mtalen;
	const char *stage;	/* NUL-terminated, the step of the session
				   the reply answered: "connect", "HELO",
				   "EHLO", "LHLO", "STARTTLS", "AUTH",
				   "MAIL FROM", "RCPT TO", "DATA", "BDAT",
				   "end of data", "QUIT", "RSET", "NOOP",
				   "VRFY", "EXPN", "XFORWARD", "XCLIENT",
				   or "" when the bounce does not say */
	size_t stagelen;
	int basic;		/* the reply code, 550; -1 when none */
	/* the reply's enhanced code, else Status's; subject -1 if none */
	struct sc_enh_code enh;
	const char *text;	/* the reply's text after its codes, lines
				   joined, folds undone; without a reply,
				   what the bounce says of this recipient */
	size_t textlen;
	/* which message of the input, from 1 (again after sc_mreader_end) */
	unsigned long long msgno;
	const char *format;	/* NUL-terminated: "dsn", "postfix",
				   "sendmail", "exim", "qmail", "courier",
				   "exchange", "notes", "gmail", "yahoo",
				   "mdaemon", "text" */
	unsigned flags;		/* SC_BOUNCE_* */
};

/*
 * Called once per recipient, in the order the message gives them;
 * return 0 to go on, non-zero to stop: the feeding call then returns
 * that value.
 */
typedef int sc_bounce_fn(void *ctx, const struct sc_bounce *b);

/* The reader: opaque, allocated once. */
struct sc_mreader;

/* A new reader: NULL with errno when out of memory. */
struct sc_mreader *sc_mreader_new(void);
void sc_mreader_free(struct sc_mreader *r);

/* Forget the stream read so far: the next byte starts a new input. */
void sc_mreader_reset(struct sc_mreader *r);

/*
 * Read buf[0..len), any part of the input, in chunks of any size;
 * fn is called for the recipients of each message as soon as it ends
 * (the next mbox "From " line).  sc_mreader_end() ends the input and
 * reports its last message; the reader may then read a new input.
 * Both return 0, or the non-zero value fn returned to stop (after
 * which only sc_mreader_reset() or sc_mreader_free() make sense).
 * Any bytes are valid input: there is no error of their own.
 */
int sc_mreader_feed(struct sc_mreader *r, const char *buf, size_t len,
    sc_bounce_fn *fn, void *ctx);
int sc_mreader_end(struct sc_mreader *r, sc_bounce_fn *fn, void *ctx);

/* What a reader has seen since it was made or reset. */
struct sc_mreader_stats {
	unsigned long long messages;	/* messages read */
	unsigned long long bounces;	/* with a recipient reported */
	unsigned long long recipients;	/* callbacks made */
	unsigned long long truncated;	/* larger than what is kept */
};
void sc_mreader_stats(const struct sc_mreader *r, struct sc_mreader_stats *s);

/*
 * Whether buf is for the reader rather than the log scanner: 1 when it
 * looks like a message (after any blank lines, an mbox "From " line, or
 * a header of at least two fields, folded lines allowed, up to a blank
 * line or the end of buf, one of them a field messages and DSNs have:
 * Received, Return-Path, From, To, Subject, Date, Message-ID,
 * MIME-Version, Content-Type, Delivered-To, Reporting-MTA,
 * Final-Recipient, ...); 2 when it has no header but its first 4 KiB
 * read like a bounce's text ("This is the mail system at host",
 * "Hi. This is the qmail-send program", delivery-status fields, ...);
 * 0 for log lines and bare replies.  Give it the first few KiB.
 */
int sc_looks_like_message(const char *buf, size_t len);

/*
 * The verdict on one recipient of a bounce: its reply classified (with
 * the remote MTA as the host), then the DSN's Action applied: "delayed"
 * means the sending server still retries (next wait), "failed" on a
 * temporary reply that it gave up (next resend, not wait), "delivered",
 * "relayed" or "expanded" that the mail went through.  Returns 0.
 */
int sc_bounce_verdict(const struct sc_bounce *b, struct sc_verdict *v);

/* annotate.c: copy a log through, glossing every line that carries replies. */

/* Between a line's content and its annotation; documented in smtpcode(1). */
#define SC_ANNOT_SEP "\t# smtp: "

/* Flags of sc_annot_new() */
#define SC_ANNOT_QUIET 1u	/* write nothing: count, for a summary */
#define SC_ANNOT_JSON 2u	/* JSON Lines of the replies, not the log */
#define SC_ANNOT_COLOR 4u	/* dim the annotations (ANSI) */
#define SC_ANNOT_TALLY 8u	/* count lines and codes, for a summary */
#define SC_ANNOT_WHY 16u	/* name the rule that decided each reply */

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
	int why;	/* name every rule that matched, not only the one
			   that decided */
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
/* One recipient of a bounce: the verdict first, then the detail. */
void sc_render_bounce(FILE *out, const struct sc_bounce *b,
    const struct sc_render_opts *o);

/* json.c: the same as JSON Lines; the schema is in smtpcode(1). */
int sc_json_query(FILE *out, const struct sc_query *q);
int sc_json_compare(FILE *out, const struct sc_query *a, const struct sc_query *b);
void sc_json_item(FILE *out, const struct sc_item *it);
void sc_json_summary(FILE *out, const struct sc_annot *a);
void sc_json_bounce(FILE *out, const struct sc_bounce *b);

#endif
