/*
 * main.c - the command line: argv, stdout, stderr and the exit status
 * belong here and nowhere else.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
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
"                  (\"550-5.7.26 text\"), or a class pattern (5xx, 57x,\n"
"                  5.7.x)\n"
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

/* A diagnostic: one line on stderr, "smtpcode: " and the message. */
static void
vdiag(const char *fmt, va_list ap)
{
	char msg[1024];

	/*
	 * clang-analyzer (14) takes a va_list parameter for uninitialized
	 * when it analyzes this function on its own; every caller has
	 * called va_start.
	 */
	(void)vsnprintf(msg, sizeof msg, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	fprintf(stderr, "%s: %s\n", prog, msg);
}

static void
diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
}

/* A usage error: the diagnostic, then the usage lines; exit 2. */
static void
usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

/* Flush and check stdout; a failed write is an error (exit 2). */
static int
finish(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		diag("write error: %s", strerror(errno));
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
		diag("'%s': %s", shown(arg, strlen(arg)), why);
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
			diag("standard input: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap) {
			diag("standard input: reply longer than %zu bytes", cap - 1);
			return -1;
		}
	}
	if (sc_parse_reply(buf, len, q, &why) < 0) {
		diag("standard input: %s", why);
		return -1;
	}
	return 0;
}

/* --annotate, --summary: the FILEs are one stream, as cat a b makes them. */
static int
annotate(char **files, int nfiles, int with_summary, int quiet, int json,
    const struct sc_render_opts *o)
{
	struct sc_annot *a;
	const char *name;
	int i, fd, r = SC_OK, is_stdin, status = 0;

	a = sc_annot_new(STDOUT_FILENO, (quiet ? SC_ANNOT_QUIET : 0) |
	    (json ? SC_ANNOT_JSON : 0) | (o->color && !json ? SC_ANNOT_COLOR :
	    0) | (with_summary ? SC_ANNOT_TALLY : 0));
	if (a == NULL) {
		diag("%s", strerror(errno));
		return EXIT_USAGE;
	}
	for (i = 0; i < nfiles || (nfiles == 0 && i == 0); i++) {
		name = nfiles ? files[i] : "-";
		is_stdin = strcmp(name, "-") == 0;
		if (is_stdin) {
			fd = STDIN_FILENO;
		} else if ((fd = open(name, O_RDONLY)) < 0) {
			diag("%s: %s", shown(name, strlen(name)), strerror(errno));
			status = EXIT_USAGE;
			continue;
		}
		sc_annot_input(a, name);
		r = sc_annot_read(a, fd);
		if (r == SC_EREAD) {
			diag("%s: %s", is_stdin ? "standard input" :
			    shown(name, strlen(name)), strerror(errno));
			status = EXIT_USAGE;
		}
		if (!is_stdin)
			close(fd);
		if (r == SC_EWRITE)
			break;
	}
	if (r == SC_EWRITE || sc_annot_end(a) < 0) {
		diag("write error: %s", strerror(errno));
		sc_annot_free(a);
		return EXIT_USAGE;
	}
	if (with_summary) {
		if (!quiet && !json)
			putchar('\n');
		if (json)
			sc_json_summary(stdout, a);
		else
			sc_render_summary(stdout, a, o);
	}
	sc_annot_free(a);
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
		diag("'%s': %s", shown(pat, strlen(pat)), why);
		return EXIT_USAGE;
	}
	return print_items(it, sc_list(pat ? &p : NULL, it, SC_ITEMS_MAX), json, o);
}

static int
search(char **words, int nwords, int json, const struct sc_render_opts *o)
{
	static struct sc_item it[SC_ITEMS_MAX];

	if (nwords == 0) {
		usage("--search needs at least one word");
	}
	return print_items(it, sc_search(words, (size_t)nwords, it, SC_ITEMS_MAX),
	    json, o);
}

