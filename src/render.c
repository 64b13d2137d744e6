/*
 * render.c - entries and comparisons, as text fitted to a width.
 *
 * Everything is written to the FILE * the caller gives; nothing is
 * allocated.  Width is in columns; the table's text is ASCII, so a byte
 * is a column.
 */
#include <string.h>

#include "smtpcode.h"

#define INDENT 2
#define MIN_COL 28	/* narrower than this, two columns stack */
#define GUTTER " | "

/* What one side of an answer shows, whatever kind of code it is. */
struct view {
	char label[40];		/* "221", "5.7.26", "550 5.1.1" */
	char classline[80];	/* "2xx Positive Completion" */
	const char *title;
	const char *desc, *when, *fix, *stage;
	int cls;		/* 2-5, or 0 for the X. form */
	int known;
};

/* ---- wrapping ------------------------------------------------------- */

/*
 * Next line of at most width bytes from *p: breaks at a space where it
 * can, mid-word where a word is longer than the line.  Returns 0 at the
 * end of the text.
 */
static int
next_seg(const char **p, int width, const char **seg, int *n)
{
	const char *s = *p;
	int len, brk = -1, i;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	len = (int)strlen(s);
	if (width < 1)
		width = 1;
	if (len <= width) {
		*seg = s;
		*n = len;
		*p = s + len;
		return 1;
	}
	for (i = 0; i <= width; i++)
		if (s[i] == ' ')
			brk = i;
	if (brk <= 0)
		brk = width;
	*seg = s;
	*n = brk;
	while (*n > 0 && s[*n - 1] == ' ')
		(*n)--;
	*p = s + brk;
	return 1;
}

void
sc_wrap(FILE *out, const char *text, int indent, int width)
{
	const char *p = text, *seg;
	int n;

	while (next_seg(&p, width - indent, &seg, &n))
		fprintf(out, "%*s%.*s\n", indent, "", n, seg);
}

/* "- text", continuation lines under the text. */
static void
bullet(FILE *out, const char *text, int width)
{
	const char *p = text, *seg;
	int n, first = 1;

	while (next_seg(&p, width - 2, &seg, &n)) {
		fprintf(out, "%s%.*s\n", first ? "- " : "  ", n, seg);
		first = 0;
	}
}

static void
heading(FILE *out, const char *h)
{
	fprintf(out, "\n%s\n", h);
}

/* A "Label     value" line, the value wrapped under itself. */
static void
field(FILE *out, const char *label, const char *value, int width)
{
	const char *p = value, *seg;
	int n, first = 1, col = INDENT + 10;

	while (next_seg(&p, width - col, &seg, &n)) {
		if (first)
			fprintf(out, "%*s%-10s%.*s\n", INDENT, "", label, n, seg);
		else
			fprintf(out, "%*s%.*s\n", col, "", n, seg);
		first = 0;
	}
}

/* ---- views ---------------------------------------------------------- */

static void
basic_classline(char *buf, size_t sz, int code)
{
	const struct sc_rclass *c = sc_reply_class(code / 100);

	snprintf(buf, sz, "%dxx %s", code / 100,
	    c ? c->title : "(no such class)");
}

static void
enh_label(char *buf, size_t sz, const struct sc_enh_code *e)
{
	if (e->cls == 0)
		snprintf(buf, sz, "X.%d.%d", e->subject, e->detail);
	else
		snprintf(buf, sz, "%d.%d.%d", e->cls, e->subject, e->detail);
}

static void
enh_classline(char *buf, size_t sz, int cls)
{
	const struct sc_enh_part *c = sc_enh_class(cls);

	if (c == NULL)
		snprintf(buf, sz, "X.x.x any class");
	else
		snprintf(buf, sz, "%d.x.x %s", cls, c->title);
}

