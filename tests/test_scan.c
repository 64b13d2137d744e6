/* test_scan.c - sc_scan() finds replies, and nothing else, in log lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "scanwin.h"

#define MAXW	8
#define MAXH	64

/*
 * A hit the line must give: its code as rendered, and the text it
 * starts: text occurs exactly once in the line and begins with code, so
 * the offset it names does not depend on the scanner.
 */
struct want {
	const char *code;
	const char *at;
};

struct tcase {
	const char *name;
	const char *line;
	struct want w[MAXW];	/* up to the first NULL code */
};

static void
render(const struct sc_hit *h, char *buf, size_t sz)
{
	if (h->kind == SC_HIT_BASIC)
		snprintf(buf, sz, "%d", h->basic);
	else
		snprintf(buf, sz, "%d.%d.%d", h->enh.cls, h->enh.subject,
		    h->enh.detail);
}

/* The offset of the only occurrence of s in buf[0..len). */
static size_t
unique_at(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s), i, found = len, count = 0;

	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0) {
			found = i;
			count++;
		}
	if (count != 1)
		fail_msg("\"%s\" occurs %lu times in the line", s,
		    (unsigned long)count);
	return found;
}

/* Hits are in order, apart, each reading as the code it reports. */
static void
sane(const char *buf, size_t len, const struct sc_hit *h, size_t n)
{
	char code[32];
	size_t i;

	for (i = 0; i < n; i++) {
		render(&h[i], code, sizeof code);
		assert_int_equal(h[i].len, strlen(code));
		assert_true(h[i].off + h[i].len <= len);
		assert_memory_equal(buf + h[i].off, code, h[i].len);
		if (i > 0)
			assert_true(h[i].off >= h[i - 1].off + h[i - 1].len);
		if (h[i].kind == SC_HIT_BASIC) {
			assert_true(h[i].basic / 100 >= 2 && h[i].basic / 100 <= 5);
			assert_true(h[i].basic / 10 % 10 <= 5);
		} else {
			assert_int_equal(h[i].kind, SC_HIT_ENH);
			assert_true(h[i].enh.cls == 2 || h[i].enh.cls == 4 ||
			    h[i].enh.cls == 5);
			assert_true(h[i].enh.subject >= 0 && h[i].enh.subject <= 999);
			assert_true(h[i].enh.detail >= 0 && h[i].enh.detail <= 999);
		}
	}
}

static void
same_hits(const struct sc_hit *a, size_t na, const struct sc_hit *b,
    size_t nb)
{
	size_t i;

	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_int_equal(a[i].off, b[i].off);
		assert_int_equal(a[i].len, b[i].len);
		assert_int_equal(a[i].kind, b[i].kind);
		assert_int_equal(a[i].basic, b[i].basic);
		assert_int_equal(a[i].enh.cls, b[i].enh.cls);
		assert_int_equal(a[i].enh.subject, b[i].enh.subject);
		assert_int_equal(a[i].enh.detail, b[i].enh.detail);
	}
}

/*
 * The whole line gives exactly the hits wanted; so does the line padded
 * to a long one and fed in windows of several sizes.
 */
static void
check_len(const char *name, const char *line, size_t len,
    const struct want *w)
{
	struct sc_hit h[MAXH], wh[MAXH];
	static const size_t sizes[] = {
		SC_SCAN_BACK + SC_SCAN_AHEAD + 1, 333, 400, 512, 1000
	};
	static char pad[4096];
	char code[32];
	size_t n, nw, i, k, plen, off;

	n = sc_scan(line, len, 0, 1, h, MAXH);
	sane(line, len, h, n);
	for (k = 0; k < MAXW && w[k].code != NULL; k++)
		;
	for (i = 0; i < n || i < k; i++) {
		if (i < n)
			render(&h[i], code, sizeof code);
		if (i >= n)
			fail_msg("%s: hit %lu: want %s, got none", name,
			    (unsigned long)i, w[i].code);
		if (i >= k)
			fail_msg("%s: hit %lu: want none, got %s at %lu", name,
			    (unsigned long)i, code, (unsigned long)h[i].off);
		off = unique_at(line, len, w[i].at);
		if (strcmp(code, w[i].code) != 0 || h[i].off != off)
			fail_msg("%s: hit %lu: want %s at %lu, got %s at %lu",
			    name, (unsigned long)i, w[i].code, (unsigned long)off,
			    code, (unsigned long)h[i].off);
		assert_memory_equal(w[i].at, w[i].code, strlen(w[i].code));
	}

	/*
	 * Windows: the line, after 700 spaces and before 300, gives the
	 * same hits whole or in windows.
	 */
	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		memset(pad, ' ', 700);
		memcpy(pad + 700, line, len);
		memset(pad + 700 + len, ' ', 300);
		plen = 700 + len + 300;
		nw = scan_windows(pad, plen, sizes[k], wh, MAXH);
		n = sc_scan(pad, plen, 0, 1, h, MAXH);
		if (nw != n)
			fail_msg("%s: %lu hits whole, %lu in windows of %lu", name,
			    (unsigned long)n, (unsigned long)nw,
			    (unsigned long)sizes[k]);
		same_hits(h, n, wh, nw);
		for (i = 0; i < n; i++)
			assert_true(h[i].off >= 700);
	}
}

static void
check(const char *name, const char *line, const struct want *w)
{
	check_len(name, line, strlen(line), w);
}

static void
run_cases(const struct tcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check(c[i].name, c[i].line, c[i].w);
}

#define RUN(cases)	run_cases(cases, sizeof cases / sizeof cases[0])

/* ---- formats -------------------------------------------------------- */

