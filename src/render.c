/*
 * render.c - entries and comparisons, as text fitted to a width, in the
 * language and colours of struct sc_render_opts.
 *
 * Everything is written to the FILE * the caller gives; nothing is
 * allocated.  Width is counted in columns: one per UTF-8 character.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INDENT 2
#define LABEL 10	/* columns of a field's label */
#define MIN_COL 28	/* narrower than this, two columns stack */
#define GUTTER " | "

#define M(id) sc_msg(o->lang, M_##id)

_Static_assert(M_SEV_CRITICAL - M_SEV_INFO == SC_SEV_CRITICAL, "severities");
_Static_assert(M_TOPIC_EXTENSION - M_TOPIC_PROTOCOL == SC_TOPIC_EXTENSION, "topics");
_Static_assert(M_CLASS_5 - M_CLASS_2 == 3 && M_CAT_5 - M_CAT_0 == 5 &&
    M_SUBJ_7 - M_SUBJ_0 == 7, "class, category and subject names");
_Static_assert(M_OUTCOME_X - M_OUTCOME_2 == 4 && M_RETRY_X - M_RETRY_2 == 4 &&
    M_USE_X - M_USE_2 == 4, "phrases by class, then X");

/* What one side of an answer shows, whatever kind of code it is. */
struct view {
	char label[40];		/* "221", "5.7.26", "550 5.1.1" */
	char classline[128];	/* "2xx Positive Completion" */
	const char *title;
	const char *desc, *when, *fix, *stage;
	int cls;		/* 2-5, or 0 for the X. form */
	int known;
};

/* A rule's id and where it comes from: "acme (rules:3)", "txt_x". */
static size_t
rule_name(char *buf, size_t sz, const struct sc_rule *r)
{
	int n;

	if (r->file != NULL)
		n = snprintf(buf, sz, "%s (%s:%u)", r->id, r->file, r->line);
	else
		n = snprintf(buf, sz, "%s", r->id);
	return n < 0 ? 0 : (size_t)n < sz ? (size_t)n : sz - 1;
}

/* ---- colour --------------------------------------------------------- */

const char *
sc_color_class(const struct sc_render_opts *o, int cls)
{
	static const char *const sgr[] = {
		"\033[1m", "\033[1;32m", "\033[1;36m", "\033[1;33m", "\033[1;31m"
	};

	if (!o->color)
		return "";
	return cls >= 2 && cls <= 5 ? sgr[cls - 1] : sgr[0];
}

const char *
sc_color_off(const struct sc_render_opts *o)
{
	return o->color ? "\033[0m" : "";
}

/* ---- wrapping ------------------------------------------------------- */

