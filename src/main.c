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
"usage: smtpcode [options] CODE|TEXT...\n"
"       smtpcode [options] CODE vs CODE\n"
"       smtpcode [options] -\n"
"       smtpcode [options] --list [PATTERN]\n"
"       smtpcode [options] --search WORD...\n"
"       smtpcode [options] --annotate [--summary] [FILE...]\n"
"       smtpcode [options] --summary [FILE...]\n"
"       smtpcode [options] --list-rules\n"
"       smtpcode --help | --version\n";

static const char help_text[] =
"Explain SMTP replies: why a mail failed and what to do now.\n"
"\n"
"  CODE            a reply code (354), an enhanced status code (5.7.26,\n"
"                  X.1.1), both (\"550 5.1.1\"), a whole reply line\n"
"                  (\"550-5.7.26 text\"), or a class pattern (5xx, 57x,\n"
"                  5.7.x)\n"
"  TEXT            anything else that holds replies (a log line, a\n"
"                  Diagnostic-Code: line): each reply found is explained\n"
"  CODE vs CODE    compare two codes side by side\n"
"  -               read standard input: a bounce message or an mbox (one\n"
"                  result per recipient), a reply, or log lines\n"
"  -l, --list [PATTERN]\n"
"                  list every code, or those matching PATTERN (5xx, 45x,\n"
"                  5.7.x): code, class, title\n"
"  -s, --search WORD...\n"
"                  list the codes whose texts contain every WORD, best first\n"
"  -a, --annotate  copy log FILEs (or standard input) to standard output,\n"
"                  appending to each line that carries SMTP replies a TAB,\n"
"                  \"# smtp: \" and each reply's reason and next step\n"
"  --summary       after the log, count the codes and the reasons seen;\n"
"                  without --annotate, print only that\n"
"  -j, --json      print JSON Lines instead of text\n"
"  --rules FILE    read reply rules from FILE (may repeat) before the\n"
"                  built-in ones; else from SMTPCODE_RULES, else from\n"
"                  ~/.config/smtpcode/rules and /etc/smtpcode/rules\n"
"  --why           name every rule that matched each reply, not only the\n"
"                  one that decided\n"
"  --list-rules    print the rules read and the built-in ones, in the\n"
"                  format of a rules file\n"
"  --color=WHEN    colour: auto (on a terminal, unless NO_COLOR is set or\n"
"                  TERM is dumb), always or never\n"
"  --lang=LANG     en, fr or es (default: from LC_ALL, LC_MESSAGES, LANG)\n"
"  -h, --help      print this help and exit\n"
"  -V, --version   print the version and exit\n"
"\n"
"Exit status: 0 every code is known; 1 a code is well-formed but not\n"
"registered, a list or search found nothing, or a TEXT or input holds no\n"
"reply or bounce; 2 usage error, malformed code, or read or write error\n"
"(a bad rules file included).\n"
"\n"
"Environment: COLUMNS sets the width (else the terminal's, else 80);\n"
"NO_COLOR and TERM=dumb turn colour off; LC_ALL, LC_MESSAGES and LANG\n"
"choose the language; SMTPCODE_RULES, XDG_CONFIG_HOME and HOME say where\n"
"rules are read.\n";

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

/*
 * Standard input into buf[cap], up to its end or cap bytes: how many,
 * or -1 after a diagnostic.  *more is set when input goes on past cap.
 */