static const struct tcase postfix[] = {
	{ "postfix smtp said, dsn",
	  "Jan  1 00:00:00 mx postfix/smtp[123]: 4ABC: to=<a@b.c>, "
	  "relay=mx.b.c[1.2.3.4]:25, delay=1.2, delays=0.1/0/250/0, "
	  "dsn=5.1.1, status=bounced (host mx.b.c[1.2.3.4] said: 550 5.1.1 "
	  "<a@b.c>: Recipient address rejected: User unknown (in reply to "
	  "RCPT TO command))",
	  { { "5.1.1", "5.1.1, status" }, { "550", "550 5.1.1 <a@" },
	    { "5.1.1", "5.1.1 <a@" } } },
	{ "postfix NOQUEUE reject",
	  "Jul 12 07:47:48 saturn postfix/smtpd[8738]: NOQUEUE: reject: RCPT "
	  "from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: "
	  "Relay access denied; from=<john@example.com> to=<smtp@example.org> "
	  "proto=SMTP helo=<198.51.100.17>",
	  { { "554", "554 " }, { "5.7.1", "5.7.1 <smtp" } } },
	{ "postfix refused to talk to me, no status code",
	  "Jan  1 00:00:00 mx postfix/smtp[123]: 4ABC: host mx.b.c[1.2.3.4] "
	  "refused to talk to me: 421 Too many connections",
	  { { "421", "421 Too" } } },
	{ "postfix status=deferred (... said: 421 ...)",
	  "4ABC: to=<a@b.c>, relay=x[1.2.3.4]:25, delay=1, delays=0/0/0/1, "
	  "dsn=4.0.0, status=deferred (host x[1.2.3.4] said: 421 Service not "
	  "available (in reply to MAIL FROM command))",
	  { { "4.0.0", "4.0.0" }, { "421", "421 Serv" } } },
	{ "postfix status=sent (250 Ok), no status code",
	  "4ABC: to=<a@b.c>, relay=x[1.2.3.4]:25, delay=1, delays=0/0/0/1, "
	  "dsn=2.0.0, status=sent (250 Ok: queued as 12345)",
	  { { "2.0.0", "2.0.0" }, { "250", "250 Ok" } } },
	{ "postfix lmtp",
	  "Jan  1 00:00:00 mx postfix/lmtp[123]: 4ABC: to=<a@b.c>, "
	  "relay=mail[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, "
	  "dsn=4.2.2, status=deferred (host mail[private/dovecot-lmtp] said: "
	  "452 4.2.2 <a@b.c> Quota exceeded (in reply to end of DATA command))",
	  { { "4.2.2", "4.2.2, status" }, { "452", "452 " },
	    { "4.2.2", "4.2.2 <a@" } } },
	{ "postfix milter-reject, status code alone",
	  "4104E3D: milter-reject: END-OF-MESSAGE from 061238241086.static."
	  "ctinets.com[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; "
	  "from=<wumt5@cchfdc.com> to=<v@example.com> proto=ESMTP helo=<e.com>",
	  { { "5.7.1", "5.7.1 Blocked" } } },
	{ "postfix postscreen [ip]:port:",
	  "May  5 15:51:11 xxx postfix/postscreen[1148]: NOQUEUE: reject: RCPT "
	  "from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client "
	  "[216.245.194.173] blocked using rbl.example.com",
	  { { "550", "550 " }, { "5.7.1", "5.7.1 Serv" } } },
	{ "postfix reject without status code, host bracket",
	  "Jan  1 00:00:00 mx postfix/smtpd[42]: NOQUEUE: reject: RCPT from "
	  "unknown[2001:db8::1]: 450 Client host rejected: cannot find your "
	  "hostname",
	  { { "450", "450 Client" } } },
	{ "postfix SASL server said",
	  "D0F29603B4: SASL authentication failed; server xyz.example.com"
	  "[1.2.3.4] said: 535 5.7.8 Error: authentication failed",
	  { { "535", "535 " }, { "5.7.8", "5.7.8" } } },
	{ "postfix proxy-reject END-OF-MESSAGE",
	  "proxy-reject: END-OF-MESSAGE: 451 Queue file write error; "
	  "from=<a@b.c> to=<d@e.f> proto=ESMTP helo=<x>",
	  { { "451", "451 Queue" } } },
	{ "postfix proxy-accept, quoted downstream reply",
	  "proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:"
	  "10013): 250 2.0.0 Ok: queued as DF66E940333; from=<u@t.example.com>",
	  { { "250", "250 2.0.0 from" }, { "2.0.0", "2.0.0 from" },
	    { "250", "250 2.0.0 Ok" }, { "2.0.0", "2.0.0 Ok" } } },
	{ "gmail multi-line reply joined by postfix",
	  "host gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b] said: "
	  "550-5.7.1 [2607:4100:3:25:100::2      12] Our system has detected "
	  "that this 550-5.7.1 message is likely unsolicited mail. 550 5.7.1 "
	  "https://support.google.com/mail/?p=Spam x1si (in reply to end of "
	  "DATA command)",
	  { { "550", "550-5.7.1 [" }, { "5.7.1", "5.7.1 [" },
	    { "550", "550-5.7.1 message" }, { "5.7.1", "5.7.1 message" },
	    { "550", "550 5.7.1 https" }, { "5.7.1", "5.7.1 https" } } },
	{ "unregistered status code",
	  "NOQUEUE: reject: RCPT from h.example.com[61.238.241.86]: 550 "
	  "5.12.345 <user@example.com>: Recipient address rejected",
	  { { "550", "550 " }, { "5.12.345", "5.12.345" } } },
};

