/*
 * test_rules.c - users' rules files: good files (every key, quoting,
 * comments, CRLF, repeated text), every kind of bad file (its line and
 * message), order of precedence, the default locations, the round trip of
 * every built-in rule through sc_rule_write(), sc_classify_all().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/rules.h"
#include "casereply.h"

static const char *casefile = "tests/reasons_cases.tsv";

/* ---- Helpers ----------------------------------------------------------- */

/* Load a string as file "t.rules"; the rules, or NULL with *err set. */
static struct sc_rules *
load(const char *text, struct sc_rules_error *err)
{
	struct sc_rules *rs = sc_rules_new();

	assert_non_null(rs);
	if (sc_rules_load_buf(rs, "t.rules", text, strlen(text), err) != 0) {
		sc_rules_free(rs);
		return NULL;
	}
	return rs;
}

static const struct sc_rule *
rule_at(const struct sc_rules *rs, size_t i)
{
	const struct sc_ruleset *s = sc_rules_set(rs);

	assert_true(i < s->n);
	return &s->rule[i];
}

/* A reply for the matcher: basic code, enhanced code, text. */
static struct sc_reply
reply(int basic, int cls, int sub, int det, const char *text)
{
	struct sc_reply r;

	memset(&r, 0, sizeof r);
	r.basic = basic;
	r.cls = cls;
	r.subject = sub;
	r.detail = det;
	r.text = text;
	r.textlen = text != NULL ? strlen(text) : 0;
	return r;
}