static ssize_t
read_in(char *buf, size_t cap, size_t len, int *more)
{
	ssize_t r;

	*more = 0;
	while (len < cap) {
		r = read(STDIN_FILENO, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag("standard input: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			return (ssize_t)len;
		len += (size_t)r;
	}
	*more = 1;
	return (ssize_t)len;
}

/* What is printed of a bounce: one result per recipient. */
struct bounces {
	int json;
	const struct sc_render_opts *o;
	unsigned long long n;
};

static int
print_bounce(void *ctx, const struct sc_bounce *b)
{
	struct bounces *p = ctx;

	if (p->json) {
		sc_json_bounce(stdout, b);
	} else {
		if (p->n > 0)
			fputs("\n", stdout);
		sc_render_bounce(stdout, b, p->o);
	}
	p->n++;
	return ferror(stdout) ? -1 : 0;
}

static char obuf[1 << 16];	/* stdout's buffer for bounce results */

/*
 * A message or an mbox on standard input, buf[0..len) read so far:
 * streamed through the bounce reader, each recipient printed as it comes.
 */
static int
explain_messages(char *buf, size_t len, size_t cap, int more, int json,
    const struct sc_render_opts *o)
{
	struct bounces p = { json, o, 0 };
	struct sc_mreader *r = sc_mreader_new();
	ssize_t n;
	int stop = 0;

	if (r == NULL) {
		diag("%s", strerror(errno));
		return EXIT_USAGE;
	}
	/* Results leave in large writes, and each time input is read. */
	(void)setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	stop = sc_mreader_feed(r, buf, len, print_bounce, &p);
	while (!stop && more) {
		if (fflush(stdout) == EOF)
			break;		/* finish() says so */
		if ((n = read_in(buf, cap, 0, &more)) < 0) {
			sc_mreader_free(r);
			return EXIT_USAGE;
		}
		stop = sc_mreader_feed(r, buf, (size_t)n, print_bounce, &p);
	}
	if (!stop)
		stop = sc_mreader_end(r, print_bounce, &p);
	sc_mreader_free(r);
	if (p.n == 0 && !stop) {
		diag("standard input: no bounce or SMTP reply found in the message");
		return finish(EXIT_UNKNOWN);
	}
	return finish(0);
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
	    0) | (with_summary ? SC_ANNOT_TALLY : 0) |
	    (o->why ? SC_ANNOT_WHY : 0));
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

/* Room for what is explained at once. */
#define QUERIES 256
#define INPUT (1u << 20)	/* of standard input that is no message */
#define CHUNK 65536		/* read before deciding what it is */

/*
 * An argument that is not meant as a code: it holds white space or is
 * longer than any code.  Such an argument is searched for replies;
 * anything else that does not parse is a malformed code.
 */
static int
is_text(const char *a)
{
	return strpbrk(a, " \t\r\n") != NULL || strlen(a) > 20;
}

/* Codes named as arguments (and "-"), one after another or side by side. */
static int
explain(char **args, int nargs, int json, const struct sc_render_opts *o)
{
	static char store[INPUT], in[INPUT];
	static struct sc_query *q;	/* still reachable on early exits */
	struct sc_query e;
	size_t n = 0, used = 0, inlen = 0, i, k, cap = 0;
	int got, st = 0, bad = 0, have_stdin = 0, more;
	ssize_t r;

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
	/* "-" alone may be a message or an mbox, of any size: streamed. */
	if (nargs == 1 && strcmp(args[0], "-") == 0) {
		if ((r = read_in(in, CHUNK, 0, &more)) < 0)
			return EXIT_USAGE;
		if (sc_looks_like_message(in, (size_t)r) != 0)
			return explain_messages(in, (size_t)r, CHUNK, more, json,
			    o);
		if (more && (r = read_in(in, INPUT, (size_t)r, &more)) < 0)
			return EXIT_USAGE;
		if (more) {
			diag("standard input: more than %u bytes that are not a "
			    "message; use --annotate for a log", INPUT);
			return EXIT_USAGE;
		}
		inlen = (size_t)r;
		have_stdin = 1;
	}
	/* Room: one query per code, QUERIES per text or standard input. */
	for (i = 0; i < (size_t)nargs; i++)
		cap += strcmp(args[i], "-") == 0 || is_text(args[i]) ? QUERIES : 1;
	if ((q = calloc(cap + 1, sizeof *q)) == NULL) {
		diag("%s", strerror(errno));
		return EXIT_USAGE;
	}
	/* Every argument first: on any error, nothing goes to stdout. */
	for (i = 0; i < (size_t)nargs; i++) {
		const char *a = args[i], *why;

		if (strcmp(a, "vs") == 0)
			usage("'vs' goes between exactly two codes");
		if (strcmp(a, "-") == 0) {
			if (have_stdin++ && nargs > 1) {
				diag("'-' given twice");
				return EXIT_USAGE;
			}
			if (nargs > 1) {
				if ((r = read_in(in, INPUT, 0, &more)) < 0)
					return EXIT_USAGE;
				if (more) {
					diag("standard input: more than %u bytes "
					    "of replies", INPUT);
					return EXIT_USAGE;
				}
				inlen = (size_t)r;
			}
			if (sc_parse_reply(in, inlen, &q[n], &why) == 0) {
				n++;
				continue;
			}
			k = sc_find_replies(in, inlen, q + n, QUERIES,
			    store + used, sizeof store - used);
			if (k == 0) {
				diag("standard input: no SMTP reply found");
				st = EXIT_UNKNOWN;
			}
			for (got = 0; (size_t)got < k; got++)
				if (q[n + (size_t)got].text != NULL)
					used += q[n + (size_t)got].textlen;
			n += k;
			continue;
		}
		if (sc_parse(a, strlen(a), &q[n], &why) == 0) {
			/* "550" "5.1.1": one reply, explained together */
			if (q[n].kind == SC_Q_BASIC && q[n].text == NULL &&
			    i + 1 < (size_t)nargs && strcmp(args[i + 1], "-") != 0 &&
			    sc_parse(args[i + 1], strlen(args[i + 1]), &e, &why) == 0 &&
			    e.kind == SC_Q_ENH && e.enh.cls != 0) {
				q[n].kind = SC_Q_PAIR;
				q[n].enh = e.enh;
				i++;
			}
			n++;
			continue;
		}
		if (!is_text(a)) {
			diag("'%s': %s", shown(a, strlen(a)), why);
			bad = 1;
			continue;
		}
		k = sc_find_replies(a, strlen(a), q + n, QUERIES, store + used,
		    sizeof store - used);
		if (k == 0) {
			diag("'%s': no SMTP reply found", shown(a, strlen(a)));
			st = EXIT_UNKNOWN;
		}
		for (got = 0; (size_t)got < k; got++)
			if (q[n + (size_t)got].text != NULL)
				used += q[n + (size_t)got].textlen;
		n += k;
	}
	if (bad) {
		free(q);
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && !json)
			fputs("\n", stdout);
		if ((json ? sc_json_query(stdout, &q[i]) :
		    sc_render_query(stdout, &q[i], o)) != 0 && st == 0)
			st = EXIT_UNKNOWN;
	}
	free(q);
	return finish(st);
}

