/*
 * rules_bench.c - does a big rules file slow classification down?
 *
 *   tests/rules_bench [CASEFILE [NRULES]]
 *
 * Generates three files of NRULES (default 2000) user rules, loads each
 * with sc_rules_load_buf(), then classifies every reply of CASEFILE
 * (default tests/reasons_cases.tsv) many times with the built-in rules
 * alone and with each file's rules first, and prints the time per reply
 * and the ratio:
 *
 *   edited  built-in rules as a user edits them after --list-rules (other
 *           codes or statuses, a fragment of another rule, a site's own
 *           phrase, a vendor's status code): written by sc_rule_write();
 *   words   fragments of one or two of 85 common bounce words, some with a
 *           site name, with codes, statuses and providers: many rules
 *           share words, so many are tried on each reply;
 *   miss    the same, but every rule also needs a site name no reply
 *           holds: every reply goes through all of them, then through the
 *           built-in set.
 *
 * Exits 1 when a ratio is above 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/rules.h"
#include "casereply.h"

static const char *const words[] = {
	"rejected", "blocked", "policy", "mailbox", "unavailable", "denied",
	"spam", "message", "content", "quota", "exceeded", "relay", "access",
	"recipient", "sender", "domain", "address", "unknown", "invalid",
	"temporarily", "deferred", "too many", "connections", "rate", "limit",
	"reputation", "listed", "blacklist", "blocklist", "virus", "attachment",
	"size", "authentication", "required", "tls", "encryption", "dmarc",
	"spf", "dkim", "failed", "reverse dns", "ptr", "helo", "greylisted",
	"try again later", "service", "not accepted", "disabled", "suspended",
	"inactive", "over quota", "full", "storage", "loop", "hop count",
	"syntax", "command", "timeout", "closing", "refused", "filter",
	"gateway", "firewall", "sandbox", "quarantine", "phishing", "malware",
	"bulk", "complaint", "abuse", "not permitted", "restricted", "banned",
	"does not exist", "no such user", "user unknown", "moved", "expired",
	"network", "dns", "lookup", "mx", "host", "server", "internal error"
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const sites[] = {
	"acme", "contoso", "fabrikam", "initech", "globex", "umbrella",
	"hooli", "vandelay", "wayne", "stark", "tyrell", "cyberdyne",
	"soylent", "wonka", "gringotts", "oceanic", "monarch", "nakatomi"
};
#define NSITES (sizeof sites / sizeof sites[0])

static const char *const codes[] = {
	"550", "554", "553", "552", "551", "421", "450", "451", "452", "5xx",
	"55x", "45x", "4xx", "535", "530"
};
static const char *const statuses[] = {
	"5.7.1", "5.1.1", "4.7.0", "5.7.x", "X.7.1", "5.2.2", "4.4.x",
	"5.7.26", "X.2.x", "5.4.1", "4.2.0", "5.0.0", "X.7.606-649"
};
static const char *const providers[] = {
	"microsoft", "google", "yahoo", "apple", "comcast", "mimecast",
	"proofpoint", "barracuda", "spamhaus"
};
static const char *const reasons[] = {
	"blocked", "spamdetected", "userunknown", "mailboxfull", "policyviolation",
	"speeding", "filtered", "securityerror", "norelaying", "toomanyconn"
};

static unsigned long seed = 20261130;

static size_t
rnd(size_t n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (size_t)((seed >> 33) % n);
}

/* One fragment: one or two bounce words, or a site's phrase. */
static int
fragment(char *out, size_t size, int miss, size_t i)
{
	if (miss && rnd(2))
		return snprintf(out, size, "%s-mx%zu", sites[rnd(NSITES)], i);
	if (rnd(3) == 0)
		return snprintf(out, size, "%s %s", words[rnd(NWORDS)],
		    words[rnd(NWORDS)]);
	if (rnd(4) == 0)
		return snprintf(out, size, "%s %s", sites[rnd(NSITES)],
		    words[rnd(NWORDS)]);
	return snprintf(out, size, "%s", words[rnd(NWORDS)]);
}

