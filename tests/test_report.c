/*
 * test_report.c - the --summary report (src/report.c): each format's
 * dispositions, the masking, the top-N sketch, JSON validity of every
 * record type, and the text report in every language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/internal.h"
#include "../src/report.h"

#define PF "Mar  1 04:00:00 mx1 postfix/"

/* The lines of a NULL-terminated array, joined (ISO C caps literals). */
static char *
join(const char *const *l)
{
	size_t n = 1, i;
	char *s;

	for (i = 0; l[i] != NULL; i++)
		n += strlen(l[i]);
	s = malloc(n);
	assert_non_null(s);
	for (n = 0, i = 0; l[i] != NULL; i++) {
		memcpy(s + n, l[i], strlen(l[i]));
		n += strlen(l[i]);
	}
	s[n] = '\0';
	return s;
}

/* A report of the lines in s (one call, or one call per line). */
static struct sc_report *
feed(const char *s, int per_line)
{
	struct sc_report *r = sc_report_new();
	const char *p = s, *e;

	assert_non_null(r);
	if (!per_line) {
		sc_report_lines(r, s, strlen(s));
		return r;
	}
	while (*p) {
		e = strchr(p, '\n');
		e = e ? e + 1 : p + strlen(p);
		sc_report_lines(r, p, (size_t)(e - p));
		p = e;
	}
	return r;
}

static unsigned long long
total(const struct sc_report *r, int d)
{
	return sc_report_total(r, d);
}

/* Totals: delivered forwarded deferred deferrals bounced expired rejected
   filter-rejected held discarded, in that order. */
static void
expect(const char *const *lines, const unsigned long long *want)
{
	struct sc_report *r;
	char *log = join(lines);
	int d, per;

	for (per = 0; per < 2; per++) {
		r = feed(log, per);
		for (d = 0; d < SC_DISP_COUNT; d++) {
			if (total(r, d) != want[d])
				fail_msg("%s: %llu, want %llu (per line %d)",
				    sc_disp_name(d), total(r, d), want[d], per);
		}
		sc_report_free(r);
	}
	free(log);
}

static void
test_postfix(void **state)
{
	static const char *const log[] = {
	    PF "smtpd[1]: connect from x[192.0.2.1]\n",
	    PF "smtp[2]: 0D7037A4: to=<a@gmail.com>, relay=gmail-smtp-in.l.google.com"
	    "[142.250.1.1]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent "
	    "(250 2.0.0 OK 1 - gsmtp)\n",
	    PF "local[3]: 0D7037A5: to=<b@example.org>, relay=local, delay=0.1, "
	    "delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 1ABC)\n",
	    PF "lmtp[3]: 0D7037A6: to=<c@example.org>, orig_to=<c>, relay=x"
	    "[private/dovecot-lmtp], conn_use=2, delay=0.1, delays=0/0/0/0, "
	    "dsn=2.0.0, status=sent (250 2.0.0 Saved)\n",
	    /* deferred twice: one message, two deferrals */
	    PF "smtp[2]: 0D7037A7: to=<d@yahoo.com>, relay=mta5.am0.yahoodns.net"
	    "[67.195.1.1]:25, delay=1, delays=0/0/0/1, dsn=4.7.0, status=deferred "
	    "(host mta5.am0.yahoodns.net[67.195.1.1] said: 421 4.7.0 [TSS04] "
	    "Messages from 192.0.2.9 temporarily deferred (in reply to MAIL FROM "
	    "command))\n",
	    PF "qmgr[4]: 0D7037A7: to=<d@yahoo.com>, relay=none, delay=900, "
	    "delays=900/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily "
	    "suspended: connect to x[1.2.3.4]:25: Connection refused)\n",
	    PF "error[5]: 0D7037A8: to=<e@nx.example>, relay=none, delay=0.1, "
	    "delays=0/0/0/0, dsn=5.4.4, status=bounced (Host or domain name not "
	    "found. Name service error for name=nx.example type=A: Host not found)\n",
	    PF "qmgr[4]: 0D7037A9: from=<s@example.org>, status=expired, returned "
	    "to sender\n",
	    /* not dispositions: smtpd status, probes, soft bounce */
	    PF "smtpd[1]: 0D7037AA: to=<f@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/0, dsn=2.0.0, status=sent (ok)\n",
	    PF "smtp[2]: 0D7037AB: to=<g@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/0, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)\n",
	    PF "smtp[2]: 0D7037AC: to=<h@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/0, dsn=5.0.0, status=SOFTBOUNCE (host x said: 550 no)\n",
	    PF "smtp[2]: 0D7037AD: to=<h@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/0, dsn=5.1.1, status=undeliverable-but-not-cached (x)\n",
	    /* rejects */
	    PF "smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 554 "
	    "5.7.1 <q@example.com>: Relay access denied; from=<s@spam.example> "
	    "to=<q@example.com> proto=ESMTP helo=<x>\n",
	    PF "postscreen[6]: NOQUEUE: reject: RCPT from [203.0.113.6]:5000: 550 "
	    "5.7.1 Service unavailable; client [203.0.113.6] blocked using "
	    "zen.spamhaus.org; from=<a@b.example>, to=<c@example.org>, "
	    "proto=ESMTP, helo=<x>\n",
	    PF "postscreen[6]: NOQUEUE: reject: CONNECT from [203.0.113.7]:5000: "
	    "too many connections\n",
	    PF "cleanup[7]: 0D7037AE: reject: header Subject: win from unknown"
	    "[203.0.113.8]; from=<a@b.example> to=<c@example.org> proto=ESMTP "
	    "helo=<x>: 5.7.1 Message content rejected\n",
	    PF "cleanup[7]: 0D7037AF: milter-reject: END-OF-MESSAGE from unknown"
	    "[203.0.113.9]: 5.7.1 Spam message rejected; from=<a@b.example> "
	    "to=<c@example.org> proto=ESMTP helo=<x>\n",
	    PF "smtpd[1]: NOQUEUE: milter-reject: RCPT from unknown[203.0.113.9]: "
	    "451 4.7.1 Service unavailable - try again later; from=<a@b.example> "
	    "to=<c@example.org> proto=ESMTP helo=<x>\n",
	    PF "smtpd[1]: 0D7037B0: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, "
	    "id=1 - spam; from=<a@b.example> to=<c@example.org> proto=ESMTP "
	    "helo=<x>\n",
	    PF "smtpd[1]: NOQUEUE: reject_warning: RCPT from unknown[203.0.113.9]: "
	    "450 4.7.1 x; from=<a@b.example> to=<c@example.org> proto=ESMTP "
	    "helo=<x>\n",
	    PF "smtpd[1]: warning: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 x; "
	    "from=<a@b> to=<c@d> proto=ESMTP helo=<x>\n",
	    PF "qmgr[4]: 0D7037B1: reject: RCPT from x[1.2.3.4]: 554 x; "
	    "from=<a@b> to=<c@d> proto=ESMTP helo=<x>\n",
	    /* hold and discard */
	    PF "cleanup[7]: 0D7037B2: hold: header X-Spam: yes from x[1.2.3.4]; "
	    "from=<a@b.example> to=<c@example.org> proto=ESMTP helo=<x>\n",
	    PF "smtpd[1]: NOQUEUE: discard: RCPT from x[1.2.3.4]: <c@example.org>: "
	    "Recipient address triggers DISCARD action; from=<a@b.example> "
	    "to=<c@example.org> proto=ESMTP helo=<x>\n",
	    PF "cleanup[7]: 0D7037B3: milter-discard: END-OF-MESSAGE from x"
	    "[1.2.3.4]: milter triggers DISCARD action; from=<a@b.example> "
	    "to=<c@example.org> proto=ESMTP helo=<x>\n",
	    NULL
	};
	static const unsigned long long want[SC_DISP_COUNT] =
	    { 2, 1, 1, 2, 1, 1, 5, 2, 1, 2 };

	(void)state;
	expect(log, want);
}