/* Codes named as arguments (and "-"), one after another or side by side. */
static int
explain(char **args, int nargs, int json, const struct sc_render_opts *o)
{
	static char replybuf[65536];
	struct sc_query q, e, stdin_q;
	int i, st = 0, bad = 0, have_stdin = 0;

	if (nargs == 3 && strcmp(args[1], "vs") == 0) {
		struct sc_query a, b;
		int bad_a = parse_arg(args[0], &a) < 0;	/* report both */
		int bad_b = parse_arg(args[2], &b) < 0;

		if (bad_a || bad_b)
			return EXIT_USAGE;
		if (a.kind == SC_Q_CLASS || b.kind == SC_Q_CLASS) {
			diag("'vs' compares two codes, not classes");
			return EXIT_USAGE;
		}
		if (json)
			return finish(sc_json_compare(stdout, &a, &b));
		return finish(sc_render_compare(stdout, &a, &b, o));
	}
	/* Check every argument first: on any error, nothing goes to stdout. */
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "vs") == 0)
			usage("'vs' goes between exactly two codes");
		if (strcmp(args[i], "-") != 0) {
			bad |= parse_arg(args[i], &q) < 0;
		} else if (have_stdin) {
			diag("'-' given twice");
			return EXIT_USAGE;
		} else {
			have_stdin = 1;
			bad |= read_reply(&stdin_q, replybuf, sizeof replybuf) < 0;
		}
	}
	if (bad)
		return EXIT_USAGE;
	for (i = 0; i < nargs; i++) {
		if (i > 0 && !json)
			fputs("\n", stdout);
		if (strcmp(args[i], "-") != 0)
			(void)parse_arg(args[i], &q);
		else
			q = stdin_q;
		/* "550" "5.1.1": one reply, explained together */
		if (q.kind == SC_Q_BASIC && q.text == NULL && i + 1 < nargs &&
		    strcmp(args[i + 1], "-") != 0 &&
		    parse_arg(args[i + 1], &e) == 0 && e.kind == SC_Q_ENH &&
		    e.enh.cls != 0) {
			q.kind = SC_Q_PAIR;
			q.enh = e.enh;
			i++;
		}
		if ((json ? sc_json_query(stdout, &q) :
		    sc_render_query(stdout, &q, o)) != 0)
			st = EXIT_UNKNOWN;
	}
	return finish(st);
}

enum { OPT_SUMMARY = 256, OPT_COLOR, OPT_LANG };

static const struct option longopts[] = {
	{ "annotate", no_argument, NULL, 'a' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "json", no_argument, NULL, 'j' },
	{ "list", no_argument, NULL, 'l' },
	{ "search", no_argument, NULL, 's' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct sc_render_opts o;
	int c, annot = 0, summ = 0, json = 0, mode_list = 0, mode_search = 0;
	int lang = -1, nargs = 0;
	const char *color = "auto", *a;
	char **args = argv + 1;	/* operands, in order, over what was read */

	signal(SIGPIPE, SIG_DFL);
	opterr = 0;
	/* "-": operands come back in order (1), options may follow them */
	while ((c = getopt_long(argc, argv, "-:ajlshV", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			args[nargs++] = optarg;
			break;
		case 'a': annot = 1; break;
		case OPT_SUMMARY: summ = 1; break;
		case 'j': json = 1; break;
		case 'l': mode_list = 1; break;
		case 's': mode_search = 1; break;
		case OPT_COLOR:
			color = optarg;
			if (strcmp(color, "auto") != 0 && strcmp(color, "always") != 0 &&
			    strcmp(color, "never") != 0)
				usage("'--color=%s': --color takes auto, always or "
				    "never", shown(optarg, strlen(optarg)));
			break;
		case OPT_LANG:
			if ((lang = sc_lang_parse(optarg)) < 0)
				usage("'--lang=%s': --lang takes en, fr or es",
				    shown(optarg, strlen(optarg)));
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs("\n", stdout);
			fputs(help_text, stdout);
			return finish(0);
		case 'V':
			printf("smtpcode %s\n", SMTPCODE_VERSION);
			return finish(0);
		case ':':
			a = argv[optind - 1];
			usage("option '%s' needs a value", shown(a, strlen(a)));
			break;
		default:
			a = argv[optind - 1];
			if (strncmp(a, "--", 2) != 0)
				usage("unknown option '-%s'",
				    shown((const char *)&(char){ (char)optopt }, 1));
			if (optopt != 0)
				usage("'%s': this option takes no value",
				    shown(a, strlen(a)));
			usage("unknown option '%s'", shown(a, strlen(a)));
		}
	}
	while (optind < argc)	/* after "--" */
		args[nargs++] = argv[optind++];
	if (annot + summ > 0 && mode_list + mode_search > 0)
		usage("--annotate and --summary go with neither --list nor --search");
	if (mode_list + mode_search > 1)
		usage("--list and --search go one at a time");
	o.width = term_width();
	o.lang = lang >= 0 ? lang : sc_lang_env();
	o.color = use_color(color);
	if (annot || summ)
		return annotate(args, nargs, summ, !annot, json, &o);
	if (mode_list) {
		if (nargs > 1)
			usage("--list takes one pattern");
		return list(nargs ? args[0] : NULL, json, &o);
	}
	if (mode_search)
		return search(args, nargs, json, &o);
	if (nargs == 0)
		usage("no code given");
	return explain(args, nargs, json, &o);
}