/* Bytes of the first n characters of s. */
static int
chars_bytes(const char *s, int n)
{
	int i = 0;

	while (s[i] != '\0' && n > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/*
 * Next line of at most width columns from *p: breaks at a space where
 * it can, mid-word where a word is longer than the line.  Sets *seg, its
 * length in bytes *n and in columns *cols; returns 0 at the end.
 */
static int
next_seg(const char **p, int width, const char **seg, int *n, int *cols)
{
	const char *s = *p;
	int i, c, brk = -1, brkc = 0;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	if (width < 1)
		width = 1;
	for (i = 0, c = 0; s[i] != '\0'; c++) {
		if (s[i] == ' ') {
			brk = i;
			brkc = c;
		}
		if (c == width)
			break;
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	*seg = s;
	if (s[i] == '\0') {
		*n = i;
		*cols = c;
	} else if (brk > 0) {
		*n = brk;
		*cols = brkc;
	} else {
		*n = chars_bytes(s, width);
		*cols = width;
	}
	*p = s + *n;
	while (*n > 0 && s[*n - 1] == ' ') {
		(*n)--;
		(*cols)--;
	}
	return 1;
}

static void
pad(FILE *out, int n)
{
	while (n-- > 0)
		putc(' ', out);
}

void
sc_wrap(FILE *out, const char *text, int indent, int width)
{
	const char *p = text, *seg;
	int n, c;

	while (next_seg(&p, width - indent, &seg, &n, &c)) {
		pad(out, indent);
		fprintf(out, "%.*s\n", n, seg);
	}
}

/* "- text", continuation lines under the text. */
static void
bullet(FILE *out, const char *text, int width)
{
	const char *p = text, *seg;
	int n, c, first = 1;

	while (next_seg(&p, width - 2, &seg, &n, &c)) {
		fprintf(out, "%s%.*s\n", first ? "- " : "  ", n, seg);
		first = 0;
	}
}

static void
heading(FILE *out, const struct sc_render_opts *o, int cls, const char *h)
{
	const char *p = h, *seg;
	int n, c;

	fputs("\n", out);
	while (next_seg(&p, o->width, &seg, &n, &c))
		fprintf(out, "%s%.*s%s\n", sc_color_class(o, cls), n, seg,
		    sc_color_off(o));
}

/* A "Label     value" line, the value wrapped under itself. */
static void
field(FILE *out, const char *label, const char *value, int width)
{
	const char *p = value, *seg;
	int n, c, first = 1, col = INDENT + LABEL;

	while (next_seg(&p, width - col, &seg, &n, &c)) {
		pad(out, INDENT);
		if (first) {
			fputs(label, out);
			pad(out, LABEL - (int)sc_width(label, strlen(label)));
		} else {
			pad(out, LABEL);
		}
		fprintf(out, "%.*s\n", n, seg);
		first = 0;
	}
}

/* "550  Title", the code coloured by class, the title wrapped under itself. */
static void
title_line(FILE *out, const struct sc_render_opts *o, int cls,
    const char *label, const char *title, int width)
{
	const char *p = title, *seg;
	int n, c, lw = (int)strlen(label) + 2, first = 1;

	if (lw > width / 2) {
		/* Too wide to hang the title under: the label on a line of its own. */
		fprintf(out, "%s%s%s\n", sc_color_class(o, cls), label,
		    sc_color_off(o));
		while (next_seg(&p, width, &seg, &n, &c))
			fprintf(out, "%.*s\n", n, seg);
		return;
	}
	while (next_seg(&p, width - lw, &seg, &n, &c)) {
		if (first)
			fprintf(out, "%s%s%s  ", sc_color_class(o, cls), label,
			    sc_color_off(o));
		else
			pad(out, lw);
		fprintf(out, "%.*s\n", n, seg);
		first = 0;
	}
}

/* ---- views ---------------------------------------------------------- */

static void
basic_classline(char *buf, size_t sz, const struct sc_render_opts *o, int code)
{
	int d = code / 100;

	snprintf(buf, sz, "%dxx %s", d, d >= 2 && d <= 5 ?
	    sc_msg(o->lang, M_CLASS_2 + d - 2) : M(CLASS_NONE));
}

static void
enh_label(char *buf, size_t sz, const struct sc_enh_code *e)
{
	if (e->cls == 0)
		snprintf(buf, sz, "X.%d.%d", e->subject, e->detail);
	else
		snprintf(buf, sz, "%d.%d.%d", e->cls, e->subject, e->detail);
}

static const char *
eclass_name(const struct sc_render_opts *o, int cls)
{
	switch (cls) {
	case 2: return M(ECLASS_2);
	case 4: return M(ECLASS_4);
	case 5: return M(ECLASS_5);
	}
	return M(ECLASS_X);
}

static void
enh_classline(char *buf, size_t sz, const struct sc_render_opts *o, int cls)
{
	if (cls == 0)
		snprintf(buf, sz, "X.x.x %s", eclass_name(o, cls));
	else
		snprintf(buf, sz, "%d.x.x %s", cls, eclass_name(o, cls));
}

static void
view_of(struct view *v, const struct sc_query *q, const struct sc_render_opts *o)
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
	if (q->kind == SC_Q_ENH) {
		enh_label(v->label, sizeof v->label, &q->enh);
		enh_classline(v->classline, sizeof v->classline, o, q->enh.cls);
		v->cls = q->enh.cls;
	} else {
		snprintf(v->label, sizeof v->label, "%d", q->basic);
		if (q->kind == SC_Q_PAIR) {
			enh_label(el, sizeof el, &q->enh);
			snprintf(v->label, sizeof v->label, "%d %s", q->basic, el);
		}
		basic_classline(v->classline, sizeof v->classline, o, q->basic);
		v->cls = q->basic / 100;
	}
	rc = sc_reply_class(v->cls);
	if (e != NULL && (q->kind == SC_Q_ENH || q->kind == SC_Q_PAIR)) {
		v->known = q->kind == SC_Q_ENH || b != NULL;
		v->title = e->title;
		v->desc = e->desc;
		v->when = e->when;
		v->fix = e->fix;
		v->stage = b ? b->stage : "in a reply or a delivery status notice";
		return;
	}
	if (b != NULL && q->kind != SC_Q_ENH && q->kind != SC_Q_PAIR) {
		v->known = 1;
		v->title = b->title;
		v->desc = b->desc;
		v->when = b->when;
		v->fix = b->fix;
		v->stage = b->stage;
		return;
	}
	v->title = M(NOT_REGISTERED);
	v->desc = rc ? rc->meaning : M(UNREG_WHEN);
	v->when = M(UNREG_WHEN);
	v->fix = rc ? rc->advice : M(UNREG_WHEN);
	v->stage = b ? b->stage : "-";
}

/* ---- one entry ------------------------------------------------------ */

/* Next code of a space-separated list, or -1 at its end. */
static int
next_code(const char **p)
{
	const char *a = *p;
	int v = 0;

	while (*a != '\0' && (*a < '0' || *a > '9'))
		a++;
	if (*a == '\0')
		return -1;
	for (; *a >= '0' && *a <= '9'; a++)
		v = v * 10 + (*a - '0');
	*p = a;
	return v;
}

static int
codes_contain(const char *codes, int code)
{
	int v;

	while ((v = next_code(&codes)) >= 0)
		if (v == code)
			return 1;
	return 0;
}

/* The enhanced codes the registry associates with a basic code. */
static void
related_enh_of_basic(FILE *out, const struct sc_render_opts *o, int code)
{
	char line[2048];
	size_t i, len = 0;
	const struct sc_enhanced *e;
	int cls = code / 100, n;

	line[0] = '\0';
	for (i = 0; (e = sc_enh_at(i)) != NULL; i++) {
		if (!codes_contain(e->assoc, code))
			continue;
		if (sc_enh_allows(e, cls))
			n = snprintf(line + len, sizeof line - len, "%d.%d.%d ",
			    cls, e->subject, e->detail);
		else
			n = snprintf(line + len, sizeof line - len, "X.%d.%d ",
			    e->subject, e->detail);
		if (n > 0 && (size_t)n < sizeof line - len)
			len += (size_t)n;
	}
	if (len > 0) {
		line[len - 1] = '\0';
		field(out, M(L_ENHANCED), line, o->width);
	}
}

static void
list_codes(FILE *out, const struct sc_render_opts *o, const char *codes)
{
	const struct sc_basic *b;
	char buf[512], lab[16];
	int v;

	while ((v = next_code(&codes)) >= 0) {
		b = sc_basic_lookup(v);
		snprintf(buf, sizeof buf, "%s%s", b ? b->title : M(NOT_REGISTERED),
		    b && b->origin == SC_ORIGIN_WILD ? M(NONSTANDARD_TAG) : "");
		snprintf(lab, sizeof lab, "%d", v);
		field(out, lab, buf, o->width);
	}
}

static void
body(FILE *out, const struct sc_render_opts *o, const struct view *v)
{
	heading(out, o, v->cls, M(DESCRIPTION));
	sc_wrap(out, v->desc, INDENT, o->width);
	heading(out, o, v->cls, M(WHEN));
	sc_wrap(out, v->when, INDENT, o->width);
	heading(out, o, v->cls, M(FIX));
	sc_wrap(out, v->fix, INDENT, o->width);
}

/* A query for one code alone, as the parser would have made it. */
static const struct sc_query *
query_of(struct sc_query *q, int kind, int basic, const struct sc_enh_code *e)
{
	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->basic = basic;
	q->enh.subject = -1;
	if (e != NULL)
		q->enh = *e;
	return q;
}

static int
render_basic(FILE *out, int code, const struct sc_render_opts *o)
{
	const struct sc_basic *b = sc_basic_lookup(code);
	const struct sc_rclass *cat = sc_reply_category(code / 10 % 10);
	struct sc_query q;
	struct view v;
	char buf[512], topic[128];
	int w = o->width;

	view_of(&v, query_of(&q, SC_Q_BASIC, code, NULL), o);
	title_line(out, o, v.cls, v.label, v.title, w);
	field(out, M(L_CLASS), v.classline, w);
	if (cat != NULL) {
		snprintf(buf, sizeof buf, "x%dz %s: %s", cat->digit,
		    sc_msg(o->lang, M_CAT_0 + cat->digit), cat->meaning);
		field(out, M(L_CATEGORY), buf, w);
	}
	if (b == NULL) {
		snprintf(buf, sizeof buf, M(UNREG_BASIC), code);
		field(out, M(L_STATUS), buf, w);
		body(out, o, &v);
		return 1;
	}
	snprintf(topic, sizeof topic, M(L_TOPIC),
	    sc_msg(o->lang, M_TOPIC_PROTOCOL + b->topic));
	snprintf(buf, sizeof buf, "%s   %s",
	    sc_msg(o->lang, M_SEV_INFO + b->severity), topic);
	field(out, M(L_SEVERITY), buf, w);
	if (b->origin == SC_ORIGIN_STD) {
		field(out, M(L_DEFINED), b->ref, w);
	} else {
		field(out, M(L_STATUS), sc_basic_wellformed(code) ? M(NONSTD) :
		    M(NONSTD_INVALID), w);
		field(out, M(L_SOURCE), b->ref, w);
	}
	field(out, M(L_SEEN), b->stage, w);
	body(out, o, &v);
	heading(out, o, v.cls, M(RELATED));
	list_codes(out, o, b->related);
	related_enh_of_basic(out, o, code);
	return 0;
}

static int
render_enh(FILE *out, const struct sc_enh_code *c, const struct sc_render_opts *o,
    const struct sc_verdict *vendor)
{
	const struct sc_enhanced *e = sc_enh_lookup(c->subject, c->detail);
	const struct sc_enh_part *subj = sc_enh_subject(c->subject);
	struct sc_query q;
	struct view v;
	char buf[512], cl[32];
	int w = o->width;

	view_of(&v, query_of(&q, SC_Q_ENH, -1, c), o);
	if (e == NULL && vendor != NULL) {
		snprintf(buf, sizeof buf, "%s: %s", sc_provider_name(
		    vendor->provider), sc_reason_title(vendor->reason));
		title_line(out, o, v.cls, v.label, buf, w);
	} else {
		title_line(out, o, v.cls, v.label, v.title, w);
	}
	field(out, M(L_CLASS), v.classline, w);
	if (subj != NULL)
		snprintf(buf, sizeof buf, "x.%d.x %s: %s", c->subject,
		    sc_msg(o->lang, M_SUBJ_0 + c->subject), subj->desc);
	else
		snprintf(buf, sizeof buf, "x.%d.x %s", c->subject, M(BAD_SUBJECT));
	field(out, M(L_SUBJECT), buf, w);
	if (e == NULL && vendor != NULL) {
		snprintf(buf, sizeof buf, M(V_VENDOR), sc_provider_name(
		    vendor->provider), vendor->rule->source,
		    vendor->rule->checked);
		field(out, M(L_STATUS), buf, w);
		return 0;
	}
	if (e == NULL) {
		field(out, M(L_STATUS), M(UNREG_ENH), w);
		body(out, o, &v);
		return 1;
	}
	if (e->deprecated) {
		field(out, M(L_STATUS), M(DEPRECATED), w);
	} else {
		snprintf(cl, sizeof cl, "%s%s%s", e->classes & SC_CL2 ? "2 " : "",
		    e->classes & SC_CL4 ? "4 " : "", e->classes & SC_CL5 ? "5 " : "");
		cl[strlen(cl) - 1] = '\0';
		if (c->cls != 0 && !sc_enh_allows(e, c->cls))
			snprintf(buf, sizeof buf, M(CLASS_NOT_LISTED), cl, c->cls);
		else
			snprintf(buf, sizeof buf, "%s", cl);
		field(out, M(L_CLASSES), buf, w);
	}
	field(out, M(L_DEFINED), e->ref, w);
	body(out, o, &v);
	if (*e->assoc) {
		heading(out, o, v.cls, M(SENT_WITH));
		list_codes(out, o, e->assoc);
	}
	return 0;
}

/*
 * The server's text, safe to print: line breaks of a multi-line reply
 * become " / ", other control bytes "?"; cut to fit buf.
 */
static const char *
reply_text(char *buf, size_t sz, const struct sc_query *q)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < q->textlen && o + 8 < sz; i++) {
		c = (unsigned char)q->text[i];
		if (c == '\r')
			continue;
		if (c == '\n') {
			if (i + 1 < q->textlen) {
				memcpy(buf + o, " / ", 3);
				o += 3;
			}
		} else {
			buf[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	if (i < q->textlen) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static int
render_pair(FILE *out, const struct sc_query *q, const struct sc_render_opts *o,
    const struct sc_verdict *vendor)
{
	const struct sc_basic *b = sc_basic_lookup(q->basic);
	const struct sc_enhanced *e = sc_enh_lookup(q->enh.subject, q->enh.detail);
	char el[16], label[32], title[512], buf[1024], cl[128];
	int w = o->width, st = 0;

	enh_label(el, sizeof el, &q->enh);
	snprintf(label, sizeof label, "%d %s", q->basic, el);
	snprintf(title, sizeof title, "%s / %s", b ? b->title : M(NOT_REGISTERED),
	    e ? e->title : vendor ? sc_reason_title(vendor->reason) :
	    M(NOT_REGISTERED));
	title_line(out, o, q->basic / 100, label, title, w);
	if (q->enh.cls != q->basic / 100) {
		snprintf(buf, sizeof buf, M(INCONSISTENT), q->basic / 100, q->enh.cls);
		field(out, M(L_WARNING), buf, w);
	}
	basic_classline(cl, sizeof cl, o, q->basic);
	snprintf(buf, sizeof buf, M(TOGETHER), q->basic, cl, el,
	    e ? e->title : M(NOT_REGISTERED));
	field(out, M(L_TOGETHER), buf, w);
	if (q->text != NULL)
		field(out, M(L_TEXT), reply_text(buf, sizeof buf, q), w);
	fputs("\n", out);
	st |= render_enh(out, &q->enh, o, vendor);
	fputs("\n", out);
	st |= render_basic(out, q->basic, o);
	return st;
}

/*
 * A class pattern: what its fixed digits mean, then every code it
 * matches; 1 when it matches none.
 */
static int
render_class(FILE *out, const struct sc_query *q, const struct sc_render_opts *o)
{
	static struct sc_item it[SC_ITEMS_MAX];
	const struct sc_pattern *p = &q->pattern;
	const struct sc_rclass *c = NULL, *cat = NULL;
	const struct sc_enh_part *ec = NULL, *es = NULL;
	char lab[32], buf[512], code[32];
	size_t i, n = sc_list(p, it, SC_ITEMS_MAX);
	int w = o->width, d = p->d[0] > 0 ? p->d[0] : 0;

	sc_pattern_text(lab, sizeof lab, p);
	if (p->enh) {
		ec = d ? sc_enh_class(d) : NULL;
		es = p->d[1] >= 0 ? sc_enh_subject(p->d[1]) : NULL;
		snprintf(buf, sizeof buf, "%s%s%s", ec ? eclass_name(o, d) : "",
		    ec && es ? ", " : "", es ? sc_msg(o->lang, M_SUBJ_0 +
		    p->d[1]) : "");
	} else {
		c = sc_reply_class(d);
		cat = c && p->d[1] >= 0 ? sc_reply_category(p->d[1]) : NULL;
		snprintf(buf, sizeof buf, "%s%s%s", c ? sc_msg(o->lang,
		    M_CLASS_2 + d - 2) : d ? M(CLASS_NONE) : "", cat ? ", " : "",
		    cat ? sc_msg(o->lang, M_CAT_0 + cat->digit) : "");
	}
	if (buf[0] == '\0')
		snprintf(buf, sizeof buf, "%s", M(CODES));
	title_line(out, o, d, lab, buf, w);
	if (c != NULL)
		field(out, M(L_CLASS), c->meaning, w);
	if (cat != NULL)
		field(out, M(L_CATEGORY), cat->meaning, w);
	if (c != NULL)
		field(out, M(L_ADVICE), c->advice, w);
	if (ec != NULL)
		field(out, M(L_CLASS), ec->desc, w);
	if (es != NULL)
		field(out, M(L_SUBJECT), es->desc, w);
	heading(out, o, d, M(CODES));
	for (i = 0; i < n; i++) {
		sc_item_code(code, sizeof code, &it[i]);
		snprintf(buf, sizeof buf, "%s%s", it[i].b ? it[i].b->title :
		    it[i].e->title, it[i].b && it[i].b->origin == SC_ORIGIN_WILD ?
		    M(NONSTANDARD_TAG) : "");
		field(out, code, buf, w);
	}
	if (n == 0)
		field(out, "", M(NONE_MATCH), w);
	return n == 0;
}

/* The class a verdict speaks for: the reply code's, else the status code's. */
static int
query_class(const struct sc_query *q)
{
	if (q->kind == SC_Q_BASIC || q->kind == SC_Q_PAIR)
		return q->basic / 100;
	return q->enh.cls;
}

static void verdict_block(FILE *out, int cls, const struct sc_verdict *v,
    const struct sc_render_opts *o);

/* --why: the rules that matched too, in order of precedence. */
static void
render_matches(FILE *out, const struct sc_query *q,
    const struct sc_render_opts *o)
{
	const struct sc_rule *m[32];
	struct sc_reply r;
	char buf[1024];
	size_t n, i, len = 0;

	sc_query_reply(q, &r);
	n = sc_reply_matches(&r, m, 32);
	for (i = 1; i < n && len + 80 < sizeof buf; i++) {
		if (i > 1)
			buf[len++] = ',', buf[len++] = ' ';
		len += rule_name(buf + len, sizeof buf - len, m[i]);
	}
	buf[len] = '\0';
	field(out, M(L_ALSO), n > 1 ? buf : M(NONE_OTHER), o->width);
}

/*
 * The verdict first: one line a reader acts on ("Hard bounce: Mailbox
 * does not exist. Remove the address..."), then the reason, the next
 * step and the rule that decided, with its source.
 */
static void
render_verdict(FILE *out, const struct sc_query *q, const struct sc_verdict *v,
    const struct sc_render_opts *o)
{
	verdict_block(out, query_class(q), v, o);
	if (o->why && v->rule != NULL)
		render_matches(out, q, o);
}

/*
 * The verdict line and the reason, next step, provider and rule; cls is
 * the reply's class (2-5), 0 when unknown.
 */
static void
verdict_block(FILE *out, int cls, const struct sc_verdict *v,
    const struct sc_render_opts *o)
{
	const struct sc_rule *r = v->rule;
	char buf[1024], where[96];
	int kind;

	kind = v->hard ? M_V_HARD : cls == 5 ? M_V_PERM : cls == 4 ? M_V_TEMP :
	    cls == 2 ? M_V_OK : cls == 3 ? M_V_INTER : M_V_FAIL;
	snprintf(buf, sizeof buf, "%s: %s. %s", sc_msg(o->lang, kind),
	    sc_reason_title(v->reason), sc_next_desc(v->next));
	fputs(sc_color_class(o, v->hard ? 5 : cls), out);
	sc_wrap(out, buf, 0, o->width);
	fputs(sc_color_off(o), out);
	snprintf(buf, sizeof buf, "%s: %s", sc_reason_name(v->reason),
	    sc_reason_desc(v->reason));
	if (v->hard)
		snprintf(buf, sizeof buf, M(V_HARD_YES), sc_reason_name(v->reason),
		    sc_reason_desc(v->reason));
	field(out, M(L_REASON), buf, o->width);
	field(out, M(L_NEXT), sc_next_name(v->next), o->width);
	if (v->provider != SC_PROVIDER_any)
		field(out, M(L_PROVIDER), sc_provider_name(v->provider), o->width);
	if (r == NULL)
		return;
	if (r->file != NULL)
		snprintf(where, sizeof where, "%s:%u", r->file, r->line);
	else
		snprintf(where, sizeof where, "%s", M(V_BUILTIN));
	snprintf(buf, sizeof buf, "%s (%s)%s%s%s%s%s%s", r->id, where,
	    *r->note ? ": " : "", r->note, *r->source ? " " : "", r->source,
	    *r->checked ? ", " : "", r->checked);
	field(out, M(L_RULE), buf, o->width);
}

int
sc_render_query(FILE *out, const struct sc_query *q, const struct sc_render_opts *o)
{
	struct sc_verdict v;
	char buf[1024];
	int st, vendor;

	vendor = 0;
	/*
	 * A failure, or a code whose class is not given (X.1.1), starts with
	 * its verdict; a success or an intermediate reply is classified only
	 * when its enhanced code may be a provider's own (start-up stays that
	 * of a table lookup).
	 */
	if (q->kind != SC_Q_CLASS && ((query_class(q) != 2 &&
	    query_class(q) != 3) || ((q->kind == SC_Q_ENH ||
	    q->kind == SC_Q_PAIR) && !sc_enh_lookup(q->enh.subject,
	    q->enh.detail)))) {
		(void)sc_query_verdict(q, &v, &vendor);
		if (query_class(q) != 2 && query_class(q) != 3) {
			render_verdict(out, q, &v, o);
			fputs("\n", out);
		}
	}
	switch (q->kind) {
	case SC_Q_ENH:
		return render_enh(out, &q->enh, o, vendor ? &v : NULL);
	case SC_Q_PAIR:
		return render_pair(out, q, o, vendor ? &v : NULL);
	case SC_Q_CLASS:
		return render_class(out, q, o);
	default:
		st = render_basic(out, q->basic, o);
		if (q->text != NULL) {
			heading(out, o, q->basic / 100, M(REPLY_TEXT));
			sc_wrap(out, reply_text(buf, sizeof buf, q), INDENT, o->width);
		}
		return st;
	}
}

/* ---- comparison ----------------------------------------------------- */

/* Two texts side by side, each in a column of colw; indent inside each. */
static void
columns(FILE *out, const char *a, const char *b, int colw, int indent)
{
	const char *pa = a, *pb = b, *sa = "", *sb = "";
	int na, nb, ca, cb, ha, hb, tw = colw - indent;

	for (;;) {
		ha = next_seg(&pa, tw, &sa, &na, &ca);
		hb = next_seg(&pb, tw, &sb, &nb, &cb);
		if (!ha && !hb)
			break;
		pad(out, indent);
		if (ha)
			fprintf(out, "%.*s", na, sa);
		if (hb) {
			pad(out, tw - (ha ? ca : 0));
			fputs(GUTTER, out);
			pad(out, indent);
			fprintf(out, "%.*s", nb, sb);
		}
		putc('\n', out);
	}
}

/* The message of a run "2, 3, 4, 5, X" for a class (X for 0). */
static int
step_of(int base, int cls)
{
	return cls >= 2 && cls <= 5 ? base + cls - 2 : base + 4;
}

int
sc_render_compare(FILE *out, const struct sc_query *qa, const struct sc_query *qb,
    const struct sc_render_opts *o)
{
	struct view a, b;
	char buf[1024], ha[256], hb[256];
	int w = o->width, colw, st = 0;

	view_of(&a, qa, o);
	view_of(&b, qb, o);
	if (!a.known || !b.known)
		st = 1;
	if (strcmp(a.label, b.label) == 0) {
		snprintf(buf, sizeof buf, M(SAME_CODE), a.label, b.label, a.title,
		    a.classline);
		sc_wrap(out, buf, 0, w);
		fputs("\n", out);
		return sc_render_query(out, qa, o) | st;
	}
	fprintf(out, "%s%s%s%s%s%s%s\n\n", sc_color_class(o, a.cls), a.label,
	    sc_color_off(o),
	    (int)(strlen(a.label) + strlen(b.label)) + 4 <= w ? " vs " : "\nvs ",
	    sc_color_class(o, b.cls), b.label, sc_color_off(o));
	snprintf(buf, sizeof buf, M(INTRO), a.label, a.title, a.classline,
	    b.label, b.title, b.classline);
	sc_wrap(out, buf, 0, w);

	colw = (w - (int)strlen(GUTTER)) / 2;
	snprintf(ha, sizeof ha, "%s  %s", a.label, a.title);
	snprintf(hb, sizeof hb, "%s  %s", b.label, b.title);
	if (colw >= MIN_COL) {
		fputs("\n", out);
		columns(out, ha, hb, colw, 0);
		columns(out, a.classline, b.classline, colw, 0);
		heading(out, o, 0, M(DESCRIPTION));
		columns(out, a.desc, b.desc, colw, INDENT);
		heading(out, o, 0, M(WHEN));
		columns(out, a.when, b.when, colw, INDENT);
		heading(out, o, 0, M(FIX));
		columns(out, a.fix, b.fix, colw, INDENT);
	} else {
		fputs("\n", out);
		title_line(out, o, a.cls, a.label, a.title, w);
		field(out, M(L_CLASS), a.classline, w);
		body(out, o, &a);
		fputs("\n", out);
		title_line(out, o, b.cls, b.label, b.title, w);
		field(out, M(L_CLASS), b.classline, w);
		body(out, o, &b);
	}

	heading(out, o, 0, M(KEY_DIFF));
	if (strcmp(a.classline, b.classline) == 0)
		snprintf(buf, sizeof buf, M(DIFF_CLASS_SAME), a.classline);
	else
		snprintf(buf, sizeof buf, M(DIFF_CLASS), a.label, a.classline,
		    b.label, b.classline);
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, M(DIFF_OUTCOME), a.label,
	    sc_msg(o->lang, step_of(M_OUTCOME_2, a.cls)), b.label,
	    sc_msg(o->lang, step_of(M_OUTCOME_2, b.cls)));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, M(DIFF_RETRY), a.label,
	    sc_msg(o->lang, step_of(M_RETRY_2, a.cls)), b.label,
	    sc_msg(o->lang, step_of(M_RETRY_2, b.cls)));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, M(DIFF_STEP), a.label, a.stage, b.label,
	    b.stage);
	bullet(out, buf, w);

	heading(out, o, 0, M(WHICH));
	snprintf(buf, sizeof buf, M(WHICH_LINE), a.label, a.title,
	    sc_msg(o->lang, step_of(M_USE_2, a.cls)));
	bullet(out, buf, w);
	snprintf(buf, sizeof buf, M(WHICH_LINE), b.label, b.title,
	    sc_msg(o->lang, step_of(M_USE_2, b.cls)));
	bullet(out, buf, w);
	return st;
}

/* ---- lists, annotations, summaries ---------------------------------- */

void
sc_render_item(FILE *out, const struct sc_item *it, const struct sc_render_opts *o)
{
	char code[32], cls[16], line[512];
	int c = it->b ? it->b->code / 100 : it->cls;

	sc_item_code(code, sizeof code, it);
	sc_item_class(cls, sizeof cls, it);
	snprintf(line, sizeof line, "%s%s", it->b ? it->b->title : it->e->title,
	    it->b && it->b->origin == SC_ORIGIN_WILD ?
	    sc_msg(o->lang, M_NONSTANDARD_TAG) : "");
	fprintf(out, "%s%-8s%s %-6s ", sc_color_class(o, c), code,
	    sc_color_off(o), cls);
	/* the title, cut to the width */
	if ((int)sc_width(line, strlen(line)) > o->width - 16) {
		int keep = o->width - 16 - 3, i = 0;	/* >= 1: width >= 20 */

		while (line[i] != '\0' && keep > 0) {
			i++;
			while (((unsigned char)line[i] & 0xc0) == 0x80)
				i++;
			keep--;
		}
		fprintf(out, "%.*s...\n", i, line);
	} else {
		fprintf(out, "%s\n", line);
	}
}

/* The decimal digits of v, 0-999, at o: how many. */
static size_t
num(char *o, int v)
{
	if (v >= 100) {
		o[0] = (char)('0' + v / 100);
		o[1] = (char)('0' + v / 10 % 10);
		o[2] = (char)('0' + v % 10);
		return 3;
	}
	if (v >= 10) {
		o[0] = (char)('0' + v / 10);
		o[1] = (char)('0' + v % 10);
		return 2;
	}
	o[0] = (char)('0' + v);
	return 1;
}

/* A reply's codes as the line has them: "550 5.1.1", "5.7.26", "421". */
static size_t
reply_codes(char *o, int basic, const struct sc_enh_code *e)
{
	size_t n = 0;

	if (basic >= 0)
		n += num(o, basic);
	if (e->subject >= 0) {
		if (n > 0)
			o[n++] = ' ';
		o[n++] = (char)('0' + e->cls);
		o[n++] = '.';
		n += num(o + n, e->subject);
		o[n++] = '.';
		n += num(o + n, e->detail);
	}
	return n;
}

/* What follows a failure's codes, made by the compiler from reasons.def. */
struct piece {
	const char *s;
	size_t n;
};
#define PIECE(s)	{ s, sizeof(s) - 1 }
static const struct piece why_soft[] = {
#define REASON(name, title, desc) PIECE(" " #name ": " title),
#include "reasons.def"
};
static const struct piece why_hard[] = {
#define REASON(name, title, desc) PIECE(" " #name " (hard): " title),
#include "reasons.def"
};
static const struct piece then[] = {
#define NEXT(id, name, desc) PIECE("; " name),
#include "reasons.def"
};
_Static_assert(sizeof why_soft / sizeof why_soft[0] == SC_REASON_COUNT &&
    sizeof then / sizeof then[0] == SC_NEXT_COUNT, "reasons.def pieces");

/*
 * A line's annotation: for each reply its codes, then for a failure its
 * reason, "(hard)" when the address is dead, what the reason means and
 * the next step ("550 5.1.1 userunknown (hard): Recipient does not
 * exist; suppress"), for a success or an intermediate reply the meaning
 * of its code ("250 2.0.0 Requested mail action okay, completed");
 * replies joined by " | ".
 */
size_t
sc_text_annotation(char *dst, const struct sc_line_reply *r, size_t n,
    unsigned long long more, int color, int why)
{
	char *o = dst, g[SC_GLOSS_MAX];
	const struct piece *p;
	struct sc_hit h;
	const char *t;
	size_t i, k;
	int cls;

	memcpy(o, SC_ANNOT_SEP, sizeof SC_ANNOT_SEP - 1);
	o += sizeof SC_ANNOT_SEP - 1;
	if (color) {
		memcpy(o, "\033[2m", 4);
		o += 4;
	}
	for (i = 0; i < n; i++) {
		if (i > 0) {
			memcpy(o, " | ", 3);
			o += 3;
		}
		o += reply_codes(o, r[i].basic, &r[i].enh);
		cls = r[i].basic >= 0 ? r[i].basic / 100 : r[i].enh.cls;
		if (cls == 2 || cls == 3) {
			/* the code's own meaning, after its code */
			memset(&h, 0, sizeof h);
			h.kind = r[i].basic >= 0 ? SC_HIT_BASIC : SC_HIT_ENH;
			h.basic = r[i].basic;
			h.enh = r[i].enh;
			k = sc_hit_gloss(&h, g);
			t = memchr(g, ' ', k);
			if (t != NULL) {
				memcpy(o, t, k - (size_t)(t - g));
				o += k - (size_t)(t - g);
			}
			continue;
		}
		p = r[i].v.hard ? &why_hard[r[i].v.reason] :
		    &why_soft[r[i].v.reason];
		memcpy(o, p->s, p->n);
		o += p->n;
		memcpy(o, then[r[i].v.next].s, then[r[i].v.next].n);
		o += then[r[i].v.next].n;
		if (why && r[i].v.rule != NULL) {
			*o++ = ' ';
			*o++ = '[';
			o += rule_name(o, SC_WHY_MAX - 3, r[i].v.rule);
			*o++ = ']';
		}
	}
	if (more > 0)
		o += snprintf(o, 48, " | and %llu more codes", more);
	if (color) {
		memcpy(o, "\033[0m", 4);
		o += 4;
	}
	return (size_t)(o - dst);
}

static int
row_cmp(const void *x, const void *y)
{
	const struct sc_summary_row *a = x, *b = y;
	char ka[SC_CODE_MAX], kb[SC_CODE_MAX];

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	sc_hit_code(&a->h, ka, sizeof ka);
	sc_hit_code(&b->h, kb, sizeof kb);
	return strcmp(ka, kb);
}

/* The rows of a tally, most frequent first: how many. */
size_t
sc_summary_rows(const struct sc_tally *t, struct sc_summary_row *rows)
{
	size_t n = 0, i;
	int c, s, d;

	for (c = 0; c < 1000; c++)
		if (t->basic[c]) {
			rows[n].n = t->basic[c];
			memset(&rows[n].h, 0, sizeof rows[n].h);
			rows[n].h.kind = SC_HIT_BASIC;
			rows[n++].h.basic = c;
		}
	for (c = 0; c < 3; c++)
		for (s = 0; s < 8; s++)
			for (d = 0; d < 32; d++)
				if (t->enh[c][s][d]) {
					rows[n].n = t->enh[c][s][d];
					memset(&rows[n].h, 0, sizeof rows[n].h);
					rows[n].h.kind = SC_HIT_ENH;
					rows[n].h.enh.cls = c == 0 ? 2 : c == 1 ? 4 : 5;
					rows[n].h.enh.subject = s;
					rows[n++].h.enh.detail = d;
				}
	for (i = 0; i < t->nother; i++) {
		rows[n].n = t->other[i].n;
		memset(&rows[n].h, 0, sizeof rows[n].h);
		rows[n].h.kind = SC_HIT_ENH;
		rows[n++].h.enh = t->other[i].code;
	}
	qsort(rows, n, sizeof rows[0], row_cmp);
	return n;
}

void
sc_render_summary(FILE *out, const struct sc_annot *a,
    const struct sc_render_opts *o)
{
	static struct sc_summary_row rows[SC_SUMMARY_ROWS];
	static const struct sc_tally none;
	const struct sc_tally *t = a->tally ? a->tally : &none;
	char code[SC_CODE_MAX];
	size_t n = sc_summary_rows(t, rows), i;
	const char *h;

	if (a->report != NULL) {
		sc_report_render(out, a->report, o);
		fputc('\n', out);
	}

	h = M(SUM_COUNT);
	pad(out, 12 - (int)sc_width(h, strlen(h)));
	fprintf(out, "%s  %s", h, M(SUM_CODE));
	pad(out, 9 - (int)sc_width(M(SUM_CODE), strlen(M(SUM_CODE))));
	fprintf(out, "%s\n", M(SUM_MEANING));
	for (i = 0; i < n; i++) {
		sc_hit_code(&rows[i].h, code, sizeof code);
		fprintf(out, "%12llu  %s%-8s%s %s\n", rows[i].n,
		    sc_color_class(o, rows[i].h.kind == SC_HIT_BASIC ?
		    rows[i].h.basic / 100 : rows[i].h.enh.cls), code,
		    sc_color_off(o), sc_hit_meaning(&rows[i].h));
	}
	if (t->dropped) {
		fprintf(out, "%12llu  %s ", t->dropped, M(SUM_OTHER_CODE));
		pad(out, 8 - (int)sc_width(M(SUM_OTHER_CODE),
		    strlen(M(SUM_OTHER_CODE))));
		fprintf(out, "%s\n", M(SUM_OTHER));
	}
	fprintf(out, M(SUM_LINES), t->lines, t->annotated);
	fputc('\n', out);
}


/* Bytes from a message as a field may show them: controls as "?". */
static const char *
shown_bytes(char *buf, size_t cap, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[o++] = c < 0x20 || c == 0x7f ? (c == '\t' ? ' ' : '?') :
		    (char)c;
	}
	buf[o] = '\0';
	return buf;
}