/* Prefixes and layouts Postfix and syslog daemons write. */
static void
test_postfix_layouts(void **state)
{
	static const char *const log[] = {
	    /* RFC 3339 time, no pid, another syslog_name, service/daemon */
	    "2024-08-29T01:08:59.764590+00:00 mx postfix-out/smtp: 0D7037A4: "
	    "to=<a@x.example>, relay=x, delay=1, delays=0/0/0/1, dsn=2.0.0, "
	    "status=sent (ok)\n",
	    "Mar 7 02:09:33 mx postfix/submission/smtpd[9]: NOQUEUE: reject: RCPT "
	    "from x[1.2.3.4]: 554 5.7.1 no; from=<a@b> to=<c@d.example> "
	    "proto=ESMTP helo=<x>\r\n",
	    /* long queue ids, which pflogsumm 1.1.5 does not read */
	    PF "smtp[2]: 4Y7Yq51Xr7z9rxN: to=<b@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=5.1.1, status=bounced (host x[1.2.3.4] said: "
	    "550 5.1.1 no such user (in reply to RCPT TO command))\n",
	    /* no syslog prefix at all */
	    "25F2E5E061: to=<g@test.example.com>, relay=none, delay=0.05, "
	    "delays=0.05/0/0/0, dsn=2.0.0, status=sent (test.example.com)\n",
	    "4104E3D: milter-reject: END-OF-MESSAGE from x[61.238.241.86]: 5.7.1 "
	    "Blocked by SpamAssassin; from=<w@c.example> to=<v@example.com> "
	    "proto=ESMTP helo=<e.example>\n",
	    /* old Postfix: no dsn=, bare address */
	    "Feb 20 04:05:39 fangorn postfix/local[22879]: 0D7037A4: "
	    "to=<postfix@fangorn.example>, orig_to=<root>, relay=local, delay=0, "
	    "status=sent (delivered to mailbox)\n",
	    "x postfix/local[1]: 892A0205B6: to=ghd@localhost, relay=local, "
	    "delay=0.05, delays=0.02/0/0/0.02, dsn=5.1.1, status=bounced (unknown "
	    "user: \"ghd\")\n",
	    /* the last line without a newline */
	    PF "smtp[2]: 0D7037A5: to=<c@x.example>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=4.4.1, status=deferred (connect to x[1.2.3.4]:25: "
	    "Connection timed out)",
	    NULL
	};
	static const unsigned long long want[SC_DISP_COUNT] =
	    { 3, 0, 1, 1, 2, 0, 2, 0, 0, 0 };

	(void)state;
	expect(log, want);
}