/* Classify with the user's rules, then the built-in ones. */
static struct sc_verdict
classify(const struct sc_rules *rs, const struct sc_reply *r)
{
	const struct sc_ruleset *sets[2];
	struct sc_verdict v;

	sets[0] = sc_rules_set(rs);
	sets[1] = sc_rules_builtin();
	(void)sc_classify_with(sets, 2, r, &v);
	return v;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* Every field but file and line. */
static void
assert_same_rule(const struct sc_rule *a, const struct sc_rule *b)
{
	int i;

	assert_string_equal(a->id, b->id);
	assert_int_equal(a->provider, b->provider);
	assert_string_equal(a->code, b->code);
	assert_string_equal(a->status, b->status);
	for (i = 0; i < SC_RULE_TEXTS; i++)
		assert_string_equal(nz(a->text[i]), nz(b->text[i]));
	assert_int_equal(a->reason, b->reason);
	assert_int_equal(a->hard, b->hard);
	assert_int_equal(a->next, b->next);
	assert_string_equal(a->note, b->note);
	assert_string_equal(a->source, b->source);
	assert_string_equal(a->checked, b->checked);
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---- Good files -------------------------------------------------------- */

static void
test_every_key(void **state)
{
	static const char text[] =
	    "# A comment, then a blank line\n"
	    "\n"
	    "   \t  # an indented comment\n"
	    "id=acme.gone-1 provider=microsoft code=55x status=5.1.x "
	    "text=\"mailbox retired\" text=acme reason=hasmoved hard=true "
	    "next=suppress note=\"Acme's gateway: the \\\"mailbox\\\" is "
	    "gone, C:\\\\ stays.\" source=https://wiki.example.com/smtp#550 "
	    "checked=2026-11-30\n"
	    "id=min reason=blocked\n"
	    "\tid=tabs\treason=spamdetected\tcode=5xx\t# trailing comment\n"
	    "id=crlf reason=mailboxfull next=wait\r\n"
	    "id=four text=a text=b text=\"c d\" text=e reason=filtered # 4\n"
	    "id=hash text=#tag status=X.7.1 reason=policyviolation note=#1\n"
	    "id=any text=* code=550 reason=onhold note=\"caf\xc3\xa9 ok\"\n"
	    "id=range status=5.7.606-649 reason=blocked next=fix";
	struct sc_rules_error err;
	struct sc_rules *rs;
	const struct sc_rule *r;

	(void)state;
	rs = load(text, &err);
	if (rs == NULL)
		fail_msg("%s:%u: %s", err.file, err.line, err.why);
	assert_int_equal(sc_rules_count(rs), 8);

	r = rule_at(rs, 0);
	assert_string_equal(r->id, "acme.gone-1");
	assert_int_equal(r->provider, SC_PROVIDER_microsoft);
	assert_string_equal(r->code, "55x");
	assert_string_equal(r->status, "5.1.x");
	assert_string_equal(r->text[0], "mailbox retired");
	assert_string_equal(r->text[1], "acme");
	assert_string_equal(r->text[2], "");
	assert_int_equal(r->reason, SC_REASON_hasmoved);
	assert_int_equal(r->hard, 1);
	assert_int_equal(r->next, SC_NEXT_suppress);
	assert_string_equal(r->note,
	    "Acme's gateway: the \"mailbox\" is gone, C:\\ stays.");
	assert_string_equal(r->source, "https://wiki.example.com/smtp#550");
	assert_string_equal(r->checked, "2026-11-30");
	assert_string_equal(r->file, "t.rules");
	assert_int_equal(r->line, 4);

	/* Defaults: no conditions, not hard, next contact, no note. */
	r = rule_at(rs, 1);
	assert_string_equal(r->id, "min");
	assert_int_equal(r->provider, SC_PROVIDER_any);
	assert_string_equal(r->code, "");
	assert_string_equal(r->status, "");
	assert_string_equal(r->text[0], "");
	assert_int_equal(r->hard, 0);
	assert_int_equal(r->next, SC_NEXT_contact);
	assert_string_equal(r->note, "");
	assert_string_equal(r->source, "");
	assert_string_equal(r->checked, "");
	assert_int_equal(r->line, 5);

	r = rule_at(rs, 2);
	assert_string_equal(r->id, "tabs");
	assert_string_equal(r->code, "5xx");
	r = rule_at(rs, 3);
	assert_string_equal(r->id, "crlf");	/* no \r in the value */
	assert_int_equal(r->next, SC_NEXT_wait);
	r = rule_at(rs, 4);
	assert_string_equal(r->text[0], "a");
	assert_string_equal(r->text[1], "b");
	assert_string_equal(r->text[2], "c d");
	assert_string_equal(r->text[3], "e");
	r = rule_at(rs, 5);
	assert_string_equal(r->text[0], "#tag");	/* # inside a value */
	assert_string_equal(r->note, "#1");
	r = rule_at(rs, 6);
	assert_string_equal(r->text[0], "*");
	assert_string_equal(r->note, "caf\xc3\xa9 ok");
	r = rule_at(rs, 7);
	assert_string_equal(r->status, "5.7.606-649");
	assert_int_equal(r->line, 11);	/* no newline at the end */
	sc_rules_free(rs);

	/* hard=true alone means next=suppress; a BOM is skipped. */
	rs = load("\xef\xbb\xbfid=h reason=userunknown hard=true\n", &err);
	assert_non_null(rs);
	assert_int_equal(rule_at(rs, 0)->next, SC_NEXT_suppress);
	sc_rules_free(rs);

	/* Nothing at all, and only comments: no rule, no error. */
	rs = load("", &err);
	assert_non_null(rs);
	assert_int_equal(sc_rules_count(rs), 0);
	assert_int_equal(sc_rules_set(rs)->n, 0);
	sc_rules_free(rs);
	rs = load("#\n\n \r\n# x=y\n", &err);
	assert_non_null(rs);
	assert_int_equal(sc_rules_count(rs), 0);
	sc_rules_free(rs);
	sc_rules_free(NULL);
}

/* A line of exactly SC_RULES_LINE_MAX bytes, with CRLF or not. */
static void
test_longest_line(void **state)
{
	static char text[2 * SC_RULES_LINE_MAX + 64];
	struct sc_rules_error err;
	struct sc_rules *rs;
	size_t n;

	(void)state;
	n = (size_t)snprintf(text, sizeof text, "id=long reason=blocked note=");
	memset(text + n, 'x', SC_RULES_LINE_MAX - n);
	n = SC_RULES_LINE_MAX;
	memcpy(text + n, "\r\nid=b reason=blocked\n", 23);
	rs = load(text, &err);
	if (rs == NULL)
		fail_msg("%u: %s", err.line, err.why);
	assert_int_equal(strlen(rule_at(rs, 0)->note), SC_RULES_LINE_MAX - 28);
	assert_int_equal(rule_at(rs, 1)->line, 2);
	sc_rules_free(rs);
	/* One more byte is too many. */
	memmove(text + 1, text, strlen(text) + 1);
	text[0] = ' ';
	assert_null(load(text, &err));
	assert_int_equal(err.line, 1);
	assert_string_equal(err.why, "line longer than 4096 bytes");
}

/* ---- Bad files: one case each, with its line and its message ----------- */

struct bad {
	const char *name, *text;
	size_t len;		/* 0: strlen(text) */
	unsigned line;
	const char *why;
};

static const struct bad bads[] = {
	{ "unknown key", "id=a reason=blocked colour=red\n", 0, 1,
	  "unknown key \"colour\"" },
	{ "key in capitals", "# c\nID=a reason=blocked\n", 0, 2,
	  "unknown key \"ID\"" },
	{ "no id", "\nreason=blocked code=550\n", 0, 2,
	  "no id= (every rule needs one)" },
	{ "no reason", "id=a code=550\n", 0, 1,
	  "no reason= (every rule needs one)" },
	{ "unknown reason", "id=a reason=blockd\n", 0, 1,
	  "reason: unknown \"blockd\"" },
	{ "bad hard", "id=a reason=blocked hard=yes\n", 0, 1,
	  "hard: \"yes\" is not true or false" },
	{ "bad next", "id=a reason=blocked next=slow_down\n", 0, 1,
	  "next: \"slow_down\" is not none, wait, resend, suppress, fix, "
	  "slow-down or contact" },
	{ "bad provider", "id=a reason=blocked provider=acme\n", 0, 1,
	  "provider: unknown \"acme\"" },
	{ "bad code", "id=a reason=blocked code=5x0\n", 0, 1,
	  "code: not \"550\", \"55x\", \"5xx\" or \"\"" },
	{ "code too long", "id=a reason=blocked code=5500\n", 0, 1,
	  "code: not \"550\", \"55x\", \"5xx\" or \"\"" },
	{ "bad status", "id=a reason=blocked status=5.8.1\n", 0, 1,
	  "status: not \"5.7.1\", \"X.7.1\", \"5.7.x\", \"5.7.1-9\" or \"\"" },
	{ "status range backwards", "id=a reason=blocked status=5.7.9-3\n", 0,
	  1, "status: not \"5.7.1\", \"X.7.1\", \"5.7.x\", \"5.7.1-9\" or \"\"" },
	{ "bad id", "id=Acme reason=blocked\n", 0, 1,
	  "id: only a-z, 0-9, '_', '-' and '.'" },
	{ "id too long", "id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa reason=blocked\n", 0, 1, "id: empty or longer than 64" },
	{ "duplicate id", "id=a reason=blocked\n\nid=a reason=spamdetected\n",
	  0, 3, "id \"a\": already used on line 1" },
	{ "duplicate key", "id=a reason=blocked code=550 code=554\n", 0, 1,
	  "code: given twice" },
	{ "duplicate reason", "id=a reason=blocked reason=blocked\n", 0, 1,
	  "reason: given twice" },
	{ "too many texts", "id=a reason=blocked text=a text=b text=c "
	  "text=d text=e\n", 0, 1, "text: at most 4 per rule" },
	{ "text not ASCII", "id=a reason=blocked text=caf\xc3\xa9\n", 0, 1,
	  "text: only printable ASCII (case is ignored)" },
	{ "text doubled space", "id=a reason=blocked text=\"a  b\"\n", 0, 1,
	  "text: a leading, trailing or doubled space (one space matches any "
	  "run of white space)" },
	{ "text leading space", "id=a reason=blocked text=\" a\"\n", 0, 1,
	  "text: a leading, trailing or doubled space (one space matches any "
	  "run of white space)" },
	{ "text too long", "id=a reason=blocked text=xxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", 0, 1,
	  "text: longer than 200 bytes" },
	{ "hard without suppress", "id=a reason=userunknown hard=true next=wait\n",
	  0, 1, "hard: a hard bounce needs next suppress" },
	{ "source not https", "id=a reason=blocked source=http://x.example/\n",
	  0, 1, "source: not an https:// URL" },
	{ "bad date", "id=a reason=blocked checked=2026-13-01\n", 0, 1,
	  "checked: not a YYYY-MM-DD date" },
	{ "unterminated quote", "id=a reason=blocked note=\"open\n", 0, 1,
	  "note: unterminated quote" },
	{ "quote then end", "id=a reason=blocked note=\"open\\\"\n", 0, 1,
	  "note: unterminated quote" },
	{ "backslash at the end", "id=a reason=blocked note=\"open\\", 0, 1,
	  "note: unterminated quote" },
	{ "unknown escape", "id=a reason=blocked note=\"a\\nb\"\n", 0, 1,
	  "note: unknown escape \"\\\\n\": only \\\" and \\\\ inside quotes" },
	{ "tab inside quotes", "id=a reason=blocked note=\"a\tb\"\n", 0, 1,
	  "note: a tab inside quotes (write a space)" },
	{ "quote inside a value", "id=a reason=blocked note=a\"b\"\n", 0, 1,
	  "note: a quote inside a value: quote the whole value" },
	{ "text after the quote", "id=a reason=blocked note=\"a\"b\n", 0, 1,
	  "note: a blank must follow the closing quote" },
	{ "empty value", "id=a reason=blocked note=\n", 0, 1,
	  "note: empty value (leave the key out)" },
	{ "empty quotes", "id=a reason=blocked text=\"\"\n", 0, 1,
	  "text: empty value (leave the key out)" },
	{ "no equals sign", "id=a reason=blocked junk\n", 0, 1,
	  "expected key=value, found \"junk\"" },
	{ "spaces around =", "id = a reason=blocked\n", 0, 1,
	  "expected key=value, found \"id\"" },
	{ "value without key", "id=a =x reason=blocked\n", 0, 1,
	  "a value without a key" },
	{ "comment glued to a value", "id=a reason=blocked code=550#x\n", 0, 1,
	  "code: not \"550\", \"55x\", \"5xx\" or \"\"" },
	{ "NUL byte", "id=a reason=blocked\nid=b reason=\0blocked\n", 41, 2,
	  "a NUL byte" },
	{ "NUL in a comment", "# \0\n", 4, 1, "a NUL byte" },
	{ "control character", "id=a reason=blocked note=a\001b\n", 0, 1,
	  "note: a control character" },
	{ "CR inside a line", "id=a reason=blocked note=a\rb\n", 0, 1,
	  "note: a control character" },
	{ "C1 control", "id=a reason=blocked note=a\xc2\x85z\n", 0, 1,
	  "note: a control character" },
	{ "invalid UTF-8", "id=a reason=blocked note=caf\xe9\n", 0, 1,
	  "note: invalid UTF-8" },
	{ "overlong UTF-8", "id=a reason=blocked note=\xc0\xaf\n", 0, 1,
	  "note: invalid UTF-8" },
	{ "surrogate", "id=a reason=blocked note=\xed\xa0\x80\n", 0, 1,
	  "note: invalid UTF-8" },
	{ "stray control byte", "id=a reason=blocked \001\n", 0, 1,
	  "expected key=value, found \"\\x01\"" },
};

static void
test_bad(void **state)
{
	const struct bad *b = *state;
	struct sc_rules_error err;
	struct sc_rules *rs = sc_rules_new();
	size_t len = b->len ? b->len : strlen(b->text);

	assert_non_null(rs);
	memset(&err, 0x55, sizeof err);
	assert_int_equal(sc_rules_load_buf(rs, "t.rules", b->text, len, &err),
	    -1);
	assert_string_equal(err.file, "t.rules");
	assert_string_equal(err.why, b->why);
	assert_int_equal(err.line, b->line);
	/* Nothing of a bad file is kept. */
	assert_int_equal(sc_rules_count(rs), 0);
	assert_int_equal(sc_rules_set(rs)->n, 0);
	/* No err: the same answer, nowhere to say why. */
	assert_int_equal(sc_rules_load_buf(rs, "t.rules", b->text, len, NULL),
	    -1);
	sc_rules_free(rs);
}

/* Errors name the line wherever it is, and a bad file leaves no trace. */
static void
test_bad_later(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *rs = sc_rules_new();
	struct sc_reply r = reply(550, 5, 7, 1, "acme says no");
	struct sc_verdict v;
	char line[64];
	char *text;
	size_t i, n = 0;

	(void)state;
	assert_non_null(rs);
	assert_int_equal(sc_rules_load_buf(rs, "a.rules",
	    "id=acme text=\"acme says\" reason=blocked\n", 40, &err), 0);
	/* 3000 good rules, then a duplicate of a.rules's id. */
	text = malloc(3001 * 64);
	assert_non_null(text);
	for (i = 0; i < 3000; i++)
		n += (size_t)sprintf(text + n, "id=r%zu text=word%zu reason=filtered\n",
		    i, i);
	n += (size_t)sprintf(text + n, "id=acme reason=blocked\n");
	assert_int_equal(sc_rules_load_buf(rs, "b.rules", text, n, &err), -1);
	assert_string_equal(err.file, "b.rules");
	assert_int_equal(err.line, 3001);
	assert_string_equal(err.why,
	    "id \"acme\": already used in \"a.rules\" line 1");
	assert_int_equal(sc_rules_count(rs), 1);
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "acme");
	/* The same file without its last line loads. */
	n -= strlen("id=acme reason=blocked\n");
	assert_int_equal(sc_rules_load_buf(rs, "b.rules", text, n, &err), 0);
	assert_int_equal(sc_rules_count(rs), 3001);
	snprintf(line, sizeof line, "550 5.7.1 WORD2999");
	r = reply(550, 5, 7, 1, line);
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "r2999");
	assert_string_equal(v.rule->file, "b.rules");
	assert_int_equal(v.rule->line, 3000);
	free(text);
	sc_rules_free(rs);
}