static void
view_of(struct view *v, const struct sc_query *q)
{
	const struct sc_basic *b = NULL;
	const struct sc_enhanced *e = NULL;
	const struct sc_rclass *rc;
	char el[16];

	memset(v, 0, sizeof *v);
	if (q->basic >= 0)
		b = sc_basic_lookup(q->basic);
	if (q->enh.subject >= 0)
		e = sc_enh_lookup(q->enh.subject, q->enh.detail);
	if (q->kind == Q_ENH) {
		enh_label(v->label, sizeof v->label, &q->enh);
		enh_classline(v->classline, sizeof v->classline, q->enh.cls);
		v->cls = q->enh.cls;
	} else {
		snprintf(v->label, sizeof v->label, "%d", q->basic);
		if (q->kind == Q_PAIR) {
			enh_label(el, sizeof el, &q->enh);
			snprintf(v->label, sizeof v->label, "%d %s", q->basic, el);
		}
		basic_classline(v->classline, sizeof v->classline, q->basic);
		v->cls = q->basic / 100;
	}
	rc = sc_reply_class(v->cls);
	if (q->kind == Q_ENH || (q->kind == Q_PAIR && e != NULL)) {
		if (e != NULL) {
			v->known = q->kind == Q_ENH || b != NULL;
			v->title = e->title;
			v->desc = e->desc;
			v->when = e->when;
			v->fix = e->fix;
			v->stage = b ? b->stage : "in a reply or a delivery status notice";
			return;
		}
	} else if (b != NULL) {
		v->known = 1;
		v->title = b->title;
		v->desc = b->desc;
		v->when = b->when;
		v->fix = b->fix;
		v->stage = b->stage;
		return;
	}
	v->title = "Not registered";
	v->desc = rc ? rc->meaning : "No RFC defines this code.";
	v->when = "No RFC or registry defines this exact code; only its class "
	    "tells what it means.";
	v->fix = rc ? rc->advice : "Read the server's text for what it means.";
	v->stage = "anywhere";
}

/* ---- one entry ------------------------------------------------------ */

static void
related_enh_of_basic(FILE *out, int code, int width)
{
	char line[2048], item[32];
	size_t i, len = 0, ci;
	const struct sc_enhanced *e;
	const char *a;
	int cls = code / 100;

	line[0] = '\0';
	for (i = 0; (e = sc_enh_at(i)) != NULL; i++) {
		for (a = e->assoc; *a; ) {
			int v = 0;
			for (ci = 0; a[ci] >= '0' && a[ci] <= '9'; ci++)
				v = v * 10 + (a[ci] - '0');
			if (v == code) {
				if (sc_enh_allows(e, cls))
					snprintf(item, sizeof item, "%d.%d.%d ",
					    cls, e->subject, e->detail);
				else
					snprintf(item, sizeof item, "X.%d.%d ",
					    e->subject, e->detail);
				if (len + strlen(item) < sizeof line) {
					memcpy(line + len, item, strlen(item) + 1);
					len += strlen(item);
				}
				break;
			}
			a += ci;
			while (*a == ' ')
				a++;
			if (ci == 0 && *a)
				a++;
		}
	}
	if (len > 0) {
		line[len - 1] = '\0';
		field(out, "Enhanced", line, width);
	}
}

static void
list_codes(FILE *out, const char *codes, int width)
{
	const char *a = codes;
	const struct sc_basic *b;
	char buf[512], lab[12];
	int v;

	while (*a) {
		if (*a < '0' || *a > '9') {
			a++;
			continue;
		}
		for (v = 0; *a >= '0' && *a <= '9'; a++)
			v = v * 10 + (*a - '0');
		b = sc_basic_lookup(v);
		snprintf(buf, sizeof buf, "%s%s", b ? b->title : "not registered",
		    b && b->origin == ORIGIN_WILD ? " (non-standard)" : "");
		snprintf(lab, sizeof lab, "%d", v);
		field(out, lab, buf, width);
	}
}

static void
body(FILE *out, const struct view *v, int width)
{
	heading(out, "Description");
	sc_wrap(out, v->desc, INDENT, width);
	heading(out, "When you see it");
	sc_wrap(out, v->when, INDENT, width);
	heading(out, "How to fix");
	sc_wrap(out, v->fix, INDENT, width);
}

static void
title_line(FILE *out, const char *label, const char *title, int width)
{
	char buf[512];

	snprintf(buf, sizeof buf, "%s  %s", label, title);
	sc_wrap(out, buf, 0, width);
}

