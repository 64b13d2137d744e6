/*
 * main.c - the command line: argv, stdout, stderr and the exit status
 * belong here and nowhere else.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "smtpcode.h"

#define EXIT_UNKNOWN 1
#define EXIT_USAGE 2

static const char usage_text[] =
"usage: smtpcode [options] CODE...\n"
"       smtpcode [options] CODE vs CODE\n"
"       smtpcode [options] -\n"
"       smtpcode [options] --list [PATTERN]\n"
"       smtpcode [options] --search WORD...\n"
"       smtpcode [options] --annotate [--summary] [FILE...]\n"
"       smtpcode [options] --summary [FILE...]\n"
"       smtpcode --help | --version\n";

static const char help_text[] =
"Explain SMTP reply codes and enhanced status codes.\n"
"\n"
"  CODE            a reply code (354), an enhanced status code (5.7.26,\n"
"                  X.1.1), both (\"550 5.1.1\"), a whole reply line\n"
"                  (\"550-5.7.26 text\"), or a class (5xx, 55x)\n"
"  CODE vs CODE    compare two codes side by side\n"
"  -               read a reply, of one or more lines, from standard input\n"
"  -l, --list [PATTERN]\n"
"                  list every code, or those matching PATTERN (5xx, 45x,\n"
"                  5.7.x): code, class, title\n"
"  -s, --search WORD...\n"
"                  list the codes whose texts contain every WORD, best first\n"
"  -a, --annotate  copy log FILEs (or standard input) to standard output,\n"
"                  appending to each line that carries SMTP replies a TAB,\n"
"                  \"# smtp: \" and the meaning of each code\n"
"  --summary       after the log, print each code seen with its count;\n"
"                  without --annotate, print only that\n"
"  -j, --json      print JSON Lines instead of text\n"
"  --color=WHEN    colour: auto (on a terminal, unless NO_COLOR is set or\n"
"                  TERM is dumb), always or never\n"
"  --lang=LANG     en, fr or es (default: from LC_ALL, LC_MESSAGES, LANG)\n"
"  -h, --help      print this help and exit\n"
"  -V, --version   print the version and exit\n"
"\n"
"Exit status: 0 every code is known; 1 a code is well-formed but not\n"
"registered, or a list or search found nothing; 2 usage error, malformed\n"
"code, or read or write error.\n"
"\n"
"Environment: COLUMNS sets the width (else the terminal's, else 80);\n"
"NO_COLOR and TERM=dumb turn colour off; LC_ALL, LC_MESSAGES and LANG\n"
"choose the language.\n";

static const char *prog = "smtpcode";

/* An argument as it may be shown: control and non-ASCII bytes escaped. */
static const char *
shown(const char *s, size_t len)
{
	static char buf[256];
	size_t i, o = 0;

	for (i = 0; i < len && o < sizeof buf - 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[o++] = (char)c;
		else if (c == '\\')
			o += (size_t)snprintf(buf + o, sizeof buf - o, "\\\\");
		else
			o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02x", c);
	}
	if (i < len)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "...");
	buf[o] = '\0';
	return buf;
}

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

/* Flush and check stdout; a failed write is an error (exit 2). */
static int
finish(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return EXIT_USAGE;
	}
	return status;
}

static int
parse_columns(const char *s)
{
	long v = 0;
	const char *p;

	if (s == NULL || *s == '\0')
		return -1;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v <= 100000)	/* saturates: any larger is capped alike */
			v = v * 10 + (*p - '0');
	}
	if (v < 1)
		return -1;
	if (v < 20)
		v = 20;
	if (v > 1000)
		v = 1000;
	return (int)v;
}

static int
term_width(void)
{
	struct winsize ws;
	int w = parse_columns(getenv("COLUMNS"));

	if (w > 0)
		return w;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		w = ws.ws_col;
		return w < 20 ? 20 : w > 1000 ? 1000 : w;
	}
	return 80;
}

