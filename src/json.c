/*
 * json.c - JSON output: one object per line (JSON Lines), field names
 * stable and documented in smtpcode(1), names and labels in English.
 *
 * Strings are escaped so that any input gives valid JSON: '"', '\' and
 * control characters are escaped, valid UTF-8 passes through, and each
 * byte of an invalid UTF-8 sequence becomes U+FFFD.
 */
#include <string.h>

#include <stdio.h>

#include "internal.h"

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629 table). */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;	/* overlong, surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;	/* overlong, past U+10FFFF */
		return 4;
	}
	return 0;
}

size_t
sc_json_escape(char *dst, size_t cap, const char *src, size_t len, size_t *used)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, k;
	char tmp[8];
	const char *rep;
	size_t rl;

	while (i < len) {
		/* a run of printable ASCII but " and \\: as it is */
		for (k = i; k < len && s[k] >= 0x20 && s[k] < 0x7f &&
		    s[k] != '"' && s[k] != '\\'; k++)
			;
		if (k > i) {
			if (k - i > cap - o)
				k = i + (cap - o);
			memcpy(dst + o, s + i, k - i);
			o += k - i;
			i = k;
			if (o == cap)
				break;
			continue;
		}
		k = utf8_len(s + i, len - i);
		if (k == 0) {
			rep = "\\ufffd";
			rl = 6;
			k = 1;
		} else if (k > 1) {
			rep = (const char *)s + i;
			rl = k;
		} else if (s[i] == '"' || s[i] == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)s[i];
			rep = tmp;
			rl = 2;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			switch (s[i]) {
			case '\n': rep = "\\n"; rl = 2; break;
			case '\r': rep = "\\r"; rl = 2; break;
			case '\t': rep = "\\t"; rl = 2; break;
			default:
				snprintf(tmp, sizeof tmp, "\\u%04x", s[i]);
				rep = tmp;
				rl = 6;
			}
		} else {
			rep = (const char *)s + i;
			rl = 1;
		}
		if (o + rl > cap)
			break;
		memcpy(dst + o, rep, rl);
		o += rl;
		i += k;
	}
	*used = i;
	return o;
}

void
sc_json_str(FILE *out, const char *s, size_t len)
{
	char buf[512];
	size_t used, n;

	putc('"', out);
	while (len > 0) {
		n = sc_json_escape(buf, sizeof buf, s, len, &used);
		fwrite(buf, 1, n, out);
		s += used;
		len -= used;
	}
	putc('"', out);
}

static void
key(FILE *out, const char *k, int *first)
{
	if (!*first)
		putc(',', out);
	*first = 0;
	putc('"', out);
	fputs(k, out);
	fputs("\":", out);
}

static void
kstr(FILE *out, const char *k, const char *v, int *first)
{
	key(out, k, first);
	sc_json_str(out, v, strlen(v));
}

static void
kbool(FILE *out, const char *k, int v, int *first)
{
	key(out, k, first);
	fputs(v ? "true" : "false", out);
}

static void
kcodes(FILE *out, const char *k, const char *list, int *first)
{
	const char *p = list;
	int n = 0;

	key(out, k, first);
	putc('[', out);
	while (*p) {
		const char *e = p;

		while (*e && *e != ' ')
			e++;
		if (e > p)
			fprintf(out, "%s\"%.*s\"", n++ ? "," : "", (int)(e - p), p);
		p = *e ? e + 1 : e;
	}
	putc(']', out);
}

static void
kpart(FILE *out, const char *k, const char *code, const char *name, int *first)
{
	int f = 1;

	key(out, k, first);
	putc('{', out);
	kstr(out, "code", code, &f);
	kstr(out, "name", name, &f);
	putc('}', out);
}

static const char *
en(int id)
{
	return sc_msg(SC_LANG_EN, id);
}

/* "matched": every rule in force that matches, the deciding one first. */
static void
matched(FILE *out, const struct sc_query *q, int *f)
{
	const struct sc_rule *m[32];
	struct sc_reply r;
	size_t n, i;

	sc_query_reply(q, &r);
	n = sc_reply_matches(&r, m, 32);
	key(out, "matched", f);
	putc('[', out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			putc(',', out);
		sc_json_str(out, m[i]->id, strlen(m[i]->id));
	}
	putc(']', out);
}

