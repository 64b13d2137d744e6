/*
 * test_reason.c - the reply classifier: the vocabulary, every built-in
 * rule well formed and exercised, the cases of tests/reasons_cases.tsv,
 * specificity, user rule sets, and hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/reason.h"
#include "casereply.h"

static const char *casefile = "tests/reasons_cases.tsv";


static size_t
rule_index(const struct sc_rule *rule)
{
	const struct sc_ruleset *s = sc_rules_builtin();

	assert_non_null(rule);
	assert_true(rule >= s->rule && rule < s->rule + s->n);
	return (size_t)(rule - s->rule);
}

static void
test_vocabulary(void **state)
{
	static const char *const names[] = {
		"authfailure", "badreputation", "blocked", "contenterror",
		"delivered", "exceedlimit", "expired", "feedback", "filtered",
		"hasmoved", "hostunknown", "mailboxfull", "mailererror",
		"mesgtoobig", "networkerror", "norelaying", "notaccept",
		"notcompliantrfc", "onhold", "policyviolation", "rejected",
		"requireptr", "securityerror", "spamdetected", "speeding",
		"suspend", "syntaxerror", "systemerror", "systemfull",
		"toomanyconn", "undefined", "userunknown", "vacation",
		"virusdetected"
	};
	static const char *const steps[] = {
		"none", "wait", "resend", "suppress", "fix", "slow-down", "contact"
	};
	size_t i;

	(void)state;
	assert_int_equal(SC_REASON_COUNT, sizeof names / sizeof names[0]);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_string_equal(sc_reason_name((int)i), names[i]);
		assert_true(strlen(sc_reason_title((int)i)) > 3);
		assert_true(strlen(sc_reason_desc((int)i)) > 20);
		assert_int_equal(sc_reason_parse(names[i], strlen(names[i])),
		    (int)i);
	}
	assert_int_equal(SC_NEXT_COUNT, sizeof steps / sizeof steps[0]);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		assert_string_equal(sc_next_name((int)i), steps[i]);
		assert_true(strlen(sc_next_desc((int)i)) > 20);
		assert_int_equal(sc_next_parse(steps[i], strlen(steps[i])),
		    (int)i);
	}
	assert_null(sc_reason_name(-1));
	assert_null(sc_reason_name(SC_REASON_COUNT));
	assert_null(sc_next_name(SC_NEXT_COUNT));
	assert_int_equal(sc_reason_parse("userunknow", 10), -1);
	assert_int_equal(sc_reason_parse("userunknownx", 12), -1);
	assert_int_equal(sc_reason_parse("UserUnknown", 11), -1);
	assert_int_equal(sc_reason_parse(NULL, 0), -1);
	assert_int_equal(sc_next_parse("slow_down", 9), -1);
}

static int
date_ok(const char *d)
{
	int i;

	if (d == NULL || strlen(d) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return 0;
	return strncmp(d, "2020", 4) >= 0;
}

static void
test_providers(void **state)
{
	int p;
	const char *k;

	(void)state;
	assert_string_equal(sc_provider_key(SC_PROVIDER_any), "any");
	assert_true(SC_PROVIDER_COUNT >= 10);
	for (p = 1; p < SC_PROVIDER_COUNT; p++) {
		k = sc_provider_key(p);
		assert_non_null(k);
		assert_int_equal(sc_provider_parse(k, strlen(k)), p);
		assert_true(strlen(sc_provider_name(p)) > 3);
		if (strncmp(sc_provider_source(p), "https://", 8) != 0)
			fail_msg("provider %s: source not https", k);
		if (!date_ok(sc_provider_checked(p)))
			fail_msg("provider %s: checked not a date", k);
	}
	assert_null(sc_provider_key(SC_PROVIDER_COUNT));
	assert_int_equal(sc_provider_parse("gmail", 5), -1);
	/* The providers the issue asks for. */
	assert_true(sc_provider_parse("microsoft", 9) > 0);
	assert_true(sc_provider_parse("google", 6) > 0);
	assert_true(sc_provider_parse("yahoo", 5) > 0);
	assert_true(sc_provider_parse("apple", 5) > 0);
	assert_true(sc_provider_parse("comcast", 7) > 0);
	assert_true(sc_provider_parse("godaddy", 7) > 0);
	assert_true(sc_provider_parse("mimecast", 8) > 0);
	assert_true(sc_provider_parse("proofpoint", 10) > 0);
	assert_true(sc_provider_parse("barracuda", 9) > 0);
	assert_true(sc_provider_parse("spamhaus", 8) > 0);
}

