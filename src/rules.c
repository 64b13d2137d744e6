/*
 * rules.c - users' reply rules: rules files read into struct sc_rule, and
 * rules written back in the same format.
 *
 * The format.  One rule per line, logfmt style: key=value pairs separated
 * by spaces or tabs.
 *
 *   - A value runs to the next space or tab.  A value that holds a space
 *     is written in double quotes, where \" stands for " and \\ for \;
 *     any other backslash sequence, a tab, or a line that ends inside
 *     the quotes is an error.  Outside quotes a backslash is itself and
 *     a double quote is an error.  An empty value (key= or key="") is an
 *     error: leave the key out instead.
 *   - A line whose first non-blank byte is # is a comment, and so is the
 *     rest of a line from a # that starts a new pair: "code=550 # ok" is
 *     a rule and a comment.  A # inside a value is part of it
 *     (source=https://example.com/#550).
 *   - Blank lines are skipped; lines may end in CRLF; a UTF-8 byte order
 *     mark at the start of the file is skipped.
 *   - Keys, all lower case: id and reason (required), hard, next, code,
 *     status, text (up to SC_RULE_TEXTS times; every fragment must be
 *     in the reply), provider, note, source, checked.  Any other key, and
 *     any key but text given twice, is an error.
 *   - Values: id 1-64 of a-z 0-9 _ - . and unique among all the files
 *     loaded (it may repeat a built-in id: the user's rule comes first
 *     anyway); reason a reason name; hard true or false (default false);
 *     next a next-step name (default suppress with hard=true, else
 *     contact), and hard=true needs next=suppress; code 550, 55x or 5xx;
 *     status 5.7.1, X.7.1, 5.7.x or 5.7.606-649; text printable ASCII, at
 *     most 200 bytes, no leading, trailing or doubled space, or * for any
 *     text; provider a provider key (or any); note any UTF-8 text;
 *     source an https:// URL; checked YYYY-MM-DD.  A value never holds a
 *     control character or invalid UTF-8.
 *   - Limits: SC_RULES_LINE_MAX bytes a line (not counting its end; a NUL
 *     byte is an error), SC_RULES_MAX rules and SC_RULES_BYTES_MAX bytes
 *     of rule text, all files together.
 *
 * All the files loaded form one rule set, in load order: among them the
 * most specific rule wins, then the one loaded first, as in
 * data/reasons.def.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"

/* ---- The collection ---------------------------------------------------- */

/* Strings are kept in blocks, newest first, never moved. */
struct block {
	struct block *prev;
	size_t used, size;
	char data[];
};
#define BLOCK_MIN 65536

struct sc_rules {
	struct sc_rule *rule;	/* load order */
	struct sc_rule_key *key;	/* the index's room: as many as rule */
	struct sc_rule_group *dir;	/* and its group directory's */
	size_t n, cap;
	unsigned *slot;		/* ids: hash table of rule index + 1 */
	size_t nslot;		/* a power of two, or 0 */
	struct block *mem;
	size_t bytes;		/* of strings kept */
	struct sc_ruleset set;
};

/* What a file's loading changes, to undo it on an error. */
struct mark {
	size_t n, bytes, used;
	struct block *mem;
};

/* One file being read. */
struct loader {
	struct sc_rules *rs;
	const char *name;	/* the file, as kept in the rules */
	unsigned line;
	struct sc_rules_error *err;
};

struct sc_rules *
sc_rules_new(void)
{
	struct sc_rules *rs = calloc(1, sizeof *rs);

	if (rs != NULL)
		(void)sc_ruleset_init(&rs->set, NULL, 0, NULL, NULL, NULL);
	return rs;
}

void
sc_rules_free(struct sc_rules *rs)
{
	struct block *b;

	if (rs == NULL)
		return;
	while ((b = rs->mem) != NULL) {
		rs->mem = b->prev;
		free(b);
	}
	free(rs->rule);
	free(rs->key);
	free(rs->dir);
	free(rs->slot);
	free(rs);
}