static const struct tcase exim[] = {
	{ "exim SMTP error from remote mail server",
	  "2024-01-01 00:00:00 1rABCD-000123-Ab ** a@b.c R=dnslookup "
	  "T=remote_smtp H=mx.b.c [1.2.3.4] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 "
	  "CV=yes: SMTP error from remote mail server after RCPT TO:<a@b.c>: "
	  "550 5.1.1 The email account that you tried to reach does not exist.",
	  { { "550", "550 5.1.1" }, { "5.1.1", "5.1.1 The" } } },
	{ "exim SMTP error after MAIL FROM with SIZE",
	  "2024-01-01 00:00:00 1rABCD-000123-Ab == a@b.c R=dnslookup "
	  "T=remote_smtp defer (-45) H=mx.b.c [1.2.3.4]: SMTP error from remote "
	  "mail server after MAIL FROM:<x@y.z> SIZE=5521: 452 Insufficient "
	  "system storage",
	  { { "452", "452 " } } },
	{ "exim SMTP error after end of data",
	  "2024-01-01 00:00:00 1rABCD-000123-Ab ** a@b.c R=dnslookup "
	  "T=remote_smtp: SMTP error from remote mail server after end of "
	  "data: 554 Message rejected",
	  { { "554", "554 " } } },
	{ "exim authenticator failed, host",
	  "2013-01-04 17:03:46 login authenticator failed for rrcs-24-106-174-"
	  "74.se.biz.rr.com ([192.168.2.33]) [24.106.174.74]: 535 Incorrect "
	  "authentication data (set_id=brian)",
	  { { "535", "535 " } } },
	{ "exim authenticator failed, connection id",
	  "2024-03-21 19:26:06 dovecot_login authenticator failed for (User) "
	  "[194.169.175.1]:21298 I=[22.33.44.55]:465 Ci=30416: 535 Incorrect "
	  "authentication data (set_id=uaf589@example.com)",
	  { { "535", "535 " } } },
	{ "exim rejected RCPT with a reply",
	  "2024-01-01 00:00:00 H=(x) [1.2.3.4] F=<a@b.c> rejected RCPT <d@e.f>: "
	  "550 Unknown user",
	  { { "550", "550 " } } },
	{ "exim temporarily rejected",
	  "2024-01-01 00:00:00 H=(x) [1.2.3.4] F=<a@b.c> temporarily rejected "
	  "RCPT <d@e.f>: 451 Greylisted, please try later",
	  { { "451", "451 " } } },
	{ "exim multi-line reply, escaped newlines",
	  "2024-01-01 00:00:00 1rABCD-000123-Ab ** me@foo.edu: SMTP error from "
	  "remote mail server after RCPT TO:<me@foo.edu>: host mx.foo.edu "
	  "[123.123.123.123]: 550-Verification failed for <t@myhost>\\n"
	  "550-Unrouteable address\\n550 Sender verify failed",
	  { { "550", "550-Verification" }, { "550", "550-Unrouteable" },
	    { "550", "550 Sender" } } },
	{ "exim defer with host",
	  "2012-02-13 14:39:22 1RookS-000Pg8-VO == u@london.com R=dnslookup "
	  "T=remote_smtp defer (-44): SMTP error from remote mail server after "
	  "RCPT TO:<u@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 "
	  "Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s)",
	  { { "450", "450" }, { "4.3.2", "4.3.2" } } },
	{ "exim bounce body, reply text starting with a number",
	  "    554 30 Sorry, your message cannot be delivered (554.30).",
	  { { "554", "554 30" } } },
	{ "exim bounce body, #status code",
	  "    550 #5.1.0 Address rejected.",
	  { { "550", "550" }, { "5.1.0", "5.1.0" } } },
	{ "exim delivery confirmation C=",
	  "2024-01-01 00:00:00 1rABCD-000123-Ab => a@b.c R=dnslookup "
	  "T=remote_smtp H=mx.b.c [1.2.3.4] X=TLS1.2:ECDHE-RSA-AES128-GCM-"
	  "SHA256:128 CV=yes C=\"250 OK id=1rABCE-000321-Zz\"",
	  { { "250", "250 OK" } } },
	{ "exim bounce body, indented reply",
	  "    550 5.1.1 <a@b.c>: Recipient address rejected",
	  { { "550", "550 " }, { "5.1.1", "5.1.1" } } },
};

static const struct tcase sendmail[] = {
	{ "sendmail stat=Deferred with status code",
	  "Jan  1 00:00:00 mx sendmail[123]: x01ABC: to=<a@b.c>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120, "
	  "relay=mx.b.c. [1.2.3.4], dsn=4.7.0, stat=Deferred: 421 4.7.0 Try "
	  "again later",
	  { { "4.7.0", "4.7.0, stat" }, { "421", "421 " },
	    { "4.7.0", "4.7.0 Try" } } },
	{ "sendmail stat=Deferred, reply code alone",
	  "Jan  1 00:00:00 mx sendmail[123]: x01ABC: to=<a@b.c>, dsn=4.0.0, "
	  "stat=Deferred: 451 Requested action aborted",
	  { { "4.0.0", "4.0.0" }, { "451", "451 " } } },
	{ "sendmail dsn=, stat=User unknown",
	  "Jan  1 00:00:00 mx sendmail[123]: x01ABC: to=<a@b.c>, "
	  "delay=00:00:01, mailer=esmtp, pri=120, relay=mx.b.c. [1.2.3.4], "
	  "dsn=5.1.1, stat=User unknown",
	  { { "5.1.1", "5.1.1" } } },
	{ "sendmail reject=",
	  "Feb 25 03:01:10 kismet sm-mta[27713]: s1P819mk027713: "
	  "ruleset=check_rcpt, arg1=<a@freemailhost.ru>, relay=128-68-136-133."
	  "broadband.corbina.ru [128.68.136.133], reject=550 5.7.1 "
	  "<a@freemailhost.ru>... Relaying denied.",
	  { { "550", "550 " }, { "5.7.1", "5.7.1" } } },
	{ "sendmail reject= without status code",
	  "Feb 25 03:01:10 kismet sm-mta[27713]: ruleset=check_relay, "
	  "relay=[192.0.2.1], reject=421 Too many open connections.",
	  { { "421", "421 " } } },
	{ "sendmail reply=",
	  "Jan  1 00:00:00 mx sendmail[123]: x01ABC: to=<a@b.c>, reply=250 "
	  "2.0.0 Ok",
	  { { "250", "250 " }, { "2.0.0", "2.0.0" } } },
};

static const struct tcase bounce[] = {
	{ "Diagnostic-Code with status code",
	  "Diagnostic-Code: smtp; 550 5.1.1 <a@b.c>... User unknown",
	  { { "550", "550 " }, { "5.1.1", "5.1.1" } } },
	{ "Diagnostic-Code, reply code alone",
	  "Diagnostic-Code: smtp; 550 User unknown",
	  { { "550", "550 " } } },
	{ "Diagnostic-Code X-Postfix",
	  "Diagnostic-Code: X-Postfix; host mx.b.c[1.2.3.4] said: 554 Rejected",
	  { { "554", "554 " } } },
	{ "Status:", "Status: 5.1.1", { { "5.1.1", "5.1.1" } } },
	{ "Status: with comment", "Status: 4.4.7 (delivery time expired)",
	  { { "4.4.7", "4.4.7" } } },
	{ "Remote-MTA", "Remote-MTA: dns; mx.b.c", { { NULL, NULL } } },
	{ "transcript <<<",
	  "   <<< 550 5.1.1 <a@b.c>: Recipient address rejected",
	  { { "550", "550 " }, { "5.1.1", "5.1.1" } } },
	{ "transcript <<< reply code alone", "<<< 550 User unknown",
	  { { "550", "550 " } } },
	{ "transcript >>>", ">>> RCPT TO:<a@b.c>", { { NULL, NULL } } },
};