/* What the compiler cannot check about the built-in rules. */
static void
test_rules_wellformed(void **state)
{
	const struct sc_ruleset *s = sc_rules_builtin();
	const struct sc_rule *r;
	const char *why;
	size_t i, j;

	(void)state;
	assert_true(s->n >= 150);
	for (i = 0; i < s->n; i++) {
		r = &s->rule[i];
		if (sc_rule_check(r, &why) != 0)
			fail_msg("rule %s: %s", r->id, why);
		if (strncmp(r->source, "https://", 8) != 0)
			fail_msg("rule %s: source not https", r->id);
		if (!date_ok(r->checked))
			fail_msg("rule %s: checked not a date", r->id);
		if (r->provider < 0 || r->provider >= SC_PROVIDER_COUNT ||
		    sc_provider_key(r->provider) == NULL)
			fail_msg("rule %s: unknown provider", r->id);
		if (r->file != NULL || r->line == 0)
			fail_msg("rule %s: built-in rules have a line, no file",
			    r->id);
		if (strlen(r->note) < 20 || r->note[strlen(r->note) - 1] != '.')
			fail_msg("rule %s: note too short or not a sentence",
			    r->id);
		for (j = 0; j < i; j++)
			if (strcmp(s->rule[j].id, r->id) == 0)
				fail_msg("rule %s: repeated", r->id);
		if (i > 0 && r->line <= s->rule[i - 1].line)
			fail_msg("rule %s: not in file order", r->id);
		/* A hard verdict only for a dead address. */
		if (r->hard && r->reason != SC_REASON_userunknown &&
		    r->reason != SC_REASON_hostunknown &&
		    r->reason != SC_REASON_hasmoved &&
		    r->reason != SC_REASON_notaccept)
			fail_msg("rule %s: hard for %s", r->id,
			    sc_reason_name(r->reason));
	}
}

struct tcase {
	char *line;
	const char *reply, *host, *reason, *next, *rule;
	int hard;
	unsigned lineno;
};

static size_t
load_cases(struct tcase **out)
{
	FILE *f = fopen(casefile, "r");
	char buf[8192], *p, *fld[6];
	size_t n = 0, cap = 0, len;
	unsigned lineno = 0;
	int i;
	struct tcase *c = NULL, *grown;

	if (f == NULL)
		fail_msg("cannot open %s", casefile);
	while (fgets(buf, sizeof buf, f) != NULL) {
		lineno++;
		len = strlen(buf);
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		else if (!feof(f))
			fail_msg("%s:%u: line too long", casefile, lineno);
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			grown = realloc(c, cap * sizeof *c);
			if (grown == NULL) {
				free(c);
				fclose(f);
				fail_msg("out of memory");
				return 0;
			}
			c = grown;
		}
		c[n].line = strdup(buf);
		if (c[n].line == NULL) {
			free(c);
			fclose(f);
			fail_msg("out of memory");
			return 0;
		}
		p = c[n].line;
		for (i = 0; i < 6; i++) {
			fld[i] = p;
			if (i < 5) {
				if ((p = strchr(p, '\t')) == NULL) {
					fclose(f);
					fail_msg("%s:%u: %d fields, want 6", casefile,
					    lineno, i + 1);
					free(c);	/* not reached: fail_msg jumps */
					return 0;
				}
				*p++ = '\0';
			}
		}
		if (strchr(fld[5], '\t') != NULL)
			fail_msg("%s:%u: more than 6 fields", casefile, lineno);
		if (strcmp(fld[3], "0") != 0 && strcmp(fld[3], "1") != 0)
			fail_msg("%s:%u: hard is 0 or 1", casefile, lineno);
		c[n].reply = fld[0];
		c[n].host = fld[1];
		c[n].reason = fld[2];
		c[n].hard = fld[3][0] - '0';
		c[n].next = fld[4];
		c[n].rule = fld[5];
		c[n].lineno = lineno;
		n++;
	}
	fclose(f);
	*out = c;
	return n;
}

