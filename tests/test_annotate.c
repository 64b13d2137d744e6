/* test_annotate.c - the filter keeps every byte and glosses replies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/internal.h"

static struct sc_annot ann;

/* Run the annotator over in[0..n) through temporary files. */
static char *
run(const char *in, size_t n, size_t *outlen)
{
	FILE *fi = tmpfile(), *fo = tmpfile();
	char *out;
	long len;

	assert_non_null(fi);
	assert_non_null(fo);
	assert_int_equal(fwrite(in, 1, n, fi), n);
	fflush(fi);
	rewind(fi);
	memset(&ann, 0, sizeof ann);
	ann.out = fileno(fo);
	assert_int_equal(sc_annotate_fd(&ann, fileno(fi)), SC_OK);
	len = lseek(fileno(fo), 0, SEEK_END);
	assert_true(len >= 0);
	out = malloc((size_t)len + 1);
	assert_non_null(out);
	assert_int_equal(pread(fileno(fo), out, (size_t)len, 0), len);
	out[len] = '\0';
	fclose(fi);
	fclose(fo);
	*outlen = (size_t)len;
	return out;
}

/* Remove every annotation: SEP up to the next CR, LF or the end. */
static size_t
strip(char *s, size_t n)
{
	const size_t sl = sizeof SC_ANNOT_SEP - 1;
	size_t i = 0, o = 0;

	while (i < n) {
		if (i + sl <= n && memcmp(s + i, SC_ANNOT_SEP, sl) == 0) {
			i += sl;
			while (i < n && s[i] != '\r' && s[i] != '\n')
				i++;
			continue;
		}
		s[o++] = s[i++];
	}
	return o;
}

static void
roundtrip(const char *in, size_t n)
{
	size_t on, sn;
	char *out = run(in, n, &on);

	sn = strip(out, on);
	assert_int_equal(sn, n);
	assert_memory_equal(out, in, n);
	free(out);
}

static void
test_plain_lines_unchanged(void **state)
{
	static const char in[] = "no reply here\nport 550 and pid [421]\n"
	    "\n\r\n\rcr alone\rstill\n";
	size_t on;
	char *out = run(in, sizeof in - 1, &on);

	(void)state;
	assert_int_equal(on, sizeof in - 1);
	assert_memory_equal(out, in, on);
	free(out);
}

static void
test_annotation_placement(void **state)
{
	static const char in[] =
	    "x postfix/smtp[1]: A1: to=<a@b>, relay=mx[1.2.3.4]:25, dsn=5.1.1, "
	    "status=bounced (host mx[1.2.3.4] said: 550 5.1.1 unknown (in reply "
	    "to RCPT TO command))\r\n"
	    "nothing\n"
	    "Diagnostic-Code: smtp; 421 4.7.0 try later";
	size_t on;
	char *out = run(in, sizeof in - 1, &on), *p, *q;

	(void)state;
	p = strstr(out, SC_ANNOT_SEP);
	assert_non_null(p);
	q = strstr(p, "\r\n");
	assert_non_null(q);
	/* Each code named once, in order, before the CRLF. */
	assert_non_null(strstr(p, "5.1.1 "));
	assert_true(strstr(p, "550 ") < q);
	assert_non_null(strstr(q, "\nnothing\n"));
	p = strstr(q, "\nnothing\n") + 9;
	assert_memory_equal(p, "Diagnostic-Code: smtp; 421 4.7.0 try later",
	    strlen("Diagnostic-Code: smtp; 421 4.7.0 try later"));
	p += strlen("Diagnostic-Code: smtp; 421 4.7.0 try later");
	assert_memory_equal(p, SC_ANNOT_SEP, sizeof SC_ANNOT_SEP - 1);
	assert_null(strchr(p, '\n'));	/* no line ending added at the end */
	free(out);
	roundtrip(in, sizeof in - 1);
}

/*
 * The verdict cache: lines whose replies differ only in an address get
 * the verdict each would get alone (the rules read no address, and the
 * cache key leaves addresses out), whatever came before.
 */