const struct sc_ruleset *
sc_rules_set(const struct sc_rules *rs)
{
	return &rs->set;
}

size_t
sc_rules_count(const struct sc_rules *rs)
{
	return rs->n;
}

/* n bytes of string room; NULL when memory runs out. */
static char *
keep(struct sc_rules *rs, size_t n)
{
	struct block *b = rs->mem;
	size_t size;

	if (b == NULL || b->size - b->used < n) {
		size = n > BLOCK_MIN ? n : BLOCK_MIN;
		if ((b = malloc(sizeof *b + size)) == NULL)
			return NULL;
		b->prev = rs->mem;
		b->used = 0;
		b->size = size;
		rs->mem = b;
	}
	b->used += n;
	rs->bytes += n;
	return b->data + b->used - n;
}

static struct mark
mark(const struct sc_rules *rs)
{
	struct mark m;

	m.n = rs->n;
	m.bytes = rs->bytes;
	m.mem = rs->mem;
	m.used = rs->mem != NULL ? rs->mem->used : 0;
	return m;
}

/* ---- Ids --------------------------------------------------------------- */

static size_t
hash(const char *s)
{
	unsigned long h = 2166136261ul;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619ul & 0xfffffffful;
	return (size_t)h;
}

/* The position of the rule with this id, or -1. */
static long
find_id(const struct sc_rules *rs, const char *id)
{
	size_t i, mask = rs->nslot - 1;

	if (rs->nslot == 0)
		return -1;
	for (i = hash(id) & mask; rs->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(rs->rule[rs->slot[i] - 1].id, id) == 0)
			return (long)rs->slot[i] - 1;
	return -1;
}

static void
add_id(struct sc_rules *rs, size_t at)
{
	size_t i, mask = rs->nslot - 1;

	for (i = hash(rs->rule[at].id) & mask; rs->slot[i] != 0;
	    i = (i + 1) & mask)
		;
	rs->slot[i] = (unsigned)at + 1;
}

/* The table for the first n rules, in nslot slots (0: as it is). */
static int
rehash(struct sc_rules *rs, size_t nslot)
{
	size_t i;
	unsigned *slot;

	if (nslot != 0) {
		if ((slot = calloc(nslot, sizeof *slot)) == NULL)
			return -1;
		free(rs->slot);
		rs->slot = slot;
		rs->nslot = nslot;
	} else if (rs->nslot != 0)
		memset(rs->slot, 0, rs->nslot * sizeof rs->slot[0]);
	for (i = 0; i < rs->n; i++)
		add_id(rs, i);
	return 0;
}

/* Room for one more rule, in the arrays and the id table. */
static int
grow(struct sc_rules *rs)
{
	size_t cap, nslot;
	void *p;

	if (rs->n == rs->cap) {
		cap = rs->cap < 64 ? 64 : rs->cap * 2;
		if (cap > SC_RULES_MAX)
			cap = SC_RULES_MAX;
		if ((p = realloc(rs->rule, cap * sizeof rs->rule[0])) == NULL)
			return -1;
		rs->rule = p;
		if ((p = realloc(rs->key, cap * sizeof rs->key[0])) == NULL)
			return -1;
		rs->key = p;
		if ((p = realloc(rs->dir, cap * sizeof rs->dir[0])) == NULL)
			return -1;
		rs->dir = p;
		rs->cap = cap;
	}
	if ((rs->n + 1) * 2 > rs->nslot) {
		for (nslot = rs->nslot < 256 ? 256 : rs->nslot;
		    nslot < (rs->n + 1) * 2; nslot *= 2)
			;
		if (rehash(rs, nslot) != 0)
			return -1;
	}
	return 0;
}

/* Index the rules loaded; they were all checked already. */
static void
reindex(struct sc_rules *rs)
{
	size_t bad;
	const char *why;

	if (sc_ruleset_init_dir(&rs->set, rs->rule, rs->n, rs->key, rs->dir,
	    &bad, &why) != 0)
		rs->set.n = 0;	/* cannot happen: every rule was checked */
}