/* Every case, and every rule decides at least one case. */
static void
test_cases(void **state)
{
	const struct sc_ruleset *s = sc_rules_builtin();
	struct tcase *c = NULL;
	size_t n, i, bad = 0, unused = 0;
	unsigned char *used;
	struct sc_reply r;
	struct sc_verdict v;

	(void)state;
	n = load_cases(&c);
	assert_true(n >= s->n);
	used = calloc(s->n + 1, 1);
	assert_non_null(used);
	for (i = 0; i < n; i++) {
		parse_reply(c[i].reply, &r);
		if (strcmp(c[i].host, "-") != 0) {
			r.host = c[i].host;
			r.hostlen = strlen(c[i].host);
		}
		assert_int_equal(sc_classify(&r, &v), 0);
		assert_non_null(v.rule);
		used[rule_index(v.rule)] = 1;
		if (sc_reason_parse(c[i].reason, strlen(c[i].reason)) < 0 ||
		    sc_next_parse(c[i].next, strlen(c[i].next)) < 0) {
			print_error("%s:%u: unknown reason or next step\n",
			    casefile, c[i].lineno);
			bad++;
		} else if (strcmp(sc_reason_name(v.reason), c[i].reason) != 0 ||
		    v.hard != c[i].hard ||
		    strcmp(sc_next_name(v.next), c[i].next) != 0 ||
		    strcmp(v.rule->id, c[i].rule) != 0) {
			print_error("%s:%u: want %s %d %s %s, got %s %d %s %s\n",
			    casefile, c[i].lineno, c[i].reason, c[i].hard,
			    c[i].next, c[i].rule, sc_reason_name(v.reason), v.hard,
			    sc_next_name(v.next), v.rule->id);
			bad++;
		}
	}
	for (i = 0; i < s->n; i++)
		if (!used[i]) {
			print_error("rule %s (data/reasons.def:%u) decides no "
			    "case\n", s->rule[i].id, s->rule[i].line);
			unused++;
		}
	for (i = 0; i < n; i++)
		free(c[i].line);
	free(c);
	free(used);
	if (bad || unused)
		fail_msg("%zu cases wrong, %zu rules never decide", bad, unused);
}

static struct sc_rule
mkrule(const char *id, int prov, const char *code, const char *status,
    const char *t1, const char *t2, int reason)
{
	struct sc_rule r;

	memset(&r, 0, sizeof r);
	r.id = id;
	r.provider = prov;
	r.code = code;
	r.status = status;
	r.text[0] = t1;
	r.text[1] = t2;
	r.reason = reason;
	r.hard = 0;
	r.next = SC_NEXT_contact;
	r.note = "A rule made up by the test.";
	r.source = "https://example.com/doc";
	r.checked = "2026-11-30";
	r.file = "user.rules";
	r.line = 1;
	return r;
}

static struct sc_verdict
classify_set(const struct sc_ruleset *set, int basic, int cls, int sub,
    int det, const char *text)
{
	struct sc_reply r;
	struct sc_verdict v;
	const struct sc_ruleset *sets[1];

	memset(&r, 0, sizeof r);
	r.basic = basic;
	r.cls = cls;
	r.subject = sub;
	r.detail = det;
	r.text = text;
	r.textlen = text ? strlen(text) : 0;
	sets[0] = set;
	(void)sc_classify_with(sets, 1, &r, &v);
	return v;
}