static void
test_verdict_cache(void **state)
{
	static const char *const lines[] = {
		"said: 550 5.7.1 <joe@example.com>: x\n",
		"said: 550 5.7.1 <spammer@example.com>: x\n",
		"said: 550 5.7.1 <overquota@example.com>: x\n",
		"said: 550 5.7.1 <spam x>: x\n",
		"said: 550 5.7.1 <joe@example.com>: x\n",
	};
	char all[512], *alone[5], *out, *p;
	size_t n = 0, on, i, k;

	(void)state;
	for (i = 0; i < 5; i++) {
		k = strlen(lines[i]);
		memcpy(all + n, lines[i], k);
		n += k;
		alone[i] = run(lines[i], k, &on);
	}
	out = run(all, n, &on);
	for (p = out, i = 0; i < 5; i++) {
		k = strlen(alone[i]);
		assert_memory_equal(p, alone[i], k);
		p += k;
		free(alone[i]);
	}
	assert_int_equal((size_t)(p - out), on);
	assert_non_null(strstr(out, "<spam x>: x\t# smtp: 550 5.7.1 spam"));
	assert_null(strstr(out, "spammer@example.com>: x\t# smtp: 550 5.7.1 spam"));
	free(out);
}

static void
test_random_roundtrip(void **state)
{
	static const char *const frag[] = {
		"said: 550 5.1.1 ", "dsn=4.2.2", "\r\n", "\n", "\r", "\0",
		"\xff\xfe", "10.5.1.1", "port 550", "[421]", " 250 ", "<<< 554 ",
		"Status: 5.7.26", "a", "  ", "reject=550 5.7.1 ", "9", ".",
		"stat=Deferred: 421 4.7.0 x",
	};
	static char in[1 << 20];
	size_t n, k, fl;
	int round;

	(void)state;
	srand(12345);
	for (round = 0; round < 40; round++) {
		n = 0;
		while (n < sizeof in - 64) {
			if (round % 2 == 0) {
				k = (size_t)rand() % (sizeof frag / sizeof frag[0]);
				fl = frag[k][0] == '\0' ? 1 : strlen(frag[k]);
				memcpy(in + n, frag[k], fl);
				n += fl;
			} else {
				in[n++] = (char)(rand() & 0xff);
			}
			if ((size_t)rand() % 100000 == 0)
				break;
		}
		roundtrip(in, n);
	}
}

static void
test_long_line(void **state)
{
	static char in[3 << 20];
	char reply[64];
	size_t n = 0, rl, on, i, count = 0, placed = 0;
	char *out, *p;

	(void)state;
	/*
	 * 3 MB on one line; a reply every ~100 KB, some across window edges,
	 * each with codes of its own, so each is named once.
	 */
	while (n < sizeof in - 200000) {
		for (i = 0; i < 99989 + placed * 37; i++)
			in[n++] = (char)('a' + (int)(i % 26));
		rl = (size_t)snprintf(reply, sizeof reply,
		    " said: 550 5.1.%zu no such user", placed + 1);
		memcpy(in + n, reply, rl);
		n += rl;
		placed++;
	}
	in[n++] = '\n';
	out = run(in, n, &on);
	p = strstr(out + n - 1, SC_ANNOT_SEP);
	assert_non_null(p);
	for (; (p = strstr(p, "550 5.1.")) != NULL; p++)
		count++;
	assert_int_equal(count, placed > SC_ANNOT_HITS / 2 ?
	    SC_ANNOT_HITS / 2 : placed);
	free(out);
	roundtrip(in, n);
}