static void
test_exim(void **state)
{
	static const char *const log[] = {
	    "2024-03-01 04:00:00 1rAbCd-000123-Xy <= s@example.org H=x [1.2.3.4] "
	    "P=esmtps S=1234\n",
	    "2024-03-01 04:00:01 1rAbCd-000123-Xy => a@gmail.com R=dnslookup "
	    "T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.1.1] "
	    "C=\"250 2.0.0 OK\"\n",
	    "2024-03-01 04:00:01 1rAbCd-000123-Xy -> b@gmail.com R=dnslookup "
	    "T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.1.1]\n",
	    "2024-03-01 04:00:01 [1234] 1rAbCe-00000000abc-Wxyz >> c@x.example "
	    "R=dnslookup T=remote_smtp H=x [1.2.3.4]\n",
	    "2024-03-01 04:00:02 1rAbCd-000123-Xy == d@x.example R=dnslookup "
	    "T=remote_smtp defer (-44) H=mx.x.example [1.2.3.5]: SMTP error from "
	    "remote mail server after RCPT TO:<d@x.example>: 451 4.7.1 "
	    "Greylisted\n",
	    "2024-03-01 05:00:02 1rAbCd-000123-Xy == d@x.example R=dnslookup "
	    "T=remote_smtp defer (-53): retry time not reached for any host\n",
	    "2024-03-01 04:00:03 1rAbCd-000123-Xy ** e@x.example R=dnslookup "
	    "T=remote_smtp H=mx.x.example [1.2.3.5]: SMTP error from remote mail "
	    "server after RCPT TO:<e@x.example>: 550 5.1.1 rejected RCPT: no such "
	    "user\n",
	    "2024-03-01 04:00:03 1rAbCd-000123-Xy ** |/usr/bin/x (f@y.example) "
	    "<f@y.example> R=pipe T=address_pipe: Child process returned 127\n",
	    "2024-03-01 04:00:04 1rAbCd-000123-Xy *> g@x.example R=x T=y\n",
	    "2024-03-01 04:00:05 1rAbCd-000123-Xy Completed\n",
	    "2022-06-29 16:04:14 H=i.test.com [1.2.3.4]:35328 F=<i@test.com> "
	    "rejected RCPT <sales@toto.example>: No Such User Here\n",
	    "2022-06-29 14:33:43 H=test.sa.com [1.2.3.4]:18146 temporarily "
	    "rejected connection in \"connect\" ACL: \"Host is ratelimited\"\n",
	    "2013-06-15 11:20:36 [2516] 1Unmew-0000ea-SE H=e.example [83.2.1.1]:32 "
	    "I=[1.2.3.4]:25 F=a@b.example rejected after DATA: virus found\n",
	    "Jun 29 15:33:46 server exim[1234]: H=test.com [1.2.3.4]:53343 "
	    "F=<info@test.com> rejected RCPT <toto@toto.example>: blocked\n",
	    /* not ACL refusals */
	    "2013-06-02 09:05:48 [18505] SMTP protocol synchronization error: "
	    "rejected \"RSET\" H=b.example [82.9.1.7]:58302\n",
	    NULL
	};
	static const unsigned long long want[SC_DISP_COUNT] =
	    { 3, 0, 1, 2, 2, 0, 4, 0, 0, 0 };

	(void)state;
	expect(log, want);
}