/* Forget what was loaded since m. */
static void
undo(struct sc_rules *rs, const struct mark *m)
{
	struct block *b;

	while (rs->mem != m->mem) {
		b = rs->mem;
		rs->mem = b->prev;
		free(b);
	}
	if (rs->mem != NULL)
		rs->mem->used = m->used;
	rs->bytes = m->bytes;
	rs->n = m->n;
	(void)rehash(rs, 0);
	reindex(rs);
}

/* ---- Errors ------------------------------------------------------------ */

static void
set_file(struct sc_rules_error *err, const char *name)
{
	size_t n = strlen(name);

	if (n >= sizeof err->file)
		n = sizeof err->file - 1;
	memcpy(err->file, name, n);
	err->file[n] = '\0';
}

static int
fail(struct loader *ld, const char *fmt, ...)
{
	va_list ap;

	if (ld->err != NULL) {
		set_file(ld->err, ld->name);
		ld->err->line = ld->line;
		va_start(ap, fmt);
		/* clang-analyzer 14 takes ap for uninitialized here, wrongly */
		(void)vsnprintf(ld->err->why, sizeof ld->err->why, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
		va_end(ap);
	}
	return -1;
}

/*
 * s[0..n) as a quoted excerpt for a message, as much as fits size:
 * printable ASCII as is, other bytes as \xHH, " and \ escaped.
 */
static const char *
excerpt(char *out, size_t size, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;
	unsigned char c;

	out[o++] = '"';
	for (i = 0; i < n && o + 8 < size; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o++] = '"';
	if (i < n) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}

/* ---- Values ------------------------------------------------------------ */

enum field {
	F_ID, F_REASON, F_HARD, F_NEXT, F_CODE, F_STATUS, F_TEXT, F_PROVIDER,
	F_NOTE, F_SOURCE, F_CHECKED, NFIELDS
};

static const char *const keyname[NFIELDS] = {
	"id", "reason", "hard", "next", "code", "status", "text", "provider",
	"note", "source", "checked"
};

/*
 * NULL if s[0..n) is UTF-8 with no control character (C0, DEL, C1),
 * else what is wrong.
 */
static const char *
bad_text(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, len;
	unsigned long c, min;

	while (i < n) {
		c = s[i];
		if (c < 0x20 || c == 0x7f)
			return "a control character";
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			c &= 0x07;
			min = 0x10000;
		} else
			return "invalid UTF-8";
		if (n - i < len)
			return "invalid UTF-8";
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return "invalid UTF-8";
			c = c << 6 | (s[i + k] & 0x3fu);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return "invalid UTF-8";
		if (c < 0xa0)
			return "a control character";
		i += len;
	}
	return NULL;
}