static const struct tcase session[] = {
	{ "S:", "S: 250 OK", { { "250", "250" } } },
	{ "S: 354",
	  "S: 354 Start mail input; end with <CRLF>.<CRLF>",
	  { { "354", "354" } } },
	{ "C:", "C: MAIL FROM:<a@b.c>", { { NULL, NULL } } },
	{ "swaks <~ multi-line", "<~  250-mx.b.c Hello", { { "250", "250" } } },
	{ "swaks <~ last line", "<~  250 8BITMIME", { { "250", "250" } } },
	{ "swaks <- extension", "<-  250-8BITMIME", { { "250", "250" } } },
	{ "swaks <- size", "<-  250-SIZE 52428800", { { "250", "250" } } },
	{ "swaks <** error",
	  "<** 550 5.7.1 Relaying denied",
	  { { "550", "550" }, { "5.7.1", "5.7.1" } } },
	{ "swaks <~* error", "<~* 554 Rejected", { { "554", "554" } } },
	{ "swaks ->", " -> RCPT TO:<a@b.c>", { { NULL, NULL } } },
	{ "raw greeting", "220 mx.example.com ESMTP Postfix",
	  { { "220", "220" } } },
};

static const struct tcase others[] = {
	{ "exchange #550 ... ##",
	  "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "exchange returned",
	  "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
	  "Recipient not found by SMTP address lookup'",
	  { { "550", "550" }, { "5.1.10", "5.1.10" } } },
	{ "exchange returned, classes differ",
	  "Remote Server returned '550 4.4.7 QUEUE.Expired; message expired'",
	  { { "550", "550" }, { "4.4.7", "4.4.7" } } },
	{ "exchange #5.0.0 smtp;",
	  "mx.b.c #5.0.0 smtp;550 Requested action not taken: mailbox "
	  "unavailable",
	  { { "5.0.0", "5.0.0" }, { "550", "550" } } },
	{ "haraka lr=",
	  "[INFO] [-] [core] disconnect ip=1.2.3.4 rdns=x helo=x relay=N "
	  "early=N esmtp=Y tls=N pipe=N errors=1 txns=1 rcpts=0/0/1 "
	  "msgs=0/0/0 bytes=0 lr=\"550 I cannot deliver mail for <a@b.c>\" "
	  "time=0.5",
	  { { "550", "550" } } },
	{ "haraka S:",
	  "[PROTOCOL] [4E6C2D1A-2F3B] [core] S: 550 5.7.1 Rejected by policy",
	  { { "550", "550" }, { "5.7.1", "5.7.1" } } },
	{ "opensmtpd result= stat=",
	  "smtpd[123]: 1a2b3c4d5e6f7a8b mta delivery evpid=1234567890abcdef "
	  "from=<a@b.c> to=<d@e.f> rcpt=<-> source=\"1.2.3.4\" relay=\"5.6.7.8 "
	  "(mx.e.f)\" delay=2s result=\"PermFail\" stat=\"550 5.1.1 <d@e.f>: "
	  "Recipient address rejected\"",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "opensmtpd failed-command",
	  "smtpd[123]: 1a2b3c4d5e6f7a8b smtp failed-command command=\"RCPT "
	  "TO:<a@b.c>\" result=\"550 Invalid recipient: <a@b.c>\"",
	  { { "550", "550" } } },
	{ "dovecot lmtp",
	  "Jan  1 00:00:00 mx dovecot: lmtp(12345): Error: lmtp-server: conn "
	  "unix:pid=123,uid=550 [1]: rcpt a@b.c: Failed to lookup user: 451 "
	  "4.3.0 Temporary internal error",
	  { { "451", "451" }, { "4.3.0", "4.3.0" } } },
	{ "courier msg=",
	  "Jul  3 23:07:20 szerver courieresmtpd: error,relay=::ffff:1.2.3.4,"
	  "msg=\"535 Authentication failed.\",cmd: YWRvYmVhZG9iZQ==",
	  { { "535", "535" } } },
	{ "courier to=<...>:",
	  "Apr 10 03:47:57 web courieresmtpd: error,relay=::ffff:1.2.3.4,"
	  "ident=tmf,from=<tmf@example.com>,to=<m@example.com>: 550 User "
	  "unknown.",
	  { { "550", "550" } } },
	{ "rblsmtpd",
	  "Sep  6 07:33:33 sd6 qmail: 1157520813.485077 rblsmtpd: 198.51.100.77 "
	  "pid 19597 sbl-xbl.spamhaus.org: 451 http://www.spamhaus.org/query/"
	  "bl?ip=198.51.100.77",
	  { { "451", "451" } } },
	{ "qmail-smtpd",
	  "Sep  6 07:18:29 sd6 qmail: 1157519909.633171 qmail-smtpd: 421 "
	  "badiprbl: ip 198.51.100.54 rbl: example.com",
	  { { "421", "421" } } },
	{ "qmail-smtpd with pid",
	  "Sep  6 07:18:29 sd6 qmail-smtpd[4242]: 421 badiprbl: ip 198.51.100.54",
	  { { "421", "421" } } },
	{ "571 is no reply code, its status code is one",
	  "said: 571 5.7.1 Delivery not authorized", { { "5.7.1", "5.7.1" } } },
	{ "reply text that begins with a number",
	  "host x[1.2.3.4] said: 554 192.0.2.1 is listed (in reply to RCPT TO "
	  "command)", { { "554", "554" } } },
	{ "code= with a status code of its class",
	  "api: event=failed code=550 5.7.1 blocked", { { "550", "550" },
	  { "5.7.1", "5.7.1" } } },
};

/*
 * Bounce and transcript formats (issue 13): each from the rule its
 * software writes it by, with the look-alikes beside it in
 * bounce_traps[] below.
 */