static struct sc_rules *rules_in_force;

/* At exit: the rules go, so that nothing is left allocated. */
static void
release_rules(void)
{
	sc_rules_use(NULL);
	sc_rules_free(rules_in_force);
	rules_in_force = NULL;
}

/*
 * The user's rules: the --rules FILEs, else the default places (see
 * smtpcode(1), RULES); an error stops everything before any output.
 */
static struct sc_rules *
load_rules(const char *const *named, size_t nnamed)
{
	struct sc_rules *rs = sc_rules_new();
	struct sc_rules_error err;

	if (rs == NULL) {
		diag("%s", strerror(errno));
		exit(EXIT_USAGE);
	}
	if (sc_rules_load_default(rs, named, nnamed, &err) < 0) {
		if (err.line > 0)
			diag("%s:%u: %s", shown(err.file, strlen(err.file)),
			    err.line, err.why);
		else
			diag("%s: %s", shown(err.file, strlen(err.file)), err.why);
		exit(EXIT_USAGE);
	}
	sc_rules_use(rs);
	rules_in_force = rs;
	return rs;
}

/* --list-rules: the user's rules, then the built-in ones, as a file has them. */
static int
list_rules(const struct sc_rules *rs)
{
	const struct sc_rule *r;
	const char *file = NULL;
	size_t i;

	for (i = 0; (r = sc_rules_at(rs, i)) != NULL; i++) {
		if (file == NULL || strcmp(file, r->file) != 0)
			printf("# %s\n", shown(r->file, strlen(r->file)));
		file = r->file;
		if (sc_rule_write(stdout, r) < 0)
			printf("# %s: cannot be written back\n", r->id);
	}
	printf("# built in (data/reasons.def)\n");
	for (i = 0; (r = sc_rule_builtin_at(i)) != NULL; i++)
		if (sc_rule_write(stdout, r) < 0)
			printf("# %s: cannot be written back\n", r->id);
	return finish(0);
}

enum { OPT_SUMMARY = 256, OPT_COLOR, OPT_LANG, OPT_RULES, OPT_WHY,
	OPT_LIST_RULES };

static const struct option longopts[] = {
	{ "annotate", no_argument, NULL, 'a' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "json", no_argument, NULL, 'j' },
	{ "list", no_argument, NULL, 'l' },
	{ "search", no_argument, NULL, 's' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "why", no_argument, NULL, OPT_WHY },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct sc_render_opts o;
	int c, annot = 0, summ = 0, json = 0, mode_list = 0, mode_search = 0;
	int lang = -1, nargs = 0, why = 0, mode_rules = 0;
	const char *color = "auto", *a;
	static const char **named;	/* still reachable on early exits */
	size_t nnamed = 0;
	struct sc_rules *rs;
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
		case OPT_RULES:
			if (named == NULL &&
			    (named = calloc((size_t)argc, sizeof *named)) == NULL) {
				diag("%s", strerror(errno));
				return EXIT_USAGE;
			}
			named[nnamed++] = optarg;
			break;
		case OPT_WHY: why = 1; break;
		case OPT_LIST_RULES: mode_rules = 1; break;
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
	if (mode_list + mode_search + mode_rules > 1)
		usage("--list, --search and --list-rules go one at a time");
	if (mode_rules && (annot + summ > 0 || nargs > 0))
		usage("--list-rules takes no CODE, FILE or other mode");
	rs = load_rules(named, nnamed);
	atexit(release_rules);
	free(named);
	if (mode_rules)
		return list_rules(rs);
	o.width = term_width();
	o.why = why;
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