/* A reader on a trickling pipe sees each line as soon as it is complete. */
static void
test_trickle(void **state)
{
	int to[2], from[2], status;
	pid_t pid;
	struct pollfd pfd;
	char buf[256];
	ssize_t r;
	size_t got = 0;

	(void)state;
	assert_int_equal(pipe(to), 0);
	assert_int_equal(pipe(from), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		memset(&ann, 0, sizeof ann);
		ann.out = from[1];
		_exit(sc_annotate_fd(&ann, to[0]) == SC_OK ? 0 : 1);
	}
	close(to[0]);
	close(from[1]);
	assert_int_equal(write(to[1], "first line\nsecond", 17), 17);
	pfd.fd = from[0];
	pfd.events = POLLIN;
	while (got < 11) {
		assert_int_equal(poll(&pfd, 1, 5000), 1);	/* not held back */
		r = read(from[0], buf + got, sizeof buf - got);
		assert_true(r > 0);
		got += (size_t)r;
	}
	assert_memory_equal(buf, "first line\n", 11);
	close(to[1]);
	while ((r = read(from[0], buf + got, sizeof buf - got)) > 0)
		got += (size_t)r;
	assert_int_equal(got, 17);
	assert_memory_equal(buf, "first line\nsecond", 17);
	close(from[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * A CRLF split across two reads: the CR is held back until the LF comes,
 * and the annotation goes before both.
 */
static void
test_crlf_split(void **state)
{
	static const char want_start[] = "said: 550 5.1.1 x\t# smtp: 550 ";
	int to[2], from[2], status;
	pid_t pid;
	struct pollfd pfd;
	char buf[1024];
	ssize_t r;
	size_t got = 0;

	(void)state;
	assert_int_equal(pipe(to), 0);
	assert_int_equal(pipe(from), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		memset(&ann, 0, sizeof ann);
		ann.out = from[1];
		_exit(sc_annotate_fd(&ann, to[0]) == SC_OK ? 0 : 1);
	}
	close(to[0]);
	close(from[1]);
	assert_int_equal(write(to[1], "said: 550 5.1.1 x\r", 18), 18);
	/* the content comes out at once, the CR does not: the read is over */
	pfd.fd = from[0];
	pfd.events = POLLIN;
	while (got < 17) {
		assert_int_equal(poll(&pfd, 1, 5000), 1);
		r = read(from[0], buf + got, sizeof buf - got);
		assert_true(r > 0);
		got += (size_t)r;
	}
	assert_int_equal(got, 17);
	assert_int_equal(write(to[1], "\nnext\n", 6), 6);
	close(to[1]);
	while ((r = read(from[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
	assert_memory_equal(buf, want_start, sizeof want_start - 1);
	assert_memory_equal(buf + got - 7, "\r\nnext\n", 7);
	assert_null(memchr(buf, '\r', got - 7));
	close(from[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* FILEs read with sc_annot_read() are one stream: a line goes on. */
static void
test_stream_of_inputs(void **state)
{
	static const char a[] = "x said: 550 5.1.1 a", b[] = "b\nsaid: 421 c\n";
	static const char joined[] = "x said: 550 5.1.1 ab\nsaid: 421 c\n";
	char *out, *cat;
	size_t m;
	long n;
	FILE *fa, *fb, *fo;

	(void)state;
	fa = tmpfile();
	fb = tmpfile();
	fo = tmpfile();
	assert_non_null(fa);
	assert_non_null(fb);
	assert_non_null(fo);
	assert_int_equal(fwrite(a, 1, sizeof a - 1, fa), sizeof a - 1);
	assert_int_equal(fwrite(b, 1, sizeof b - 1, fb), sizeof b - 1);
	fflush(fa);
	fflush(fb);
	rewind(fa);
	rewind(fb);
	memset(&ann, 0, sizeof ann);
	ann.out = fileno(fo);
	assert_int_equal(sc_annot_read(&ann, fileno(fa)), SC_OK);
	assert_int_equal(sc_annot_read(&ann, fileno(fb)), SC_OK);
	assert_int_equal(sc_annot_end(&ann), SC_OK);
	n = lseek(fileno(fo), 0, SEEK_END);
	assert_true(n > 0);
	out = malloc((size_t)n);
	assert_non_null(out);
	assert_int_equal(pread(fileno(fo), out, (size_t)n, 0), n);
	cat = run(joined, sizeof joined - 1, &m);
	assert_int_equal((size_t)n, m);
	assert_memory_equal(out, cat, m);
	free(out);
	free(cat);
	fclose(fa);
	fclose(fb);
	fclose(fo);
}

/* Side, stage, recipient and domain, as the formats write them. */
static void
test_line_context(void **state)
{
	static const struct {
		const char *line, *side, *stage, *rcpt, *domain;
	} t[] = {
		{ "postfix/smtp[1]: 4BA5D1F: to=<bob@example.net>, relay=mx[192.0.2.7]:25, "
		  "dsn=5.1.1, status=bounced (host mx[192.0.2.7] said: 550 5.1.1 "
		  "no such user (in reply to RCPT TO command))",
		  "remote", "RCPT TO", "bob@example.net", "example.net" },
		{ "postfix/smtpd[2]: NOQUEUE: reject: RCPT from u[198.51.100.4]: 554 "
		  "5.7.1 <x@example.org>: Relay access denied; from=<a@b.example> "
		  "to=<x@example.org> proto=ESMTP helo=<spam>",
		  "local", "RCPT TO", "x@example.org", "example.org" },
		{ "postfix/cleanup[3]: 9F1: milter-reject: END-OF-MESSAGE from "
		  "h[192.0.2.1]: 5.7.1 Spam; from=<a@b.c> to=<d@e.f>",
		  "local", "end of data", "d@e.f", "e.f" },
		{ "1rKx2A-000Abc-Ua ** d@example.com R=dnslookup T=remote_smtp: SMTP "
		  "error from remote mail server after end of data: 550 5.7.26 no",
		  "remote", "end of data", "d@example.com", "example.com" },
		{ "H=(x) [192.0.2.1] F=<a@b.c> rejected RCPT <u@example.org>: 550 "
		  "relay not permitted", "local", "RCPT TO", "u@example.org",
		  "example.org" },
		{ "sm-mta[9]: x0A1: to=e@example.com, delay=00:00:05, dsn=4.2.0, "
		  "stat=Deferred: 421 4.7.0 Try again later",
		  "remote", NULL, "e@example.com", "example.com" },
		{ "Status: 5.7.26", NULL, NULL, NULL, NULL },
		/* no address: no recipient */
		{ "to=<nobody> said: 550 x", "remote", NULL, NULL, NULL },
	};
	struct sc_line_ctx c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		sc_line_context(t[i].line, strlen(t[i].line), &c);
		if (t[i].side)
			assert_string_equal(c.side, t[i].side);
		else
			assert_null(c.side);
		if (t[i].stage)
			assert_string_equal(c.stage, t[i].stage);
		else
			assert_null(c.stage);
		if (t[i].rcpt) {
			assert_int_equal(c.rcptlen, strlen(t[i].rcpt));
			assert_memory_equal(c.rcpt, t[i].rcpt, c.rcptlen);
			assert_int_equal(c.domainlen, strlen(t[i].domain));
			assert_memory_equal(c.domain, t[i].domain, c.domainlen);
		} else {
			assert_null(c.rcpt);
		}
	}
}

static void
test_tally(void **state)
{
	static const char in[] = "a said: 550 5.1.1 x\nb said: 550 5.1.1 y\n"
	    "Status: 5.12.345\nplain\n";
	static struct sc_tally t;
	FILE *fi = tmpfile(), *fo = tmpfile();

	(void)state;
	fwrite(in, 1, sizeof in - 1, fi);
	rewind(fi);
	memset(&ann, 0, sizeof ann);
	memset(&t, 0, sizeof t);
	ann.out = fileno(fo);
	ann.tally = &t;
	assert_int_equal(sc_annotate_fd(&ann, fileno(fi)), SC_OK);
	assert_int_equal(t.basic[550], 2);
	assert_int_equal(t.enh[2][1][1], 2);
	assert_int_equal(t.nother, 1);
	assert_int_equal(t.other[0].code.subject, 12);
	assert_int_equal(t.lines, 4);
	assert_int_equal(t.annotated, 3);
	fclose(fi);
	fclose(fo);
}

/*
 * Many reads' worth of lines, LF and CRLF, the last without LF: the
 * summary counts every line, and each JSON record names the line its
 * replies are on, as counting LFs in the input says.
 */
static void
test_line_numbers(void **state)
{
	static const char *const pick[] = {
		"x said: 550 5.1.1 no such user\n", "nothing 550 here\n",
		"dsn=4.2.2\r\n", "\n", "Status: 5.7.26\r\n",
		"port 550 and size=5521\n",
	};
	static const char rec[] = "{\"file\":\"big\",\"line\":";
	static char in[3 << 20];
	static struct sc_tally t;
	struct sc_hit h[8];
	size_t n = 0, k, on, i, s, e, ce, lines = 0, glossed = 0;
	unsigned long long want_line, got_line;
	unsigned seed = 7;
	char *out, *p;

	(void)state;
	while (n < sizeof in - 64) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % (sizeof pick / sizeof pick[0]);
		memcpy(in + n, pick[k], strlen(pick[k]));
		n += strlen(pick[k]);
	}
	memcpy(in + n, "last said: 421 4.7.0 bye", 24);
	n += 24;
	memset(&t, 0, sizeof t);
	memset(&ann, 0, sizeof ann);
	ann.json = 1;
	ann.tally = &t;
	ann.name = "big";
	{
		FILE *fi = tmpfile(), *fo = tmpfile();
		long len;

		assert_int_equal(fwrite(in, 1, n, fi), n);
		rewind(fi);
		ann.out = fileno(fo);
		assert_int_equal(sc_annotate_fd(&ann, fileno(fi)), SC_OK);
		len = lseek(fileno(fo), 0, SEEK_END);
		out = malloc((size_t)len + 1);
		assert_non_null(out);
		assert_int_equal(pread(fileno(fo), out, (size_t)len, 0), len);
		out[len] = '\0';
		on = (size_t)len;
		fclose(fi);
		fclose(fo);
	}
	assert_true(on > 0);
	/* walk the input's lines and the JSON records together */
	p = out;
	for (s = 0; s < n; s = e + 1) {
		for (e = s; e < n && in[e] != '\n'; e++)
			;
		lines++;
		ce = e < n && e > s && in[e - 1] == '\r' ? e - 1 : e;
		if (sc_scan(in + s, ce - s, 0, 1, h, 8) == 0)
			continue;
		glossed++;
		want_line = lines;
		/* the next record (strstr would rescan the rest each time) */
		assert_true(p < out + on);
		assert_memory_equal(p, rec, sizeof rec - 1);
		got_line = strtoull(p + sizeof rec - 1, NULL, 10);
		assert_int_equal(got_line, want_line);
		p = memchr(p, '\n', on - (size_t)(p - out));
		assert_non_null(p);
		p++;
	}
	assert_true(p == out + on);	/* no more records */
	assert_int_equal(t.lines, lines);
	assert_int_equal(t.annotated, glossed);
	for (i = 0; i < on; i++)	/* one record per line */
		assert_true(out[i] != '\r');
	free(out);
}

static void
test_write_error(void **state)
{
	static const char in[] = "a said: 550 5.1.1 x\n";
	FILE *fi = tmpfile();
	int p[2];

	(void)state;
	fwrite(in, 1, sizeof in - 1, fi);
	rewind(fi);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	memset(&ann, 0, sizeof ann);
	ann.out = p[1];
	assert_int_equal(sc_annotate_fd(&ann, fileno(fi)), SC_EWRITE);
	assert_int_equal(errno, EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
	fclose(fi);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lines_unchanged),
		cmocka_unit_test(test_annotation_placement),
		cmocka_unit_test(test_verdict_cache),
		cmocka_unit_test(test_random_roundtrip),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_trickle),
		cmocka_unit_test(test_crlf_split),
		cmocka_unit_test(test_stream_of_inputs),
		cmocka_unit_test(test_line_context),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests_name("annotate", tests, NULL, NULL);
}