static const struct tcase bounce_formats[] = {
	/* qmail: the status code at the end of the text, "(#x.y.z)" */
	{ "qmail (#5.1.1)",
	  "Sorry, no mailbox here by that name. (#5.1.1)",
	  { { "5.1.1", "5.1.1" } } },
	{ "qmail-remote (#4.4.1), then text",
	  "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)I'm "
	  "not going to try again",
	  { { "4.4.1", "4.4.1" } } },
	{ "qmail-smtpd reply with (#5.7.1)",
	  "553 sorry, that domain isn't in my list of allowed rcpthosts "
	  "(#5.7.1)",
	  { { "553", "553" }, { "5.7.1", "5.7.1" } } },
	{ "qmail reply in a postfix bounce, (#5.7.1) mid-line",
	  "    sorry, that domain isn't in my list of allowed rcpthosts "
	  "(#5.7.1) (in reply to RCPT TO command)",
	  { { "5.7.1", "5.7.1" } } },
	{ "vpopmail chkuser (#5.1.1 - chkuser)",
	  "Diagnostic-Code: smtp; 511 sorry, no mailbox here by that name "
	  "(#5.1.1 - chkuser)",
	  { { "511", "511" }, { "5.1.1", "5.1.1" } } },
	/* "550: 5.1.1": a reply code, ":", its status code */
	{ "yahoo 550: 5.1.1 at the line's start",
	  "550: 5.1.1 <erin@example.com>: Recipient address rejected: User "
	  "unknown in relay recipient table",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "code 550: 5.1.1 in a client's log",
	  "DEBUG   Return code 550: 5.1.1 <a@b.c>: Recipient address rejected",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "421: 4.7.0, indented",
	  "    421: 4.7.0 Try again later",
	  { { "421", "421" }, { "4.7.0", "4.7.0" } } },
	/* ERROR_CODE naming both codes */
	{ "ERROR_CODE :550, ERROR_CODE :5.1.1",
	  "kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE "
	  ":5.1.1 <kijitora@example.co.jp>... User Unknown",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "ERROR_CODE :554, ERROR_CODE :5.7.1 from a milter",
	  "ERROR_CODE :554, ERROR_CODE :5.7.1 Matched map: GLOBAL_SMTP_FROM_BL",
	  { { "554", "554" }, { "5.7.1", "5.7.1" } } },
	{ "ERROR_CODE: 550, ERROR_CODE: 5.7.1, blanks after the colon",
	  "error: ERROR_CODE: 550, ERROR_CODE: 5.7.1 Blocked by SpamAssassin",
	  { { "550", "550" }, { "5.7.1", "5.7.1" } } },
	{ "ERROR_CODE : 421, error_code:4.7.0, blanks and case",
	  "x ERROR_CODE : 421, error_code:4.7.0 later",
	  { { "421", "421" }, { "4.7.0", "4.7.0" } } },
	{ "ERROR_CODE :5.7.1 alone is a status key",
	  "rejected: ERROR_CODE :5.7.1 Blocked",
	  { { "5.7.1", "5.7.1" } } },
	/* Sendmail's bounce: "(reason: ...)" under each address */
	{ "sendmail (reason: 550 ...)",
	  "    (reason: 550 Host unknown)",
	  { { "550", "550" } } },
	{ "sendmail (reason: 550 5.1.1 ...)",
	  "    (reason: 550 5.1.1 <a@b.c>... User unknown)",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "sendmail (reason: ...) at the line's start",
	  "(reason: 452 Too many recipients)",
	  { { "452", "452" } } },
	/* Sendmail's log: "SMTP WORD protocol error: REPLY" */
	{ "sendmail SMTP DATA-2 protocol error",
	  "May 20 10:41:36 mailhost sendmail[13127]: j4KFfYNi013124: "
	  "somehost.example.net.: SMTP DATA-2 protocol error: 500 Mail appears "
	  "to be unsolicited -- send error reports to postmaster@example.net",
	  { { "500", "500" } } },
	{ "sendmail SMTP MAIL protocol error, with status code",
	  "x01ABC: mx.b.c.: SMTP MAIL protocol error: 421 4.3.2 Service "
	  "shutting down",
	  { { "421", "421" }, { "4.3.2", "4.3.2" } } },
	{ "sendmail SMTP DATA-1 protocol error, line start",
	  "SMTP DATA-1 protocol error: 554 No valid recipients",
	  { { "554", "554" } } },
	/* Postfix's transcript to the postmaster: " Out: " and " In:  " */
	{ "postfix smtpd transcript Out: greeting",
	  " Out: 220 mail.example.com ESMTP Postfix (Ubuntu)",
	  { { "220", "220" } } },
	{ "postfix smtpd transcript Out: 250-",
	  " Out: 250-mail.example.com", { { "250", "250" } } },
	{ "postfix smtpd transcript Out: 250-ENHANCEDSTATUSCODES",
	  " Out: 250-ENHANCEDSTATUSCODES", { { "250", "250" } } },
	{ "postfix smtpd transcript Out: with status code",
	  " Out: 454 4.7.0 TLS not available due to local problem",
	  { { "454", "454" }, { "4.7.0", "4.7.0" } } },
	{ "postfix smtpd transcript Out: unindented",
	  "Out: 550 5.1.1 <d@e.f>: Recipient address rejected",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
	{ "postfix smtp client transcript In:",
	  " In:  550 Mailbox unavailable",
	  { { "550", "550" } } },
	{ "postfix transcript In: command", " In:  RCPT TO:<a@b.c>",
	  { { NULL, NULL } } },
	{ "postfix transcript Out: command", " Out: MAIL FROM:<a@b.c>",
	  { { NULL, NULL } } },
	/* formats that were there already */
	{ "Status: 5.0.0, RFC 3464", "Status: 5.0.0",
	  { { "5.0.0", "5.0.0" } } },
	{ "transcript <<< 550 in a sendmail bounce",
	  "<<< 550 5.1.1 <a@b.c>... User unknown",
	  { { "550", "550" }, { "5.1.1", "5.1.1" } } },
};

/* Look-alikes of the formats above that are no replies. */
static const char *const bounce_traps[] = {
	"see the issue (#123) and pull request (#45)",
	"fixed in (#2.1) and (#5.1)",
	"1.2.3.4 - - [01/Jan/2024] \"GET /api?ERROR_CODE=200 HTTP/1.1\" 200 12",
	"app: ERROR_CODE=550 ERROR_CODE=5.7.1",
	"An error occurred, ERROR_CODE :500, Details :Test error message",
	"api: ERROR_CODE: 550 rejected",
	"ERROR_CODE :550, ERROR_CODE :",
	"ERROR_CODES :550, ERROR_CODES :5.1.1",
	"fetch: reason: 404 not found",
	"fetch failed (reason: 404 Not Found)",
	"    reason: 404 not found",
	"    (cause: 550 things)",
	"eth0: traffic Out: 250 bytes",
	"In: 250 packets",
	"Out:  250 bytes",
	"Out:250 bytes",
	"eth0 In:  250 Out: 120",
	"haproxy: proxy protocol error: 400 bad request",
	"SIP protocol error: 503 Service Unavailable",
	"SMTP protocol error: 503 x",
	"port 550: 5 connections, port 421: 4.2 per second",
	"Server responded with code 550: 4.1.1 Mailbox not found",
	"550:5.1.1 x and 550 : 5.1.1 y",
	"version 1550: 5.1.1-rc1",
	/* 571 is no reply code, even where Sendmail logs a reply */
	"j4KAfETR005770: h.example.com.: SMTP DATA-2 protocol error: 571 No",
};

/* ---- traps: numbers that are something else -------------------------- */

static const char *const traps[] = {
	"Jan  1 00:00:00 mx postfix/smtp[123]: connect to mx.b.c[1.2.3.4]:25: "
	"Connection refused",
	"Jan  1 00:00:00 mx x: listening on port 550 and port 25",
	"Jan  1 00:00:00 mx postfix/smtpd[123]: client=[1.2.3.4]:550 port 421",
	"Jan  1 00:00:00 mx postfix/qmgr[421]: 4ABC: from=<a@b.c>, size=5521, "
	"nrcpt=250 (queue active)",
	"Jan  1 00:00:00 mx postfix/smtp[123]: 4ABC: to=<a@b.c>, "
	"relay=x[10.5.1.1]:25, delay=250, delays=0.1/0/250/0, status=sent "
	"(delivered)",
	"Feb 24 12:10:15 kismet sm-acceptingconnections[32053]: s1OHA28u032053: "
	"211-75-6-133.HINET-IP.hinet.net [211.75.6.133]: possible SMTP attack: "
	"command=AUTH, count=6",
	"2024-05-21 05:21:55 [2249] 1r2f3G-000421-Ab <= a@b.c S=5521 "
	"id=550.5.1.1@x",
	"Sep 19 12:10:58 hostname postfix/smtpd[14059]: warning: Message "
	"delivery request rate limit exceeded: 334 from spam.example.com"
	"[192.0.2.227] for service submission",
	"Jan  1 00:00:00 mx postfix/cleanup[123]: 5D1818E811: "
	"message-id=<20240101.550.5.1.1@x.y>",
	"Jan  1 00:00:00 mx postfix/master[1]: daemon started -- version "
	"2.11.0, configuration /etc/postfix",
	"2024-01-01 00:00:00 Exim 4.94.2 daemon started: pid=421, -q30m, "
	"listening for SMTP on port 25 (IPv4) port 587",
	"a@gmail.com id=pab.211 uid=550 code=550 score=5.5.1 count=5 v5.1.1",
	"Jan  1 00:00:00 mx x: Deleted: 115 messages; Requeued: 250 messages",
	"Jan  1 00:00:00 mx app: [worker-3]: 250 messages processed",
	"2024-01-01 00:00:00 <= a@b.c H=m [1.2.3.4]:25 P=esmtps "
	"X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=421",
	"Jan  1 00:00:00 mx app: size=\"250 KB\" duration='421 ms'",
	"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 512",
	"Jan  1 00:00:00 mx kernel: [  421.123456] eth0: link up 250 Mbps",
	"Jan  1 00:00:00 mx postfix/smtpd[123]: lost connection after DATA "
	"(250 bytes) from x[1.2.3.4]",
	"Jan  1 00:00:00 mx postfix/smtpd[123]: disconnect from x[1.2.3.4] "
	"ehlo=1 mail=1 rcpt=0/1 data=0/1 commands=2/4",
	"statistics: max connection rate 1/60s for (smtp:250.1.1.1) at Oct 26 "
	"18:13:50",
	"HANGUP after 250 from [111.73.45.149]:1038 in tests after SMTP "
	"handshake",
	"stats: 550 rejected, 421 deferred, 250 accepted",
	"{\"code\": 550, \"port\": 25, \"count\": 421, \"ver\": \"2.1.0\"}",
	"2.11.0 (2016-08-08)",
	"   4.3.1 Complete Tables",
};

static void
test_postfix(void **state)
{
	(void)state;
	RUN(postfix);
}

static void
test_exim(void **state)
{
	(void)state;
	RUN(exim);
}

static void
test_sendmail(void **state)
{
	(void)state;
	RUN(sendmail);
}

static void
test_bounce(void **state)
{
	(void)state;
	RUN(bounce);
}

static void
test_session(void **state)
{
	(void)state;
	RUN(session);
}

static void
test_other_servers(void **state)
{
	(void)state;
	RUN(others);
}

static void
test_bounce_formats(void **state)
{
	static const struct want none[MAXW];
	size_t i;

	(void)state;
	RUN(bounce_formats);
	for (i = 0; i < sizeof bounce_traps / sizeof bounce_traps[0]; i++)
		check(bounce_traps[i], bounce_traps[i], none);
}

static void
test_traps(void **state)
{
	static const struct want none[MAXW];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof traps / sizeof traps[0]; i++)
		check(traps[i], traps[i], none);
}

