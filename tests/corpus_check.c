/*
 * corpus_check.c - measure sc_scan() against a labelled corpus.
 *
 * usage: corpus_check DIR
 *
 * DIR/truth.tsv has a header row, then one row per log line: file, line
 * (1-based), codes (space-separated, empty when none).  Each file named
 * there is read from DIR, every line stripped of its "\n" and a "\r"
 * before it and scanned whole (from 0, eol 1).  truth.tsv lists each
 * distinct code of a line once ("dsn=2.0.0 ... (250 2.0.0 Ok)" is
 * labelled "2.0.0 250"), so a line is compared as a set of distinct
 * codes: a code found and labelled is a true positive, found and not
 * labelled a false positive, labelled and not found a false negative.
 *
 * Two checks need no labels: every hit's bytes must read as the code it
 * reports, and the line fed in small windows (eol 0, SC_SCAN_BACK of
 * context, as a caller does with a long line) must give the same hits
 * as the whole line.  Either failing fails the run.
 *
 * Prints per-file and total counts, precision and recall, and every
 * line that differs.  Exit status: 0 when precision is 100% and recall
 * at least 99% and the checks pass, 1 otherwise, 2 on a usage or I/O
 * error or a malformed truth.tsv.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpcode.h"
#include "scanwin.h"

#define MAXHITS	256
#define MAXCODES 64
#define CODELEN	16
#define WINDOW	(SC_SCAN_BACK + SC_SCAN_AHEAD + 17)

struct row {
	char *file;
	unsigned long line;
	char *codes;
};

struct count {
	unsigned long tp, fp, fn, lines;
};

static const char *prog = "corpus_check";

static void
ioerr(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/*
 * Read one line of any length into *buf (grown as needed); its length
 * without the "\n" in *len.  1 for a line, 0 at end of file, -1 on error.
 */
static int
readline(FILE *fp, char **buf, size_t *cap, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF) {
		if (n + 1 >= *cap) {
			size_t ncap = *cap ? *cap * 2 : 256;
			char *p = realloc(*buf, ncap);

			if (p == NULL)
				return -1;
			*buf = p;
			*cap = ncap;
		}
		if (c == '\n')
			break;
		(*buf)[n++] = (char)c;
	}
	if (ferror(fp))
		return -1;
	if (c == EOF && n == 0)
		return 0;
	(*buf)[n] = '\0';
	*len = n;
	return 1;
}

static void
render(const struct sc_hit *h, char *out)
{
	if (h->kind == SC_HIT_BASIC)
		sprintf(out, "%d", h->basic % 1000);
	else
		sprintf(out, "%d.%d.%d", h->enh.cls % 10, h->enh.subject % 1000,
		    h->enh.detail % 1000);
}

/* Add s to the set, unless there or full. */
static void
set_add(char set[][CODELEN], size_t *n, const char *s)
{
	size_t i;

	if (strlen(s) >= CODELEN)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(set[i], s) == 0)
			return;
	if (*n < MAXCODES)
		strcpy(set[(*n)++], s);
}

static int
set_has(char set[][CODELEN], size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i], s) == 0)
			return 1;
	return 0;
}

static void
set_print(char set[][CODELEN], size_t n)
{
	size_t i;

	putchar('[');
	for (i = 0; i < n; i++)
		printf(i ? " %s" : "%s", set[i]);
	putchar(']');
}

static int
same_hits(const struct sc_hit *a, size_t na, const struct sc_hit *b,
    size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].off != b[i].off || a[i].len != b[i].len ||
		    a[i].kind != b[i].kind ||
		    (a[i].kind == SC_HIT_BASIC ? a[i].basic != b[i].basic :
		    a[i].enh.cls != b[i].enh.cls ||
		    a[i].enh.subject != b[i].enh.subject ||
		    a[i].enh.detail != b[i].enh.detail))
			return 0;
	return 1;
}

static double
pct(unsigned long a, unsigned long b)
{
	return b == 0 ? 100.0 : 100.0 * (double)a / (double)b;
}