static int
render_basic(FILE *out, int code, const struct sc_render_opts *o)
{
	const struct sc_basic *b = sc_basic_lookup(code);
	const struct sc_rclass *cat = sc_reply_category(code / 10 % 10);
	struct sc_query q;
	struct view v;
	char buf[512];
	int w = o->width;

	memset(&q, 0, sizeof q);
	q.kind = Q_BASIC;
	q.basic = code;
	q.enh.subject = -1;
	view_of(&v, &q);
	title_line(out, v.label, v.title, w);
	field(out, "Class", v.classline, w);
	if (cat != NULL) {
		snprintf(buf, sizeof buf, "x%dz %s: %s", cat->digit, cat->title,
		    cat->meaning);
		field(out, "Category", buf, w);
	}
	if (b == NULL) {
		snprintf(buf, sizeof buf, "%d is not registered: no RFC defines "
		    "it and smtpcode has no record of it in use", code);
		field(out, "Status", buf, w);
		body(out, &v, w);
		return 1;
	}
	snprintf(buf, sizeof buf, "%s   Topic: %s", sc_severity_name(b->severity),
	    sc_topic_name(b->topic));
	field(out, "Severity", buf, w);
	if (b->origin == ORIGIN_STD) {
		field(out, "Defined", b->ref, w);
	} else {
		field(out, "Status", sc_basic_wellformed(code) ?
		    "non-standard: no RFC defines this code" :
		    "non-standard and not a valid reply code (RFC 5321 4.2 "
		    "allows 2-5 as first digit and 0-5 as second)", w);
		field(out, "Source", b->ref, w);
	}
	field(out, "Seen", b->stage, w);
	body(out, &v, w);
	heading(out, "Related codes");
	list_codes(out, b->related, w);
	related_enh_of_basic(out, code, w);
	return 0;
}

static int
render_enh(FILE *out, const struct sc_enh_code *c, const struct sc_render_opts *o)
{
	const struct sc_enhanced *e = sc_enh_lookup(c->subject, c->detail);
	const struct sc_enh_part *subj = sc_enh_subject(c->subject);
	struct sc_query q;
	struct view v;
	char buf[512];
	int w = o->width, status = 0;

	memset(&q, 0, sizeof q);
	q.kind = Q_ENH;
	q.basic = -1;
	q.enh = *c;
	view_of(&v, &q);
	title_line(out, v.label, v.title, w);
	field(out, "Class", v.classline, w);
	if (subj != NULL) {
		snprintf(buf, sizeof buf, "x.%d.x %s: %s", c->subject,
		    subj->title, subj->desc);
		field(out, "Subject", buf, w);
	} else {
		snprintf(buf, sizeof buf, "x.%d.x not a registered subject "
		    "(RFC 3463 defines 0 to 7)", c->subject);
		field(out, "Subject", buf, w);
	}
	if (e == NULL) {
		field(out, "Status", "not registered: the IANA SMTP Enhanced "
		    "Status Codes registry has no such entry", w);
		body(out, &v, w);
		return 1;
	}
	if (e->deprecated) {
		field(out, "Status", "deprecated in the IANA registry", w);
	} else {
		snprintf(buf, sizeof buf, "%s%s%s",
		    e->classes & SC_CL2 ? "2 " : "", e->classes & SC_CL4 ? "4 " : "",
		    e->classes & SC_CL5 ? "5 " : "");
		buf[strlen(buf) - 1] = '\0';
		if (c->cls != 0 && !sc_enh_allows(e, c->cls)) {
			char tmp[256];
			snprintf(tmp, sizeof tmp, "%s (the registry does not list "
			    "class %d for this code)", buf, c->cls);
			field(out, "Classes", tmp, w);
		} else {
			field(out, "Classes", buf, w);
		}
	}
	field(out, "Defined", e->ref, w);
	body(out, &v, w);
	if (*e->assoc) {
		heading(out, "Usually sent with");
		list_codes(out, e->assoc, w);
	}
	return status;
}

static int
codes_contain(const char *codes, int code)
{
	const char *a = codes;
	int v;

	while (*a) {
		if (*a < '0' || *a > '9') {
			a++;
			continue;
		}
		for (v = 0; *a >= '0' && *a <= '9'; a++)
			v = v * 10 + (*a - '0');
		if (v == code)
			return 1;
	}
	return 0;
}