void
sc_render_bounce(FILE *out, const struct sc_bounce *b,
    const struct sc_render_opts *o)
{
	struct sc_verdict v;
	char buf[2048], codes[32];
	size_t n;
	int cls = b->basic >= 0 ? b->basic / 100 : b->enh.subject >= 0 ?
	    b->enh.cls : 0;

	(void)sc_bounce_verdict(b, &v);
	verdict_block(out, cls, &v, o);
	if (b->recipientlen > 0)
		field(out, M(L_RCPT), shown_bytes(buf, sizeof buf, b->recipient,
		    b->recipientlen), o->width);
	if (b->actionlen > 0)
		field(out, M(L_ACTION), shown_bytes(buf, sizeof buf, b->action,
		    b->actionlen), o->width);
	if (b->statuslen > 0)
		field(out, M(L_STATUS), shown_bytes(buf, sizeof buf, b->status,
		    b->statuslen), o->width);
	n = reply_codes(codes, b->basic, &b->enh);
	codes[n] = '\0';
	if (n > 0 || b->textlen > 0) {
		n = (size_t)snprintf(buf, sizeof buf, "%s%s", codes,
		    n > 0 && b->textlen > 0 ? " " : "");
		shown_bytes(buf + n, sizeof buf - n, b->text, b->textlen);
		field(out, M(L_REPLY), buf, o->width);
	}
	if (b->remote_mtalen > 0)
		field(out, M(L_REMOTE), shown_bytes(buf, sizeof buf,
		    b->remote_mta, b->remote_mtalen), o->width);
	if (b->stagelen > 0)
		field(out, M(L_STAGE), shown_bytes(buf, sizeof buf, b->stage,
		    b->stagelen), o->width);
}