/*
 * The verdict on the query vq, if any, as keys of the object being
 * written, then its closing brace.
 */
static void
close_obj(FILE *out, const struct sc_query *vq, int *f)
{
	struct sc_verdict v;
	int vendor;

	if (vq != NULL) {
		(void)sc_query_verdict(vq, &v, &vendor);
		kstr(out, "reason", sc_reason_name(v.reason), f);
		kbool(out, "hard", v.hard, f);
		kstr(out, "next", sc_next_name(v.next), f);
		key(out, "provider", f);
		if (v.provider != SC_PROVIDER_any)
			sc_json_str(out, sc_provider_key(v.provider),
			    strlen(sc_provider_key(v.provider)));
		else
			fputs("null", out);
		kbool(out, "vendor_code", vendor, f);
		key(out, "rule", f);
		if (v.rule != NULL) {
			int g = 1;

			putc('{', out);
			kstr(out, "id", v.rule->id, &g);
			if (v.rule->file != NULL) {
				kstr(out, "file", v.rule->file, &g);
				key(out, "line", &g);
				fprintf(out, "%u", v.rule->line);
			}
			kstr(out, "note", v.rule->note, &g);
			kstr(out, "source", v.rule->source, &g);
			kstr(out, "checked", v.rule->checked, &g);
			putc('}', out);
		} else {
			fputs("null", out);
		}
		matched(out, vq, f);
	}
	putc('}', out);
}