/* The limits: rules, bytes. */
static void
test_limits(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *rs;
	char *text, note[4001];
	size_t i, n = 0, most = 0;

	(void)state;
	text = malloc((size_t)(SC_RULES_MAX + 1) * 32);
	assert_non_null(text);
	for (i = 0; i <= SC_RULES_MAX; i++) {
		most = n;
		n += (size_t)sprintf(text + n, "id=r%zu reason=blocked\n", i);
	}
	rs = sc_rules_new();
	assert_non_null(rs);
	assert_int_equal(sc_rules_load_buf(rs, "many", text, n, &err), -1);
	assert_int_equal(err.line, SC_RULES_MAX + 1);
	assert_string_equal(err.why, "more than 65535 rules");
	/* One fewer fits, and indexes. */
	assert_int_equal(sc_rules_load_buf(rs, "many", text, most, &err), 0);
	assert_int_equal(sc_rules_count(rs), SC_RULES_MAX);
	assert_int_equal(sc_rules_set(rs)->n, SC_RULES_MAX);
	sc_rules_free(rs);
	free(text);

	/* 16 MiB of notes. */
	memset(note, 'n', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	text = malloc(5000 * 4100);
	assert_non_null(text);
	for (i = 0, n = 0; i < 5000; i++)
		n += (size_t)sprintf(text + n, "id=r%zu reason=blocked note=%s\n", i,
		    note);
	rs = sc_rules_new();
	assert_non_null(rs);
	assert_int_equal(sc_rules_load_buf(rs, "big", text, n, &err), -1);
	assert_string_equal(err.why, "more than 16 MiB of rules");
	assert_true(err.line > 4000 && err.line < 4300);
	sc_rules_free(rs);
	free(text);
}

/* ---- Files ------------------------------------------------------------- */

static char tmpdir[] = "/tmp/test_rules.XXXXXX";

static const char *
tmp(const char *name)
{
	static char path[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
	return path[k];
}

static int
setup_tmp(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown_tmp(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A file read in chunks gives what the same bytes in memory give. */
static void
test_file(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *a, *b;
	char *text;
	size_t i, n = 0;

	(void)state;
	text = malloc(5000 * 200);
	assert_non_null(text);
	/* Lines of every length across the 64 KiB reads, CRLF and LF. */
	for (i = 0; i < 5000; i++)
		n += (size_t)sprintf(text + n, "id=r%zu text=\"w%zu\" reason=filtered "
		    "note=\"%.*s\"%s", i, i, (int)(i % 97 + 1), "......................"
		    "..........................................................."
		    "..........................................................",
		    i % 3 ? "\n" : "\r\n");
	write_file(tmp("chunks"), text, n);
	a = sc_rules_new();
	b = sc_rules_new();
	assert_int_equal(sc_rules_load_file(a, tmp("chunks"), 0, &err), 0);
	assert_int_equal(sc_rules_load_buf(b, "chunks", text, n, &err), 0);
	assert_int_equal(sc_rules_count(a), 5000);
	assert_int_equal(sc_rules_count(b), 5000);
	for (i = 0; i < 5000; i++) {
		assert_same_rule(rule_at(a, i), rule_at(b, i));
		assert_int_equal(rule_at(a, i)->line, i + 1);
	}
	assert_string_equal(rule_at(a, 0)->file, tmp("chunks"));
	sc_rules_free(a);
	sc_rules_free(b);

	/* A line too long in the middle of a file. */
	memset(text, 'x', 70000);
	memcpy(text, "id=a reason=blocked\nnote=", 25);
	write_file(tmp("long"), text, 70000);
	a = sc_rules_new();
	assert_int_equal(sc_rules_load_file(a, tmp("long"), 0, &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.why, "line longer than 4096 bytes");
	assert_int_equal(sc_rules_count(a), 0);

	/* Missing: an error, unless missing_ok. */
	assert_int_equal(sc_rules_load_file(a, tmp("none"), 0, &err), -1);
	assert_string_equal(err.file, tmp("none"));
	assert_int_equal(err.line, 0);
	assert_string_equal(err.why, strerror(ENOENT));
	assert_int_equal(sc_rules_load_file(a, tmp("none"), 1, &err), 1);
	assert_int_equal(sc_rules_load_file(a, tmp("chunks/x"), 1, &err), 1);
	/* A directory is never skipped. */
	assert_int_equal(sc_rules_load_file(a, tmpdir, 1, &err), -1);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.why, strerror(EISDIR));
	/* Unreadable (unless we are root). */
	write_file(tmp("secret"), "id=a reason=blocked\n", 20);
	chmod(tmp("secret"), 0);
	if (access(tmp("secret"), R_OK) != 0) {
		assert_int_equal(sc_rules_load_file(a, tmp("secret"), 1, &err),
		    -1);
		assert_string_equal(err.why, strerror(EACCES));
	}
	assert_int_equal(sc_rules_count(a), 0);
	sc_rules_free(a);
	free(text);
}

/* ---- Where rules come from --------------------------------------------- */

static void
clear_env(void)
{
	unsetenv("SMTPCODE_RULES");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
}

/* The ids loaded, space-separated. */
static const char *
ids(const struct sc_rules *rs)
{
	static char buf[256];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sc_rules_count(rs); i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
		    i ? " " : "", rule_at(rs, i)->id);
	return buf;
}

/* Load the defaults, with tmp("etc") as the system file. */
static struct sc_rules *
defaults(const char *const *named, size_t nnamed, int want,
    struct sc_rules_error *err)
{
	struct sc_rules *rs = sc_rules_new();

	assert_non_null(rs);
	assert_int_equal(sc_rules_load_default_at(rs, named, nnamed, tmp("etc"),
	    err), want);
	return rs;
}

static void
test_defaults(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *rs;
	const char *named[2];
	char *saved = getenv("HOME") != NULL ? strdup(getenv("HOME")) : NULL;

	(void)state;
	clear_env();
	mkdir(tmp("xdg"), 0700);
	mkdir(tmp("xdg/smtpcode"), 0700);
	mkdir(tmp("home"), 0700);
	mkdir(tmp("home/.config"), 0700);
	mkdir(tmp("home/.config/smtpcode"), 0700);

	/* Nothing set, nothing there: no rules, no error. */
	rs = defaults(NULL, 0, 0, &err);
	assert_int_equal(sc_rules_count(rs), 0);
	sc_rules_free(rs);
	setenv("HOME", tmp("home"), 1);
	setenv("XDG_CONFIG_HOME", tmp("xdg"), 1);
	rs = defaults(NULL, 0, 0, &err);
	assert_int_equal(sc_rules_count(rs), 0);
	sc_rules_free(rs);

	/* The user's file, then the system's. */
	write_file(tmp("etc"), "id=sys reason=blocked\n", 22);
	write_file(tmp("xdg/smtpcode/rules"), "id=xdg reason=blocked\n", 22);
	write_file(tmp("home/.config/smtpcode/rules"),
	    "id=home reason=blocked\n", 23);
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "xdg sys");
	assert_string_equal(rule_at(rs, 0)->file, tmp("xdg/smtpcode/rules"));
	sc_rules_free(rs);
	/* XDG_CONFIG_HOME empty or relative: $HOME/.config. */
	setenv("XDG_CONFIG_HOME", "", 1);
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "home sys");
	sc_rules_free(rs);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "home sys");
	sc_rules_free(rs);
	unsetenv("XDG_CONFIG_HOME");
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "home sys");
	sc_rules_free(rs);
	/* No HOME either: the system's only. */
	unsetenv("HOME");
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "sys");
	sc_rules_free(rs);

	/* $SMTPCODE_RULES: that file only; missing is an error. */
	setenv("XDG_CONFIG_HOME", tmp("xdg"), 1);
	write_file(tmp("env"), "id=env reason=blocked\n", 22);
	setenv("SMTPCODE_RULES", tmp("env"), 1);
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "env");
	sc_rules_free(rs);
	setenv("SMTPCODE_RULES", tmp("env-missing"), 1);
	rs = defaults(NULL, 0, -1, &err);
	assert_string_equal(err.file, tmp("env-missing"));
	assert_int_equal(err.line, 0);
	assert_string_equal(err.why, strerror(ENOENT));
	sc_rules_free(rs);
	/* Empty means unset. */
	setenv("SMTPCODE_RULES", "", 1);
	rs = defaults(NULL, 0, 0, &err);
	assert_string_equal(ids(rs), "xdg sys");
	sc_rules_free(rs);

	/* Files named (--rules): those, in order, and nothing else. */
	setenv("SMTPCODE_RULES", tmp("env"), 1);
	write_file(tmp("one"), "id=one reason=blocked\n", 22);
	named[0] = tmp("one");
	named[1] = tmp("env");
	rs = defaults(named, 2, 0, &err);
	assert_string_equal(ids(rs), "one env");
	sc_rules_free(rs);
	named[1] = tmp("two-missing");
	rs = defaults(named, 2, -1, &err);
	assert_string_equal(err.file, tmp("two-missing"));
	assert_string_equal(err.why, strerror(ENOENT));
	sc_rules_free(rs);

	/* A bad default file is an error like any other. */
	unsetenv("SMTPCODE_RULES");
	write_file(tmp("xdg/smtpcode/rules"), "id=xdg\n", 7);
	rs = defaults(NULL, 0, -1, &err);
	assert_string_equal(err.file, tmp("xdg/smtpcode/rules"));
	assert_int_equal(err.line, 1);
	assert_string_equal(err.why, "no reason= (every rule needs one)");
	sc_rules_free(rs);
	/* The same id in the user's and the system's file. */
	write_file(tmp("xdg/smtpcode/rules"), "id=sys reason=blocked\n", 22);
	rs = defaults(NULL, 0, -1, &err);
	assert_string_equal(err.file, tmp("etc"));
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.why, "id \"sys\": already used in \"/tmp/"));
	assert_non_null(strstr(err.why, "/xdg/smtpcode/rules\" line 1"));
	sc_rules_free(rs);

	/* The real entry point: $SMTPCODE_RULES is read, /etc not. */
	setenv("SMTPCODE_RULES", tmp("env"), 1);
	rs = sc_rules_new();
	assert_int_equal(sc_rules_load_default(rs, NULL, 0, &err), 0);
	assert_string_equal(ids(rs), "env");
	sc_rules_free(rs);

	clear_env();
	if (saved != NULL)
		setenv("HOME", saved, 1);
	free(saved);
}

