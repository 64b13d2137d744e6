/*
 * annotate.c - the --annotate filter.
 *
 * Input is read in blocks with read(2) and copied to the output buffer
 * unchanged; a line that carries replies gets SC_ANNOT_SEP and the
 * gloss inserted before its line ending (LF, CRLF, or none at the end
 * of input).  A line longer than half the input buffer is scanned in
 * windows that overlap by the scanner's look-back and look-ahead, its
 * content written as it goes, so memory stays the size of struct
 * sc_annot whatever the input.  The output buffer is flushed before
 * every read, so a trickling pipe (tail -f) sees each line at once.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "smtpcode.h"

struct line {
	struct sc_hit hit[SC_ANNOT_HITS];
	size_t n;
	unsigned long long more;
};

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return SC_ANNOT_EWRITE;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
sc_annot_flush(struct sc_annot *a)
{
	int r = 0;

	if (a->olen > 0 && !a->quiet)
		r = write_all(a->out, a->obuf, a->olen);
	a->olen = 0;
	return r;
}

static int
put(struct sc_annot *a, const char *p, size_t n)
{
	if (a->quiet)
		return 0;
	if (a->olen + n > sizeof a->obuf) {
		if (sc_annot_flush(a) < 0)
			return SC_ANNOT_EWRITE;
		if (n >= sizeof a->obuf)
			return write_all(a->out, p, n);
	}
	memcpy(a->obuf + a->olen, p, n);
	a->olen += n;
	return 0;
}

/* Input bytes: copied, except in JSON mode. */
static int
copy(struct sc_annot *a, const char *p, size_t n)
{
	return a->json ? 0 : put(a, p, n);
}

/* Decimal digits of v (0-999) into p; returns how many. */
static int
put3(char *p, int v)
{
	int n = 0;

	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

int
sc_hit_code(const struct sc_hit *h, char *buf, size_t sz)
{
	char t[16];
	int n;

	if (h->kind == HIT_BASIC) {
		n = put3(t, h->basic);
	} else {
		n = put3(t, h->enh.cls);
		t[n++] = '.';
		n += put3(t + n, h->enh.subject);
		t[n++] = '.';
		n += put3(t + n, h->enh.detail);
	}
	if (sz == 0)
		return n;
	memcpy(buf, t, (size_t)n < sz ? (size_t)n : sz - 1);
	buf[(size_t)n < sz ? (size_t)n : sz - 1] = '\0';
	return n;
}

static void
tally(struct sc_tally *t, const struct sc_hit *h)
{
	const struct sc_enh_code *e = &h->enh;
	int ci;
	size_t i;

	if (h->kind == HIT_BASIC) {
		if (h->basic >= 0 && h->basic < 1000)
			t->basic[h->basic]++;
		return;
	}
	ci = e->cls == 2 ? 0 : e->cls == 4 ? 1 : 2;
	if (e->subject < 8 && e->detail < 32) {
		t->enh[ci][e->subject][e->detail]++;
		return;
	}
	for (i = 0; i < t->nother; i++)
		if (t->other[i].code.cls == e->cls &&
		    t->other[i].code.subject == e->subject &&
		    t->other[i].code.detail == e->detail) {
			t->other[i].n++;
			return;
		}
	if (t->nother < SC_TALLY_OTHER) {
		t->other[t->nother].code = *e;
		t->other[t->nother].n = 1;
		t->nother++;
	} else {
		t->dropped++;
	}
}

static void
record(struct sc_annot *a, struct line *l, const struct sc_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a->tally)
			tally(a->tally, &h[i]);
		if (l->n < SC_ANNOT_HITS)
			l->hit[l->n++] = h[i];
		else
			l->more++;
	}
}

/* Every hit from `from` on, however many: SC_ANNOT_HITS at a time. */
static void
scan_line(struct sc_annot *a, struct line *l, const char *b, size_t len,
    size_t from, int eol)
{
	struct sc_hit tmp[SC_ANNOT_HITS];
	size_t n;

	do {
		n = sc_scan(b, len, from, eol, tmp, SC_ANNOT_HITS);
		record(a, l, tmp, n);
		if (n > 0)
			from = tmp[n - 1].off + tmp[n - 1].len;
	} while (n == SC_ANNOT_HITS);
}

/* A JSON string into the output buffer. */
static int
put_json(struct sc_annot *a, const char *s, size_t len)
{
	char buf[256];
	size_t used, n;
	int r = put(a, "\"", 1);

	while (len > 0) {
		n = sc_json_escape(buf, sizeof buf, s, len, &used);
		r |= put(a, buf, n);
		s += used;
		len -= used;
	}
	return r | put(a, "\"", 1);
}