static int
parse_arg(const char *arg, struct sc_query *q)
{
	const char *why;

	if (sc_parse(arg, strlen(arg), q, &why) < 0) {
		fprintf(stderr, "%s: '%s': %s\n", prog, shown(arg, strlen(arg)), why);
		return -1;
	}
	return 0;
}

static int
read_reply(struct sc_query *q, char *buf, size_t cap)
{
	const char *why;
	size_t len = 0;
	ssize_t r;

	for (;;) {
		r = read(STDIN_FILENO, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "%s: standard input: %s\n", prog, strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			fprintf(stderr, "%s: standard input: reply longer than %zu bytes\n",
			    prog, cap - 1);
			return -1;
		}
	}
	if (sc_parse_reply(buf, len, q, &why) < 0) {
		fprintf(stderr, "%s: standard input: %s\n", prog, why);
		return -1;
	}
	return 0;
}

/* ---- --summary ------------------------------------------------------ */

struct row {
	unsigned long long n;
	struct sc_hit h;
};

static int
row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	char ka[32], kb[32];

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	sc_hit_code(&a->h, ka, sizeof ka);
	sc_hit_code(&b->h, kb, sizeof kb);
	return strcmp(ka, kb);
}

static void
summary(const struct sc_tally *t)
{
	static struct row rows[1000 + 3 * 8 * 32 + SC_TALLY_OTHER];
	size_t n = 0, i;
	int c, s, d;
	char code[32];

	for (c = 0; c < 1000; c++)
		if (t->basic[c]) {
			rows[n].n = t->basic[c];
			rows[n].h.kind = SC_HIT_BASIC;
			rows[n++].h.basic = c;
		}
	for (c = 0; c < 3; c++)
		for (s = 0; s < 8; s++)
			for (d = 0; d < 32; d++)
				if (t->enh[c][s][d]) {
					rows[n].n = t->enh[c][s][d];
					rows[n].h.kind = SC_HIT_ENH;
					rows[n].h.enh.cls = c == 0 ? 2 : c == 1 ? 4 : 5;
					rows[n].h.enh.subject = s;
					rows[n++].h.enh.detail = d;
				}
	for (i = 0; i < t->nother; i++) {
		rows[n].n = t->other[i].n;
		rows[n].h.kind = SC_HIT_ENH;
		rows[n++].h.enh = t->other[i].code;
	}
	qsort(rows, n, sizeof rows[0], row_cmp);
	printf("%12s  %-8s %s\n", "count", "code", "meaning");
	for (i = 0; i < n; i++) {
		sc_hit_code(&rows[i].h, code, sizeof code);
		printf("%12llu  %-8s %s\n", rows[i].n, code,
		    sc_hit_meaning(&rows[i].h));
	}
	if (t->dropped)
		printf("%12llu  %-8s %s\n", t->dropped, "other",
		    "further unregistered enhanced codes");
	printf("%llu lines, %llu with SMTP replies\n", t->lines, t->annotated);
}

static int
annotate(char **files, int nfiles, int with_summary, int quiet, int json,
    int color)
{
	static struct sc_annot a;
	static struct sc_tally t;
	const char *name;
	int i, fd, r, is_stdin, status = 0;

	a.out = STDOUT_FILENO;
	a.quiet = quiet;
	a.json = json;
	a.color = color;
	a.tally = with_summary ? &t : NULL;
	/* The FILEs are one stream, as their concatenation is (cat a b). */
	for (i = 0; i < nfiles || (nfiles == 0 && i == 0); i++) {
		name = nfiles ? files[i] : "-";
		is_stdin = strcmp(name, "-") == 0;
		if (is_stdin) {
			fd = STDIN_FILENO;
		} else if ((fd = open(name, O_RDONLY)) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog,
			    shown(name, strlen(name)), strerror(errno));
			status = EXIT_USAGE;
			continue;
		}
		a.name = name;
		a.lineno = 0;
		r = sc_annot_read(&a, fd);
		if (r == SC_ANNOT_EWRITE) {
			fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
			return EXIT_USAGE;
		}
		if (r == SC_ANNOT_EREAD) {
			fprintf(stderr, "%s: %s: %s\n", prog, is_stdin ?
			    "standard input" : shown(name, strlen(name)),
			    strerror(errno));
			status = EXIT_USAGE;
		}
		if (!is_stdin)
			close(fd);
	}
	if (sc_annot_end(&a) < 0) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return EXIT_USAGE;
	}
	if (with_summary) {
		if (!quiet)
			putchar('\n');
		summary(&t);
	}
	return finish(status);
}