/* An Exim log learnt mid-block: its "->" lines in the same 64 bytes. */
static void
test_exim_short(void **state)
{
	static const char *const log[] = {
	    "x 1rAbCd-000123-Xy => a@g\n",
	    "x 1rAbCd-000123-Xy -> b@g\n",
	    "x 1rAbCd-000123-Xy -> c@g\n",
	    NULL
	};
	static const unsigned long long want[SC_DISP_COUNT] =
	    { 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	expect(log, want);
}

static void
test_sendmail(void **state)
{
	static const char *const log[] = {
	    "Jan 22 20:53:11 j sendmail[3567]: j0MJr3ZN003565: to=<a@perl.example>,"
	    "<b@perl.example>, delay=00:00:07, xdelay=00:00:07, mailer=esmtp, "
	    "pri=30376, relay=mx.perl.example. [63.251.223.176], dsn=2.0.0, "
	    "stat=Sent (Queued!)\n",
	    "Jan 22 20:53:04 j sendmail[3564]: j0MJr3eL003564: to=c@perl.example, "
	    "ctladdr=m (501/20), delay=00:00:01, xdelay=00:00:01, mailer=relay, "
	    "pri=30152, relay=localhost [127.0.0.1], dsn=2.0.0, stat=Sent (ok)\n",
	    "Jan 22 20:54:04 j sm-mta[3565]: j0MJr3eL003566: to=<d@x.example>, "
	    "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30152, "
	    "relay=mx.x.example. [1.2.3.4], dsn=4.0.0, stat=Deferred: Connection "
	    "refused by mx.x.example.\n",
	    "Jan 22 21:54:04 j sm-mta[3565]: j0MJr3eL003566: to=<d@x.example>, "
	    "delay=01:00:01, xdelay=00:00:01, mailer=esmtp, pri=30152, "
	    "relay=mx.x.example. [1.2.3.4], dsn=4.0.0, stat=Deferred: 421 4.7.0 "
	    "Try again later\n",
	    "Jan 22 20:55:04 j sm-mta[3565]: j0MJr3eL003567: to=<e@x.example>,"
	    "<f@x.example>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, "
	    "pri=30152, relay=mx.x.example. [1.2.3.4], dsn=5.1.1, stat=User "
	    "unknown\n",
	    "Jan 22 20:56:04 j sm-mta[3565]: j0MJr3eL003568: to=<g@x.example>, "
	    "delay=00:00:01, mailer=esmtp, pri=30152, stat=queued\n",
	    "Feb 22 15:20:27 l sm-mta[275631]: 13O9Ixhq275631: ruleset=check_rcpt, "
	    "arg1=<linda@domain.example>, relay=[192.0.2.5], reject=550 5.7.1 "
	    "<linda@domain.example>... Fix reverse DNS for 192.0.2.5\n",
	    "Feb 22 15:20:28 l sm-mta[275631]: 13O9Ixhq275632: Milter: "
	    "to=<m@domain.example>, reject=554 5.7.1 Rejected by policy\n",
	    NULL
	};
	static const unsigned long long want[SC_DISP_COUNT] =
	    { 3, 0, 1, 2, 2, 0, 2, 0, 0, 0 };

	(void)state;
	expect(log, want);
}

/* A Gmail bounce: its reason, hard, its domain, its masked text. */
static void
test_reason_domain_text(void **state)
{
	static const char *const log[] = {
	    PF "smtp[2]: 3A0F9EC619: to=<noreply17@GoogleMail.com>, "
	    "relay=gmail-smtp-in.l.google.com[142.250.135.77]:25, delay=110, "
	    "delays=43/0.1/0.8/32, dsn=5.1.1, status=bounced (host "
	    "gmail-smtp-in.l.google.com[142.250.135.77] said: 550-5.1.1 The email "
	    "account that you tried to reach does not exist. Please try 550-5.1.1 "
	    "double-checking the recipient's email address for typos or 550-5.1.1 "
	    "unnecessary spaces. For more information, go to 550 5.1.1  "
	    "https://support.google.com/mail/?p=NoSuchUser a1si123.12 - gsmtp "
	    "(in reply to RCPT TO command))\n",
	    PF "smtpd[1]: NOQUEUE: reject: CONNECT from x[1.2.3.4]: 554 5.7.1 "
	    "<x[1.2.3.4]>: Client host rejected: Access denied; proto=SMTP\n",
	    NULL
	};
	char *joined = join(log);
	struct sc_report *r = feed(joined, 0);

	struct sc_report_row rows[4];
	unsigned long long hard, rest, none;
	size_t n;

	(void)state;
	free(joined);
	assert_int_equal(sc_report_reason(r, SC_REASON_userunknown, &hard), 1);
	assert_int_equal(hard, 1);
	n = sc_report_domains(r, SC_REASON_userunknown, rows, 4, &rest, &none);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].len, strlen("googlemail.com"));
	assert_memory_equal(rows[0].s, "googlemail.com", rows[0].len);
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(rows[0].err, 0);
	assert_int_equal(rest, 0);
	assert_int_equal(none, 0);
	n = sc_report_texts(r, SC_REASON_userunknown, rows, 4, &rest);
	assert_int_equal(n, 1);
	assert_non_null(rows[0].ex);
	assert_true(rows[0].len > 40);
	assert_memory_equal(rows[0].s, "host {host}[{ip}] said: 550-5.1.1 The "
	    "email", 42);
	/* a connection refusal names no recipient */
	n = sc_report_domains(r, SC_REASON_blocked, rows, 4, &rest, &none);
	assert_int_equal(n, 0);
	assert_int_equal(none, 1);
	sc_report_free(r);
}

static void
check_mask(const char *in, const char *want)
{
	char out[2048];
	size_t n = sc_report_mask(out, sizeof out, in, strlen(in));

	assert_true(n < sizeof out);
	out[n] = '\0';
	if (strcmp(out, want) != 0)
		fail_msg("mask(%s)\n  = %s\n want %s", in, out, want);
}