/* ---- Precedence -------------------------------------------------------- */

static void
test_precedence(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *rs;
	struct sc_reply r;
	struct sc_verdict v;

	(void)state;
	/* Built in: a Postfix "User unknown" is a hard userunknown. */
	r = reply(550, 5, 1, 1, "<x@example.com>: Recipient address rejected: "
	    "User unknown in virtual mailbox table");
	rs = sc_rules_new();
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "txt_user_unknown");
	assert_int_equal(v.set, 1);
	assert_int_equal(v.hard, 1);

	/* A user rule on the status alone beats the built-in text rule:
	 * the first set with a match decides. */
	assert_int_equal(sc_rules_load_buf(rs, "site.rules",
	    "id=our-5.1.1 status=5.1.1 reason=mailboxfull next=resend\n", 57,
	    &err), 0);
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "our-5.1.1");
	assert_int_equal(v.set, 0);
	assert_int_equal(v.reason, SC_REASON_mailboxfull);
	assert_int_equal(v.hard, 0);
	assert_int_equal(v.next, SC_NEXT_resend);
	assert_string_equal(v.rule->file, "site.rules");
	assert_int_equal(v.rule->line, 1);
	/* A reply it does not match still gets the built-in verdict. */
	r = reply(550, 5, 7, 1, "Service unavailable; client host blocked "
	    "using zen.spamhaus.org");
	v = classify(rs, &r);
	assert_int_equal(v.set, 1);
	/* Temporary replies stay temporary, user rule or not. */
	r = reply(450, 4, 1, 1, "try later");
	v = classify(rs, &r);
	assert_int_equal(v.set, 1);	/* status 5.1.1, not 4.1.1 */
	sc_rules_free(rs);
	rs = sc_rules_new();
	assert_int_equal(sc_rules_load_buf(rs, "site.rules",
	    "id=gone status=X.1.1 reason=userunknown hard=true\n", 50, &err), 0);
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "gone");
	assert_int_equal(v.hard, 0);
	assert_int_equal(v.next, SC_NEXT_wait);
	sc_rules_free(rs);

	/* Within the user's rules: specificity, then the order of loading. */
	rs = sc_rules_new();
	assert_int_equal(sc_rules_load_buf(rs, "a.rules",
	    "id=a-code code=550 reason=blocked\n"
	    "id=a-text text=acme reason=spamdetected\n", 74, &err), 0);
	assert_int_equal(sc_rules_load_buf(rs, "b.rules",
	    "id=b-text text=acme reason=virusdetected\n"
	    "id=b-longer text=\"acme filter\" reason=contenterror\n", 91,
	    &err), 0);
	r = reply(550, 0, -1, 0, "rejected");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "a-code");
	r = reply(550, 0, -1, 0, "ACME: rejected");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "a-text");	/* text > code; a first */
	r = reply(550, 0, -1, 0, "acme   Filter says no");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "b-longer");	/* longer text */
	sc_rules_free(rs);

	/* The files the other way round. */
	rs = sc_rules_new();
	assert_int_equal(sc_rules_load_buf(rs, "b.rules",
	    "id=b-text text=acme reason=virusdetected\n", 41, &err), 0);
	assert_int_equal(sc_rules_load_buf(rs, "a.rules",
	    "id=a-text text=acme reason=spamdetected\n", 40, &err), 0);
	r = reply(550, 0, -1, 0, "ACME: rejected");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "b-text");
	sc_rules_free(rs);

	/* A user's id may be a built-in one; the user's rule comes first. */
	rs = sc_rules_new();
	assert_int_equal(sc_rules_load_buf(rs, "copy.rules",
	    "id=txt_user_unknown text=\"user unknown\" reason=filtered\n", 56,
	    &err), 0);
	r = reply(550, 5, 1, 1, "User unknown");
	v = classify(rs, &r);
	assert_int_equal(v.set, 0);
	assert_int_equal(v.reason, SC_REASON_filtered);
	sc_rules_free(rs);
}