/* Specificity as documented in data/reasons.def; ties by order. */
static void
test_specificity(void **state)
{
	struct sc_rule rules[8];
	struct sc_rule_key keys[8];
	struct sc_ruleset set;
	struct sc_verdict v;
	size_t bad;
	const char *why;

	(void)state;
	rules[0] = mkrule("basic", 0, "552", "", "", "", SC_REASON_mailboxfull);
	rules[1] = mkrule("status", 0, "", "5.3.4", "", "",
	    SC_REASON_mesgtoobig);
	rules[2] = mkrule("text", 0, "", "", "too large", "",
	    SC_REASON_exceedlimit);
	rules[3] = mkrule("provider", SC_PROVIDER_google, "", "5.3.x", "", "",
	    SC_REASON_systemerror);
	rules[4] = mkrule("catchall", 0, "", "5.7.1", "", "",
	    SC_REASON_blocked);
	rules[5] = mkrule("class", 0, "5xx", "", "", "", SC_REASON_onhold);
	rules[6] = mkrule("first", 0, "", "", "twin", "", SC_REASON_expired);
	rules[7] = mkrule("second", 0, "", "", "twin", "",
	    SC_REASON_networkerror);
	assert_int_equal(sc_ruleset_init(&set, rules, 8, keys, &bad, &why), 0);
	v = classify_set(&set, 552, 5, 3, 4, "");
	assert_string_equal(v.rule->id, "status");	/* enhanced > basic */
	v = classify_set(&set, 552, 5, 3, 4, "message too large");
	assert_string_equal(v.rule->id, "text");	/* text > enhanced */
	v = classify_set(&set, 552, 5, 3, 4, "message too large - gsmtp");
	assert_string_equal(v.rule->id, "provider");	/* provider > text */
	v = classify_set(&set, 552, -1, -1, 0, "");
	assert_string_equal(v.rule->id, "basic");
	v = classify_set(&set, 550, 5, 7, 1, "");
	assert_string_equal(v.rule->id, "catchall");	/* above the class */
	v = classify_set(&set, 550, -1, -1, 0, "x");
	assert_string_equal(v.rule->id, "class");
	v = classify_set(&set, 550, -1, -1, 0, "twin");
	assert_string_equal(v.rule->id, "first");	/* tie: file order */
	assert_int_equal(v.set, 0);
	/* Nothing matches: no verdict from this set. */
	v = classify_set(&set, 250, 2, 0, 0, "ok");
	assert_null(v.rule);
	assert_int_equal(v.reason, SC_REASON_undefined);
}