/* ---- the --summary report --------------------------------------------- */

static const int disp_msg[SC_DISP_COUNT] = {
	M_REP_DELIVERED, M_REP_FORWARDED, M_REP_DEFERRED, M_REP_DEFERRALS,
	M_REP_BOUNCED, M_REP_EXPIRED, M_REP_REJECTED, M_REP_FREJECTED,
	M_REP_HELD, M_REP_DISCARDED
};

static void
rep_spaces(FILE *out, int n)
{
	while (n-- > 0)
		putc(' ', out);
}

/* Label right-aligned in 12 columns, then two spaces. */
static void
rep_count_head(FILE *out, const char *label)
{
	rep_spaces(out, 12 - (int)sc_width(label, strlen(label)));
	fputs(label, out);
	fputs("  ", out);
}

/*
 * s[0..n) in at most cols columns, control characters as "?", cut with
 * "..." when longer; UTF-8 sequences are not split.
 */
static void
rep_put_cut(FILE *out, const char *s, size_t n, int cols)
{
	size_t i, w = sc_width(s, n), k;
	int used = 0, room = cols;

	if ((int)w > cols)
		room = cols - 3;
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)s[i];

		k = 1;
		if (c >= 0x80)
			while (i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
				k++;
		if (used >= room)
			break;
		if (c < ' ' || c == 0x7f)
			putc('?', out);
		else
			fwrite(s + i, 1, k, out);
		used++;
	}
	if ((int)w > cols && cols >= 3)
		fputs("...", out);
}

