/*
 * feed.c - the --summary report fed in a thread of its own, beside the
 * annotator's scan.
 *
 * The report reads every line of the log (report.c) and the annotator
 * scans every line for replies (scan.c): two passes over the same bytes,
 * each about half the time of --summary.  The feed copies the lines it
 * is given into one of FEED_BUFS buffers and hands each full one to a
 * thread that runs sc_report_lines() on it, buffers in order, so the
 * report is what one thread feeding it all the lines would make.  The
 * caller waits only when every buffer is still being read, and before
 * it reads the report (sc_report_feed_wait()).
 *
 * Without C11 threads (__STDC_NO_THREADS__, or SC_NO_THREADS defined),
 * or when the thread cannot be made, the lines go to sc_report_lines()
 * at once, in the caller's thread.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

#if !defined(__STDC_NO_THREADS__) && !defined(SC_NO_THREADS)
#define FEED_THREADS 1
#include <threads.h>
#else
#define FEED_THREADS 0
#endif

#define FEED_BUFS 3
#define FEED_BUF ((size_t)256 * 1024)	/* the annotator's input buffer */

struct sc_report_feed {
	struct sc_report *r;
	int threaded;		/* 0: every call straight to the report */
#if FEED_THREADS
	mtx_t mu;
	cnd_t cv;		/* a buffer was handed over or read, or quit */
	thrd_t th;
	int quit;
	unsigned fill;		/* the buffer being filled (the caller's) */
	unsigned next;		/* the next buffer the thread reads */
	unsigned full;		/* handed over, not yet read: next, next+1... */
	size_t len[FEED_BUFS];
	char buf[FEED_BUFS][FEED_BUF];
#endif
};

#if FEED_THREADS
static int
reader(void *arg)
{
	struct sc_report_feed *f = arg;
	unsigned i;

	mtx_lock(&f->mu);
	for (;;) {
		while (f->full == 0 && !f->quit)
			cnd_wait(&f->cv, &f->mu);
		if (f->full == 0)
			break;	/* quit, everything read */
		i = f->next;
		mtx_unlock(&f->mu);
		sc_report_lines(f->r, f->buf[i], f->len[i]);
		mtx_lock(&f->mu);
		f->len[i] = 0;
		f->next = (i + 1) % FEED_BUFS;
		f->full--;
		cnd_broadcast(&f->cv);
	}
	mtx_unlock(&f->mu);
	return 0;
}

/* Hand the buffer being filled to the thread; wait for a free one. */
static void
hand_over(struct sc_report_feed *f)
{
	mtx_lock(&f->mu);
	f->full++;
	cnd_broadcast(&f->cv);
	f->fill = (f->fill + 1) % FEED_BUFS;
	while (f->full == FEED_BUFS)
		cnd_wait(&f->cv, &f->mu);
	mtx_unlock(&f->mu);
}
#endif

struct sc_report_feed *
sc_report_feed_new(struct sc_report *r)
{
	struct sc_report_feed *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	f->r = r;
#if FEED_THREADS
	if (mtx_init(&f->mu, mtx_plain) != thrd_success)
		return f;
	if (cnd_init(&f->cv) != thrd_success) {
		mtx_destroy(&f->mu);
		return f;
	}
	if (thrd_create(&f->th, reader, f) != thrd_success) {
		cnd_destroy(&f->cv);
		mtx_destroy(&f->mu);
		return f;
	}
	f->threaded = 1;
#endif
	return f;
}

void
sc_report_feed_lines(struct sc_report_feed *f, const char *buf, size_t len)
{
#if FEED_THREADS
	if (f->threaded) {
		if (len > FEED_BUF) {	/* larger than a buffer: read here */
			sc_report_feed_wait(f);
			sc_report_lines(f->r, buf, len);
			return;
		}
		if (FEED_BUF - f->len[f->fill] < len)
			hand_over(f);
		memcpy(f->buf[f->fill] + f->len[f->fill], buf, len);
		f->len[f->fill] += len;
		return;
	}
#endif
	sc_report_lines(f->r, buf, len);
}

void
sc_report_feed_wait(struct sc_report_feed *f)
{
#if FEED_THREADS
	if (!f->threaded)
		return;
	if (f->len[f->fill] > 0)
		hand_over(f);
	mtx_lock(&f->mu);
	while (f->full > 0)
		cnd_wait(&f->cv, &f->mu);
	mtx_unlock(&f->mu);
#else
	(void)f;
#endif
}

void
sc_report_feed_free(struct sc_report_feed *f)
{
	if (f == NULL)
		return;
#if FEED_THREADS
	if (f->threaded) {
		sc_report_feed_wait(f);
		mtx_lock(&f->mu);
		f->quit = 1;
		cnd_broadcast(&f->cv);
		mtx_unlock(&f->mu);
		thrd_join(f->th, NULL);
		cnd_destroy(&f->cv);
		mtx_destroy(&f->mu);
	}
#endif
	free(f);
}