/* Up to four fragments, all needed; more fragments, more specific. */
/*
 * sc_bounce_verdict() remembers verdicts; a change of the rules in force
 * (sc_rules_use(), rules read into the collection in force) is seen at
 * once.
 */
static void
test_bounce_verdict_follows_rules(void **state)
{
	static const char one[] = "id=site-a status=5.1.1 reason=mailboxfull\n";
	static const char two[] = "id=site-b text=\"no such user\" "
	    "reason=blocked next=fix\n";
	struct sc_rules_error err;
	struct sc_rules *rs;
	struct sc_bounce b;
	struct sc_verdict v;

	(void)state;
	memset(&b, 0, sizeof b);
	b.action = b.status = b.remote_mta = b.stage = "";
	b.basic = 550;
	b.enh.cls = 5;
	b.enh.subject = 1;
	b.enh.detail = 1;
	b.text = "<x@example.com>: no such user here";
	b.textlen = strlen(b.text);
	sc_rules_use(NULL);
	assert_int_equal(sc_bounce_verdict(&b, &v), 0);
	assert_int_equal(v.reason, SC_REASON_userunknown);
	rs = sc_rules_new();
	assert_non_null(rs);
	sc_rules_use(rs);
	assert_int_equal(sc_rules_load_buf(rs, "a", one, sizeof one - 1, &err),
	    0);
	assert_int_equal(sc_bounce_verdict(&b, &v), 0);
	assert_int_equal(v.reason, SC_REASON_mailboxfull);
	assert_string_equal(v.rule->id, "site-a");
	assert_int_equal(sc_rules_load_buf(rs, "b", two, sizeof two - 1, &err),
	    0);
	assert_int_equal(sc_bounce_verdict(&b, &v), 0);
	assert_string_equal(v.rule->id, "site-b");
	sc_rules_use(NULL);
	assert_int_equal(sc_bounce_verdict(&b, &v), 0);
	assert_int_equal(v.reason, SC_REASON_userunknown);
	assert_null(v.rule->file);
	sc_rules_free(rs);
}