/* User rules first, then the built-in ones, with the same matcher. */
static void
test_user_sets(void **state)
{
	struct sc_rule rules[3];
	struct sc_rule_key keys[3];
	struct sc_ruleset user;
	const struct sc_ruleset *sets[2];
	struct sc_reply r;
	struct sc_verdict v;
	size_t bad = 99;
	const char *why = NULL;

	(void)state;
	rules[0] = mkrule("acme-moved", 0, "5xx", "", "acme: gone", "",
	    SC_REASON_hasmoved);
	rules[0].hard = 1;
	rules[0].next = SC_NEXT_suppress;
	rules[1] = mkrule("acme.quota", 0, "", "X.2.2", "", "",
	    SC_REASON_systemfull);
	assert_int_equal(sc_ruleset_init(&user, rules, 2, keys, &bad, &why), 0);
	sets[0] = &user;
	sets[1] = sc_rules_builtin();

	memset(&r, 0, sizeof r);
	r.basic = 550;
	r.cls = 5;
	r.subject = 1;
	r.detail = 1;
	r.text = "User unknown ACME:  GONE";
	r.textlen = strlen(r.text);
	assert_int_equal(sc_classify_with(sets, 2, &r, &v), 0);
	assert_string_equal(v.rule->id, "acme-moved");
	assert_int_equal(v.set, 0);
	assert_int_equal(v.reason, SC_REASON_hasmoved);
	assert_int_equal(v.hard, 1);
	assert_string_equal(v.rule->file, "user.rules");

	r.text = "User unknown";
	r.textlen = strlen(r.text);
	assert_int_equal(sc_classify_with(sets, 2, &r, &v), 0);
	assert_int_equal(v.set, 1);
	assert_string_equal(v.rule->id, "txt_user_unknown");

	/* Without the built-in set nothing may match. */
	assert_int_equal(sc_classify_with(sets, 1, &r, &v), 1);
	assert_null(v.rule);
	assert_int_equal(v.next, SC_NEXT_contact);

	/* Bad rules are refused with where and why. */
	rules[2] = mkrule("bad", 0, "", "5.7", "", "", SC_REASON_blocked);
	assert_int_equal(sc_ruleset_init(&user, rules, 3, keys, &bad, &why), -1);
	assert_int_equal(bad, 2);
	assert_non_null(why);
	rules[2] = mkrule("bad", 0, "5x0", "", "", "", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "", "", "x", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "", " lead", "", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "", "two  spaces", "",
	    SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "5.7.9-3", "", "", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "5.8.1", "", "", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("Bad", 0, "", "", "", "", SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", SC_PROVIDER_COUNT, "", "", "", "",
	    SC_REASON_blocked);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "", "", "", SC_REASON_COUNT);
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2] = mkrule("bad", 0, "", "", "", "", SC_REASON_blocked);
	rules[2].hard = 1;
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2].hard = 0;
	rules[2].source = "http://example.com/";
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2].source = "https://example.com/";
	rules[2].checked = "2026-13-01";
	assert_int_equal(sc_rule_check(&rules[2], &why), -1);
	rules[2].checked = "2026-12-01";
	assert_int_equal(sc_rule_check(&rules[2], &why), 0);
	assert_int_equal(sc_rule_check(NULL, &why), -1);
}

/* A big set: past the compact group table and the small-set sort. */
static void
test_big_set(void **state)
{
	enum { N = 3000 };
	static struct sc_rule rules[N];
	static struct sc_rule_key keys[N];
	static char ids[N][16], frags[N][16];
	static struct sc_ruleset set;
	struct sc_verdict v;
	char text[64];
	size_t i, bad;
	const char *why;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "r%zu", i);
		/* Distinct fragments spread over many letter pairs. */
		snprintf(frags[i], sizeof frags[i], "%c%cword%zu",
		    (char)('a' + i % 26), (char)('a' + i / 26 % 26), i);
		rules[i] = mkrule(ids[i], 0, "", "", frags[i], "",
		    (int)(i % SC_REASON_COUNT));
	}
	assert_int_equal(sc_ruleset_init(&set, rules, N, keys, &bad, &why), 0);
	assert_int_equal(set.n, N);
	for (i = 0; i < N; i += 7) {
		snprintf(text, sizeof text, "550 xx %.15s yy", frags[i]);
		v = classify_set(&set, 550, -1, -1, 0, text);
		assert_non_null(v.rule);
		assert_string_equal(v.rule->id, ids[i]);
	}
	v = classify_set(&set, 550, -1, -1, 0, "nothing here");
	assert_null(v.rule);
}

/* The provider is the server's, not the recipient's mailbox domain. */
static void
test_providers_detected(void **state)
{
	struct sc_reply r;
	struct sc_verdict v;

	(void)state;
	memset(&r, 0, sizeof r);
	r.basic = 550;
	r.subject = -1;
	r.text = "<bob@hotmail.com>: Recipient address rejected: Access denied";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.provider, SC_PROVIDER_any);
	r.host = "MX4.HOTMAIL.COM";
	r.hostlen = strlen(r.host);
	sc_classify(&r, &v);
	assert_int_equal(v.provider, SC_PROVIDER_microsoft);
	/* A hint wins over detection. */
	r.provider = SC_PROVIDER_google;
	sc_classify(&r, &v);
	assert_int_equal(v.provider, SC_PROVIDER_google);
	r.provider = 1000;	/* out of range: detect */
	sc_classify(&r, &v);
	assert_int_equal(v.provider, SC_PROVIDER_microsoft);
	r.host = NULL;
	r.hostlen = 0;
	r.provider = 0;
	r.text = "421 4.7.0 Try again later, closing connection. - gsmtp";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.provider, SC_PROVIDER_google);
}