static void
test_mask(void **state)
{
	char small[8];

	(void)state;
	/* addresses, with or without brackets */
	check_mask("550 5.1.1 <bob.smith+x@Example.COM>: User unknown",
	    "550 5.1.1 <{addr}>: User unknown");
	check_mask("Sorry your message to jo@yahoo.com cannot be delivered",
	    "Sorry your message to {addr} cannot be delivered");
	check_mask("RCPT TO:<a@b.example>: 550", "RCPT TO:<{addr}>: 550");
	/* IPv4, IPv6, peers written host[address] */
	check_mask("Client host [192.0.2.10] blocked using zen.spamhaus.org",
	    "Client host [{ip}] blocked using zen.spamhaus.org");
	check_mask("https://www.spamhaus.org/query/ip/192.0.2.10",
	    "https://www.spamhaus.org/query/ip/{ip}");
	check_mask("from [2001:db8::1]:25 and ::ffff:192.0.2.1 and "
	    "2001:0db8:0000:0000:0000:ff00:0042:8329",
	    "from [{ip}]:{n} and {ip} and {ip}");
	check_mask("[IPv6:2001:db8::5]", "[IPv6:{ip}]");
	check_mask("host mta7.am0.yahoodns.net[67.195.204.72] said: 421",
	    "host {host}[{ip}] said: 421");
	check_mask("connect to unknown[1.2.3.4]:25: Connection timed out",
	    "connect to {host}[{ip}]:{n}: Connection timed out");
	/* host names: labels with digits */
	check_mask("- mta1234.mail.bf1.yahoo.com (in reply",
	    "- *.mail.*.yahoo.com (in reply");
	check_mask("Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com]",
	    "Hostname=*.*.prod.exchangelabs.com]");
	/* codes stay; numbers and ids go; short tags stay */
	check_mask("421-4.7.28 Gmail 421 4.7.28 x", "421-4.7.28 Gmail 421 4.7.28 x");
	check_mask("250 2.0.0 Ok: queued as 4F2B11C0A3",
	    "250 2.0.0 Ok: queued as {id}");
	check_mask("250 Queued! 1108907778 qp 18309", "250 Queued! {n} qp {n}");
	check_mask("[TSS04] (S3150) DY-001 AS(1440) IPv6 X.7.1",
	    "[TSS04] (S3150) DY-001 AS({n}) IPv6 X.7.1");
	check_mask("NoSuchUser d2e1a72fcca58-7272a3c2b5dsi12.294 - gsmtp",
	    "NoSuchUser {id}.{n} - gsmtp");
	check_mask("2024-05-01T10:00:00.123Z 08DC69C1A2B3C4D5",
	    "{id}:{n}:{n}.{id} {id}");
	check_mask("size 10485760 exceeds (554.30)", "size {n} exceeds ({n}.{n})");
	/* white space, control characters */
	check_mask("  a\t\tb \r\n c  ", "a b c");
	/* the whole length, of which cap bytes */
	assert_int_equal(sc_report_mask(small, sizeof small, "abcdefghijkl", 12),
	    12);
	assert_memory_equal(small, "abcdefgh", 8);
}

/* Like texts group: one row for many Postfix deferrals. */
static void
test_texts_group(void **state)
{
	char line[512];
	struct sc_report *r = sc_report_new();
	struct sc_report_row rows[4];
	unsigned long long rest;
	int i, n;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 500; i++) {
		n = snprintf(line, sizeof line, PF "smtp[%d]: %08X: to=<u%d@d%d.example>, "
		    "relay=mx%d.d%d.example[10.%d.%d.%d]:25, delay=%d, delays=0/0/0/0, "
		    "dsn=4.4.1, status=deferred (connect to mx%d.d%d.example[10.%d.%d.%d]"
		    ":25: Connection timed out)\n", i, (unsigned)(0x1000 + i), i, i % 7, i % 3, i % 7,
		    i % 200, i % 31, i % 17, i, i % 3, i % 7, i % 200, i % 31, i % 17);
		sc_report_lines(r, line, (size_t)n);
	}
	assert_int_equal(sc_report_total(r, SC_DISP_DEFERRED), 500);
	assert_int_equal(sc_report_texts(r, SC_REASON_networkerror, rows, 4, &rest),
	    1);
	assert_int_equal(rows[0].count, 500);
	assert_int_equal(rest, 0);
	assert_memory_equal(rows[0].s, "connect to {host}[{ip}]:{n}: Connection "
	    "timed out", rows[0].len);
	assert_int_equal(sc_report_domains(r, SC_REASON_networkerror, rows, 4,
	    &rest, NULL), 4);
	assert_int_equal(rows[0].count, 72);	/* d0, d1...: 500 / 7, exact */
	assert_int_equal(rows[0].err, 0);
	sc_report_free(r);
}

/* A bounce line to domain d. */
static int
bounce(char *line, size_t cap, unsigned long i, const char *d)
{
	return snprintf(line, cap, PF "smtp[1]: %010lX: to=<u@%s>, relay=x, "
	    "delay=1, delays=0/0/0/0, dsn=5.1.1, status=bounced (host "
	    "x[1.2.3.4] said: 550 5.1.1 <u@%s>: Recipient address rejected: "
	    "User unknown in virtual mailbox table)\n", i, d, d);
}

/* One domain in three, among a million others seen once each. */
static void
test_sketch(void **state)
{
	static char buf[1 << 20];
	char d[32];
	struct sc_report *r = sc_report_new();
	struct sc_report_row rows[SC_REPORT_SHOW_DOM];
	unsigned long long rest, none, n = 0, big = 0, shown = 0;
	unsigned long i;
	size_t len = 0, k, j;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 1500000; i++) {
		if (i % 3 == 0) {
			snprintf(d, sizeof d, "big.example");
			big++;
		} else {
			snprintf(d, sizeof d, "d%07lu.example", i);
		}
		len += (size_t)bounce(buf + len, sizeof buf - len, i, d);
		n++;
		if (sizeof buf - len < 512) {
			sc_report_lines(r, buf, len);
			len = 0;
		}
	}
	sc_report_lines(r, buf, len);
	assert_int_equal(sc_report_total(r, SC_DISP_BOUNCED), n);
	assert_int_equal(sc_report_reason(r, SC_REASON_userunknown, NULL), n);
	k = sc_report_domains(r, SC_REASON_userunknown, rows, SC_REPORT_SHOW_DOM,
	    &rest, &none);
	/* only the domain that surely ranks first is shown, with its bound */
	assert_int_equal(k, 1);
	assert_memory_equal(rows[0].s, "big.example", rows[0].len);
	assert_true(rows[0].count >= big);
	assert_true(rows[0].count - rows[0].err <= big);
	assert_true(rows[0].err <= n / SC_REPORT_KDOM);
	for (j = 0; j < k; j++)
		shown += rows[j].count;
	assert_int_equal(rest + shown, n);
	assert_int_equal(none, 0);
	sc_report_free(r);
}