static void
test_four_texts(void **state)
{
	struct sc_rules_error err;
	struct sc_rules *rs;
	struct sc_reply r;
	struct sc_verdict v;

	(void)state;
	rs = load("id=two text=alpha text=beta reason=blocked\n"
	    "id=four text=alpha text=beta text=gamma text=\"delta epsilon\" "
	    "reason=spamdetected\n"
	    "id=three text=gamma text=beta text=alpha reason=virusdetected\n",
	    &err);
	assert_non_null(rs);
	r = reply(550, 0, -1, 0, "ALPHA beta gamma delta\t epsilon");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "four");
	r = reply(550, 0, -1, 0, "alpha beta gamma delta");	/* no epsilon */
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "three");
	r = reply(550, 0, -1, 0, "beta alpha");
	v = classify(rs, &r);
	assert_string_equal(v.rule->id, "two");
	r = reply(550, 0, -1, 0, "alpha gamma delta epsilon");
	v = classify(rs, &r);
	assert_int_equal(v.set, 1);
	sc_rules_free(rs);
}

/* ---- Writing: every built-in rule reads back the same ------------------ */

static void
test_list_rules_roundtrip(void **state)
{
	const struct sc_ruleset *b = sc_rules_builtin();
	struct sc_rules_error err;
	struct sc_rules *rs, *one;
	char *buf = NULL;
	size_t len = 0, i, start;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	rs = sc_rules_new();
	for (i = 0; i < b->n; i++) {
		assert_int_equal(fflush(f), 0);
		start = len;
		if (sc_rule_write(f, &b->rule[i]) != 0)
			fail_msg("rule %s: not written", b->rule[i].id);
		assert_int_equal(fflush(f), 0);
		/* One line each, read back alone. */
		assert_true(len > start + 1);
		assert_true(buf[len - 1] == '\n');
		assert_null(memchr(buf + start, '\n', len - start - 1));
		one = sc_rules_new();
		if (sc_rules_load_buf(one, "one", buf + start, len - start,
		    &err) != 0)
			fail_msg("rule %s: %s: %.*s", b->rule[i].id, err.why,
			    (int)(len - start), buf + start);
		assert_int_equal(sc_rules_count(one), 1);
		assert_same_rule(rule_at(one, 0), &b->rule[i]);
		sc_rules_free(one);
	}
	assert_int_equal(fclose(f), 0);
	/* All of them as one file: the same rules, in the same order. */
	if (sc_rules_load_buf(rs, "list", buf, len, &err) != 0)
		fail_msg("line %u: %s", err.line, err.why);
	assert_int_equal(sc_rules_count(rs), b->n);
	for (i = 0; i < b->n; i++) {
		assert_same_rule(rule_at(rs, i), &b->rule[i]);
		assert_int_equal(rule_at(rs, i)->line, i + 1);
	}
	free(buf);
	sc_rules_free(rs);
}

