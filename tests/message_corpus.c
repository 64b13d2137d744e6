/*
 * message_corpus.c - measure the bounce-message reader on a labelled
 * corpus, or show what it reads in messages.
 *
 * usage: message_corpus [-v] DIR
 *        message_corpus -d FILE...
 *
 * DIR/bounces.tsv has a header row, then one row per file (in bounces/
 * and bodies/), tab-separated; the columns used are file, recipients
 * (comma-separated), reply_codes and enhanced_codes (comma-separated,
 * every code the file holds, extracted mechanically), status_field and
 * action_field.  Each file is fed to one reader in chunks of a size
 * that varies from file to file (1 to 4096 bytes), and what it reports
 * is compared with the row:
 *
 *   recipients  a labelled recipient is found when a result names it
 *               (ignoring case); a result naming one that is not
 *               labelled, in a row that labels some, is counted extra;
 *   codes       a labelled code is found when a result gives it as its
 *               reply code, enhanced code or Status;
 *   fields      the Status and Action of the first result, against the
 *               row's when it has them.
 *
 * Prints a line per file that differs with -v, then the totals.  The
 * labels are mechanical (the codes column holds every code a message
 * quotes, greeting and transcript included), so this is a measurement,
 * not a pass/fail test: it exits 0 unless the corpus cannot be read
 * (2).  -d prints each result of each FILE instead, one per line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpcode.h"
#include "../src/message.h"

#define MAXRES 256
#define ITEM 320

struct res {
	char rcpt[ITEM], status[32], action[32];
	char code[16], enh[16];
};

struct run {
	struct res r[MAXRES];
	size_t n;
	const char *dump;	/* -d: the file's name */
};

static const char *prog = "message_corpus";

static void
copy(char *d, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(d, s, n);
	d[n] = '\0';
}

static void
show(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		putchar((unsigned char)p[i] < 32 || p[i] == 127 ? '?' : p[i]);
}

static int
collect(void *ctx, const struct sc_bounce *b)
{
	struct run *u = ctx;
	struct res *r;

	if (u->dump != NULL) {
		printf("%s\t#%llu\t", u->dump, b->msgno);
		show(b->recipient, b->recipientlen);
		printf("\t%.*s\t%.*s\t", (int)b->actionlen, b->action,
		    (int)b->statuslen, b->status);
		if (b->basic >= 0)
			printf("%d", b->basic);
		putchar(' ');
		if (b->enh.subject >= 0)
			printf("%d.%d.%d", b->enh.cls, b->enh.subject,
			    b->enh.detail);
		printf("\t%.*s\t", (int)b->stagelen, b->stage);
		show(b->remote_mta, b->remote_mtalen);
		printf("\t%s%s\t", b->format, b->flags ? "+" : "");
		show(b->text, b->textlen > 300 ? 300 : b->textlen);
		putchar('\n');
	}
	if (u->n >= MAXRES)
		return 0;
	r = &u->r[u->n++];
	copy(r->rcpt, sizeof r->rcpt, b->recipient, b->recipientlen);
	copy(r->status, sizeof r->status, b->status, b->statuslen);
	copy(r->action, sizeof r->action, b->action, b->actionlen);
	r->code[0] = r->enh[0] = '\0';
	if (b->basic >= 0)
		snprintf(r->code, sizeof r->code, "%d", b->basic);
	if (b->enh.subject >= 0)
		snprintf(r->enh, sizeof r->enh, "%d.%d.%d", b->enh.cls,
		    b->enh.subject, b->enh.detail);
	return 0;
}

/* Read a file through the reader in chunks of chunk bytes. */
static int
read_file(struct sc_mreader *mr, const char *path, size_t chunk,
    struct run *u)
{
	static char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n, off;

	if (f == NULL)
		return -1;
	u->n = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		for (off = 0; off < n; off += chunk)
			sc_mreader_feed(mr, buf + off,
			    n - off < chunk ? n - off : chunk, collect, u);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	sc_mreader_end(mr, collect, u);
	return 0;
}

/* Split s at c into at most max fields, in place. */
static size_t
split(char *s, int c, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *e = strchr(s, c);

		f[n++] = s;
		if (e == NULL)
			break;
		*e = '\0';
		s = e + 1;
	}
	return n;
}

static int
found_code(const struct run *u, const char *code)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->r[i].code, code) == 0 ||
		    strcmp(u->r[i].enh, code) == 0 ||
		    strcmp(u->r[i].status, code) == 0)
			return 1;
	return 0;
}

static int
found_rcpt(const struct run *u, const char *a)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcasecmp(u->r[i].rcpt, a) == 0)
			return 1;
	return 0;
}

struct tot {
	unsigned long files, withres, rcpt, rcptok, extra, codes, codesok;
	unsigned long st, stok, act, actok, rfiles, rfilesok, cfiles, cfilesok;
};

static void
pct(const char *what, unsigned long ok, unsigned long all)
{
	printf("  %-28s %5lu / %-5lu %6.1f%%\n", what, ok, all,
	    all ? 100.0 * (double)ok / (double)all : 100.0);
}