static void
rep_count_cell(FILE *out, unsigned long long n, int est)
{
	char b[32];
	int k = snprintf(b, sizeof b, "%s%llu", est ? "~" : "", n);

	rep_spaces(out, 12 - k);
	fputs(b, out);
	fputs("  ", out);
}

/* A line of text cut to width, after indent spaces. */
static void
rep_line_cut(FILE *out, int indent, const char *s, int width)
{
	rep_spaces(out, indent);
	rep_put_cut(out, s, strlen(s), width - indent);
	putc('\n', out);
}

/* The header of a table: the count column, then a label. */
static void
rep_table_head(FILE *out, const struct sc_render_opts *o, const char *label,
    int width)
{
	rep_count_head(out, M(SUM_COUNT));
	rep_put_cut(out, label, strlen(label), width - 14);
	putc('\n', out);
}

void
sc_report_render(FILE *out, const struct sc_report *r,
    const struct sc_render_opts *o)
{
	struct sc_report_row rows[SC_REPORT_SHOW_DOM];
	unsigned long long rest, none, hard, cnt, any = 0;
	int order[SC_REASON_COUNT], width = o->width > 20 ? o->width : 20;
	int est = 0, d, cols = width - 14, hw;
	size_t nr, n, i, j;
	const char *h;
	char head[160];

	for (d = 0; d < SC_DISP_COUNT; d++)
		any += sc_report_total(r, d);
	if (any == 0) {
		sc_wrap(out, M(REP_NOTHING), 0, width);
		return;
	}
	rep_line_cut(out, 0, M(REP_TOTALS), width);
	rep_table_head(out, o, M(REP_DISP), width);
	for (d = 0; d < SC_DISP_COUNT; d++) {
		if (sc_report_total(r, d) == 0 && d != SC_DISP_DELIVERED &&
		    d != SC_DISP_DEFERRED && d != SC_DISP_BOUNCED &&
		    d != SC_DISP_REJECTED)
			continue;
		rep_count_cell(out, sc_report_total(r, d), !sc_report_exact(r, d));
		h = sc_msg(o->lang, disp_msg[d]);
		rep_put_cut(out, h, strlen(h), cols);
		putc('\n', out);
	}
	if (sc_report_ids_full(r))
		sc_wrap(out, M(REP_INEXACT), 0, width);
	nr = sc_report_reasons(r, order);
	if (nr == 0)
		return;
	putc('\n', out);
	rep_line_cut(out, 0, M(REP_REASONS), width);
	rep_count_head(out, M(SUM_COUNT));
	h = M(REP_HARD);
	hw = (int)sc_width(h, strlen(h));
	hw = hw > 8 ? hw : 8;	/* the hard column: its label or 8 digits */
	rep_spaces(out, hw - (int)sc_width(h, strlen(h)));
	fputs(h, out);
	fputs("  ", out);
	rep_put_cut(out, M(SUM_REASON), strlen(M(SUM_REASON)), width - 16 - hw);
	putc('\n', out);
	for (i = 0; i < nr; i++) {
		cnt = sc_report_reason(r, order[i], &hard);
		fprintf(out, "%12llu  %*llu  ", cnt, hw, hard);
		h = sc_reason_name(order[i]);
		if (width - 33 - hw >= 8) {
			fprintf(out, "%-16s ", h);
			h = sc_reason_title(order[i]);
			rep_put_cut(out, h, strlen(h), width - 33 - hw);
		} else {
			rep_put_cut(out, h, strlen(h), width - 16 - hw);
		}
		putc('\n', out);
	}
	for (i = 0; i < nr; i++) {
		putc('\n', out);
		snprintf(head, sizeof head, "%s: %s", sc_reason_name(order[i]),
		    sc_reason_title(order[i]));
		rep_line_cut(out, 0, head, width);
		rep_line_cut(out, 2, M(REP_DOMAINS), width);
		rep_table_head(out, o, M(REP_DOMAIN), width);
		n = sc_report_domains(r, order[i], rows, SC_REPORT_SHOW_DOM,
		    &rest, &none);
		for (j = 0; j < n; j++) {
			rep_count_cell(out, rows[j].count, rows[j].err > 0);
			est |= rows[j].err > 0;
			rep_put_cut(out, rows[j].s, rows[j].len, cols);
			putc('\n', out);
		}
		if (rest > 0) {
			rep_count_cell(out, rest, 0);
			rep_line_cut(out, 0, M(REP_REST), cols);
		}
		if (none > 0) {
			rep_count_cell(out, none, 0);
			rep_line_cut(out, 0, M(REP_NORCPT), cols);
		}
		rep_line_cut(out, 2, M(REP_TEXTS), width);
		rep_table_head(out, o, M(REP_REPLY), width);
		n = sc_report_texts(r, order[i], rows, SC_REPORT_SHOW_TEXT, &rest);
		for (j = 0; j < n; j++) {
			rep_count_cell(out, rows[j].count, rows[j].err > 0);
			est |= rows[j].err > 0;
			rep_put_cut(out, rows[j].s, rows[j].len, cols);
			putc('\n', out);
		}
		if (rest > 0) {
			rep_count_cell(out, rest, 0);
			rep_line_cut(out, 0, M(REP_REST), cols);
		}
	}
	if (est) {
		putc('\n', out);
		sc_wrap(out, M(REP_EST), 0, width);
	}
}