/* User rules, quoted values, empty fields: written and read back. */
static void
test_write(void **state)
{
	static const char text[] =
	    "id=q provider=google code=4xx status=X.7.x text=\"a \\\"b\\\" c\" "
	    "text=\"back\\\\slash\" text=* reason=speeding hard=false "
	    "next=slow-down note=\"caf\xc3\xa9 # \\\"x\\\"=y\" "
	    "source=https://example.com/a#b checked=2026-01-02\n"
	    "id=bare reason=undefined\n";
	struct sc_rules_error err;
	struct sc_rules *a, *b;
	struct sc_rule r;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	char longnote[SC_RULES_LINE_MAX + 1];

	(void)state;
	a = load(text, &err);
	assert_non_null(a);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	for (i = 0; i < sc_rules_count(a); i++)
		assert_int_equal(sc_rule_write(f, rule_at(a, i)), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf,
	    "id=q provider=google code=4xx status=X.7.x text=\"a \\\"b\\\" c\" "
	    "text=\"back\\\\slash\" text=* reason=speeding hard=false "
	    "next=slow-down note=\"caf\xc3\xa9 # \\\"x\\\"=y\" "
	    "source=https://example.com/a#b checked=2026-01-02\n"
	    "id=bare reason=undefined hard=false next=contact\n");
	b = load(buf, &err);
	assert_non_null(b);
	for (i = 0; i < sc_rules_count(a); i++)
		assert_same_rule(rule_at(a, i), rule_at(b, i));
	free(buf);
	sc_rules_free(b);

	/* What cannot be written is not: EINVAL, no output. */
	buf = NULL;
	len = 0;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	r = *rule_at(a, 0);
	r.note = "a\tb";
	errno = 0;
	assert_int_equal(sc_rule_write(f, &r), -1);
	assert_int_equal(errno, EINVAL);
	r.note = "\xff";
	assert_int_equal(sc_rule_write(f, &r), -1);
	r.note = "ok";
	r.code = "5x0";
	assert_int_equal(sc_rule_write(f, &r), -1);
	r.code = "";
	memset(longnote, 'n', sizeof longnote - 1);
	longnote[sizeof longnote - 1] = '\0';
	r.note = longnote;
	assert_int_equal(sc_rule_write(f, &r), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sc_rule_write(f, NULL), -1);
	/* A built-in rule (file NULL) must have a note. */
	r.note = "";
	r.file = NULL;
	assert_int_equal(sc_rule_write(f, &r), -1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(len, 0);
	free(buf);

	/* A failed write is reported. */
	f = fopen("/dev/full", "w");
	if (f != NULL) {
		setvbuf(f, NULL, _IONBF, 0);
		assert_int_equal(sc_rule_write(f, rule_at(a, 0)), -1);
		fclose(f);
	}
	sc_rules_free(a);
}

/* ---- The cases of tests/reasons_cases.tsv ------------------------------ */


/* The replies (and hosts) of the case file; n of them. */
struct rcase {
	char reply[4096], host[4096];
};

static struct rcase *
load_replies(size_t *np)
{
	FILE *f = fopen(casefile, "r");
	char line[4096], *tab, *tab2;
	struct rcase *c = NULL, *g;
	size_t n = 0, cap = 0;

	if (f == NULL)
		fail_msg("cannot open %s", casefile);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		if ((tab2 = strchr(tab, '\t')) != NULL)
			*tab2 = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			g = realloc(c, cap * sizeof *c);
			assert_non_null(g);
			c = g;
		}
		snprintf(c[n].reply, sizeof c[n].reply, "%s", line);
		snprintf(c[n].host, sizeof c[n].host, "%s",
		    strcmp(tab, "-") == 0 ? "" : tab);
		n++;
	}
	fclose(f);
	*np = n;
	return c;
}

static void
to_reply(const struct rcase *c, struct sc_reply *r)
{
	parse_reply(c->reply, r);
	if (c->host[0] != '\0') {
		r->host = c->host;
		r->hostlen = strlen(c->host);
	}
}

/* The built-in rules written out and read back decide every case alike. */
static void
test_list_rules_same_verdicts(void **state)
{
	const struct sc_ruleset *b = sc_rules_builtin(), *set;
	struct sc_rules_error err;
	struct sc_rules *rs = sc_rules_new();
	struct sc_verdict v1, v2;
	struct sc_reply r;
	struct rcase *c;
	char *buf = NULL;
	size_t len = 0, i, n;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	for (i = 0; i < b->n; i++)
		assert_int_equal(sc_rule_write(f, &b->rule[i]), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(sc_rules_load_buf(rs, "list", buf, len, &err), 0);
	set = sc_rules_set(rs);
	c = load_replies(&n);
	assert_true(n > 400);
	for (i = 0; i < n; i++) {
		to_reply(&c[i], &r);
		(void)sc_classify_with(&b, 1, &r, &v1);
		(void)sc_classify_with(&set, 1, &r, &v2);
		assert_non_null(v1.rule);
		assert_non_null(v2.rule);
		if (strcmp(v1.rule->id, v2.rule->id) != 0)
			fail_msg("%s: built in %s, read back %s", c[i].reply,
			    v1.rule->id, v2.rule->id);
		assert_int_equal(v1.reason, v2.reason);
		assert_int_equal(v1.hard, v2.hard);
		assert_int_equal(v1.next, v2.next);
	}
	free(c);
	free(buf);
	sc_rules_free(rs);
}

/*
 * A big set with its group directory (as sc_rules_set() indexes it) and the
 * same rules without one decide every case alike.
 */
static void
test_directory(void **state)
{
	static const char *const word[] = {
		"rejected", "blocked", "policy", "mailbox", "unknown", "spam",
		"denied", "user unknown", "quota", "relay", "try again", "rate",
		"dmarc", "tls", "listed", "acme", "contoso", "full", "host", "dns"
	};
	static const char *const code[] = { "", "", "550", "5xx", "55x", "421",
	    "4xx", "554" };
	static const char *const status[] = { "", "", "5.7.1", "X.7.x",
	    "5.1.1", "4.7.0", "5.7.606-649", "X.2.2" };
	const struct sc_ruleset *sets[2], *plain_set = NULL;
	struct sc_rule_key *keys;
	struct sc_ruleset plain;
	struct sc_rules_error err;
	struct sc_rules *rs = sc_rules_new();
	struct sc_verdict v1, v2;
	struct sc_reply r;
	struct rcase *c;
	unsigned long seed = 7;
	char *text;
	size_t i, n = 0, ncase, bad, k;
	const char *why;
	int t, nt;

	(void)state;
	text = malloc(3000 * 200);
	assert_non_null(text);
	for (i = 0; i < 3000; i++) {
#define RND(m) (seed = seed * 6364136223846793005ul + 1442695040888963407ul, \
	    (size_t)(seed >> 33) % (m))
		n += (size_t)sprintf(text + n, "id=r%zu", i);
		if (RND(8) == 0)
			n += (size_t)sprintf(text + n, " provider=%s",
			    RND(2) ? "google" : "microsoft");
		if (code[k = RND(8)][0] != '\0')
			n += (size_t)sprintf(text + n, " code=%s", code[k]);
		if (status[k = RND(8)][0] != '\0')
			n += (size_t)sprintf(text + n, " status=%s", status[k]);
		nt = (int)RND(4);
		for (t = 0; t < nt; t++)
			n += (size_t)sprintf(text + n, " text=\"%s\"",
			    word[RND(sizeof word / sizeof word[0])]);
		n += (size_t)sprintf(text + n, " reason=%s\n",
		    sc_reason_name((int)RND(SC_REASON_COUNT)));
#undef RND
	}
	if (sc_rules_load_buf(rs, "big", text, n, &err) != 0)
		fail_msg("%u: %s", err.line, err.why);
	sets[0] = sc_rules_set(rs);
	assert_non_null(sets[0]->dir);
	keys = malloc(sets[0]->n * sizeof keys[0]);
	assert_non_null(keys);
	assert_int_equal(sc_ruleset_init(&plain, sets[0]->rule, sets[0]->n, keys,
	    &bad, &why), 0);
	assert_null(plain.dir);
	plain_set = &plain;
	c = load_replies(&ncase);
	for (i = 0; i < ncase; i++) {
		to_reply(&c[i], &r);
		(void)sc_classify_with(sets, 1, &r, &v1);
		(void)sc_classify_with(&plain_set, 1, &r, &v2);
		if (v1.rule != v2.rule)
			fail_msg("%s: %s with the directory, %s without",
			    c[i].reply, v1.rule ? v1.rule->id : "none",
			    v2.rule ? v2.rule->id : "none");
	}
	free(c);
	free(keys);
	free(text);
	sc_rules_free(rs);
}