/* n rules as a rules file; the caller frees it. */
static char *
generate(size_t n, int miss, size_t *len)
{
	char *buf = malloc(n * 600 + 1), frag[128];
	size_t i, o = 0, nt, t, kind;

	if (buf == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		o += (size_t)sprintf(buf + o, "id=u%zu", i);
		kind = rnd(20);
		if (kind < 3)
			o += (size_t)sprintf(buf + o, " provider=%s",
			    providers[rnd(sizeof providers / sizeof providers[0])]);
		if (kind >= 3 && kind < 8)
			o += (size_t)sprintf(buf + o, " code=%s",
			    codes[rnd(sizeof codes / sizeof codes[0])]);
		else if (kind >= 8 && kind < 14)
			o += (size_t)sprintf(buf + o, " status=%s",
			    statuses[rnd(sizeof statuses / sizeof statuses[0])]);
		else if (kind == 14)	/* a vendor's own code */
			o += (size_t)sprintf(buf + o, " status=5.%zu.%zu",
			    rnd(8), 100 + rnd(900));
		nt = kind == 14 ? 0 : kind >= 18 ? 2 + rnd(3) : 1 + rnd(2);
		if (miss && nt == 0)
			nt = 1;
		for (t = 0; t < nt; t++) {
			fragment(frag, sizeof frag, miss && t == 0, i);
			if (miss && t == 0 && strchr(frag, '-') == NULL)
				snprintf(frag, sizeof frag, "%s-gw%zu",
				    sites[rnd(NSITES)], i);
			o += (size_t)sprintf(buf + o, " text=\"%s\"", frag);
		}
		o += (size_t)sprintf(buf + o, " reason=%s note=\"Rule %zu of the "
		    "bench.\"\n", reasons[rnd(sizeof reasons / sizeof reasons[0])],
		    i);
	}
	*len = o;
	return buf;
}