static int
use_color(const char *when)
{
	const char *t = getenv("TERM"), *nc = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	if (nc != NULL && *nc != '\0')
		return 0;
	if (t != NULL && strcmp(t, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

/* Lines of a list or search; exit 1 when there are none. */
static int
print_items(const struct sc_item *it, size_t n, int json,
    const struct sc_render_opts *o)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (json)
			sc_json_item(stdout, &it[i]);
		else
			sc_render_item(stdout, &it[i], o);
	}
	return finish(n > 0 ? 0 : EXIT_UNKNOWN);
}

static int
list(const char *pat, int json, const struct sc_render_opts *o)
{
	static struct sc_item it[SC_ITEMS_MAX];
	struct sc_pattern p;
	const char *why;

	if (pat != NULL && sc_pattern_parse(pat, &p, &why) < 0) {
		fprintf(stderr, "%s: '%s': %s\n", prog, shown(pat, strlen(pat)), why);
		return EXIT_USAGE;
	}
	return print_items(it, sc_list(pat ? &p : NULL, it, SC_ITEMS_MAX), json, o);
}

static int
search(char **words, int nwords, int json, const struct sc_render_opts *o)
{
	static struct sc_item it[SC_ITEMS_MAX];

	if (nwords == 0) {
		fprintf(stderr, "%s: --search needs at least one word\n", prog);
		usage();
	}
	return print_items(it, sc_search(words, (size_t)nwords, it, SC_ITEMS_MAX),
	    json, o);
}

int
main(int argc, char **argv)
{
	static char replybuf[65536];
	struct sc_query q, stdin_q;
	struct sc_render_opts o;
	int i, st = 0, bad = 0, annot = 0, summ = 0, dashdash = 0, json = 0;
	int mode_list = 0, mode_search = 0, nfiles = 0, r, lang = -1;
	const char *color = "auto";
	char **files;

	signal(SIGPIPE, SIG_DFL);
	files = argv + 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!dashdash && a[0] == '-' && a[1] != '\0' &&
		    !(a[1] >= '0' && a[1] <= '9')) {
			if (strcmp(a, "--") == 0)
				dashdash = 1;
			else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				fputs(usage_text, stdout);
				fputs("\n", stdout);
				fputs(help_text, stdout);
				return finish(0);
			} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
				printf("smtpcode %s\n", SMTPCODE_VERSION);
				return finish(0);
			} else if (strcmp(a, "-a") == 0 || strcmp(a, "--annotate") == 0)
				annot = 1;
			else if (strcmp(a, "--summary") == 0)
				summ = 1;
			else if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0)
				json = 1;
			else if (strcmp(a, "-l") == 0 || strcmp(a, "--list") == 0)
				mode_list = 1;
			else if (strcmp(a, "-s") == 0 || strcmp(a, "--search") == 0)
				mode_search = 1;
			else if (strncmp(a, "--color=", 8) == 0 ||
			    strncmp(a, "--colour=", 9) == 0) {
				color = strchr(a, '=') + 1;
				if (strcmp(color, "auto") != 0 &&
				    strcmp(color, "always") != 0 &&
				    strcmp(color, "never") != 0) {
					fprintf(stderr, "%s: '%s': --color takes auto, "
					    "always or never\n", prog, shown(a, strlen(a)));
					usage();
				}
			} else if (strncmp(a, "--lang=", 7) == 0) {
				lang = sc_lang_parse(a + 7);
				if (lang < 0) {
					fprintf(stderr, "%s: '%s': --lang takes en, fr "
					    "or es\n", prog, shown(a, strlen(a)));
					usage();
				}
			} else {
				fprintf(stderr, "%s: unknown option '%s'\n", prog,
				    shown(a, strlen(a)));
				usage();
			}
			continue;
		}
		files[nfiles++] = argv[i];
	}
	if (annot + summ > 0 && mode_list + mode_search > 0) {
		fprintf(stderr, "%s: --annotate and --summary go with neither "
		    "--list nor --search\n", prog);
		usage();
	}
	if (mode_list + mode_search > 1) {
		fprintf(stderr, "%s: --list and --search go one at a time\n", prog);
		usage();
	}
	o.width = term_width();
	o.lang = lang >= 0 ? lang : sc_lang_env();
	o.color = use_color(color);
	if (annot || summ)
		return annotate(files, nfiles, summ, !annot, json, o.color && !json);
	if (mode_list) {
		if (nfiles > 1) {
			fprintf(stderr, "%s: --list takes one pattern\n", prog);
			usage();
		}
		return list(nfiles ? files[0] : NULL, json, &o);
	}
	if (mode_search)
		return search(files, nfiles, json, &o);
	if (nfiles == 0) {
		fprintf(stderr, "%s: no code given\n", prog);
		usage();
	}
	stdin_q.basic = -2;	/* not read yet */

	if (nfiles == 3 && strcmp(files[1], "vs") == 0) {
		struct sc_query a, b;

		int bad_a = parse_arg(files[0], &a) < 0;	/* report both */
		int bad_b = parse_arg(files[2], &b) < 0;

		if (bad_a || bad_b)
			return EXIT_USAGE;
		if (a.kind == SC_Q_CLASS || b.kind == SC_Q_CLASS) {
			fprintf(stderr, "%s: 'vs' compares two codes, not classes\n", prog);
			return EXIT_USAGE;
		}
		if (json)
			return finish(sc_json_compare(stdout, &a, &b));
		return finish(sc_render_compare(stdout, &a, &b, &o));
	}
	/* Check every argument first: on any error, nothing goes to stdout. */
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "vs") == 0) {
			fprintf(stderr, "%s: 'vs' goes between exactly two codes\n", prog);
			usage();
		}
		if (strcmp(files[i], "-") == 0) {
			if (stdin_q.basic != -2) {
				fprintf(stderr, "%s: '-' given twice\n", prog);
				return EXIT_USAGE;
			}
			r = read_reply(&stdin_q, replybuf, sizeof replybuf);
		} else {
			r = parse_arg(files[i], &q);
		}
		if (r < 0)
			bad = 1;
	}
	if (bad)
		return EXIT_USAGE;
	for (i = 0; i < nfiles; i++) {
		struct sc_query e;

		if (i > 0 && !json)
			fputs("\n", stdout);
		if (strcmp(files[i], "-") != 0)
			(void)parse_arg(files[i], &q);
		else
			q = stdin_q;
		/* "550" "5.1.1": one reply, explained together */
		if (q.kind == SC_Q_BASIC && q.text == NULL && i + 1 < nfiles &&
		    strcmp(files[i + 1], "-") != 0 &&
		    parse_arg(files[i + 1], &e) == 0 && e.kind == SC_Q_ENH &&
		    e.enh.cls != 0) {
			q.kind = SC_Q_PAIR;
			q.enh = e.enh;
			i++;
		}
		if ((json ? sc_json_query(stdout, &q) :
		    sc_render_query(stdout, &q, &o)) != 0)
			st = EXIT_UNKNOWN;
	}
	return finish(st);
}