/* At most K distinct values: every count exact, every value shown. */
static void
test_sketch_exact(void **state)
{
	char line[512], d[32];
	struct sc_report *r = sc_report_new();
	struct sc_report_row rows[SC_REPORT_SHOW_DOM];
	unsigned long long rest;
	unsigned long i;
	size_t k;
	int n;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 20000; i++) {
		/* domain j is seen j + 1 times per 136 lines... roughly */
		snprintf(d, sizeof d, "d%lu.example", (i * i) % SC_REPORT_KDOM);
		n = bounce(line, sizeof line, i, d);
		sc_report_lines(r, line, (size_t)n);
	}
	k = sc_report_domains(r, SC_REASON_userunknown, rows, SC_REPORT_SHOW_DOM,
	    &rest, NULL);
	assert_int_equal(k, SC_REPORT_SHOW_DOM);
	for (i = 0; i < k; i++) {
		assert_int_equal(rows[i].err, 0);
		if (i > 0)
			assert_true(rows[i].count <= rows[i - 1].count);
	}
	sc_report_free(r);
}

/* More distinct deferred messages than can be remembered. */
static void
test_deferred_overflow(void **state)
{
	static char buf[1 << 20];
	struct sc_report *r = sc_report_new();
	unsigned long i, n = 240000;
	size_t len = 0;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, sizeof buf - len, PF "smtp[1]: "
		    "%010lX: to=<u@x.example>, relay=x, delay=1, delays=0/0/0/0, "
		    "dsn=4.4.1, status=deferred (connect to x[1.2.3.4]:25: "
		    "Connection timed out)\n", 0x10000000UL + i);
		if (sizeof buf - len < 512) {
			sc_report_lines(r, buf, len);
			len = 0;
		}
	}
	sc_report_lines(r, buf, len);
	assert_int_equal(sc_report_total(r, SC_DISP_DEFERRALS), n);
	assert_int_equal(sc_report_total(r, SC_DISP_DEFERRED), n);
	assert_int_equal(sc_report_exact(r, SC_DISP_DEFERRED), 0);
	assert_int_equal(sc_report_exact(r, SC_DISP_BOUNCED), 1);
	sc_report_free(r);
}

/* ---- a minimal JSON parser: is each line one valid object? ---- */

static const char *json_value(const char *p);

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *
json_string(const char *p)
{
	if (*p != '"')
		return NULL;
	for (p++; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF", p[i]) == NULL ||
					    p[i] == '\0')
						return NULL;
				p += 4;
			} else if (*p == '\0' || strchr("\"\\/bfnrt", *p) == NULL) {
				return NULL;
			}
		}
	}
	return p + 1;
}

static const char *
json_value(const char *p)
{
	p = ws(p);
	if (*p == '"')
		return json_string(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		int obj = *p == '{';

		p = ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				if ((p = json_string(ws(p))) == NULL)
					return NULL;
				p = ws(p);
				if (*p++ != ':')
					return NULL;
			}
			if ((p = json_value(p)) == NULL)
				return NULL;
			p = ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (strncmp(p, "null", 4) == 0)
		return p + 4;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		char *e;

		(void)strtod(p, &e);
		return e > p ? e : NULL;
	}
	return NULL;
}

static char *
json_of(const struct sc_report *r, size_t *len)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, len);

	assert_non_null(f);
	sc_report_json(f, r);
	assert_int_equal(fclose(f), 0);
	return s;
}

/*
 * The report fed through a thread (feed.c) is the report fed directly:
 * a log of several MiB in pieces cut at line ends, of one line up to
 * more than a feed buffer (read in the caller's thread), read again
 * after a wait.
 */