/*
 * The rules never read an address in angle brackets: a recipient called
 * "spammer" or "mailbox.full" decides nothing, in a short text or in
 * one longer than the classifier's own buffer; "<" without an address
 * is text.
 */
static void
test_addresses(void **state)
{
	static char big[5000];
	struct sc_reply r;
	struct sc_verdict v;
	size_t at, len, i;

	(void)state;
	memset(&r, 0, sizeof r);
	r.basic = 550;
	r.cls = 5;
	r.subject = 7;
	r.detail = 1;
	r.text = "<spammer@example.com>: x <mailbox.full@example.com>";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_onhold);
	r.text = "<spammer@example.com> <spam x>";	/* a blank: not one */
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_spamdetected);
	r.text = "<spam <a@b> rejected as spam";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_spamdetected);
	memset(big, ' ', sizeof big);
	for (i = 0; i + 40 < sizeof big; i += 40)
		memcpy(big + i, "<overquota@example.com>", 23);
	r.text = big;
	r.textlen = sizeof big;
	r.subject = -1;
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_onhold);
	memcpy(big + sizeof big - 12, "user unknown", 12);	/* the tail */
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_userunknown);
	r.textlen = 200;	/* in the classifier's own buffer */
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_onhold);
	memcpy(big + 150, " over quota ", 12);
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_mailboxfull);

	assert_int_equal(sc_next_address("a <b@c> d", 9, &len), 2);
	assert_int_equal(len, 5);
	assert_int_equal(sc_next_address("<b c@d> <x>", 11, &len), 11);
	assert_int_equal(len, 0);
	assert_int_equal(sc_next_address("<<b@c>", 6, &len), 1);
	assert_int_equal(len, 5);
	at = sc_next_address("<b@c", 4, &len);
	assert_int_equal(at, 4);
	assert_int_equal(sc_next_address("", 0, &len), 0);
}

/* Odd input never crashes and always gets a verdict. */
static void
test_hostile(void **state)
{
	static char big[200000];
	static const char zeros[] = "user\0unknown\0\xff\xfe spam";
	static const char tail[] = "user unknown";
	struct sc_reply r;
	struct sc_verdict v;
	size_t i;

	(void)state;
	memset(&r, 0, sizeof r);
	r.basic = -1;
	r.subject = -1;
	sc_classify(&r, &v);		/* text NULL */
	assert_int_equal(v.reason, SC_REASON_undefined);
	r.basic = 999;
	r.cls = 9;
	r.subject = 99;
	r.detail = 99999;
	sc_classify(&r, &v);
	assert_non_null(v.rule);
	r.basic = 550;
	r.subject = 7;
	r.detail = -5;
	r.cls = 5;
	sc_classify(&r, &v);
	assert_non_null(v.rule);
	r.text = zeros;
	r.textlen = sizeof zeros - 1;
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_spamdetected);
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)("ab \t\nXYZ"[i % 8]);
	for (i = 0; i < sizeof tail - 1; i++)
		big[sizeof big - 40 + i] = tail[i];
	r.text = big;
	r.textlen = sizeof big;
	r.subject = -1;
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_userunknown);
	/* A fragment at the very end, and cut short at the end. */
	r.text = "xx user unknow";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_not_equal(v.reason, SC_REASON_userunknown);
	r.text = "User\r\n  unknown";
	r.textlen = strlen(r.text);
	sc_classify(&r, &v);
	assert_int_equal(v.reason, SC_REASON_userunknown);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_providers),
		cmocka_unit_test(test_rules_wellformed),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_specificity),
		cmocka_unit_test(test_user_sets),
		cmocka_unit_test(test_big_set),
		cmocka_unit_test(test_providers_detected),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_hostile),
	};

	if (argc > 1)
		casefile = argv[1];
	return cmocka_run_group_tests_name("reason", tests, NULL, NULL);
}