/* NULL if fragment f is one a rule may hold, else what is wrong. */
static const char *
bad_fragment(const char *f)
{
	size_t n = strlen(f), i;

	if (n == 1 && f[0] == '*')
		return NULL;
	if (n > 200)
		return "text: longer than 200 bytes";
	for (i = 0; i < n; i++)
		if ((unsigned char)f[i] >= 0x7f)
			return "text: only printable ASCII (case is ignored)";
	if (f[0] == ' ' || f[n - 1] == ' ' || strstr(f, "  ") != NULL)
		return "text: a leading, trailing or doubled space (one space "
		    "matches any run of white space)";
	return NULL;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- A line ------------------------------------------------------------ */

/* One value at *pp (quoted or not) into out; its length, or -1. */
static long
read_value(struct loader *ld, const char **pp, const char *end, char *out,
    const char *key)
{
	const char *p = *pp;
	char buf[16];
	long n = 0;

	if (p < end && *p == '"') {
		for (p++;; p++) {
			if (p == end)
				return fail(ld, "%s: unterminated quote", key);
			if (*p == '"')
				break;
			if (*p == '\t')
				return fail(ld, "%s: a tab inside quotes (write a "
				    "space)", key);
			if (*p == '\\') {
				if (p + 1 == end)
					return fail(ld, "%s: unterminated quote", key);
				if (p[1] != '"' && p[1] != '\\')
					return fail(ld, "%s: unknown escape %s: only "
					    "\\\" and \\\\ inside quotes", key,
					    excerpt(buf, sizeof buf, p, 2));
				p++;
			}
			out[n++] = *p;
		}
		p++;
		if (p < end && !blank(*p))
			return fail(ld, "%s: a blank must follow the closing "
			    "quote", key);
	} else
		for (; p < end && !blank(*p); p++) {
			if (*p == '"')
				return fail(ld, "%s: a quote inside a value: quote "
				    "the whole value", key);
			out[n++] = *p;
		}
	*pp = p;
	out[n] = '\0';
	return n;
}

static const char empty[] = "";

/* Parse a line, add its rule; 0 (a rule, a comment, a blank line) or -1. */
static int
parse_line(struct loader *ld, const char *s, size_t n)
{
	struct sc_rules *rs = ld->rs;
	char val[SC_RULES_LINE_MAX + 1], buf[40], fbuf[100];
	const char *field[NFIELDS], *text[SC_RULE_TEXTS], *p, *end, *k, *w;
	const char *why;
	size_t used = 0, i, klen;
	long vlen, at;
	int f, ntext = 0, v;
	struct sc_rule r;
	char *kept;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (ld->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (n > SC_RULES_LINE_MAX)
		return fail(ld, "line longer than %d bytes", SC_RULES_LINE_MAX);
	if (memchr(s, '\0', n) != NULL)
		return fail(ld, "a NUL byte");
	for (f = 0; f < NFIELDS; f++)
		field[f] = NULL;
	memset(&r, 0, sizeof r);
	r.hard = -1;
	r.next = -1;
	r.provider = SC_PROVIDER_any;
	for (p = s, end = s + n;;) {
		while (p < end && blank(*p))
			p++;
		if (p == end || *p == '#')
			break;
		for (k = p; p < end && *p != '=' && !blank(*p); p++)
			;
		klen = (size_t)(p - k);
		if (p == end || *p != '=')
			return fail(ld, "expected key=value, found %s",
			    excerpt(buf, sizeof buf, k, klen));
		if (klen == 0)
			return fail(ld, "a value without a key");
		for (f = 0; f < NFIELDS; f++)
			if (strlen(keyname[f]) == klen &&
			    memcmp(keyname[f], k, klen) == 0)
				break;
		if (f == NFIELDS)
			return fail(ld, "unknown key %s",
			    excerpt(buf, sizeof buf, k, klen));
		p++;
		if ((vlen = read_value(ld, &p, end, val + used,
		    keyname[f])) < 0)
			return -1;
		if (vlen == 0)
			return fail(ld, "%s: empty value (leave the key out)",
			    keyname[f]);
		if ((why = bad_text(val + used, (size_t)vlen)) != NULL)
			return fail(ld, "%s: %s", keyname[f], why);
		w = val + used;
		used += (size_t)vlen + 1;
		if (f == F_TEXT) {
			if (ntext == SC_RULE_TEXTS)
				return fail(ld, "text: at most %d per rule",
				    SC_RULE_TEXTS);
			if ((why = bad_fragment(w)) != NULL)
				return fail(ld, "%s", why);
			text[ntext++] = w;
			continue;
		}
		if (field[f] != NULL)
			return fail(ld, "%s: given twice", keyname[f]);
		field[f] = w;
		switch (f) {
		case F_REASON:
			if ((r.reason = sc_reason_parse(w, (size_t)vlen)) < 0)
				return fail(ld, "reason: unknown %s",
				    excerpt(buf, sizeof buf, w, (size_t)vlen));
			break;
		case F_NEXT:
			if ((r.next = sc_next_parse(w, (size_t)vlen)) < 0)
				return fail(ld, "next: %s is not none, wait, resend, "
				    "suppress, fix, slow-down or contact",
				    excerpt(buf, sizeof buf, w, (size_t)vlen));
			break;
		case F_HARD:
			if (strcmp(w, "true") == 0)
				r.hard = 1;
			else if (strcmp(w, "false") == 0)
				r.hard = 0;
			else
				return fail(ld, "hard: %s is not true or false",
				    excerpt(buf, sizeof buf, w, (size_t)vlen));
			break;
		case F_PROVIDER:
			if ((v = sc_provider_parse(w, (size_t)vlen)) < 0)
				return fail(ld, "provider: unknown %s",
				    excerpt(buf, sizeof buf, w, (size_t)vlen));
			r.provider = v;
			break;
		}
	}
	if (used == 0)
		return 0;	/* a blank line or a comment */
	if (field[F_ID] == NULL)
		return fail(ld, "no id= (every rule needs one)");
	if (field[F_REASON] == NULL)
		return fail(ld, "no reason= (every rule needs one)");
	if (r.hard < 0)
		r.hard = 0;
	if (r.next < 0)
		r.next = r.hard ? SC_NEXT_suppress : SC_NEXT_contact;
	r.id = field[F_ID];
	r.code = field[F_CODE] != NULL ? field[F_CODE] : empty;
	r.status = field[F_STATUS] != NULL ? field[F_STATUS] : empty;
	for (i = 0; i < SC_RULE_TEXTS; i++)
		r.text[i] = (int)i < ntext ? text[i] : empty;
	r.note = field[F_NOTE] != NULL ? field[F_NOTE] : empty;
	r.source = field[F_SOURCE] != NULL ? field[F_SOURCE] : empty;
	r.checked = field[F_CHECKED] != NULL ? field[F_CHECKED] : empty;
	r.file = ld->name;
	r.line = ld->line;
	if (sc_rule_check(&r, &why) != 0)
		return fail(ld, "%s", why);
	if ((at = find_id(rs, r.id)) >= 0) {
		if (rs->rule[at].file == ld->name)
			return fail(ld, "id %s: already used on line %u",
			    excerpt(buf, sizeof buf, r.id, strlen(r.id)),
			    rs->rule[at].line);
		return fail(ld, "id %s: already used in %s line %u",
		    excerpt(buf, sizeof buf, r.id, strlen(r.id)),
		    excerpt(fbuf, sizeof fbuf, rs->rule[at].file,
		    strlen(rs->rule[at].file)), rs->rule[at].line);
	}
	if (rs->n >= SC_RULES_MAX)
		return fail(ld, "more than %d rules", SC_RULES_MAX);
	if (rs->bytes + used > SC_RULES_BYTES_MAX)
		return fail(ld, "more than %lu MiB of rules",
		    SC_RULES_BYTES_MAX >> 20);
	if (grow(rs) != 0 || (kept = keep(rs, used)) == NULL)
		return fail(ld, "out of memory");
	memcpy(kept, val, used);
#define MOVE(x) ((x) == empty ? empty : kept + ((x) - val))
	r.id = MOVE(r.id);
	r.code = MOVE(r.code);
	r.status = MOVE(r.status);
	for (i = 0; i < SC_RULE_TEXTS; i++)
		r.text[i] = MOVE(r.text[i]);
	r.note = MOVE(r.note);
	r.source = MOVE(r.source);
	r.checked = MOVE(r.checked);
#undef MOVE
	rs->rule[rs->n] = r;
	add_id(rs, rs->n);
	rs->n++;
	return 0;
}

/*
 * The complete lines of buf[0..len) (and the last one, cut or not, at
 * eof); *done is how much was used.
 */
static int
feed(struct loader *ld, const char *buf, size_t len, int eof, size_t *done)
{
	const char *p = buf, *end = buf + len, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (parse_line(ld, p, (size_t)(nl - p)) != 0)
			return -1;
		ld->line++;
		p = nl + 1;
	}
	if (eof && p < end) {
		if (parse_line(ld, p, (size_t)(end - p)) != 0)
			return -1;
		p = end;
	}
	*done = (size_t)(p - buf);
	/* What is left may still end well: a CR (and a BOM) do not count. */
	if (!eof && *done < len && len - *done > SC_RULES_LINE_MAX + 4)
		return fail(ld, "line longer than %d bytes", SC_RULES_LINE_MAX);
	return 0;
}

/* A file's name, kept; or NULL. */
static const char *
keep_name(struct sc_rules *rs, const char *name)
{
	size_t n = strlen(name) + 1;
	char *s;

	if (n > SC_RULES_BYTES_MAX - rs->bytes || (s = keep(rs, n)) == NULL)
		return NULL;
	memcpy(s, name, n);
	return s;
}

/* Start a file; -1 when there is no memory left for its name. */
static int
begin(struct loader *ld, struct sc_rules *rs, const char *name,
    struct sc_rules_error *err, struct mark *m)
{
	*m = mark(rs);
	ld->rs = rs;
	ld->err = err;
	ld->line = 0;
	ld->name = name;
	if ((ld->name = keep_name(rs, name)) == NULL) {
		ld->name = name;
		return fail(ld, "out of memory");
	}
	ld->line = 1;
	return 0;
}

static int
finish(struct loader *ld, const struct mark *m, int r)
{
	if (r != 0)
		undo(ld->rs, m);
	else
		reindex(ld->rs);
	return r;
}

int
sc_rules_load_buf(struct sc_rules *rs, const char *name, const char *buf,
    size_t len, struct sc_rules_error *err)
{
	struct loader ld;
	struct mark m;
	size_t done;

	if (begin(&ld, rs, name, err, &m) != 0)
		return -1;
	return finish(&ld, &m, feed(&ld, buf, len, 1, &done));
}

#define CHUNK 65536
_Static_assert(CHUNK > SC_RULES_LINE_MAX + 5, "a line fits a chunk");

static int
load_stream(struct loader *ld, FILE *f)
{
	char *buf;
	size_t have = 0, got, done;
	int eof = 0, r = 0;

	if ((buf = malloc(CHUNK)) == NULL)
		return fail(ld, "out of memory");
	while (r == 0 && !eof) {
		got = fread(buf + have, 1, CHUNK - have, f);
		have += got;
		if (got == 0 || have < CHUNK) {
			if (ferror(f)) {
				ld->line = 0;
				r = fail(ld, "%s", strerror(errno));
				break;
			}
			eof = feof(f);
		}
		if ((r = feed(ld, buf, have, eof, &done)) == 0) {
			memmove(buf, buf + done, have - done);
			have -= done;
		}
	}
	free(buf);
	return r;
}

int
sc_rules_load_file(struct sc_rules *rs, const char *path, int missing_ok,
    struct sc_rules_error *err)
{
	struct loader ld;
	struct mark m;
	struct stat st;
	FILE *f;
	int e;

	if ((f = fopen(path, "r")) == NULL) {
		e = errno;
		if (missing_ok && (e == ENOENT || e == ENOTDIR))
			return 1;
		if (err != NULL) {
			set_file(err, path);
			err->line = 0;
			(void)snprintf(err->why, sizeof err->why, "%s",
			    strerror(e));
		}
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		(void)fclose(f);
		if (err != NULL) {
			set_file(err, path);
			err->line = 0;
			(void)snprintf(err->why, sizeof err->why, "%s",
			    strerror(EISDIR));
		}
		return -1;
	}
	if (begin(&ld, rs, path, err, &m) != 0) {
		(void)fclose(f);
		return -1;
	}
	e = load_stream(&ld, f);
	(void)fclose(f);
	return finish(&ld, &m, e);
}

/* ---- Where rules are read ---------------------------------------------- */

int
sc_rules_load_default_at(struct sc_rules *rs, const char *const *named,
    size_t nnamed, const char *system_file, struct sc_rules_error *err)
{
	const char *env, *xdg, *home;
	char *path = NULL;
	size_t i;
	int r;

	if (nnamed > 0) {
		for (i = 0; i < nnamed; i++)
			if (sc_rules_load_file(rs, named[i], 0, err) < 0)
				return -1;
		return 0;
	}
	if ((env = getenv("SMTPCODE_RULES")) != NULL && env[0] != '\0')
		return sc_rules_load_file(rs, env, 0, err) < 0 ? -1 : 0;
	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (xdg != NULL && xdg[0] == '/')
		env = "/smtpcode/rules";
	else if (home != NULL && home[0] != '\0') {
		xdg = home;
		env = "/.config/smtpcode/rules";
	} else
		xdg = NULL;
	if (xdg != NULL) {
		if ((path = malloc(strlen(xdg) + strlen(env) + 1)) == NULL) {
			if (err != NULL) {
				set_file(err, xdg);
				err->line = 0;
				(void)snprintf(err->why, sizeof err->why,
				    "out of memory");
			}
			return -1;
		}
		memcpy(path, xdg, strlen(xdg));
		memcpy(path + strlen(xdg), env, strlen(env) + 1);
		r = sc_rules_load_file(rs, path, 1, err);
		free(path);
		if (r < 0)
			return -1;
	}
	if (system_file != NULL &&
	    sc_rules_load_file(rs, system_file, 1, err) < 0)
		return -1;
	return 0;
}

int
sc_rules_load_default(struct sc_rules *rs, const char *const *named,
    size_t nnamed, struct sc_rules_error *err)
{
	return sc_rules_load_default_at(rs, named, nnamed, SC_RULES_SYSTEM_FILE,
	    err);
}

/* ---- Writing ----------------------------------------------------------- */

struct out {
	char buf[SC_RULES_LINE_MAX + 2];
	size_t len;
	int bad;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->bad || n > SC_RULES_LINE_MAX - o->len) {
		o->bad = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* " key=value", the value quoted when it must be; empty: nothing. */
static void
pair(struct out *o, const char *key, const char *v)
{
	size_t n, i;
	int quote = 0;

	if (v == NULL || v[0] == '\0')
		return;
	n = strlen(v);
	if (bad_text(v, n) != NULL) {
		o->bad = 1;
		return;
	}
	for (i = 0; i < n; i++)
		if (v[i] == ' ' || v[i] == '"' || v[i] == '\\')
			quote = 1;
	if (o->len > 0)
		put(o, " ", 1);
	put(o, key, strlen(key));
	put(o, "=", 1);
	if (!quote) {
		put(o, v, n);
		return;
	}
	put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		if (v[i] == '"' || v[i] == '\\')
			put(o, "\\", 1);
		put(o, v + i, 1);
	}
	put(o, "\"", 1);
}

int
sc_rule_write(FILE *out, const struct sc_rule *r)
{
	struct out o;
	const char *why;
	int i;

	if (r == NULL || sc_rule_check(r, &why) != 0) {
		errno = EINVAL;
		return -1;
	}
	o.len = 0;
	o.bad = 0;
	pair(&o, "id", r->id);
	if (r->provider != SC_PROVIDER_any)
		pair(&o, "provider", sc_provider_key(r->provider));
	pair(&o, "code", r->code);
	pair(&o, "status", r->status);
	for (i = 0; i < SC_RULE_TEXTS; i++)
		pair(&o, "text", r->text[i]);
	pair(&o, "reason", sc_reason_name(r->reason));
	pair(&o, "hard", r->hard ? "true" : "false");
	pair(&o, "next", sc_next_name(r->next));
	pair(&o, "note", r->note);
	pair(&o, "source", r->source);
	pair(&o, "checked", r->checked);
	if (o.bad) {
		errno = EINVAL;
		return -1;
	}
	o.buf[o.len++] = '\n';
	if (fwrite(o.buf, 1, o.len, out) != o.len)
		return -1;
	return 0;
}

void
sc_rules_use(const struct sc_rules *rs)
{
	sc_rules_in_force(rs != NULL ? sc_rules_set(rs) : NULL);
}

const struct sc_rule *
sc_rules_at(const struct sc_rules *rs, size_t i)
{
	return rs != NULL && i < rs->n ? &rs->rule[i] : NULL;
}

const struct sc_rule *
sc_rule_builtin_at(size_t i)
{
	const struct sc_ruleset *b = sc_rules_builtin();

	return i < b->n ? &b->rule[i] : NULL;
}