static int
render_pair(FILE *out, const struct sc_query *q, const struct sc_render_opts *o)
{
	const struct sc_basic *b = sc_basic_lookup(q->basic);
	const struct sc_enhanced *e = sc_enh_lookup(q->enh.subject, q->enh.detail);
	char el[16], buf[1024];
	int w = o->width, st = 0;

	enh_label(el, sizeof el, &q->enh);
	snprintf(buf, sizeof buf, "%d %s  %s / %s", q->basic, el,
	    b ? b->title : "unregistered reply code",
	    e ? e->title : "unregistered status code");
	sc_wrap(out, buf, 0, w);
	if (q->enh.cls != q->basic / 100) {
		snprintf(buf, sizeof buf, "inconsistent: the reply code is "
		    "class %d but the enhanced code is class %d; RFC 3463 2 "
		    "requires the same class. Trust the reply code: it decides "
		    "what the client does.", q->basic / 100, q->enh.cls);
		field(out, "Warning", buf, w);
	} else if (e != NULL && *e->assoc && !codes_contain(e->assoc, q->basic)) {
		snprintf(buf, sizeof buf, "the registry does not list %d among "
		    "the reply codes usually sent with X.%d.%d (%s)", q->basic,
		    q->enh.subject, q->enh.detail, e->assoc);
		field(out, "Note", buf, w);
	}
	snprintf(buf, sizeof buf, "%d gives the outcome (%dxx %s); %s gives the "
	    "reason (%s).", q->basic, q->basic / 100,
	    sc_reply_class(q->basic / 100) ? sc_reply_class(q->basic / 100)->title : "",
	    el, e ? e->title : "unregistered");
	field(out, "Together", buf, w);
	if (q->text != NULL && !q->multiline) {
		snprintf(buf, sizeof buf, "%.*s", (int)(q->textlen > 400 ? 400 : q->textlen),
		    q->text);
		field(out, "Text", buf, w);
	}
	fputs("\n", out);
	st |= render_enh(out, &q->enh, o);
	fputs("\n", out);
	st |= render_basic(out, q->basic, o);
	return st;
}

static int
render_class(FILE *out, const struct sc_query *q, const struct sc_render_opts *o)
{
	const struct sc_rclass *c = sc_reply_class(q->basic / 100);
	const struct sc_rclass *cat = NULL;
	const struct sc_basic *b;
	char lab[8], buf[512];
	size_t i;
	int w = o->width;

	if (q->pattern_digits == 2) {
		cat = sc_reply_category(q->basic / 10 % 10);
		snprintf(buf, sizeof buf, "%d%dx  %s, %s", q->basic / 100,
		    q->basic / 10 % 10, c->title, cat->title);
	} else {
		snprintf(buf, sizeof buf, "%dxx  %s", q->basic / 100, c->title);
	}
	sc_wrap(out, buf, 0, w);
	field(out, "Class", c->meaning, w);
	if (cat != NULL) {
		snprintf(buf, sizeof buf, "%s: %s", cat->title, cat->meaning);
		field(out, "Category", buf, w);
	}
	field(out, "Advice", c->advice, w);
	heading(out, "Codes");
	for (i = 0; (b = sc_basic_at(i)) != NULL; i++) {
		if (b->code / 100 != q->basic / 100)
			continue;
		if (cat != NULL && b->code / 10 % 10 != cat->digit)
			continue;
		snprintf(lab, sizeof lab, "%d", b->code);
		snprintf(buf, sizeof buf, "%s%s", b->title,
		    b->origin == ORIGIN_WILD ? " (non-standard)" : "");
		field(out, lab, buf, w);
	}
	return 0;
}

int
sc_render_query(FILE *out, const struct sc_query *q, const struct sc_render_opts *o)
{
	int st;

	switch (q->kind) {
	case Q_ENH:
		return render_enh(out, &q->enh, o);
	case Q_PAIR:
		return render_pair(out, q, o);
	case Q_CLASS:
		return render_class(out, q, o);
	default:
		st = render_basic(out, q->basic, o);
		if (q->text != NULL) {
			char buf[1024];

			if (q->multiline)
				snprintf(buf, sizeof buf, "(%zu-byte multi-line reply)",
				    q->textlen);
			else
				snprintf(buf, sizeof buf, "%.*s",
				    (int)(q->textlen > 400 ? 400 : q->textlen), q->text);
			heading(out, "Reply text");
			sc_wrap(out, buf, INDENT, o->width);
		}
		return st;
	}
}

/* ---- comparison ----------------------------------------------------- */

/* Two texts side by side, each in a column of colw. */
static void
columns(FILE *out, const char *a, const char *b, int colw)
{
	const char *pa = a, *pb = b, *sa, *sb;
	int na, nb, ha, hb, tw = colw - INDENT;

	for (;;) {
		ha = next_seg(&pa, tw, &sa, &na);
		hb = next_seg(&pb, tw, &sb, &nb);
		if (!ha && !hb)
			break;
		if (!ha)
			na = 0;
		if (hb)
			fprintf(out, "%*s%-*.*s%s%*s%.*s\n", INDENT, "", tw, na,
			    ha ? sa : "", GUTTER, INDENT, "", nb, sb);
		else
			fprintf(out, "%*s%.*s\n", INDENT, "", na, sa);
	}
}