static void
basic_obj(FILE *out, int code, const struct sc_query *vq)
{
	const struct sc_basic *b = sc_basic_lookup(code);
	const struct sc_rclass *rc = sc_reply_class(code / 100);
	const struct sc_enhanced *e;
	char buf[2048], c[16];
	size_t i, len = 0;
	int f = 1, d = code / 100, n;

	putc('{', out);
	kstr(out, "type", "basic", &f);
	snprintf(c, sizeof c, "%d", code);
	kstr(out, "code", c, &f);
	kbool(out, "registered", b != NULL, &f);
	kbool(out, "standard", b != NULL && b->origin == SC_ORIGIN_STD, &f);
	kbool(out, "valid_syntax", sc_basic_wellformed(code), &f);
	kstr(out, "title", b ? b->title : en(M_NOT_REGISTERED), &f);
	snprintf(c, sizeof c, "%dxx", d);
	kpart(out, "class", c, d >= 2 && d <= 5 ? en(M_CLASS_2 + d - 2) : "", &f);
	snprintf(c, sizeof c, "x%dz", code / 10 % 10);
	kpart(out, "category", c, code / 10 % 10 <= 5 ?
	    en(M_CAT_0 + code / 10 % 10) : "", &f);
	if (b == NULL) {
		kstr(out, "description", rc ? rc->meaning : "", &f);
		kstr(out, "fix", rc ? rc->advice : "", &f);
		close_obj(out, vq, &f);
		return;
	}
	kstr(out, "severity", en(M_SEV_INFO + b->severity), &f);
	kstr(out, "topic", en(M_TOPIC_PROTOCOL + b->topic), &f);
	kstr(out, "reference", b->ref, &f);
	kstr(out, "stage", b->stage, &f);
	kstr(out, "description", b->desc, &f);
	kstr(out, "when", b->when, &f);
	kstr(out, "fix", b->fix, &f);
	kcodes(out, "related", b->related, &f);
	buf[0] = '\0';
	for (i = 0; (e = sc_enh_at(i)) != NULL; i++) {
		const char *p = e->assoc;
		int v, hit = 0;

		while (*p && !hit) {
			for (v = 0; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			hit = v == code;
			while (*p == ' ')
				p++;
		}
		if (!hit)
			continue;
		if (sc_enh_allows(e, d))
			n = snprintf(buf + len, sizeof buf - len, "%s%d.%d.%d",
			    len ? " " : "", d, e->subject, e->detail);
		else
			n = snprintf(buf + len, sizeof buf - len, "%sX.%d.%d",
			    len ? " " : "", e->subject, e->detail);
		if (n > 0 && (size_t)n < sizeof buf - len)
			len += (size_t)n;
	}
	kcodes(out, "enhanced", buf, &f);
	close_obj(out, vq, &f);
}

static void
enh_obj(FILE *out, const struct sc_enh_code *c, const struct sc_query *vq)
{
	const struct sc_enhanced *e = sc_enh_lookup(c->subject, c->detail);
	char code[48], cl[8];
	int f = 1;

	putc('{', out);
	kstr(out, "type", "enhanced", &f);
	if (c->cls)
		snprintf(code, sizeof code, "%d.%d.%d", c->cls, c->subject, c->detail);
	else
		snprintf(code, sizeof code, "X.%d.%d", c->subject, c->detail);
	kstr(out, "code", code, &f);
	kbool(out, "registered", e != NULL, &f);
	kstr(out, "title", e ? e->title : en(M_NOT_REGISTERED), &f);
	if (c->cls)
		snprintf(cl, sizeof cl, "%d", c->cls);
	else
		snprintf(cl, sizeof cl, "X");
	kpart(out, "class", cl, c->cls == 2 ? en(M_ECLASS_2) : c->cls == 4 ?
	    en(M_ECLASS_4) : c->cls == 5 ? en(M_ECLASS_5) : en(M_ECLASS_X), &f);
	snprintf(cl, sizeof cl, "%d", c->subject);
	kpart(out, "subject", cl, c->subject <= 7 ? en(M_SUBJ_0 + c->subject) :
	    "", &f);
	if (e == NULL) {
		close_obj(out, vq, &f);
		return;
	}
	kbool(out, "deprecated", e->deprecated, &f);
	key(out, "classes", &f);
	fprintf(out, "[%s%s%s%s%s]", e->classes & SC_CL2 ? "2" : "",
	    (e->classes & SC_CL2) && (e->classes & (SC_CL4 | SC_CL5)) ? "," : "",
	    e->classes & SC_CL4 ? "4" : "",
	    (e->classes & SC_CL4) && (e->classes & SC_CL5) ? "," : "",
	    e->classes & SC_CL5 ? "5" : "");
	kbool(out, "class_allowed", c->cls == 0 || sc_enh_allows(e, c->cls), &f);
	kstr(out, "reference", e->ref, &f);
	kstr(out, "description", e->desc, &f);
	kstr(out, "when", e->when, &f);
	kstr(out, "fix", e->fix, &f);
	kcodes(out, "basic", e->assoc, &f);
	close_obj(out, vq, &f);
}

/* A class pattern: what its fixed digits mean, and the codes it matches. */
static void
class_obj(FILE *out, const struct sc_pattern *p)
{
	static struct sc_item it[SC_ITEMS_MAX];
	const struct sc_rclass *c = NULL, *cat = NULL;
	const struct sc_enh_part *ec = NULL, *es = NULL;
	char code[32];
	size_t i, n = sc_list(p, it, SC_ITEMS_MAX);
	int f = 1, d = p->d[0] > 0 ? p->d[0] : 0;

	putc('{', out);
	kstr(out, "type", "class", &f);
	sc_pattern_text(code, sizeof code, p);
	kstr(out, "code", code, &f);
	kbool(out, "enhanced", p->enh, &f);
	if (p->enh) {
		ec = d ? sc_enh_class(d) : NULL;
		es = p->d[1] >= 0 ? sc_enh_subject(p->d[1]) : NULL;
		if (ec != NULL) {
			kstr(out, "name", en(M_ECLASS_2 + (d == 2 ? 0 : d == 4 ?
			    1 : 2)), &f);
			kstr(out, "meaning", ec->desc, &f);
		}
		if (es != NULL) {
			kstr(out, "subject", en(M_SUBJ_0 + p->d[1]), &f);
			kstr(out, "subject_meaning", es->desc, &f);
		}
	} else {
		c = sc_reply_class(d);
		cat = c && p->d[1] >= 0 ? sc_reply_category(p->d[1]) : NULL;
		kstr(out, "name", c ? en(M_CLASS_2 + d - 2) : d ?
		    en(M_CLASS_NONE) : "", &f);
		if (c != NULL) {
			kstr(out, "meaning", c->meaning, &f);
			kstr(out, "advice", c->advice, &f);
		}
		if (cat != NULL) {
			kstr(out, "category", en(M_CAT_0 + cat->digit), &f);
			kstr(out, "category_meaning", cat->meaning, &f);
		}
	}
	key(out, "codes", &f);
	putc('[', out);
	for (i = 0; i < n; i++) {
		sc_item_code(code, sizeof code, &it[i]);
		fprintf(out, "%s\"%s\"", i ? "," : "", code);
	}
	fputs("]}", out);
}

static void
query_obj(FILE *out, const struct sc_query *q)
{
	const struct sc_enhanced *e;
	char code[64];
	int f = 1;

	switch (q->kind) {
	case SC_Q_ENH:
		enh_obj(out, &q->enh, q);
		return;
	case SC_Q_CLASS:
		class_obj(out, &q->pattern);
		return;
	case SC_Q_PAIR:
		e = sc_enh_lookup(q->enh.subject, q->enh.detail);
		putc('{', out);
		kstr(out, "type", "pair", &f);
		snprintf(code, sizeof code, "%d %d.%d.%d", q->basic, q->enh.cls,
		    q->enh.subject, q->enh.detail);
		kstr(out, "code", code, &f);
		kbool(out, "consistent", q->enh.cls == q->basic / 100, &f);
		{
			const char *p = e ? e->assoc : "";
			int v, hit = 0;

			while (*p && !hit) {
				for (v = 0; *p >= '0' && *p <= '9'; p++)
					v = v * 10 + (*p - '0');
				hit = v == q->basic;
				while (*p == ' ')
					p++;
			}
			kbool(out, "associated", hit, &f);
		}
		if (q->text != NULL) {
			key(out, "text", &f);
			sc_json_str(out, q->text, q->textlen);
		}
		key(out, "basic", &f);
		basic_obj(out, q->basic, NULL);
		key(out, "enhanced", &f);
		enh_obj(out, &q->enh, NULL);
		close_obj(out, q, &f);
		return;
	default:
		if (q->text == NULL) {
			basic_obj(out, q->basic, q);
			return;
		}
		putc('{', out);
		kstr(out, "type", "reply", &f);
		key(out, "text", &f);
		sc_json_str(out, q->text, q->textlen);
		key(out, "basic", &f);
		basic_obj(out, q->basic, NULL);
		close_obj(out, q, &f);
	}
}

static int
known(const struct sc_query *q)
{
	struct sc_verdict v;
	int vendor = 0;

	if (q->kind == SC_Q_ENH || q->kind == SC_Q_PAIR)
		(void)sc_query_verdict(q, &v, &vendor);
	switch (q->kind) {
	case SC_Q_ENH:
		return vendor || sc_enh_lookup(q->enh.subject, q->enh.detail);
	case SC_Q_PAIR:
		return (vendor || sc_enh_lookup(q->enh.subject, q->enh.detail)) &&
		    sc_basic_lookup(q->basic) != NULL;
	case SC_Q_CLASS: {	/* as render_class(): known when it matches */
		static struct sc_item it[SC_ITEMS_MAX];

		return sc_list(&q->pattern, it, SC_ITEMS_MAX) > 0;
	}
	}
	return sc_basic_lookup(q->basic) != NULL;
}

int
sc_json_query(FILE *out, const struct sc_query *q)
{
	query_obj(out, q);
	putc('\n', out);
	return known(q) ? 0 : 1;
}

int
sc_json_compare(FILE *out, const struct sc_query *a, const struct sc_query *b)
{
	char la[64], lb[64];
	int f = 1;

	putc('{', out);
	kstr(out, "type", "comparison", &f);
	snprintf(la, sizeof la, "%d.%d.%d.%d.%d", a->kind, a->basic, a->enh.cls,
	    a->enh.subject, a->enh.detail);
	snprintf(lb, sizeof lb, "%d.%d.%d.%d.%d", b->kind, b->basic, b->enh.cls,
	    b->enh.subject, b->enh.detail);
	kbool(out, "same", strcmp(la, lb) == 0, &f);
	key(out, "a", &f);
	query_obj(out, a);
	key(out, "b", &f);
	query_obj(out, b);
	fputs("}\n", out);
	return known(a) && known(b) ? 0 : 1;
}

void
sc_json_item(FILE *out, const struct sc_item *it)
{
	char code[32], cls[16];
	const char *t = it->b ? it->b->title : it->e->title;

	sc_item_code(code, sizeof code, it);
	sc_item_class(cls, sizeof cls, it);
	fprintf(out, "{\"type\":\"%s\",\"code\":\"%s\",\"class\":\"%s\",\"title\":",
	    it->b ? "basic" : "enhanced", code, cls);
	sc_json_str(out, t, strlen(t));
	fprintf(out, ",\"standard\":%s", it->b == NULL ||
	    it->b->origin == SC_ORIGIN_STD ? "true" : "false");
	if (it->score)
		fprintf(out, ",\"score\":%d", it->score);
	fputs("}\n", out);
}

/* A JSON string through put(). */
static int
put_str(sc_put_fn *put, void *ctx, const char *s, size_t len)
{
	char buf[256];
	size_t used, n;
	int r = put(ctx, "\"", 1);

	while (len > 0 && r == 0) {
		n = sc_json_escape(buf, sizeof buf, s, len, &used);
		r = put(ctx, buf, n);
		s += used;
		len -= used;
	}
	return r ? r : put(ctx, "\"", 1);
}

/* "key": the string s[0..n), or null. */
static int
put_opt(sc_put_fn *put, void *ctx, const char *k, const char *s, size_t n)
{
	int r = put(ctx, k, strlen(k));

	if (r == 0 && s == NULL)
		return put(ctx, "null", 4);
	return r ? r : put_str(put, ctx, s, n);
}

int
sc_json_annotation(sc_put_fn *put, void *ctx, const char *file,
    unsigned long long line, const struct sc_line_hit *h, size_t n,
    unsigned long long more, const struct sc_line_reply *rp, size_t nr,
    const struct sc_line_ctx *c)
{
	char buf[96];
	const char *m;
	const struct sc_rule *rule;
	size_t i;
	int r, k;

	r = put(ctx, "{\"file\":", 8);
	r = r ? r : put_str(put, ctx, file, strlen(file));
	k = snprintf(buf, sizeof buf, ",\"line\":%llu,\"codes\":[", line);
	r = r ? r : put(ctx, buf, (size_t)k);
	for (i = 0; i < n && r == 0; i++) {
		k = snprintf(buf, sizeof buf, "%s{\"code\":\"", i ? "," : "");
		r = put(ctx, buf, (size_t)k);
		k = sc_hit_code(&h[i].hit, buf, sizeof buf);
		r = r ? r : put(ctx, buf, (size_t)k);
		k = snprintf(buf, sizeof buf, "\",\"type\":\"%s\",\"meaning\":",
		    h[i].hit.kind == SC_HIT_BASIC ? "basic" : "enhanced");
		r = r ? r : put(ctx, buf, (size_t)k);
		m = sc_hit_meaning(&h[i].hit);
		r = r ? r : put_str(put, ctx, m, strlen(m));
		r = r ? r : put(ctx, "}", 1);
	}
	k = snprintf(buf, sizeof buf, "],\"more\":%llu", more);
	r = r ? r : put(ctx, buf, (size_t)k);
	r = r ? r : put_opt(put, ctx, ",\"side\":", c->side,
	    c->side ? strlen(c->side) : 0);
	r = r ? r : put_opt(put, ctx, ",\"stage\":", c->stage,
	    c->stage ? strlen(c->stage) : 0);
	r = r ? r : put_opt(put, ctx, ",\"recipient\":", c->rcpt, c->rcptlen);
	r = r ? r : put_opt(put, ctx, ",\"domain\":", c->domain, c->domainlen);
	r = r ? r : put(ctx, ",\"replies\":[", 12);
	for (i = 0; i < nr && r == 0; i++) {
		r = put(ctx, i ? ",{\"basic\":" : "{\"basic\":", i ? 10 : 9);
		if (rp[i].basic >= 0)
			k = snprintf(buf, sizeof buf, "\"%d\"", rp[i].basic);
		else
			k = snprintf(buf, sizeof buf, "null");
		r = r ? r : put(ctx, buf, (size_t)k);
		if (rp[i].enh.subject >= 0)
			k = snprintf(buf, sizeof buf, ",\"enhanced\":\"%d.%d.%d\"",
			    rp[i].enh.cls, rp[i].enh.subject, rp[i].enh.detail);
		else
			k = snprintf(buf, sizeof buf, ",\"enhanced\":null");
		r = r ? r : put(ctx, buf, (size_t)k);
		r = r ? r : put(ctx, ",\"text\":", 8);
		r = r ? r : put_str(put, ctx, rp[i].text, rp[i].textlen);
		r = r ? r : put(ctx, ",\"reason\":", 10);
		m = sc_reason_name(rp[i].v.reason);
		r = r ? r : put_str(put, ctx, m, strlen(m));
		k = snprintf(buf, sizeof buf, ",\"hard\":%s,\"next\":",
		    rp[i].v.hard ? "true" : "false");
		r = r ? r : put(ctx, buf, (size_t)k);
		m = sc_next_name(rp[i].v.next);
		r = r ? r : put_str(put, ctx, m, strlen(m));
		r = r ? r : put(ctx, ",\"provider\":", 12);
		if (rp[i].v.provider != SC_PROVIDER_any) {
			m = sc_provider_key(rp[i].v.provider);
			r = r ? r : put_str(put, ctx, m, strlen(m));
		} else {
			r = r ? r : put(ctx, "null", 4);
		}
		r = r ? r : put(ctx, ",\"rule\":", 8);
		rule = rp[i].v.rule;
		if (rule != NULL)
			r = r ? r : put_str(put, ctx, rule->id, strlen(rule->id));
		else
			r = r ? r : put(ctx, "null", 4);
		r = r ? r : put(ctx, "}", 1);
	}
	return r ? r : put(ctx, "]}\n", 3);
}

void
sc_json_summary(FILE *out, const struct sc_annot *a)
{
	static struct sc_summary_row rows[SC_SUMMARY_ROWS];
	static const struct sc_tally none;
	const struct sc_tally *t = a->tally ? a->tally : &none;
	char code[SC_CODE_MAX];
	const char *m;
	size_t n = sc_summary_rows(t, rows), i;

	if (a->report != NULL)
		sc_report_json(out, a->report);

	for (i = 0; i < n; i++) {
		sc_hit_code(&rows[i].h, code, sizeof code);
		fprintf(out, "{\"type\":\"code\",\"code\":\"%s\",\"kind\":\"%s\","
		    "\"count\":%llu,\"meaning\":", code, rows[i].h.kind ==
		    SC_HIT_BASIC ? "basic" : "enhanced", rows[i].n);
		m = sc_hit_meaning(&rows[i].h);
		sc_json_str(out, m, strlen(m));
		fputs("}\n", out);
	}
	if (t->dropped)
		fprintf(out, "{\"type\":\"code\",\"code\":\"other\",\"kind\":"
		    "\"enhanced\",\"count\":%llu,\"meaning\":\"further "
		    "unregistered enhanced codes\"}\n", t->dropped);
	fprintf(out, "{\"type\":\"lines\",\"lines\":%llu,\"with_replies\":%llu}\n",
	    t->lines, t->annotated);
}

/* A key with bytes from a message as its value, null when empty. */
static void
kbytes(FILE *out, const char *k, const char *s, size_t n, int *f)
{
	key(out, k, f);
	if (n > 0)
		sc_json_str(out, s, n);
	else
		fputs("null", out);
}

void
sc_json_bounce(FILE *out, const struct sc_bounce *b)
{
	struct sc_verdict v;
	char code[32];
	int f = 1;

	(void)sc_bounce_verdict(b, &v);
	putc('{', out);
	kstr(out, "type", "bounce", &f);
	key(out, "message", &f);
	fprintf(out, "%llu", b->msgno);
	kstr(out, "format", b->format != NULL ? b->format : "", &f);
	kbytes(out, "recipient", b->recipient, b->recipientlen, &f);
	kbytes(out, "action", b->action, b->actionlen, &f);
	kbytes(out, "status", b->status, b->statuslen, &f);
	key(out, "reply", &f);
	if (b->basic >= 0)
		fprintf(out, "\"%d\"", b->basic);
	else
		fputs("null", out);
	key(out, "enhanced", &f);
	if (b->enh.subject >= 0) {
		snprintf(code, sizeof code, "%d.%d.%d", b->enh.cls,
		    b->enh.subject, b->enh.detail);
		sc_json_str(out, code, strlen(code));
	} else {
		fputs("null", out);
	}
	kbytes(out, "text", b->text, b->textlen, &f);
	kbytes(out, "remote_mta", b->remote_mta, b->remote_mtalen, &f);
	kbytes(out, "stage", b->stage, b->stagelen, &f);
	kstr(out, "reason", sc_reason_name(v.reason), &f);
	kbool(out, "hard", v.hard, &f);
	kstr(out, "next", sc_next_name(v.next), &f);
	key(out, "provider", &f);
	if (v.provider != SC_PROVIDER_any)
		sc_json_str(out, sc_provider_key(v.provider),
		    strlen(sc_provider_key(v.provider)));
	else
		fputs("null", out);
	key(out, "rule", &f);
	if (v.rule != NULL)
		sc_json_str(out, v.rule->id, strlen(v.rule->id));
	else
		fputs("null", out);
	kbool(out, "truncated", (b->flags & SC_BOUNCE_TRUNCATED) != 0, &f);
	fputs("}\n", out);
}

/* ---- the --summary report --------------------------------------------- */

static void
json_rows(FILE *out, const char *type, const char *field, int reason,
    const struct sc_report_row *rows, size_t n, unsigned long long rest)
{
	const char *rn = sc_reason_name(reason);
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(out, "{\"type\":\"%s\",\"reason\":\"%s\",\"%s\":", type, rn,
		    field);
		sc_json_str(out, rows[i].s, rows[i].len);
		fprintf(out, ",\"count\":%llu,\"error\":%llu,\"other\":false",
		    rows[i].count, rows[i].err);
		if (rows[i].ex != NULL) {
			fputs(",\"example\":", out);
			sc_json_str(out, rows[i].ex, rows[i].exlen);
		}
		fputs("}\n", out);
	}
	if (rest > 0) {
		fprintf(out, "{\"type\":\"%s\",\"reason\":\"%s\",\"%s\":null,"
		    "\"count\":%llu,\"error\":0,\"other\":true", type, rn, field,
		    rest);
		if (strcmp(type, "text") == 0)
			fputs(",\"example\":null", out);
		fputs("}\n", out);
	}
}