/* As a user edits built-in rules: n of them, as a rules file. */
static char *
edited(size_t n, size_t *len)
{
	const struct sc_ruleset *b = sc_rules_builtin();
	struct sc_rule r;
	char *buf = NULL, id[32], frag[4][128], status[16];
	size_t i, t, nt;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		r = b->rule[rnd(b->n)];
		snprintf(id, sizeof id, "e%zu", i);
		r.id = id;
		r.file = "edited";
		switch (rnd(4)) {
		case 0:		/* another code or status */
			if (r.status[0] != '\0')
				r.status = statuses[rnd(sizeof statuses /
				    sizeof statuses[0])];
			else
				r.code = codes[rnd(sizeof codes / sizeof codes[0])];
			break;
		case 1:		/* a vendor's own status code */
			snprintf(status, sizeof status, "5.%zu.%zu", rnd(8),
			    100 + rnd(900));
			r.status = status;
			break;
		}
		for (nt = 0; nt < 2 && r.text[nt] != NULL && r.text[nt][0]; nt++)
			snprintf(frag[nt], sizeof frag[nt], "%s", r.text[nt]);
		switch (rnd(3)) {
		case 0:		/* a fragment of another rule */
			t = rnd(b->n);
			if (b->rule[t].text[0][0] != '\0' && nt < 4) {
				snprintf(frag[nt], sizeof frag[nt], "%s",
				    b->rule[t].text[0]);
				nt++;
			}
			break;
		case 1:		/* a site's own phrase */
			if (nt < 4) {
				snprintf(frag[nt], sizeof frag[nt], "%s %s",
				    sites[rnd(NSITES)], words[rnd(NWORDS)]);
				nt++;
			}
			break;
		}
		for (t = 0; t < 4; t++)
			r.text[t] = t < nt ? frag[t] : "";
		if (r.hard && r.next != SC_NEXT_suppress)
			r.hard = 0;
		if (sc_rule_write(f, &r) != 0) {
			fclose(f);
			free(buf);
			return NULL;
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}


static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Nanoseconds per reply, for rounds x n replies. */
static double
run(const struct sc_ruleset *const *sets, size_t nsets,
    const struct sc_reply *r, size_t n, size_t rounds)
{
	struct sc_verdict v;
	double t = now();
	size_t i, j;

	for (j = 0; j < rounds; j++)
		for (i = 0; i < n; i++)
			(void)sc_classify_with(sets, nsets, &r[i], &v);
	return (now() - t) / (double)(rounds * n) * 1e9;
}

#define NSETS 3

int
main(int argc, char **argv)
{
	const char *casefile = argc > 1 ? argv[1] : "tests/reasons_cases.tsv";
	size_t nrules = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
	static char lines[2048][1024];
	static struct sc_reply rep[2048];
	static const char *const name[NSETS] = { "edited", "words", "miss" };
	const struct sc_ruleset *sets[NSETS + 1][2];
	struct sc_rules_error err;
	struct sc_rules *rs[NSETS];
	struct sc_verdict v;
	char line[4096], *tab, *text;
	size_t n = 0, len[NSETS], decided[NSETS], rounds, m, k, i;
	double best[NSETS + 1], t, load[NSETS], ratio, worst = 0;
	FILE *f;

	if ((f = fopen(casefile, "r")) == NULL) {
		perror(casefile);
		return 2;
	}
	while (n < 2048 && fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || (tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		memcpy(lines[n], line, strlen(line) < 1023 ? strlen(line) + 1 :
		    1023);
		lines[n][1023] = '\0';
		parse_reply(lines[n], &rep[n]);
		if (strncmp(tab, "-\t", 2) != 0 && strchr(tab, '\t') != NULL) {
			*strchr(tab, '\t') = '\0';
			rep[n].host = tab = strdup(tab);
			rep[n].hostlen = tab != NULL ? strlen(tab) : 0;
		}
		n++;
	}
	fclose(f);
	if (n == 0) {
		fprintf(stderr, "rules_bench: no replies in %s\n", casefile);
		return 2;
	}
	/* The user's rule sets, each before the built-in one. */
	sets[0][0] = sc_rules_builtin();
	for (m = 0; m < NSETS; m++) {
		text = m == 0 ? edited(nrules, &len[m]) :
		    generate(nrules, m == 2, &len[m]);
		if (text == NULL ||
		    (rs[m] = sc_rules_new()) == NULL) {
			fprintf(stderr, "rules_bench: out of memory\n");
			return 2;
		}
		t = now();
		if (sc_rules_load_buf(rs[m], name[m], text, len[m], &err) != 0) {
			fprintf(stderr, "rules_bench: %s:%u: %s\n", err.file,
			    err.line, err.why);
			return 2;
		}
		load[m] = now() - t;
		free(text);
		sets[m + 1][0] = sc_rules_set(rs[m]);
		sets[m + 1][1] = sc_rules_builtin();
		for (i = 0, decided[m] = 0; i < n; i++) {
			(void)sc_classify_with(sets[m + 1], 2, &rep[i], &v);
			decided[m] += v.set == 0;
		}
	}
	/* Interleaved, so that a busy machine slows all of them alike. */
	rounds = 20000 / n + 1;
	for (m = 0; m <= NSETS; m++)
		best[m] = 1e30;
	for (k = 0; k < 15; k++)
		for (m = 0; m <= NSETS; m++) {
			t = run(sets[m], m == 0 ? 1 : 2, rep, n, rounds);
			if (t < best[m])
				best[m] = t;
		}
	printf("%zu replies of %s, built-in rules only: %.0f ns a reply\n", n,
	    casefile, best[0]);
	for (m = 0; m < NSETS; m++) {
		ratio = best[m + 1] / best[0];
		if (ratio > worst)
			worst = ratio;
		printf("%-6s %zu user rules (%zu KiB, loaded in %.1f ms): "
		    "%.0f ns a reply, %.2fx; %zu replies decided by a user rule\n",
		    name[m], nrules, len[m] / 1024, load[m] * 1e3, best[m + 1],
		    ratio, decided[m]);
		sc_rules_free(rs[m]);
	}
	printf("worst ratio %.2f (limit 2.00): %s\n", worst,
	    worst <= 2.0 ? "ok" : "TOO SLOW");
	return worst <= 2.0 ? 0 : 1;
}