static int
json_line(struct sc_annot *a, const struct line *l)
{
	char buf[96];
	const char *m;
	size_t i;
	int r = 0, n;

	r |= put(a, "{\"file\":", 8);
	r |= put_json(a, a->name ? a->name : "-", strlen(a->name ? a->name : "-"));
	n = snprintf(buf, sizeof buf, ",\"line\":%llu,\"codes\":[", a->lineno);
	r |= put(a, buf, (size_t)n);
	for (i = 0; i < l->n; i++) {
		n = snprintf(buf, sizeof buf, "%s{\"code\":\"", i ? "," : "");
		r |= put(a, buf, (size_t)n);
		n = sc_hit_code(&l->hit[i], buf, sizeof buf);
		r |= put(a, buf, (size_t)n);
		n = snprintf(buf, sizeof buf, "\",\"type\":\"%s\",\"meaning\":",
		    l->hit[i].kind == HIT_BASIC ? "basic" : "enhanced");
		r |= put(a, buf, (size_t)n);
		m = sc_hit_meaning(&l->hit[i]);
		r |= put_json(a, m, strlen(m));
		r |= put(a, "}", 1);
	}
	n = snprintf(buf, sizeof buf, "],\"more\":%llu}\n", l->more);
	r |= put(a, buf, (size_t)n);
	return r ? SC_ANNOT_EWRITE : 0;
}

static int
annotation(struct sc_annot *a, const struct line *l)
{
	char buf[64];
	const char *m;
	size_t i;
	int r = 0, n;

	if (a->tally)
		a->tally->annotated++;
	if (a->json)
		return json_line(a, l);
	r |= put(a, SC_ANNOT_SEP, sizeof SC_ANNOT_SEP - 1);
	if (a->color)
		r |= put(a, "\033[2m", 4);
	for (i = 0; i < l->n; i++) {
		n = sc_hit_code(&l->hit[i], buf, sizeof buf);
		if (i > 0)
			r |= put(a, "; ", 2);
		r |= put(a, buf, (size_t)n);
		r |= put(a, " ", 1);
		m = sc_hit_meaning(&l->hit[i]);
		r |= put(a, m, strlen(m));
	}
	if (l->more > 0) {
		n = snprintf(buf, sizeof buf, "; and %llu more", l->more);
		r |= put(a, buf, (size_t)n);
	}
	if (a->color)
		r |= put(a, "\033[0m", 4);
	return r ? SC_ANNOT_EWRITE : 0;
}

int
sc_annotate_fd(struct sc_annot *a, int in)
{
	char *b = a->ibuf;
	struct line l;
	size_t len = 0, pos = 0, start = 0, from = 0, emit = 0, ce, keep, end;
	ssize_t r;
	char *nl;

	l.n = 0;
	l.more = 0;
	for (;;) {
		if (sc_annot_flush(a) < 0)
			return SC_ANNOT_EWRITE;
		r = read(in, b + len, sizeof a->ibuf - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return SC_ANNOT_EREAD;
		}
		len += (size_t)r;
		while ((nl = memchr(b + pos, '\n', len - pos)) != NULL) {
			ce = (size_t)(nl - b);
			if (ce > start && b[ce - 1] == '\r')
				ce--;
			scan_line(a, &l, b + start, ce - start, from - start, 1);
			a->lineno++;
			if (l.n > 0) {
				if (copy(a, b + emit, ce - emit) < 0 ||
				    annotation(a, &l) < 0)
					return SC_ANNOT_EWRITE;
				emit = ce;
			}
			if (a->tally)
				a->tally->lines++;
			pos = start = from = (size_t)(nl - b) + 1;
			l.n = 0;
			l.more = 0;
		}
		if (r == 0) {	/* end of input: a last line without LF */
			if (start < len || from > start) {
				scan_line(a, &l, b + start, len - start,
				    from - start, 1);
				a->lineno++;
				if (l.n > 0) {
					if (copy(a, b + emit, len - emit) < 0 ||
					    annotation(a, &l) < 0)
						return SC_ANNOT_EWRITE;
					emit = len;
				}
				if (a->tally)
					a->tally->lines++;
			}
			if (copy(a, b + emit, len - emit) < 0 ||
			    sc_annot_flush(a) < 0)
				return SC_ANNOT_EWRITE;
			return SC_ANNOT_OK;
		}
		/* Write what is safe: all but a CR that may start a CRLF. */
		end = len;
		if (end > emit && b[end - 1] == '\r')
			end--;
		if (copy(a, b + emit, end - emit) < 0)
			return SC_ANNOT_EWRITE;
		emit = end;
		if (len - start > sizeof a->ibuf / 2) {
			/* A long line: scan this window, keep its tail. */
			scan_line(a, &l, b + start, len - start, from - start, 0);
			if (len - SC_SCAN_AHEAD > from)
				from = len - SC_SCAN_AHEAD;
			keep = from - SC_SCAN_BACK > start ? from - SC_SCAN_BACK : start;
		} else {
			keep = start;
		}
		if (keep > 0) {
			memmove(b, b + keep, len - keep);
			len -= keep;
			start = start > keep ? start - keep : 0;	/* 0: context */
			from -= keep;
			emit -= keep;
		}
		pos = len;
	}
}