void
sc_report_json(FILE *out, const struct sc_report *r)
{
	struct sc_report_row rows[SC_REPORT_SHOW_DOM];
	unsigned long long rest, none, cnt, hard;
	int order[SC_REASON_COUNT], d, first;
	size_t n, i, k;
	const char *t;

	for (d = 0; d < SC_DISP_COUNT; d++)
		fprintf(out, "{\"type\":\"total\",\"disposition\":\"%s\","
		    "\"count\":%llu,\"exact\":%s}\n", sc_disp_name(d), sc_report_total(r, d),
		    sc_report_exact(r, d) ? "true" : "false");
	n = sc_report_reasons(r, order);
	for (i = 0; i < n; i++) {
		fprintf(out, "{\"type\":\"reason\",\"reason\":\"%s\",\"title\":",
		    sc_reason_name(order[i]));
		t = sc_reason_title(order[i]);
		sc_json_str(out, t, strlen(t));
		cnt = sc_report_reason(r, order[i], &hard);
		fprintf(out, ",\"count\":%llu,\"hard\":%llu,\"dispositions\":{",
		    cnt, hard);
		for (d = 0, first = 1; d < SC_DISP_COUNT; d++)
			if (sc_report_by(r, order[i], d) > 0) {
				fprintf(out, "%s\"%s\":%llu", first ? "" : ",",
				    sc_disp_name(d), sc_report_by(r, order[i], d));
				first = 0;
			}
		fputs("}}\n", out);
	}
	for (i = 0; i < n; i++) {
		k = sc_report_domains(r, order[i], rows, SC_REPORT_SHOW_DOM, &rest,
		    &none);
		json_rows(out, "domain", "domain", order[i], rows, k, rest);
		if (none > 0)
			fprintf(out, "{\"type\":\"domain\",\"reason\":\"%s\","
			    "\"domain\":null,\"count\":%llu,\"error\":0,"
			    "\"other\":false}\n", sc_reason_name(order[i]), none);
		k = sc_report_texts(r, order[i], rows, SC_REPORT_SHOW_TEXT, &rest);
		json_rows(out, "text", "text", order[i], rows, k, rest);
	}
}