/* ---- status code boundaries ------------------------------------------- */

static void
test_enh_boundaries(void **state)
{
	static const struct tcase c[] = {
		{ "end of sentence", "dsn=5.1.1.", { { "5.1.1", "5.1.1" } } },
		{ "comma", "dsn=5.1.1,", { { "5.1.1", "5.1.1" } } },
		{ "end of line", "dsn=5.1.1", { { "5.1.1", "5.1.1" } } },
		{ "zeros", "dsn=2.0.0", { { "2.0.0", "2.0.0" } } },
		{ "largest", "dsn=5.999.999", { { "5.999.999", "5.999.999" } } },
		{ "quoted", "status=\"4.2.2\"", { { "4.2.2", "4.2.2" } } },
		{ "Status: no space", "Status:5.0.0", { { "5.0.0", "5.0.0" } } },
		{ "after 550-", "<<< 550-5.7.1 text",
		  { { "550", "550" }, { "5.7.1", "5.7.1" } } },
		{ "four parts", "dsn=5.1.1.1", { { NULL, NULL } } },
		{ "leading zero subject", "dsn=5.01.1", { { NULL, NULL } } },
		{ "leading zero detail", "dsn=5.1.01", { { NULL, NULL } } },
		{ "detail too long", "dsn=5.1.1000", { { NULL, NULL } } },
		{ "subject too long", "dsn=5.1000.1", { { NULL, NULL } } },
		{ "class 3", "dsn=3.1.1", { { NULL, NULL } } },
		{ "class 6", "dsn=6.1.1", { { NULL, NULL } } },
		{ "letter after", "dsn=5.1.1a", { { NULL, NULL } } },
		{ "suffix", "dsn=2.11.0-rc1", { { NULL, NULL } } },
		{ "digit before", "dsn=05.1.1", { { NULL, NULL } } },
		{ "letter before", "dsn=x5.1.1", { { NULL, NULL } } },
		{ "hyphen before, no code", "said: x-5.7.1 y", { { NULL, NULL } } },
		{ "ip octets", "said: 10.5.1.1 and 5.1.1.2", { { NULL, NULL } } },
		{ "no key", "rule 5.1.1 matched", { { NULL, NULL } } },
		{ "two parts", "dsn=5.1", { { NULL, NULL } } },
	};
	(void)state;
	RUN(c);
}