static void
test_feed(void **state)
{
	static const char *const shapes[] = {
		PF "smtp[7]: %05X: to=<u%u@d%u.example>, relay=mx[192.0.2.1]:25, "
		    "delay=1, dsn=5.1.1, status=bounced (host mx[192.0.2.1] said: "
		    "550 5.1.1 <u%u@d%u.example>: unknown user %u)\n",
		PF "smtpd[8]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 "
		    "Service unavailable; client [192.0.2.%u] blocked %u; "
		    "from=<a@b> to=<u%u@d%u.example>\n",
		PF "smtp[7]: %05X: to=<v%u@d%u.example>, relay=none, delay=9, "
		    "dsn=4.4.1, status=deferred (connect to d%u.example: "
		    "Connection timed out %u)\n",
		PF "smtp[7]: %05X: to=<w%u@d%u.example>, relay=mx[192.0.2.2]:25, "
		    "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %X %u)\n",
	};
	size_t cap = 6u << 20, n = 0, at, len, k;
	char *log = malloc(cap), *a, *b;
	struct sc_report *direct, *fed;
	struct sc_report_feed *f;
	unsigned i = 0, x = 12345;
	size_t alen, blen, half;

	(void)state;
	assert_non_null(log);
	while (n + 400 < cap) {
		x = x * 1103515245u + 12345u;
		n += (size_t)snprintf(log + n, cap - n, shapes[i % 4], i,
		    x % 97, x % 89, x % 83, x % 79, x % 71);
		i++;
	}
	direct = sc_report_new();
	fed = sc_report_new();
	assert_non_null(direct);
	assert_non_null(fed);
	f = sc_report_feed_new(fed);
	assert_non_null(f);
	half = n / 2;
	while (log[half - 1] != '\n')
		half--;
	sc_report_lines(direct, log, n);
	for (at = 0, k = 0; at < n; at += len, k++) {
		/* 1 byte to 512 KiB, then to the next line end */
		len = (size_t)1 << (k * 7 % 20);
		if (len > n - at)
			len = n - at;
		while (at + len < n && log[at + len - 1] != '\n')
			len++;
		if (at < half && at + len > half)
			len = half - at;	/* a wait at half */
		sc_report_feed_lines(f, log + at, len);
		if (at + len == half) {
			sc_report_feed_wait(f);
			assert_true(sc_report_total(fed, SC_DISP_BOUNCED) > 0);
		}
	}
	sc_report_feed_wait(f);
	a = json_of(direct, &alen);
	b = json_of(fed, &blen);
	assert_true(alen > 1000);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_int_equal(sc_report_total(fed, SC_DISP_BOUNCED),
	    sc_report_total(direct, SC_DISP_BOUNCED));
	sc_report_feed_free(f);
	sc_report_feed_free(NULL);
	free(a);
	free(b);
	sc_report_free(direct);
	sc_report_free(fed);
	free(log);
}

