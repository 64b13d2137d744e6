/*
 * fuzz_rules.c - the rules-file parser (src/rules.c) on arbitrary bytes.
 *
 * The input is a rules file; a form feed splits it into two files loaded
 * one after the other (ids must be unique across both).  Properties: a
 * load returns 0 or -1; on -1, why is a non-empty line of printable
 * ASCII, the line is within the file, and nothing of that file is kept.
 * Every rule kept passes sc_rule_check(); sc_rule_write() writes each as
 * one line, and those lines read back to the same rules, field by field,
 * and write out again byte for byte the same.  The input (its first KiB),
 * taken as a reply, is classified with the rules before the built-in
 * ones: the rule that decides is the first sc_classify_all() lists.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/rules.h"

/* A property that does not hold: say which, then abort for libFuzzer. */
static void
fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	abort();
}
#define check(e) ((e) ? (void)0 : fail(#e, __FILE__, __LINE__))

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static int
same_rule(const struct sc_rule *a, const struct sc_rule *b)
{
	int i;

	for (i = 0; i < SC_RULE_TEXTS; i++)
		if (strcmp(nz(a->text[i]), nz(b->text[i])) != 0)
			return 0;
	return strcmp(a->id, b->id) == 0 && a->provider == b->provider &&
	    strcmp(a->code, b->code) == 0 &&
	    strcmp(a->status, b->status) == 0 && a->reason == b->reason &&
	    a->hard == b->hard && a->next == b->next &&
	    strcmp(a->note, b->note) == 0 &&
	    strcmp(a->source, b->source) == 0 &&
	    strcmp(a->checked, b->checked) == 0;
}

/* Load one file; check what an error says. */
static int
load(struct sc_rules *rs, const char *name, const char *buf, size_t len)
{
	struct sc_rules_error err;
	size_t before = sc_rules_count(rs), lines = 1, i;
	const char *p;
	int r;

	for (i = 0; i < len; i++)
		lines += buf[i] == '\n';
	memset(&err, 0, sizeof err);
	r = sc_rules_load_buf(rs, name, buf, len, &err);
	check(r == 0 || r == -1);
	if (r == 0) {
		check(sc_rules_count(rs) >= before);
		return 0;
	}
	check(sc_rules_count(rs) == before);
	check(sc_rules_set(rs)->n == before);
	check(strcmp(err.file, name) == 0);
	check(err.line >= 1 && err.line <= lines);
	check(err.why[0] != '\0');
	for (p = err.why; *p != '\0'; p++)
		check(*p >= ' ' && *p < 0x7f);
	return -1;
}

/* Every rule of rs as lines of a rules file; the caller frees it. */
static char *
write_all(const struct sc_rules *rs, size_t *len)
{
	const struct sc_ruleset *s = sc_rules_set(rs);
	char *buf = NULL;
	size_t i, at;
	FILE *f;

	*len = 0;
	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	for (i = 0; i < s->n; i++) {
		check(fflush(f) == 0);
		at = *len;
		check(sc_rule_write(f, &s->rule[i]) == 0);
		check(fflush(f) == 0);
		check(*len > at && buf[*len - 1] == '\n');
		check(memchr(buf + at, '\n', *len - at - 1) == NULL);
		check(*len - at - 1 <= SC_RULES_LINE_MAX);
	}
	check(fclose(f) == 0);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *ff;
	const struct sc_ruleset *set, *sets[2];
	struct sc_rules *rs, *again;
	struct sc_rules_error err;
	struct sc_match m[8];
	struct sc_verdict v;
	struct sc_reply r;
	char *out, *out2;
	size_t len, len2, i, n1, total;
	const char *why;

	if ((rs = sc_rules_new()) == NULL)
		abort();
	ff = memchr(s, '\f', size);
	n1 = ff != NULL ? (size_t)(ff - s) : size;
	if (load(rs, "one", s, n1) == 0 && ff != NULL)
		(void)load(rs, "two", ff + 1, size - n1 - 1);

	set = sc_rules_set(rs);
	check(set->n == sc_rules_count(rs));
	for (i = 0; i < set->n; i++) {
		check(sc_rule_check(&set->rule[i], &why) == 0);
		check(set->rule[i].file != NULL && set->rule[i].line >= 1);
	}

	/* Written out, read back: the same rules, the same bytes. */
	out = write_all(rs, &len);
	if ((again = sc_rules_new()) == NULL)
		abort();
	if (sc_rules_load_buf(again, "written", out, len, &err) != 0) {
		fprintf(stderr, "written rules do not read back: %u: %s\n",
		    err.line, err.why);
		check(!"written rules read back");
	}
	check(sc_rules_count(again) == set->n);
	for (i = 0; i < set->n; i++) {
		check(same_rule(&set->rule[i], &sc_rules_set(again)->rule[i]));
		check(sc_rules_set(again)->rule[i].line == i + 1);
	}
	out2 = write_all(again, &len2);
	check(len2 == len && (len == 0 || memcmp(out, out2, len) == 0));
	free(out);
	free(out2);
	sc_rules_free(again);

	/* The input as a reply: the decided rule comes first in the list. */
	memset(&r, 0, sizeof r);
	r.basic = size >= 3 ? 500 + data[0] % 100 : -1;
	r.cls = 5;
	r.subject = size >= 2 ? data[1] % 8 : -1;
	r.detail = size >= 3 ? data[2] : 0;
	r.text = s;
	r.textlen = size < 1024 ? size : 1024;	/* a long reply: slow, no news */
	sets[0] = set;
	sets[1] = sc_rules_builtin();
	check(sc_classify_with(sets, 2, &r, &v) == 0);
	total = sc_classify_all(sets, 2, &r, m, 8);
	check(total >= 1 && m[0].rule == v.rule && m[0].set == v.set);
	sc_rules_free(rs);
	return 0;
}