/* ---- windows ------------------------------------------------------------ */

#define LONGLEN	1000

/* A long line with "said: 550 5.1.1 " whose 550 stands at pos. */
static size_t
long_line(char *buf, size_t pos)
{
	const char *r = "said: 550 5.1.1 User unknown";

	memset(buf, 'x', LONGLEN);
	memset(buf + pos - 7, ' ', 1);
	memcpy(buf + pos - 6, r, strlen(r));
	return LONGLEN;
}

static void
test_window_defer(void **state)
{
	struct sc_hit h[8];
	char buf[LONGLEN];
	size_t n;

	(void)state;
	assert_int_equal(long_line(buf, 500), LONGLEN);
	/* 550 at len-64, within SC_SCAN_AHEAD of the end: left for later */
	n = sc_scan(buf, 500 + SC_SCAN_AHEAD, 0, 0, h, 8);
	assert_int_equal(n, 0);
	/* 550 at len-65 is decided here; 5.1.1, at len-61, waits */
	n = sc_scan(buf, 500 + SC_SCAN_AHEAD + 1, 0, 0, h, 8);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].off, 500);
	assert_int_equal(h[0].basic, 550);
	/* 5.1.1 at len-65 too */
	n = sc_scan(buf, 500 + SC_SCAN_AHEAD + 5, 0, 0, h, 8);
	assert_int_equal(n, 2);
	assert_int_equal(h[1].off, 504);
	assert_int_equal(h[1].kind, SC_HIT_ENH);
	/* the same bytes as the end of the line: all there */
	n = sc_scan(buf, 500 + SC_SCAN_AHEAD, 0, 1, h, 8);
	assert_int_equal(n, 2);
}

static void
test_window_from(void **state)
{
	struct sc_hit h[8];
	char buf[LONGLEN];
	size_t n;

	(void)state;
	long_line(buf, 600);
	/* the introducer before from is context: the reply is found */
	n = sc_scan(buf + 600 - SC_SCAN_BACK, SC_SCAN_BACK + 200, SC_SCAN_BACK,
	    1, h, 8);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].off, SC_SCAN_BACK);
	assert_int_equal(h[0].basic, 550);
	assert_int_equal(h[1].off, SC_SCAN_BACK + 4);
	/* a hit before from is not reported, the one after it is */
	n = sc_scan(buf + 600 - SC_SCAN_BACK, SC_SCAN_BACK + 200,
	    SC_SCAN_BACK + 1, 1, h, 8);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].off, SC_SCAN_BACK + 4);
	assert_int_equal(h[0].enh.cls, 5);
	/* from past the end */
	assert_int_equal(sc_scan(buf, 100, 200, 1, h, 8), 0);
}

/*
 * A status code after a reply code and a tab is found whether or not the
 * scan starts at the reply code (fuzz_scan found the two disagreeing).
 */
static void
test_tab_pair_from(void **state)
{
	static const char line[] = "<<< 550\t5.1.1 no such user";
	struct sc_hit h[4];
	size_t n;

	(void)state;
	n = sc_scan(line, sizeof line - 1, 0, 1, h, 4);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].basic, 550);
	assert_int_equal(h[1].off, 8);
	n = sc_scan(line, sizeof line - 1, 5, 1, h, 4);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].off, 8);
	assert_int_equal(h[0].kind, SC_HIT_ENH);
	assert_int_equal(h[0].enh.detail, 1);
}

/* A reply split across two windows is found once, whatever the cut. */
static void
test_window_split(void **state)
{
	struct sc_hit h[8], all[16];
	char buf[LONGLEN];
	size_t cut, n, k, from, start;

	(void)state;
	long_line(buf, 600);
	for (cut = 560; cut <= 700; cut++) {
		/* first window [0, cut), eol 0 */
		n = sc_scan(buf, cut, 0, 0, all, 16);
		/* second: context SC_SCAN_BACK before the deferred tail */
		from = cut - SC_SCAN_AHEAD;
		start = from - SC_SCAN_BACK;
		k = sc_scan(buf + start, LONGLEN - start, from - start, 1, h, 8);
		memcpy(all + n, h, k * sizeof h[0]);
		for (; k > 0; k--)
			all[n++].off += start;
		assert_int_equal(n, 2);
		assert_int_equal(all[0].off, 600);
		assert_int_equal(all[0].basic, 550);
		assert_int_equal(all[1].off, 604);
		assert_int_equal(all[1].enh.subject, 1);
	}
}