/* ---- sc_classify_all ---------------------------------------------------- */

static void
test_classify_all(void **state)
{
	const struct sc_ruleset *sets[2];
	struct sc_rules_error err;
	struct sc_rules *rs;
	struct sc_match m[64], m1[1];
	struct sc_verdict v;
	struct sc_reply r;
	struct rcase *c;
	size_t n, i, j, k, total;

	(void)state;
	rs = load("id=acme text=acme reason=blocked\n"
	    "id=any5 code=5xx reason=onhold\n"
	    "id=unknown text=\"user unknown\" reason=filtered\n", &err);
	assert_non_null(rs);
	sets[0] = sc_rules_set(rs);
	sets[1] = sc_rules_builtin();

	/* The decided rule first, then the others, by precedence. */
	c = load_replies(&n);
	for (i = 0; i < n; i++) {
		to_reply(&c[i], &r);
		for (k = 1; k <= 2; k++) {
			(void)sc_classify_with(sets + 2 - k, k, &r, &v);
			total = sc_classify_all(sets + 2 - k, k, &r, m, 64);
			assert_true(total >= 1);
			assert_true(m[0].rule == v.rule);
			for (j = 1; j < total && j < 64; j++) {
				assert_true(m[j].set >= m[j - 1].set);
				if (m[j].set == m[j - 1].set) {
					assert_true(m[j].score <= m[j - 1].score);
					if (m[j].score == m[j - 1].score)
						assert_true(m[j].rule > m[j - 1].rule);
				}
			}
			/* Kept to max: the same first one, the same total. */
			assert_int_equal(sc_classify_all(sets + 2 - k, k, &r, m1, 1),
			    total);
			assert_true(m1[0].rule == m[0].rule);
			assert_int_equal(sc_classify_all(sets + 2 - k, k, &r, NULL,
			    0), total);
		}
	}
	free(c);

	/* One reply, every rule that matches it. */
	r = reply(550, 5, 1, 1, "acme: User unknown");
	total = sc_classify_all(sets, 2, &r, m, 64);
	assert_true(total >= 5);
	assert_string_equal(m[0].rule->id, "unknown");	/* longest text */
	assert_int_equal(m[0].set, 0);
	assert_string_equal(m[1].rule->id, "acme");
	assert_string_equal(m[2].rule->id, "any5");
	assert_int_equal(m[2].set, 0);
	assert_int_equal(m[3].set, 1);
	assert_string_equal(m[3].rule->id, "txt_user_unknown");
	for (j = 3; j < total; j++)
		assert_int_equal(m[j].set, 1);
	/* Nothing matches: nothing written. */
	r = reply(250, 2, 0, 0, "ok");
	assert_int_equal(sc_classify_all(sets, 1, &r, m, 64), 0);
	sets[0] = NULL;
	assert_int_equal(sc_classify_all(sets, 1, &r, m, 64), 0);
	sc_rules_free(rs);
}

/* Any bytes: an answer, never a crash (a cheap fuzz for make check). */
static void
test_noise(void **state)
{
	static const char alphabet[] = "id=reason\"\\ #\t\r\n*xtcode5.7-1\xc3\xa9\0";
	struct sc_rules_error err;
	struct sc_rules *rs = sc_rules_new();
	char buf[300];
	unsigned long seed = 12345;
	size_t i, j, n;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = i % sizeof buf;
		for (j = 0; j < n; j++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			buf[j] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
		}
		if (sc_rules_load_buf(rs, "noise", buf, n, &err) != 0) {
			assert_true(err.why[0] != '\0');
			assert_true(err.line >= 1);
		}
		if (sc_rules_count(rs) > 1000) {
			sc_rules_free(rs);
			rs = sc_rules_new();
		}
	}
	sc_rules_free(rs);
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_longest_line),
		cmocka_unit_test(test_bad_later),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_bounce_verdict_follows_rules),
		cmocka_unit_test(test_four_texts),
		cmocka_unit_test(test_list_rules_roundtrip),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_list_rules_same_verdicts),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_classify_all),
		cmocka_unit_test(test_noise),
	};
	enum { NFIXED = sizeof fixed / sizeof fixed[0],
	    NBAD = sizeof bads / sizeof bads[0] };
	struct CMUnitTest tests[NFIXED + NBAD];
	char names[NBAD][64];
	size_t i;

	if (argc > 1)
		casefile = argv[1];
	for (i = 0; i < NFIXED; i++)
		tests[i] = fixed[i];
	for (i = 0; i < NBAD; i++) {
		snprintf(names[i], sizeof names[i], "bad: %s", bads[i].name);
		memset(&tests[NFIXED + i], 0, sizeof tests[0]);
		tests[NFIXED + i].name = names[i];
		tests[NFIXED + i].test_func = test_bad;
		tests[NFIXED + i].initial_state = (void *)(uintptr_t)&bads[i];
	}
	return _cmocka_run_group_tests("rules", tests, NFIXED + NBAD,
	    setup_tmp, teardown_tmp);
}
