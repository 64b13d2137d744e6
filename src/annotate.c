/*
 * annotate.c - the --annotate filter.
 *
 * Input is read in blocks with read(2) and written out unchanged; a line that carries replies gets SC_ANNOT_SEP and the
 * gloss inserted before its line ending (LF, CRLF, or none at the end
 * of input).  A line longer than half the input buffer is scanned in
 * windows that overlap by the scanner's look-back and look-ahead, its
 * content written as it goes, so memory stays the size of struct
 * sc_annot whatever the input.  Output is flushed before every read, so
 * a trickling pipe (tail -f) sees each line at once.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE	/* F_GETPIPE_SZ, F_SETPIPE_SZ */
#endif
#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <stdlib.h>

#include "internal.h"

#if defined(IOV_MAX) && IOV_MAX < SC_ANNOT_SEGS
#define IOV_CAP IOV_MAX
#else
#define IOV_CAP SC_ANNOT_SEGS
#endif


/*
 * Output is a list of segments written with one writev(2): runs of the
 * input, straight from the input buffer, and the annotations, built in
 * the output buffer.  Input bytes are never copied in memory.  The list
 * is flushed before the input buffer is read into or moved, when it or
 * the output buffer is full, and at the end.
 */
int
sc_annot_flush(struct sc_annot *a)
{
	struct iovec iov[SC_ANNOT_SEGS];
	size_t i, n = a->nseg;
	ssize_t w;
	int k = 0;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = (void *)(uintptr_t)a->seg[i].p;
		iov[i].iov_len = a->seg[i].n;
	}
	a->nseg = 0;
	a->olen = 0;
	while ((size_t)k < n && !a->quiet) {
		w = writev(a->out, iov + k, (int)(n - (size_t)k) > IOV_CAP ?
		    IOV_CAP : (int)(n - (size_t)k));
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return SC_EWRITE;
		}
		/* past what was written; a partial segment goes on */
		while ((size_t)k < n && (size_t)w >= iov[k].iov_len)
			w -= (ssize_t)iov[k++].iov_len;
		if ((size_t)k < n) {
			iov[k].iov_base = (char *)iov[k].iov_base + w;
			iov[k].iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Queue p[0..n), which stays where it is until the next flush. */
static int
queue(struct sc_annot *a, const char *p, size_t n)
{
	struct sc_seg *s = a->nseg > 0 ? &a->seg[a->nseg - 1] : NULL;

	if (n == 0 || a->quiet)
		return 0;
	if (s != NULL && s->p + s->n == p) {
		s->n += n;
		return 0;
	}
	if (a->nseg == SC_ANNOT_SEGS && sc_annot_flush(a) < 0)
		return SC_EWRITE;
	a->seg[a->nseg].p = p;
	a->seg[a->nseg].n = n;
	a->nseg++;
	return 0;
}

/*
 * Room for n more bytes in the output buffer, if it can hold them, and
 * for the segment that will point at them.  Both are made here, before
 * the bytes are written: a flush empties the output buffer, so one that
 * came between writing the bytes and queueing them (a full segment
 * list) would let the next annotation overwrite them while queued.
 */
static int
room(struct sc_annot *a, size_t n)
{
	if (sizeof a->obuf - a->olen < n || a->nseg == SC_ANNOT_SEGS)
		return sc_annot_flush(a);
	return 0;
}

/* Annotation text: into the output buffer, and queued. */
static int
put(struct sc_annot *a, const char *p, size_t n)
{
	size_t k;

	if (a->quiet)
		return 0;
	while (n > 0) {
		if (room(a, n < sizeof a->obuf ? n : 1) < 0)
			return SC_EWRITE;
		k = sizeof a->obuf - a->olen < n ? sizeof a->obuf - a->olen : n;
		memcpy(a->obuf + a->olen, p, k);
		if (queue(a, a->obuf + a->olen, k) < 0)
			return SC_EWRITE;
		a->olen += k;
		p += k;
		n -= k;
	}
	return 0;
}

/* Input bytes: queued where they are, except in JSON mode. */
static int
copy(struct sc_annot *a, const char *p, size_t n)
{
	return a->json ? 0 : queue(a, p, n);
}

static void
tally(struct sc_tally *t, const struct sc_hit *h)
{
	const struct sc_enh_code *e = &h->enh;
	int ci;
	size_t i;

	if (h->kind == SC_HIT_BASIC) {
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

/*
 * Keep hits h[0..n) of the line l.  frame[h->off] is a hit's first
 * byte, frame[0] the stream's byte frame_abs, and the line's bytes are
 * there up to frame[avail]; with copy, the text after each hit is copied,
 * for a line scanned in windows that will be gone when it ends.  Offsets
 * are kept from the line's first hit, one frame for all its hits.
 */
static void
record(struct sc_annot *a, struct sc_line *l, const struct sc_hit *h, size_t n,
    const char *frame, unsigned long long frame_abs, size_t avail, int copy)
{
	struct sc_line_hit *lh;
	size_t i, t;

	for (i = 0; i < n; i++) {
		if (a->tally)
			tally(a->tally, &h[i]);
		if (l->n == SC_ANNOT_HITS) {
			l->more++;
			continue;
		}
		if (l->n == 0)
			l->origin = frame_abs + h[i].off;
		lh = &l->hit[l->n];
		lh->hit = h[i];
		lh->hit.off = (size_t)(frame_abs + h[i].off - l->origin);
		t = h[i].off + h[i].len;
		lh->textlen = avail > t ? avail - t : 0;
		if (lh->textlen > SC_REPLY_TEXT)
			lh->textlen = SC_REPLY_TEXT;
		if (copy) {
			memcpy(l->text[l->n], frame + t, lh->textlen);
			lh->text = l->text[l->n];
		} else {
			lh->text = frame + t;
		}
		l->n++;
	}
}

/*
 * Every hit of a line from `from` on, however many: SC_ANNOT_HITS at a
 * time.  b[0] is the stream's byte b_abs.  With eol 0 (a window of a long
 * line), hits are taken only where SC_REPLY_TEXT bytes of text follow
 * them in the window; the rest wait for the next.
 */
static void
scan_line(struct sc_annot *a, struct sc_line *l, const char *b, size_t len,
    size_t from, int eol, unsigned long long b_abs)
{
	struct sc_hit tmp[SC_ANNOT_HITS];
	size_t n, slen = eol ? len : len - SC_REPLY_TEXT;

	do {
		n = sc_scan(b, slen, from, eol, tmp, SC_ANNOT_HITS);
		record(a, l, tmp, n, b, b_abs, len, 1);
		if (n > 0)
			from = tmp[n - 1].off + tmp[n - 1].len;
	} while (n == SC_ANNOT_HITS);
}

static int
put_cb(void *ctx, const char *p, size_t n)
{
	return put(ctx, p, n);
}

/*
 * The annotation of a line: the JSON record, or the text built in the
 * output buffer in one piece after making room for the longest it can be.
 */
static int
annotation(struct sc_annot *a, const struct sc_line *l)
{
	struct sc_line_reply r[SC_ANNOT_HITS];
	size_t n;

	if (a->tally)
		a->tally->annotated++;
	if (a->quiet)
		return 0;	/* the tally was all it was for */
	n = sc_line_replies_cached(l->hit, l->n, r, SC_ANNOT_HITS, &a->vcache);
	if (a->json) {
		struct sc_line_ctx c;

		if (l->start != NULL && l->end >= l->start)
			sc_line_context(l->start, (size_t)(l->end - l->start), &c);
		else
			memset(&c, 0, sizeof c);
		return sc_json_annotation(put_cb, a, a->name ? a->name : "-",
		    a->lineno, l->hit, l->n, l->more, r, n, &c);
	}
	if (room(a, SC_TEXT_ANNOT_MAX(n)) < 0)
		return SC_EWRITE;
	n = sc_text_annotation(a->obuf + a->olen, r, n, l->more, a->color,
	    a->why);
	a->olen += n;
	return queue(a, a->obuf + a->olen - n, n);
}

/* The line with hits l, whose content ends at ce: copy it, gloss it. */
static int
gloss(struct sc_annot *a, struct sc_line *l, const char *b, size_t *emit,
    size_t ce)
{
	int r = 0;

	l->end = b + ce;
	if (copy(a, b + *emit, ce - *emit) < 0 || annotation(a, l) < 0)
		r = SC_EWRITE;
	*emit = ce;
	l->n = 0;
	l->more = 0;
	l->start = NULL;
	return r;
}

#define LINES_HITS	256	/* hits asked of the scanner at a time */

/*
 * The whole lines b[s, e): each ends in "\n" but, at the end of input,
 * the last.  Lines are counted (for JSON and the summary) only when
 * asked for; a line without hits costs only the scanner's fast pass.
 */
static int
whole_lines(struct sc_annot *a, const char *b, size_t s, size_t e,
    size_t *emit)
{
	struct sc_hit h[LINES_HITS];
	struct sc_line l;
	unsigned long long base = a->lineno, cur = base;
	size_t from = 0, n, k, off, le = 0, ce = 0, seen = s;
	int count = a->json || a->tally != NULL;

	if (a->feed != NULL)
		sc_report_feed_lines(a->feed, b + s, e - s);
	l.n = 0;
	l.start = NULL;
	l.more = 0;
	do {
		n = sc_scan_lines(b + s, e - s, &from, h, LINES_HITS);
		for (k = 0; k < n; k++) {
			off = s + h[k].off;
			if (off >= le) {	/* the first hit of a line */
				if (l.n > 0 && gloss(a, &l, b, emit, ce) < 0)
					return SC_EWRITE;
				le = s + h[k].end;
				ce = le < e && b[le - 1] == '\r' ? le - 1 : le;
				if (a->json) {	/* the line's start, for its context */
					size_t ls = off;

					while (ls > s && b[ls - 1] != '\n')
						ls--;
					l.start = b + ls;
				}
				if (count) {
					cur += sc_count_newlines(b + seen, off - seen);
					seen = off;
					a->lineno = cur + 1;
				}
			}
			record(a, &l, &h[k], 1, b + s, a->base + s, ce - s, 0);
		}
	} while (n == LINES_HITS);
	if (l.n > 0 && gloss(a, &l, b, emit, ce) < 0)
		return SC_EWRITE;
	if (count) {
		cur += sc_count_newlines(b + seen, e - seen);
		if (e > s && b[e - 1] != '\n')
			cur++;	/* the last line, at the end of input */
		if (a->tally)
			a->tally->lines += cur - base;
		a->lineno = cur;
	}
	return 0;
}

/*
 * Reading from a pipe: where the system allows it, make the pipe hold as
 * much as the input buffer, so that the writer and this reader run side
 * by side in fewer, larger steps.  Never shrinks it; failure is harmless.
 */
static void
widen_pipe(int fd)
{
#if defined(F_GETPIPE_SZ) && defined(F_SETPIPE_SZ)
	struct stat st;
	int n;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (n = fcntl(fd, F_GETPIPE_SZ)) >= 0 && n < SC_ANNOT_IN)
		(void)fcntl(fd, F_SETPIPE_SZ, SC_ANNOT_IN);
#else
	(void)fd;
#endif
}

/*
 * After a read (eof 0) or at the end of all input (eof 1): annotate what
 * is complete, queue what is safe to write, and keep the rest.
 */
static int
step(struct sc_annot *a, int eof)
{
	char *b = a->ibuf, *nl;
	struct sc_line *l = &a->line;
	size_t ce, keep, end;

	if (a->from > a->start &&
	    (nl = memchr(b + a->pos, '\n', a->len - a->pos)) != NULL) {
		/* the end of a long line scanned in windows so far */
		ce = (size_t)(nl - b);
		if (ce > a->start && b[ce - 1] == '\r')
			ce--;
		scan_line(a, l, b + a->start, ce - a->start,
		    a->from - a->start, 1, a->base + a->start);
		a->lineno++;
		if (a->tally)
			a->tally->lines++;
		if (l->n > 0 && gloss(a, l, b, &a->emit, ce) < 0)
			return SC_EWRITE;
		a->pos = a->start = a->from = (size_t)(nl - b) + 1;
	}
	if (a->from <= a->start) {
		/* whole lines: up to the last "\n", or all at the end */
		for (end = a->len; end > a->pos && b[end - 1] != '\n'; end--)
			;
		if (eof)
			end = a->len;
		else if (end == a->pos)
			end = a->start;	/* no "\n" came */
		if (end > a->start &&
		    whole_lines(a, b, a->start, end, &a->emit) < 0)
			return SC_EWRITE;
		if (end > a->start)
			a->start = a->from = end;
	}
	if (eof) {
		if (a->from > a->start) {	/* a long line without "\n" */
			scan_line(a, l, b + a->start, a->len - a->start,
			    a->from - a->start, 1, a->base + a->start);
			a->lineno++;
			if (a->tally)
				a->tally->lines++;
			if (l->n > 0 && gloss(a, l, b, &a->emit, a->len) < 0)
				return SC_EWRITE;
		}
		if (copy(a, b + a->emit, a->len - a->emit) < 0 ||
		    sc_annot_flush(a) < 0)
			return SC_EWRITE;
		return SC_OK;
	}
	/* Write what is safe: all but a CR that may start a CRLF. */
	end = a->len;
	if (end > a->emit && b[end - 1] == '\r')
		end--;
	if (copy(a, b + a->emit, end - a->emit) < 0)
		return SC_EWRITE;
	a->emit = end;
	if (a->len - a->start > sizeof a->ibuf / 2) {
		/* A long line: scan this window, keep its tail. */
		scan_line(a, l, b + a->start, a->len - a->start,
		    a->from - a->start, 0, a->base + a->start);
		if (a->len - SC_REPLY_TEXT - SC_SCAN_AHEAD > a->from)
			a->from = a->len - SC_REPLY_TEXT - SC_SCAN_AHEAD;
		keep = a->from - SC_SCAN_BACK > a->start ?
		    a->from - SC_SCAN_BACK : a->start;
	} else {
		keep = a->start;
	}
	if (keep > 0) {
		if (sc_annot_flush(a) < 0)	/* it points into b */
			return SC_EWRITE;
		memmove(b, b + keep, a->len - keep);
		a->base += keep;
		a->len -= keep;
		a->start = a->start > keep ? a->start - keep : 0; /* 0: context */
		a->from -= keep;
		a->emit -= keep;
	}
	a->pos = a->len;
	return SC_OK;
}

int
sc_annot_read(struct sc_annot *a, int in)
{
	ssize_t r;

	if (!a->open) {
		a->open = 1;
		a->len = a->pos = a->start = a->from = a->emit = 0;
		a->base = 0;
		a->line.n = 0;
		a->line.more = 0;
		a->line.start = NULL;
	}
	widen_pipe(in);
	for (;;) {
		if (sc_annot_flush(a) < 0)
			return SC_EWRITE;
		r = read(in, a->ibuf + a->len, sizeof a->ibuf - a->len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return SC_EREAD;
		}
		if (r == 0)	/* this input's end; the stream goes on */
			return SC_OK;
		a->len += (size_t)r;
		if (step(a, 0) < 0)
			return SC_EWRITE;
	}
}

int
sc_annot_end(struct sc_annot *a)
{
	int r = a->open ? step(a, 1) : sc_annot_flush(a);

	a->open = 0;
	if (a->feed != NULL)
		sc_report_feed_wait(a->feed);	/* the report is whole */
	return r;
}

int
sc_annotate_fd(struct sc_annot *a, int in)
{
	int r = sc_annot_read(a, in);

	if (r < 0) {
		a->open = 0;
		return r;
	}
	return sc_annot_end(a);
}

struct sc_annot *
sc_annot_new(int out, unsigned flags)
{
	struct sc_annot *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->out = out;
	a->quiet = (flags & SC_ANNOT_QUIET) != 0;
	a->json = (flags & SC_ANNOT_JSON) != 0;
	a->color = (flags & SC_ANNOT_COLOR) != 0;
	a->why = (flags & SC_ANNOT_WHY) != 0;
	a->tally = flags & SC_ANNOT_TALLY ? &a->tally_store : NULL;
	if (a->tally != NULL && ((a->report = sc_report_new()) == NULL ||
	    (a->feed = sc_report_feed_new(a->report)) == NULL)) {
		sc_report_free(a->report);
		free(a);
		return NULL;
	}
	a->name = "-";
	return a;
}

void
sc_annot_free(struct sc_annot *a)
{
	if (a != NULL) {
		sc_report_feed_free(a->feed);
		sc_report_free(a->report);
	}
	free(a);
}

void
sc_annot_input(struct sc_annot *a, const char *name)
{
	a->name = name;
	a->lineno = 0;
}