static void
head_columns(FILE *out, const char *a, const char *b, int colw)
{
	const char *pa = a, *pb = b, *sa, *sb;
	int na, nb, ha, hb;

	for (;;) {
		ha = next_seg(&pa, colw, &sa, &na);
		hb = next_seg(&pb, colw, &sb, &nb);
		if (!ha && !hb)
			break;
		if (!ha)
			na = 0;
		if (hb)
			fprintf(out, "%-*.*s%s%.*s\n", colw, na, ha ? sa : "",
			    GUTTER, nb, sb);
		else
			fprintf(out, "%.*s\n", na, sa);
	}
}

static const char *
outcome(int cls)
{
	switch (cls) {
	case 2: return "success: the command was carried out";
	case 3: return "an intermediate step: the server waits for more";
	case 4: return "a transient failure: the same command may work later";
	case 5: return "a permanent failure: the same command will fail again";
	}
	return "of no class (the X. form covers classes 2, 4 and 5)";
}

static const char *
retry(int cls)
{
	switch (cls) {
	case 2: return "nothing to retry";
	case 3: return "continue the exchange rather than retry";
	case 4: return "retry later; mail servers queue and retry on their own";
	case 5: return "do not retry unchanged; fix the cause first";
	}
	return "depends on the class it is sent with";
}

static const char *
use_phrase(int cls)
{
	switch (cls) {
	case 2: return "is the answer you hope for: the step worked";
	case 3: return "asks the client to go on: send what the server waits for";
	case 4: return "says wait: the message stays queued and is tried again";
	case 5: return "says stop: the message bounces until something changes";
	}
	return "names a reason, whatever the outcome";
}

int
sc_render_compare(FILE *out, const struct sc_query *qa, const struct sc_query *qb,
    const struct sc_render_opts *o)
{
	struct view a, b;
	char buf[1024], ha[256], hb[256];
	int w = o->width, colw, st = 0;

	view_of(&a, qa);
	view_of(&b, qb);
	if (!a.known)
		st = 1;
	if (!b.known)
		st = 1;
	if (strcmp(a.label, b.label) == 0) {
		snprintf(buf, sizeof buf, "%s and %s are the same code (%s, %s): "
		    "there is nothing to compare.", a.label, b.label, a.title,
		    a.classline);
		sc_wrap(out, buf, 0, w);
		fputs("\n", out);
		return sc_render_query(out, qa, o);
	}
	snprintf(buf, sizeof buf, "%s vs %s", a.label, b.label);
	sc_wrap(out, buf, 0, w);
	fputs("\n", out);
	snprintf(buf, sizeof buf, "SMTP %s (%s) is a %s reply, while %s (%s) is "
	    "a %s reply.", a.label, a.title, a.classline, b.label, b.title,
	    b.classline);
	sc_wrap(out, buf, 0, w);

	colw = (w - (int)strlen(GUTTER)) / 2;
	snprintf(ha, sizeof ha, "%s  %s", a.label, a.title);
	snprintf(hb, sizeof hb, "%s  %s", b.label, b.title);
	if (colw >= MIN_COL) {
		fputs("\n", out);
		head_columns(out, ha, hb, colw);
		head_columns(out, a.classline, b.classline, colw);
		heading(out, "Description");
		columns(out, a.desc, b.desc, colw);
		heading(out, "When you see it");
		columns(out, a.when, b.when, colw);
		heading(out, "How to fix");
		columns(out, a.fix, b.fix, colw);
	} else {
		fputs("\n", out);
		sc_wrap(out, ha, 0, w);
		field(out, "Class", a.classline, w);
		body(out, &a, w);
		fputs("\n", out);
		sc_wrap(out, hb, 0, w);
		field(out, "Class", b.classline, w);
		body(out, &b, w);
	}

	heading(out, "Key differences");
	if (a.cls == b.cls)
		snprintf(buf, sizeof buf, "Class: both are %s.", a.classline);
	else
		snprintf(buf, sizeof buf, "Class: %s is %s; %s is %s.", a.label,
		    a.classline, b.label, b.classline);
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, "Outcome: %s is %s; %s is %s.", a.label,
	    outcome(a.cls), b.label, outcome(b.cls));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, "Retry: for %s, %s; for %s, %s.", a.label,
	    retry(a.cls), b.label, retry(b.cls));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, "Session step: %s: %s; %s: %s.", a.label,
	    a.stage, b.label, b.stage);
	bullet(out, buf, w);

	heading(out, "When to use which");
	snprintf(buf, sizeof buf, "%s (%s) %s.", a.label, a.title,
	    use_phrase(a.cls));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, "%s (%s) %s.", b.label, b.title,
	    use_phrase(b.cls));
	bullet(out, buf, w);
	return st;
}