static int
measure(const char *dir, int verbose)
{
	char path[4096], line[65536], *f[16], *list[64];
	struct sc_mreader *mr;
	struct run *u;
	struct tot t;
	FILE *tsv;
	size_t nf, nl, i, chunk = 1;

	snprintf(path, sizeof path, "%s/bounces.tsv", dir);
	if ((tsv = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return 2;
	}
	if ((mr = sc_mreader_new()) == NULL ||
	    (u = malloc(sizeof *u)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, strerror(errno));
		return 2;
	}
	u->dump = NULL;
	memset(&t, 0, sizeof t);
	if (fgets(line, sizeof line, tsv) == NULL) {
		fprintf(stderr, "%s: %s: empty\n", prog, path);
		return 2;
	}
	while (fgets(line, sizeof line, tsv) != NULL) {
		unsigned long rc = 0, rok = 0, cc = 0, cok = 0, ex = 0;
		char miss[1024] = "";

		line[strcspn(line, "\r\n")] = '\0';
		if ((nf = split(line, '\t', f, 16)) < 10)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, f[0]);
		chunk = chunk * 7 % 4093 + 1;
		if (read_file(mr, path, chunk, u) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, path,
			    strerror(errno));
			return 2;
		}
		t.files++;
		t.withres += u->n > 0;
		if (f[4][0] != '\0') {
			nl = split(f[4], ',', list, 64);
			for (i = 0; i < nl; i++) {
				rc++;
				if (found_rcpt(u, list[i]))
					rok++;
				else if (strlen(miss) + strlen(list[i]) + 8 <
				    sizeof miss)
					strcat(strcat(miss, " -"), list[i]);
			}
			for (i = 0; i < u->n; i++) {
				size_t k;

				for (k = 0; k < nl; k++)
					if (strcasecmp(u->r[i].rcpt, list[k]) ==
					    0)
						break;
				if (k == nl) {
					ex++;
					if (strlen(miss) +
						strlen(u->r[i].rcpt) + 8 <
					    sizeof miss)
						strcat(strcat(miss, " +"),
						    u->r[i].rcpt);
				}
			}
			t.rfiles++;
			t.rfilesok += rok == rc;
		}
		for (i = 6; i <= 7; i++) {
			size_t k;

			if (f[i][0] == '\0')
				continue;
			nl = split(f[i], ',', list, 64);
			for (k = 0; k < nl; k++) {
				cc++;
				if (found_code(u, list[k]))
					cok++;
				else if (strlen(miss) + strlen(list[k]) + 8 <
				    sizeof miss)
					strcat(strcat(miss, " ~"), list[k]);
			}
		}
		if (cc > 0) {
			t.cfiles++;
			t.cfilesok += cok == cc;
		}
		if (f[8][0] != '\0') {
			char st[32];

			t.st++;
			copy(st, sizeof st, f[8], strcspn(f[8], " ("));
			if (u->n > 0 && strcmp(u->r[0].status, st) == 0)
				t.stok++;
		}
		if (f[9][0] != '\0') {
			t.act++;
			if (u->n > 0 && strcasecmp(u->r[0].action, f[9]) == 0)
				t.actok++;
		}
		t.rcpt += rc;
		t.rcptok += rok;
		t.extra += ex;
		t.codes += cc;
		t.codesok += cok;
		if (verbose && (rok < rc || cok < cc || ex > 0))
			printf("%s: recipients %lu/%lu, codes %lu/%lu:%s\n",
			    f[0], rok, rc, cok, cc, miss);
	}
	fclose(tsv);
	printf("message reader on %s: %lu files, %lu with a result\n", dir,
	    t.files, t.withres);
	pct("recipients found", t.rcptok, t.rcpt);
	pct("files, all recipients", t.rfilesok, t.rfiles);
	printf("  %-28s %5lu\n", "recipients not labelled", t.extra);
	pct("codes found", t.codesok, t.codes);
	pct("files, all codes", t.cfilesok, t.cfiles);
	pct("Status (first result)", t.stok, t.st);
	pct("Action (first result)", t.actok, t.act);
	free(u);
	sc_mreader_free(mr);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "-d") == 0) {
		struct sc_mreader *mr = sc_mreader_new();
		struct run *u = malloc(sizeof *u);
		int i, rc = 0;

		if (mr == NULL || u == NULL) {
			fprintf(stderr, "%s: %s\n", prog, strerror(errno));
			return 2;
		}
		for (i = 2; i < argc; i++) {
			u->dump = argv[i];
			if (read_file(mr, argv[i], 65536, u) < 0) {
				fprintf(stderr, "%s: %s: %s\n", prog, argv[i],
				    strerror(errno));
				rc = 2;
			} else if (u->n == 0) {
				printf("%s\t(nothing)\n", argv[i]);
			}
		}
		free(u);
		sc_mreader_free(mr);
		return rc;
	}
	if (argc == 3 && strcmp(argv[1], "-v") == 0)
		return measure(argv[2], 1);
	if (argc == 2 && argv[1][0] != '-')
		return measure(argv[1], 0);
	fprintf(
	    stderr, "usage: %s [-v] DIR\n       %s -d FILE...\n", prog, prog);
	return 2;
}