static void
report(const char *name, const struct count *c)
{
	printf("%-32s lines %5lu  tp %5lu  fp %4lu  fn %4lu  "
	    "precision %6.2f%%  recall %6.2f%%\n", name, c->lines, c->tp, c->fp,
	    c->fn, pct(c->tp, c->tp + c->fp), pct(c->tp, c->tp + c->fn));
}

/* Split a truth.tsv row in place. */
static int
parse_row(char *s, struct row *r)
{
	char *t1, *t2, *end;

	if ((t1 = strchr(s, '\t')) == NULL || (t2 = strchr(t1 + 1, '\t')) == NULL)
		return -1;
	*t1 = *t2 = '\0';
	if (strchr(t2 + 1, '\t') != NULL || t1[1] < '1' || t1[1] > '9')
		return -1;
	errno = 0;
	r->line = strtoul(t1 + 1, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	r->file = xstrdup(s);
	r->codes = xstrdup(t2 + 1);
	return r->file == NULL || r->codes == NULL ? -2 : 0;
}

int
main(int argc, char **argv)
{
	struct sc_hit hits[MAXHITS], whits[MAXHITS];
	char expect[MAXCODES][CODELEN], got[MAXCODES][CODELEN], code[CODELEN];
	struct row *rows = NULL;
	struct count total = { 0, 0, 0, 0 }, fc;
	size_t nrows = 0, caprows = 0, cap = 0, len, i, j, r, nh, nw, ne, ng;
	size_t first;
	unsigned long lineno, bad_off = 0, bad_win = 0, missing = 0;
	char *buf = NULL, *path;
	const char *tok, *codes, **byline = NULL;
	const char *dir;
	FILE *fp;
	int rc, status = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", prog);
		return 2;
	}
	dir = argv[1];
	if ((path = malloc(strlen(dir) + 4096)) == NULL) {
		ioerr("malloc");
		return 2;
	}
	sprintf(path, "%s/truth.tsv", dir);
	if ((fp = fopen(path, "r")) == NULL) {
		ioerr(path);
		return 2;
	}
	lineno = 0;
	while ((rc = readline(fp, &buf, &cap, &len)) == 1) {
		if (++lineno == 1 && strncmp(buf, "file\t", 5) == 0)
			continue;
		if (len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
		if (nrows == caprows) {
			struct row *p;

			caprows = caprows ? caprows * 2 : 512;
			if ((p = realloc(rows, caprows * sizeof *rows)) == NULL) {
				ioerr("realloc");
				return 2;
			}
			rows = p;
		}
		if ((rc = parse_row(buf, &rows[nrows])) != 0) {
			if (rc == -2)
				ioerr("malloc");
			else
				fprintf(stderr, "%s: %s:%lu: malformed row\n", prog,
				    path, lineno);
			return 2;
		}
		if (strlen(rows[nrows].file) > 4000 ||
		    strchr(rows[nrows].file, '/') != NULL) {
			fprintf(stderr, "%s: %s:%lu: bad file name\n", prog, path,
			    lineno);
			return 2;
		}
		nrows++;
	}
	if (rc < 0 || fclose(fp) != 0) {
		ioerr(path);
		return 2;
	}

	/* Files in the order truth.tsv first names them. */
	for (first = 0; first < nrows; first++) {
		unsigned long maxline = 0;

		for (i = 0; i < first; i++)
			if (strcmp(rows[i].file, rows[first].file) == 0)
				break;
		if (i < first)
			continue;
		/* its rows by line number */
		for (r = first; r < nrows; r++)
			if (strcmp(rows[r].file, rows[first].file) == 0 &&
			    rows[r].line > maxline)
				maxline = rows[r].line;
		free(byline);
		if ((byline = calloc(maxline + 1, sizeof *byline)) == NULL) {
			ioerr("calloc");
			return 2;
		}
		for (r = first; r < nrows; r++)
			if (strcmp(rows[r].file, rows[first].file) == 0) {
				if (byline[rows[r].line] != NULL) {
					fprintf(stderr, "%s: %s:%lu: two rows in "
					    "truth.tsv\n", prog, rows[r].file,
					    rows[r].line);
					return 2;
				}
				byline[rows[r].line] = rows[r].codes;
			}
		memset(&fc, 0, sizeof fc);
		sprintf(path, "%s/%s", dir, rows[first].file);
		if ((fp = fopen(path, "rb")) == NULL) {
			ioerr(path);
			return 2;
		}
		lineno = 0;
		while ((rc = readline(fp, &buf, &cap, &len)) == 1) {
			lineno++;
			if (len > 0 && buf[len - 1] == '\r')
				len--;
			codes = lineno <= maxline ? byline[lineno] : NULL;
			if (codes == NULL) {
				fprintf(stderr, "%s: %s:%lu: no row in truth.tsv\n",
				    prog, rows[first].file, lineno);
				missing++;
				codes = "";
			}
			ne = 0;
			for (tok = codes; *tok != '\0';) {
				size_t n = strcspn(tok, " ");

				if (n > 0 && n < CODELEN) {
					memcpy(code, tok, n);
					code[n] = '\0';
					set_add(expect, &ne, code);
				}
				tok += n;
				tok += strspn(tok, " ");
			}

			nh = sc_scan(buf, len, 0, 1, hits, MAXHITS);
			ng = 0;
			for (i = 0; i < nh; i++) {
				render(&hits[i], code);
				if (hits[i].off + hits[i].len > len ||
				    strlen(code) != hits[i].len ||
				    memcmp(buf + hits[i].off, code, hits[i].len) != 0) {
					printf("BAD OFFSET %s:%lu: hit %s at %lu+%lu\n",
					    rows[first].file, lineno, code,
					    (unsigned long)hits[i].off,
					    (unsigned long)hits[i].len);
					bad_off++;
				}
				set_add(got, &ng, code);
			}
			nw = scan_windows(buf, len, WINDOW, whits, MAXHITS);
			if (!same_hits(hits, nh, whits, nw)) {
				printf("WINDOW %s:%lu: %lu hits whole, %lu in windows\n",
				    rows[first].file, lineno, (unsigned long)nh,
				    (unsigned long)nw);
				bad_win++;
			}

			fc.lines++;
			j = 0;
			for (i = 0; i < ng; i++) {
				if (set_has(expect, ne, got[i])) {
					fc.tp++;
					j++;
				} else {
					fc.fp++;
				}
			}
			fc.fn += ne - j;
			if (j != ne || j != ng) {
				printf("MISMATCH %s:%lu: expected ", rows[first].file,
				    lineno);
				set_print(expect, ne);
				printf(" got ");
				set_print(got, ng);
				putchar('\n');
			}
		}
		if (rc < 0 || fclose(fp) != 0) {
			ioerr(path);
			return 2;
		}
		if (maxline > lineno) {
			fprintf(stderr, "%s: %s:%lu: row past the end of the "
			    "file\n", prog, rows[first].file, maxline);
			return 2;
		}
		report(rows[first].file, &fc);
		total.tp += fc.tp;
		total.fp += fc.fp;
		total.fn += fc.fn;
		total.lines += fc.lines;
	}
	report("TOTAL", &total);
	if (bad_off > 0 || bad_win > 0)
		printf("self-checks: %lu bad offsets, %lu lines differ in "
		    "windows\n", bad_off, bad_win);
	if (missing > 0)
		printf("%lu lines without a truth row (taken as no codes)\n",
		    missing);
	if (total.fp != 0 || pct(total.tp, total.tp + total.fn) < 99.0 ||
	    bad_off > 0 || bad_win > 0)
		status = 1;
	printf("%s\n", status ? "FAIL" : "PASS");
	for (r = 0; r < nrows; r++) {
		free(rows[r].file);
		free(rows[r].codes);
	}
	free(rows);
	free(byline);
	free(buf);
	free(path);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ioerr("stdout");
		return 2;
	}
	return status;
}