static void
test_json(void **state)
{
	static const char *const log[] = {
	    PF "smtp[2]: 0D7037A7: to=<d@yahoo.com>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=4.7.0, status=deferred (host x[1.2.3.4] said: "
	    "421 4.7.0 [TSS04] \"quoted\" \\ back\x01slash \xff\xfe bad utf-8 "
	    "(in reply to MAIL FROM command))\n",
	    PF "smtpd[1]: NOQUEUE: reject: CONNECT from x[1.2.3.4]: 554 5.7.1 "
	    "<x[1.2.3.4]>: Client host rejected: Access denied; proto=SMTP\n",
	    PF "smtp[2]: 0D7037A8: to=<d@gmail.com>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=5.1.1, status=bounced (host x[1.2.3.4] said: "
	    "550 5.1.1 no such user (in reply to RCPT TO command))\n",
	    NULL
	};
	static const char *const types[] = { "\"type\":\"total\"",
		"\"type\":\"reason\"", "\"type\":\"domain\"", "\"type\":\"text\"" };
	char *joined = join(log);
	struct sc_report *r = feed(joined, 0);

	char *s, *line, *nl, *big;
	size_t len, i;
	int seen[4] = { 0, 0, 0, 0 }, k, records = 0;
	const char *e;

	(void)state;
	free(joined);
	s = json_of(r, &len);
	assert_non_null(strstr(s, "\"domain\":null,\"count\":1,\"error\":0,"
	    "\"other\":false"));
	for (line = s; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		assert_true(line[0] == '{');
		e = json_value(line);
		if (e == NULL || *ws(e) != '\0')
			fail_msg("invalid JSON: %s", line);
		for (k = 0; k < 4; k++)
			if (strstr(line, types[k]) != NULL)
				seen[k]++;
		if (strstr(line, types[0])) {
			assert_non_null(strstr(line, "\"disposition\":\""));
			assert_non_null(strstr(line, "\"count\":"));
			assert_non_null(strstr(line, "\"exact\":"));
		} else if (strstr(line, types[1])) {
			assert_non_null(strstr(line, "\"reason\":\""));
			assert_non_null(strstr(line, "\"hard\":"));
			assert_non_null(strstr(line, "\"dispositions\":{"));
		} else if (strstr(line, types[2])) {
			assert_non_null(strstr(line, "\"domain\":"));
			assert_non_null(strstr(line, "\"error\":"));
			assert_non_null(strstr(line, "\"other\":"));
		} else {
			assert_non_null(strstr(line, types[3]));
			assert_non_null(strstr(line, "\"text\":"));
			assert_non_null(strstr(line, "\"example\":"));
		}
		records++;
	}
	for (k = 0; k < 4; k++)
		assert_true(seen[k] > 0);
	assert_int_equal(seen[0], SC_DISP_COUNT);
	free(s);
	sc_report_free(r);
	/* the other row, and an empty report */
	big = malloc(1 << 20);
	assert_non_null(big);
	r = sc_report_new();
	assert_non_null(r);
	for (len = 0, i = 0; i < 5000; i++) {
		char d[32];

		snprintf(d, sizeof d, "d%zu.example", i);
		len += (size_t)bounce(big + len, (1 << 20) - len, i, d);
		if ((1 << 20) - len < 512) {
			sc_report_lines(r, big, len);
			len = 0;
		}
	}
	sc_report_lines(r, big, len);
	free(big);
	s = json_of(r, &len);
	assert_non_null(strstr(s, "\"domain\":null,\"count\":5000,\"error\":0,"
	    "\"other\":true"));
	free(s);
	sc_report_free(r);
	r = sc_report_new();
	assert_non_null(r);
	s = json_of(r, &len);
	for (line = s, k = 0; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
		k++;
	assert_int_equal(k, SC_DISP_COUNT);
	free(s);
	sc_report_free(r);
	assert_true(records > 0);
}

static char *
text_of(const struct sc_report *r, int lang, int width, size_t *len)
{
	struct sc_render_opts o;
	char *s = NULL;
	FILE *f = open_memstream(&s, len);

	assert_non_null(f);
	memset(&o, 0, sizeof o);
	o.width = width;
	o.lang = lang;
	sc_report_render(f, r, &o);
	assert_int_equal(fclose(f), 0);
	return s;
}

/* Every language renders, its own labels, every line within the width. */
static void
test_text_languages(void **state)
{
	static const char *const log[] = {
	    PF "smtp[2]: 0D7037A4: to=<a@gmail.com>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)\n",
	    PF "smtp[2]: 0D7037A7: to=<d@yahoo.com>, relay=x, delay=1, "
	    "delays=0/0/0/1, dsn=4.7.0, status=deferred (host x[1.2.3.4] said: "
	    "421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due "
	    "to unexpected volume or user complaints\x1b[31m - see https://"
	    "postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command))\n",
	    PF "smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 550 5.1.1 "
	    "<nobody@example.org>: Recipient address rejected: User unknown in "
	    "virtual mailbox table; from=<s@x.example> to=<nobody@example.org> "
	    "proto=ESMTP helo=<x>\n",
	    PF "smtpd[1]: NOQUEUE: milter-reject: RCPT from x[1.2.3.4]: 451 4.7.1 "
	    "Service unavailable - try again later; from=<s@x.example> "
	    "to=<n@example.org> proto=ESMTP helo=<x>\n",
	    NULL
	};
	static const char *const head[] = { "Totals\n", "Totaux\n", "Totales\n" };
	static const char *const bounced[] = { "bounced", "rebondis",
		"rebotados" };
	static const int widths[] = { 80, 60, 40 };
	char *joined = join(log);
	struct sc_report *r = feed(joined, 0);

	char *s, *line, *nl;
	size_t len;
	int lang, w;

	(void)state;
	free(joined);
	for (lang = SC_LANG_EN; lang <= SC_LANG_ES; lang++) {
		for (w = 0; w < 3; w++) {
			s = text_of(r, lang, widths[w], &len);
			assert_memory_equal(s, head[lang], strlen(head[lang]));
			assert_non_null(strstr(s, bounced[lang]));
			assert_non_null(strstr(s, "userunknown"));
			assert_non_null(strstr(s, "example.org"));
			assert_null(strchr(s, '\x1b'));
			for (line = s; (nl = strchr(line, '\n')) != NULL;
			    line = nl + 1) {
				if ((int)sc_width(line, (size_t)(nl - line)) >
				    widths[w])
					fail_msg("lang %d width %d: %.*s", lang,
					    widths[w], (int)(nl - line), line);
			}
			free(s);
		}
	}
	sc_report_free(r);
	/* nothing found, said so in each language */
	r = sc_report_new();
	assert_non_null(r);
	for (lang = SC_LANG_EN; lang <= SC_LANG_ES; lang++) {
		s = text_of(r, lang, 80, &len);
		assert_true(len > 10);
		assert_string_equal(s + len - 1, "\n");
		free(s);
	}
	sc_report_free(r);
}

/* Labels are translated: no language reuses English for all of them. */
static void
test_labels(void **state)
{
	static const int ids[] = { M_REP_TOTALS, M_REP_DISP, M_REP_DELIVERED,
		M_REP_FORWARDED, M_REP_DEFERRED, M_REP_DEFERRALS, M_REP_BOUNCED,
		M_REP_EXPIRED, M_REP_REJECTED, M_REP_FREJECTED, M_REP_HELD,
		M_REP_DISCARDED, M_REP_REASONS, M_REP_HARD, M_REP_DOMAINS,
		M_REP_DOMAIN, M_REP_TEXTS, M_REP_REPLY, M_REP_REST, M_REP_NORCPT,
		/* sentences, wrapped: */
		M_REP_INEXACT, M_REP_EST, M_REP_NOTHING };
	const size_t labels = sizeof ids / sizeof ids[0] - 3;
	size_t i;
	int lang;

	(void)state;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		for (lang = SC_LANG_FR; lang <= SC_LANG_ES; lang++) {
			const char *en = sc_msg(SC_LANG_EN, ids[i]);
			const char *t = sc_msg(lang, ids[i]);

			assert_true(strlen(t) > 0);
			/* labels in the 80-column report fit beside a count */
			if (i < labels)
				assert_true(sc_width(t, strlen(t)) <= 66);
			if (strcmp(en, t) == 0 && ids[i] != M_REP_DOMAIN)
				fail_msg("%s not translated (%d)", en, lang);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_feed),
		cmocka_unit_test(test_postfix_layouts),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_exim_short),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_reason_domain_text),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_texts_group),
		cmocka_unit_test(test_sketch),
		cmocka_unit_test(test_sketch_exact),
		cmocka_unit_test(test_deferred_overflow),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text_languages),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