/* The line start counts only for a hit less than SC_SCAN_BACK into buf. */
static void
test_window_line_start(void **state)
{
	struct sc_hit h[4];
	char buf[LONGLEN];

	(void)state;
	memset(buf, ' ', sizeof buf);
	memcpy(buf + 10, "250 Ok", 6);
	assert_int_equal(sc_scan(buf, 100, 0, 1, h, 4), 1);
	assert_int_equal(h[0].off, 10);
	memset(buf, ' ', sizeof buf);
	memcpy(buf + SC_SCAN_BACK, "250 Ok", 6);
	assert_int_equal(sc_scan(buf, SC_SCAN_BACK + 100, 0, 1, h, 4), 0);
}

/* ---- bytes ---------------------------------------------------------- */

static void
test_nul_and_binary(void **state)
{
	static const char l1[] = "a\0b\xff\xfe host x[1.2.3.4] said: 550 5.1.1 "
	    "\xc3\x28 user\0unknown\r here";
	static const struct want w1[MAXW] = {
		{ "550", "550 5.1.1" }, { "5.1.1", "5.1.1" }
	};
	static const char l2[] = "said: \xff" "550 5.1.1 x";
	static const char l3[] = "said:\0" "550 5.1.1 x";
	static const struct want w3[MAXW] = {
		{ "550", "550" }, { "5.1.1", "5.1.1" }
	};
	static const char l4[] = "said: 550\r5.1.1 x\rsaid: 421 Bye";
	static const struct want w4[MAXW] = { { "421", "421" } };
	static const struct want none[MAXW];

	(void)state;
	check_len("NUL and invalid UTF-8 around", l1, sizeof l1 - 1, w1);
	check_len("byte >= 0x80 glued", l2, sizeof l2 - 1, none);
	check_len("NUL before a pair", l3, sizeof l3 - 1, w3);
	check_len("lone CR", l4, sizeof l4 - 1, w4);
}

/* Random bytes: no crash, sane hits, the same in windows. */
static void
test_random_lines(void **state)
{
	static const char *const bits[] = {
		"550", "5.1.1", " ", " ", "-", ".", ":", "said: ", "dsn=", "[",
		"]", "1.2.3.4", "<a@b>", "421", "4.7.0", "\"", "'", "=", "#",
		"smtp;", "x", "250-", "<<< ", "\t", "\0", "\xff", "2", "5", "0",
		"S: ", "reject=", "stat=Deferred: ", "(", "status=sent (",
		"authenticator failed ", "Ci=7: ", "999", "5.999.999", "\r",
		"(#", ")", "550: ", ": ", ",", "ERROR_CODE :", ", ERROR_CODE :",
		"(reason: ", " Out: ", " In:  ", "SMTP DATA-2 protocol error: "
	};
	struct sc_hit h[MAXH], wh[MAXH];
	unsigned long long seed = 12345;
	char buf[3000];
	size_t len, k, n, nw, r, t;

	(void)state;
	for (r = 0; r < 3000; r++) {
		len = 0;
		t = 20 + r % 400;
		while (len < t) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			k = (size_t)(seed >> 33) % (sizeof bits / sizeof bits[0]);
			n = bits[k][0] == '\0' ? 1 : strlen(bits[k]);
			if (len + n > sizeof buf)
				break;
			memcpy(buf + len, bits[k], n);
			len += n;
		}
		n = sc_scan(buf, len, 0, 1, h, MAXH);
		sane(buf, len, h, n);
		nw = scan_windows(buf, len, SC_SCAN_BACK + SC_SCAN_AHEAD + 1 +
		    r % 50, wh, MAXH);
		same_hits(h, n, wh, nw);
	}
}

/* ---- limits ---------------------------------------------------------- */

static void
test_max(void **state)
{
	static const char l[] = "dsn=5.1.1, status=bounced (host x[1.2.3.4] "
	    "said: 550 5.1.1 User unknown)";
	struct sc_hit h[4];

	(void)state;
	assert_int_equal(sc_scan(l, sizeof l - 1, 0, 1, h, 4), 3);
	memset(h, 0, sizeof h);
	assert_int_equal(sc_scan(l, sizeof l - 1, 0, 1, h, 2), 2);
	assert_int_equal(h[0].kind, SC_HIT_ENH);
	assert_int_equal(h[1].basic, 550);
	assert_int_equal(h[2].off, 0);	/* untouched */
	assert_int_equal(sc_scan(l, sizeof l - 1, 0, 1, h, 1), 1);
	assert_int_equal(h[0].off, 4);
	assert_int_equal(sc_scan(l, sizeof l - 1, 0, 1, h, 0), 0);
	assert_int_equal(sc_scan(l, 0, 0, 1, h, 4), 0);
	assert_int_equal(sc_scan(NULL, 10, 0, 1, h, 4), 0);
}

/* Short lines and lines that end inside a code. */
static void
test_short(void **state)
{
	struct sc_hit h[4];

	(void)state;
	assert_int_equal(sc_scan("550", 3, 0, 1, h, 4), 1);
	assert_int_equal(h[0].basic, 550);
	assert_int_equal(sc_scan("550", 3, 0, 0, h, 4), 0);
	assert_int_equal(sc_scan("55", 2, 0, 1, h, 4), 0);
	/* a line does not begin with a status code */
	assert_int_equal(sc_scan("5.1.1", 5, 0, 1, h, 4), 0);
	assert_int_equal(sc_scan("dsn=5.1.1", 9, 0, 1, h, 4), 1);
	assert_int_equal(h[0].off, 4);
	assert_int_equal(h[0].len, 5);
	assert_int_equal(sc_scan("dsn=5.1.", 8, 0, 1, h, 4), 0);
	assert_int_equal(sc_scan("said: 550-5.7", 13, 0, 1, h, 4), 0);
	assert_int_equal(sc_scan("said: 550", 9, 0, 1, h, 4), 1);
	assert_int_equal(h[0].off, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_bounce),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_other_servers),
		cmocka_unit_test(test_bounce_formats),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_enh_boundaries),
		cmocka_unit_test(test_window_defer),
		cmocka_unit_test(test_window_from),
		cmocka_unit_test(test_tab_pair_from),
		cmocka_unit_test(test_window_split),
		cmocka_unit_test(test_window_line_start),
		cmocka_unit_test(test_nul_and_binary),
		cmocka_unit_test(test_random_lines),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
