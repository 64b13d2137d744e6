/*
 * test_message.c - the bounce-message reader: one result per recipient,
 * from delivery-status fields and from the text of the common bounce
 * formats, through MIME and its encodings, streamed in any chunks,
 * bounded on hostile input.  Every message here is written for the
 * test, after the formats' documented or observed shapes.
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
#include "../src/message.h"

#define MAXR 64

struct res {
	char rcpt[256], action[32], status[32], remote[256], stage[32];
	char text[2048], format[16];
	char reason[24], next[16];	/* sc_bounce_verdict()'s */
	int basic, cls, subject, detail;
	unsigned long long msgno;
	unsigned flags;
};

static struct res res[MAXR];
static size_t nres;
static int stop_after;		/* stop the reader after this many, 0: never */

static void
cp(char *d, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(d, s, n);
	d[n] = '\0';
}

static int
collect(void *ctx, const struct sc_bounce *b)
{
	struct res *r;

	(void)ctx;
	/* what the reader promises of every result */
	assert_non_null(b->recipient);
	assert_non_null(b->action);
	assert_non_null(b->status);
	assert_non_null(b->remote_mta);
	assert_non_null(b->stage);
	assert_non_null(b->text);
	assert_non_null(b->format);
	assert_true(b->textlen <= SC_MR_OUT);
	assert_true(b->basic == -1 || sc_basic_wellformed(b->basic));
	assert_true(b->enh.subject == -1 ||
	    (b->enh.subject >= 0 && b->enh.subject <= 999 &&
		b->enh.detail >= 0 && b->enh.detail <= 999));
	assert_true(b->msgno >= 1);
	if (nres >= MAXR)
		return 0;
	r = &res[nres++];
	cp(r->rcpt, sizeof r->rcpt, b->recipient, b->recipientlen);
	cp(r->action, sizeof r->action, b->action, b->actionlen);
	cp(r->status, sizeof r->status, b->status, b->statuslen);
	cp(r->remote, sizeof r->remote, b->remote_mta, b->remote_mtalen);
	cp(r->stage, sizeof r->stage, b->stage, b->stagelen);
	cp(r->text, sizeof r->text, b->text, b->textlen);
	cp(r->format, sizeof r->format, b->format, strlen(b->format));
	r->basic = b->basic;
	r->cls = b->enh.subject >= 0 ? b->enh.cls : -1;
	r->subject = b->enh.subject;
	r->detail = b->enh.subject >= 0 ? b->enh.detail : -1;
	r->msgno = b->msgno;
	r->flags = b->flags;
	{
		struct sc_verdict v;
		const char *rn, *nn;

		assert_int_equal(sc_bounce_verdict(b, &v), 0);
		rn = sc_reason_name(v.reason);
		nn = sc_next_name(v.next);
		if (rn == NULL)
			rn = "";
		if (nn == NULL)
			nn = "";
		cp(r->reason, sizeof r->reason, rn, strlen(rn));
		cp(r->next, sizeof r->next, nn, strlen(nn));
	}
	return stop_after > 0 && nres >= (size_t)stop_after ? 7 : 0;
}

/* Read msg[0..len) in chunks of chunk bytes (0: in one piece). */
static size_t
readn(const char *msg, size_t len, size_t chunk)
{
	struct sc_mreader *r = sc_mreader_new();
	size_t off;

	assert_non_null(r);
	nres = 0;
	if (chunk == 0)
		chunk = len ? len : 1;
	for (off = 0; off < len; off += chunk)
		assert_int_equal(sc_mreader_feed(r, msg + off,
		    len - off < chunk ? len - off : chunk, collect, NULL), 0);
	assert_int_equal(sc_mreader_end(r, collect, NULL), 0);
	sc_mreader_free(r);
	return nres;
}

static size_t
readm(const char *msg)
{
	return readn(msg, strlen(msg), 0);
}

static void
want(size_t i, const char *rcpt, int basic, const char *enh, const char *stage)
{
	char e[32] = "";

	assert_true(i < nres);
	assert_string_equal(res[i].rcpt, rcpt);
	assert_int_equal(res[i].basic, basic);
	if (res[i].subject >= 0)
		snprintf(e, sizeof e, "%d.%d.%d", res[i].cls, res[i].subject,
		    res[i].detail);
	assert_string_equal(e, enh);
	if (stage != NULL)
		assert_string_equal(res[i].stage, stage);
}

static void
text_has(size_t i, const char *s)
{
	assert_true(i < nres);
	if (strstr(res[i].text, s) == NULL)
		fail_msg("text \"%s\" lacks \"%s\"", res[i].text, s);
}

/* ---- delivery status notifications ---- */

static const char dsn_postfix[] =
    "Return-Path: <>\n"
    "From: MAILER-DAEMON@mail.example.net (Mail Delivery System)\n"
    "To: sender@example.net\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status;\n"
    "\tboundary=\"B0UND.1/mail.example.net\"\n"
    "\n"
    "This is a MIME-encapsulated message.\n"
    "\n"
    "--B0UND.1/mail.example.net\n"
    "Content-Description: Notification\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "This is the mail system at host mail.example.net.\n"
    "\n"
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients. It's attached below.\n"
    "\n"
    "                   The mail system\n"
    "\n"
    "<alice@example.org>: host mx.example.org[192.0.2.10] said: 550 5.1.1\n"
    "    <alice@example.org>: Recipient address rejected: User unknown (in\n"
    "    reply to RCPT TO command)\n"
    "\n"
    "<bob@example.com>: host mx.example.com[192.0.2.20] said: 452 4.2.2\n"
    "    Mailbox full (in reply to end of DATA command)\n"
    "\n"
    "<carol@example.com>: connect to mx.example.com[192.0.2.30]:25: Connection\n"
    "    timed out\n"
    "\n"
    "--B0UND.1/mail.example.net\n"
    "Content-Description: Delivery report\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mail.example.net\n"
    "X-Postfix-Queue-ID: 4ABCDEF\n"
    "Arrival-Date: Mon,  1 Jan 2024 10:00:00 +0000 (UTC)\n"
    "\n"
    "Final-Recipient: rfc822; alice@example.org\n"
    "Original-Recipient: rfc822;alice@example.org\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Remote-MTA: dns; mx.example.org\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <alice@example.org>: Recipient address\n"
    "    rejected: User unknown\n"
    "\n"
    "Final-Recipient: rfc822; bob@example.com\n"
    "Action: delayed\n"
    "Status: 4.2.2\n"
    "Remote-MTA: dns; mx.example.com\n"
    "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n"
    "\n"
    "Final-Recipient: rfc822; carol@example.com\n"
    "Action: failed\n"
    "Status: 4.4.1\n"
    "Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.30]:25:\n"
    "    Connection timed out\n"
    "\n"
    "--B0UND.1/mail.example.net\n"
    "Content-Description: Undelivered Message\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: sender@example.net\n"
    "To: alice@example.org, zed@example.org\n"
    "Subject: hello\n"
    "\n"
    "550 5.7.1 this line of the original is no reply of ours\n"
    "zed@example.org: nor is this a recipient\n"
    "\n"
    "--B0UND.1/mail.example.net--\n";

static void
test_dsn_multi(void **state)
{
	(void)state;
	assert_int_equal(readm(dsn_postfix), 3);
	want(0, "alice@example.org", 550, "5.1.1", "RCPT TO");
	assert_string_equal(res[0].action, "failed");
	assert_string_equal(res[0].status, "5.1.1");
	assert_string_equal(res[0].remote, "mx.example.org");
	assert_string_equal(res[0].format, "dsn");
	/* the folded Diagnostic-Code, unfolded */
	assert_string_equal(res[0].text,
	    "<alice@example.org>: Recipient address rejected: User unknown");
	want(1, "bob@example.com", 452, "4.2.2", "end of data");
	assert_string_equal(res[1].action, "delayed");
	assert_string_equal(res[1].text, "Mailbox full");
	want(2, "carol@example.com", -1, "4.4.1", "connect");
	assert_string_equal(res[2].action, "failed");
	text_has(2, "Connection timed out");
	assert_int_equal(res[0].msgno, 1);
	assert_int_equal(res[2].flags, 0);
}

/* Delivery-status fields: records without blank lines, Action first. */
static void
test_dsn_records(void **state)
{
	static const char m[] =
	    "From: postmaster@example.com\n"
	    "Subject: Delivery Notification: Delivery has failed\n"
	    "Content-Type: multipart/report; boundary=xyz\n"
	    "\n"
	    "--xyz\n"
	    "Content-Type: message/delivery-status\n"
	    "\n"
	    "Reporting-MTA: dns;mta.example.com\n"
	    "\n"
	    "Action: failed\n"
	    "Status: 5.2.2 (mailbox full)\n"
	    "Original-recipient: rfc822;one@example.com\n"
	    "Final-recipient: rfc822;one@store.example.com\n"
	    "Action: failed\n"
	    "Status: 5.1.1\n"
	    "Final-Recipient: RFC822; <two@example.com>\n"
	    "Final-Recipient: LOCAL;three\n"
	    "Original-Recipient: rfc822;three@example.com\n"
	    "Action: Delivered\n"
	    "Status: 2.0.0\n"
	    "Diagnostic-Code: smtp; 250 2.0.0 OK\n"
	    "--xyz--\n";

	(void)state;
	assert_int_equal(readm(m), 3);
	want(0, "one@store.example.com", -1, "5.2.2", NULL);
	assert_string_equal(res[0].status, "5.2.2");
	want(1, "two@example.com", -1, "5.1.1", NULL);
	/* a Final-Recipient that is no address: the Original's */
	want(2, "three@example.com", 250, "2.0.0", NULL);
	assert_string_equal(res[2].action, "delivered");
	assert_string_equal(res[2].text, "OK");
}

/* DSN parts in base64 and quoted-printable; a Gmail multi-line reply. */
static void
test_dsn_encoded(void **state)
{
	static const char m[] =
	    "From: Mail Delivery Subsystem <mailer-daemon@example.com>\n"
	    "Subject: Delivery Status Notification (Failure)\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\n"
	    " boundary=\"==b==\"\n"
	    "\n"
	    "--==b==\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "\n"
	    "** Address not found **\n"
	    "\n"
	    "Your message wasn't delivered to dave@example.org because the addr=\n"
	    "ess couldn't be found.\n"
	    "\n"
	    "The response from the remote server was:\n"
	    "550 5.1.1 The email account that you tried to reach does not exist=\n"
	    "=2E\n"
	    "\n"
	    "--==b==\n"
	    "Content-Type: message/delivery-status\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    /* Reporting-MTA: dns; example.com\n\nFinal-Recipient: rfc822;
	       dave@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code:
	       smtp; 550-5.1.1 The email account that you tried to reach does\n
	       550-5.1.1 not exist. Please try\n 550 5.1.1 double-checking.\n */
	    "UmVwb3J0aW5nLU1UQTogZG5zOyBleGFtcGxlLmNvbQoKRmluYWwtUmVjaXBpZW50OiBy\n"
	    "ZmM4MjI7IGRhdmVAZXhhbXBsZS5vcmcKQWN0aW9uOiBmYWlsZWQKU3RhdHVzOiA1LjEu\n"
	    "MQpEaWFnbm9zdGljLUNvZGU6IHNtdHA7IDU1MC01LjEuMSBUaGUgZW1haWwgYWNjb3Vu\n"
	    "dCB0aGF0IHlvdSB0cmllZCB0byByZWFjaCBkb2VzCiA1NTAtNS4xLjEgbm90IGV4aXN0\n"
	    "LiBQbGVhc2UgdHJ5CiA1NTAgNS4xLjEgZG91YmxlLWNoZWNraW5nLgo=\n"
	    "--==b==--\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "dave@example.org", 550, "5.1.1", NULL);
	assert_string_equal(res[0].action, "failed");
	/* the reply's lines joined, their codes dropped */
	assert_string_equal(res[0].text, "The email account that you tried to "
	    "reach does not exist. Please try double-checking.");
}

/* Nested multiparts: the report inside mixed, plain and HTML. */
static void
test_nested(void **state)
{
	static const char m[] =
	    "From: postmaster@example.com\n"
	    "Subject: Undeliverable: hello\n"
	    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
	    "\n"
	    "--outer\n"
	    "Content-Type: multipart/report; boundary=\"inner\"\n"
	    "\n"
	    "--inner\n"
	    "Content-Type: multipart/alternative; boundary=\"alt\"\n"
	    "\n"
	    "--alt\n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "Delivery has failed to these recipients or groups:\n"
	    "\n"
	    "erin@example.org\n"
	    "The email address couldn't be found.\n"
	    "\n"
	    "Diagnostic information for administrators:\n"
	    "\n"
	    "Generating server: ex1.example.com\n"
	    "\n"
	    "erin@example.org\n"
	    "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
	    "Recipient not found by SMTP address lookup'\n"
	    "\n"
	    "Original message headers:\n"
	    "\n"
	    "To: erin@example.org\n"
	    "--alt\n"
	    "Content-Type: text/html\n"
	    "\n"
	    "<p>erin@example.org</p>\n"
	    "--alt--\n"
	    "--inner\n"
	    "Content-Type: message/delivery-status\n"
	    "\n"
	    "Final-Recipient: rfc822;erin@example.org\n"
	    "Action: failed\n"
	    "Status: 5.1.10\n"
	    "Remote-MTA: dns;mx.example.org\n"
	    "\n"
	    "--inner\n"
	    "Content-Type: text/rfc822-headers\n"
	    "\n"
	    "To: frank@example.org\n"
	    "--inner--\n"
	    "--outer--\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	/* the reply comes from the text, the rest from the DSN */
	want(0, "erin@example.org", 550, "5.1.10", NULL);
	assert_string_equal(res[0].status, "5.1.10");
	assert_string_equal(res[0].remote, "mx.example.org");
	assert_string_equal(res[0].text, "RESOLVER.ADR.RecipientNotFound; "
	    "Recipient not found by SMTP address lookup");
}

/* ---- the formats without DSN ---- */

static void
test_qmail(void **state)
{
	static const char m[] =
	    "From: MAILER-DAEMON@mx.example.net\n"
	    "To: sender@example.net\n"
	    "Subject: failure notice\n"
	    "\n"
	    "Hi. This is the qmail-send program at mx.example.net.\n"
	    "I'm afraid I wasn't able to deliver your message to the following "
	    "addresses.\n"
	    "This is a permanent error; I've given up. Sorry it didn't work out.\n"
	    "\n"
	    "<gina@example.org>:\n"
	    "192.0.2.5 does not like recipient.\n"
	    "Remote host said: 550 5.1.1 <gina@example.org>: no such user\n"
	    "Giving up on 192.0.2.5.\n"
	    "\n"
	    "<hank@example.net>:\n"
	    "Sorry, no mailbox here by that name. (#5.1.1)\n"
	    "\n"
	    "<ivan@example.com>:\n"
	    "Connected to 192.0.2.7 but sender was rejected.\n"
	    "Remote host said: 553 sorry, your envelope sender is in my badmailfrom "
	    "list (#5.7.1)\n"
	    "\n"
	    "--- Below this line is a copy of the message.\n"
	    "\n"
	    "From: sender@example.net\n"
	    "To: jill@example.org\n"
	    "\n"
	    "<jill@example.org>:\n"
	    "550 not a result\n";

	(void)state;
	assert_int_equal(readm(m), 3);
	want(0, "gina@example.org", 550, "5.1.1", "RCPT TO");
	assert_string_equal(res[0].text, "<gina@example.org>: no such user");
	assert_string_equal(res[0].remote, "192.0.2.5");
	assert_string_equal(res[0].format, "qmail");
	want(1, "hank@example.net", -1, "5.1.1", NULL);
	assert_string_equal(
	    res[1].text, "Sorry, no mailbox here by that name.");
	want(2, "ivan@example.com", 553, "5.7.1", "MAIL FROM");
	assert_string_equal(res[2].text,
	    "sorry, your envelope sender is in my badmailfrom list");
}

static void
test_exim(void **state)
{
	static const char m[] =
	    "From: Mail Delivery System <Mailer-Daemon@relay.example.net>\n"
	    "To: sender@example.net\n"
	    "Subject: Mail delivery failed: returning message to sender\n"
	    "X-Failed-Recipients: kim@example.org, lee@example.com\n"
	    "\n"
	    "This message was created automatically by mail delivery software.\n"
	    "\n"
	    "A message that you sent could not be delivered to one or more of its\n"
	    "recipients. This is a permanent error. The following address(es) "
	    "failed:\n"
	    "\n"
	    "  kim@example.org\n"
	    "    host mx.example.org [192.0.2.40]\n"
	    "    SMTP error from remote mail server after RCPT TO:<kim@example.org>:\n"
	    "    550-5.1.1 The user does not exist here,\n"
	    "    550 5.1.1 sorry\n"
	    "\n"
	    "  lee@example.com\n"
	    "    SMTP error from remote mail server after end of data:\n"
	    "    host mx.example.com [192.0.2.41]: 554 5.7.1 Rejected as spam\n"
	    "\n"
	    "------ This is a copy of the message, including all the headers. ------\n"
	    "\n"
	    "To: kim@example.org\n";

	(void)state;
	assert_int_equal(readm(m), 2);
	want(0, "kim@example.org", 550, "5.1.1", "RCPT TO");
	assert_string_equal(res[0].text, "The user does not exist here, sorry");
	assert_string_equal(res[0].remote, "mx.example.org");
	assert_string_equal(res[0].format, "exim");
	want(1, "lee@example.com", 554, "5.7.1", "end of data");
	assert_string_equal(res[1].text, "Rejected as spam");
	assert_string_equal(res[1].remote, "mx.example.com");
}

/* Sendmail without its DSN part: (reason: ...) and the transcript. */
static void
test_sendmail(void **state)
{
	static const char m[] =
	    "From: Mail Delivery Subsystem <MAILER-DAEMON@host.example.net>\n"
	    "Subject: Returned mail: see transcript for details\n"
	    "\n"
	    "The original message was received at Mon, 1 Jan 2024 10:00:00 +0000\n"
	    "from localhost [127.0.0.1]\n"
	    "\n"
	    "   ----- The following addresses had permanent fatal errors -----\n"
	    "<mia@example.org>\n"
	    "    (reason: 550 5.1.1 <mia@example.org>... User unknown)\n"
	    "<ned@example.org>\n"
	    "    (reason: 552 5.2.2 Over quota)\n"
	    "\n"
	    "   ----- Transcript of session follows -----\n"
	    "... while talking to mx.example.org.:\n"
	    ">>> RCPT To:<mia@example.org>\n"
	    "<<< 550 5.1.1 <mia@example.org>... User unknown\n"
	    "550 5.1.1 <mia@example.org>... User unknown\n"
	    ">>> DATA\n"
	    "<<< 552 5.2.2 Over quota\n"
	    "\n"
	    "   ----- Original message follows -----\n"
	    "To: ned@example.org\n";

	(void)state;
	assert_int_equal(readm(m), 2);
	/* the stage from the transcript's command before the reply */
	want(0, "mia@example.org", 550, "5.1.1", "RCPT TO");
	assert_string_equal(res[0].text, "<mia@example.org>... User unknown");
	assert_string_equal(res[0].format, "sendmail");
	assert_string_equal(res[0].remote, "mx.example.org");
	want(1, "ned@example.org", 552, "5.2.2", "DATA");
	assert_string_equal(res[1].text, "Over quota");
}

static void
test_exchange_old(void **state)
{
	static const char m[] =
	    "From: System Administrator <postmaster@corp.example.com>\n"
	    "Subject: Undeliverable: report\n"
	    "\n"
	    "Your message\n"
	    "\n"
	    "  To:      team@example.net\n"
	    "  Subject: report\n"
	    "\n"
	    "did not reach the following recipient(s):\n"
	    "\n"
	    "OTTO@CORP.EXAMPLE.COM on Mon, 1 Jan 2024 10:00:00 +0000\n"
	    "    The recipient name is not recognized\n"
	    "\tThe MTS-ID of the original message is: c=us;a= ;p=corp;l=X1\n"
	    "    MSEXCH:IMS:CORP:SITE:EX1 0 (000C05A6) Unknown Recipient\n"
	    "c=US;a= ;p=CORP;o=Site;dda:SMTP=PAM@CORP.EXAMPLE.COM; on Mon, 1 Jan 2024\n"
	    "    The recipient name is not recognized\n"
	    "\n"
	    "Generating server: ex2.example.com\n"
	    "quinn@example.com\n"
	    "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n";

	(void)state;
	assert_int_equal(readm(m), 3);
	want(0, "OTTO@CORP.EXAMPLE.COM", -1, "", NULL);
	text_has(0, "The recipient name is not recognized");
	assert_string_equal(res[0].format, "exchange");
	want(1, "PAM@CORP.EXAMPLE.COM", -1, "", NULL);
	want(2, "quinn@example.com", 550, "5.1.1", NULL);
	assert_string_equal(
	    res[2].text, "RESOLVER.ADR.RecipNotFound; not found");
}

/* Exchange 2003: the reason, then "<server #5.1.1>". */
static void
test_exchange_2003(void **state)
{
	static const char m[] =
	    "From: System Administrator <postmaster@corp.example.com>\n"
	    "Subject: Undeliverable: Budget\n"
	    "\n"
	    "Your message did not reach some or all of the intended recipients.\n"
	    "\n"
	    "      Subject:\tBudget\n"
	    "\n"
	    "The following recipient(s) could not be reached:\n"
	    "\n"
	    "      bill@corp.example.com on 1/1/2024 10:01 AM\n"
	    "            The e-mail account does not exist at the organization.\n"
	    "            <ex1.corp.example.com #5.1.1>\n"
	    "\n"
	    "      jane@corp.example.com on 1/1/2024 10:01 AM\n"
	    "            The recipient's mailbox is full.\n"
	    "            <ex1.corp.example.com #5.2.2>\n";

	(void)state;
	assert_int_equal(readm(m), 2);
	want(0, "bill@corp.example.com", -1, "5.1.1", NULL);
	assert_string_equal(res[0].text,
	    "The e-mail account does not exist at the organization.");
	assert_string_equal(res[0].format, "exchange");
	want(1, "jane@corp.example.com", -1, "5.2.2", NULL);
	assert_string_equal(res[1].text, "The recipient's mailbox is full.");
}

/* Gmail today: the address in a sentence, the reason after a label. */
static void
test_gmail_new(void **state)
{
	static const char m[] =
	    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	    "Subject: Delivery Status Notification (Delay)\n"
	    "\n"
	    "** Message not delivered **\n"
	    "\n"
	    "There was a problem delivering your message to nick@example.org. "
	    "See the technical details below.\n"
	    "\n"
	    "The response was:\n"
	    "\n"
	    "The recipient server did not accept our requests to connect.\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "nick@example.org", -1, "", "connect");
	assert_string_equal(res[0].text,
	    "The recipient server did not accept our requests to connect.");
	assert_string_equal(res[0].format, "gmail");
}

static void
test_notes(void **state)
{
	static const char m[] =
	    "From: Postmaster@example.com\n"
	    "Subject: DELIVERY FAILURE: User rita (rita@example.com) not listed in "
	    "Domino Directory\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "\n"
	    "Your message\n"
	    "\n"
	    "  Subject: hello\n"
	    "\n"
	    "was not delivered to:\n"
	    "\n"
	    "  rita@example.com\n"
	    "\n"
	    "because:\n"
	    "\n"
	    "  User rita (rita@example.com) not listed in Domino Directory \xe9t\xe9\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "rita@example.com", -1, "", NULL);
	/* any charset kept as bytes */
	assert_string_equal(res[0].text,
	    "User rita (rita@example.com) not listed in Domino Directory \xe9t\xe9");
	assert_string_equal(res[0].format, "notes");
}

static void
test_gmail_old(void **state)
{
	static const char m[] =
	    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	    "Subject: Delivery Status Notification (Failure)\n"
	    "\n"
	    "This is an automatically generated Delivery Status Notification\n"
	    "\n"
	    "Delivery to the following recipient failed permanently:\n"
	    "\n"
	    "     sam@example.org\n"
	    "\n"
	    "Technical details of permanent failure:\n"
	    "Google tried to deliver your message, but it was rejected by the "
	    "server for the recipient domain example.org by mx.example.org. "
	    "[192.0.2.50].\n"
	    "\n"
	    "The error that the other server returned was:\n"
	    "550 5.1.1 <sam@example.org>: Recipient address rejected\n"
	    "\n"
	    "   ----- Original message -----\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "sam@example.org", 550, "5.1.1", NULL);
	assert_string_equal(res[0].remote, "mx.example.org");
	assert_string_equal(res[0].text, "<sam@example.org>: Recipient address "
	    "rejected");
	assert_string_equal(res[0].format, "gmail");
}

static void
test_yahoo(void **state)
{
	static const char m[] =
	    "From: MAILER-DAEMON@yahoo.com\n"
	    "Subject: Failure Notice\n"
	    "\n"
	    "Sorry, we were unable to deliver your message to the following "
	    "address.\n"
	    "\n"
	    "<tom@example.org>:\n"
	    "Remote host said: 552 1 Requested mail action aborted, mailbox not "
	    "found [RCPT_TO]\n"
	    "\n"
	    "--- Below this line is a copy of the message.\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "tom@example.org", 552, "", NULL);
	text_has(0, "mailbox not found");
	assert_string_equal(res[0].format, "yahoo");
}

static void
test_courier(void **state)
{
	static const char m[] =
	    "From: Courier mail server at mx.example.com <@>\n"
	    "Subject: NOTICE: mail delivery status.\n"
	    "\n"
	    "This is a delivery status notification from mx.example.com,\n"
	    "running the Courier mail server, version 1.0.\n"
	    "\n"
	    "Your message to the following recipients cannot be delivered:\n"
	    "\n"
	    "<uma@example.org>:\n"
	    "    mx.example.org [192.0.2.60]:\n"
	    ">>> RCPT TO:<uma@example.org>\n"
	    "<<< 550-5.1.1 No such user here,\n"
	    "<<< 550 5.1.1 try another one\n"
	    "\n"
	    "<vic@example.org>:\n"
	    "    mx.example.org [192.0.2.60]:\n"
	    ">>> DATA\n"
	    "<<< 552 5.2.2 Mailbox full\n";

	(void)state;
	assert_int_equal(readm(m), 2);
	want(0, "uma@example.org", 550, "5.1.1", "RCPT TO");
	assert_string_equal(res[0].text, "No such user here, try another one");
	assert_string_equal(res[0].remote, "mx.example.org");
	assert_string_equal(res[0].format, "courier");
	want(1, "vic@example.org", 552, "5.2.2", "DATA");
}

/* Replies written in the ways that are no RFC 5321 line. */
static void
test_code_shapes(void **state)
{
	static const char m[] =
	    "From: postmaster@example.com\n"
	    "Subject: Undelivered Mail\n"
	    "\n"
	    "Mail could not be delivered to these recipients:\n"
	    "\n"
	    "<wes@example.org>:\n"
	    "    550: 5.1.1 <wes@example.org> User unknown\n"
	    "\n"
	    "<xia@example.org>:\n"
	    "    ERROR_CODE :550 Mailbox unavailable\n"
	    "\n"
	    "<yan@example.org>:\n"
	    "    Status: 5.2.2\n"
	    "\n"
	    "Failed Recipient: zoe@example.org\n"
	    "Reason: Requested action not taken: mailbox unavailable. "
	    "[SMTP Error Code 550]\n"
	    "\n"
	    "<abe@example.org>:\n"
	    "    Remote server replied: 550-'5.4.1 Recipient address rejected'\n"
	    "\n"
	    "<bea@example.org>:\n"
	    " Out: 250-mx.example.org Hello\n"
	    " Out: 250 PIPELINING\n"
	    " In: RCPT TO:<bea@example.org>\n"
	    " Out: 550 5.1.1 No such mailbox\n";

	(void)state;
	assert_int_equal(readm(m), 6);
	want(0, "wes@example.org", 550, "5.1.1", NULL);
	assert_string_equal(res[0].text, "<wes@example.org> User unknown");
	want(1, "xia@example.org", 550, "", NULL);
	assert_string_equal(res[1].text, "Mailbox unavailable");
	want(2, "yan@example.org", -1, "5.2.2", NULL);
	want(3, "zoe@example.org", 550, "", NULL);
	assert_string_equal(res[3].text,
	    "Requested action not taken: mailbox unavailable.");
	want(4, "abe@example.org", 550, "5.4.1", NULL);
	assert_string_equal(res[4].text, "Recipient address rejected");
	/* a 5xx before the greeting's 2xx */
	want(5, "bea@example.org", 550, "5.1.1", NULL);
	assert_string_equal(res[5].text, "No such mailbox");
}

/* No header at all: a bounce text pasted alone. */
static void
test_body_only(void **state)
{
	static const char m[] =
	    "This is the mail system at host mail.example.net.\n"
	    "\n"
	    "<cy@example.org>: host mx.example.org[192.0.2.70] refused to talk to\n"
	    "    me: 421 4.7.0 Try again later\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "cy@example.org", 421, "4.7.0", "connect");
	assert_string_equal(res[0].text, "Try again later");
	assert_string_equal(res[0].remote, "mx.example.org");
}

/* DSN fields pasted alone, as a message of their own. */
static void
test_pasted_dsn(void **state)
{
	static const char m[] =
	    "Final-Recipient: rfc822; dee@example.org\n"
	    "Action: failed\n"
	    "Status: 5.7.1\n"
	    "Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; client host\n"
	    " blocked\n"
	    "\n"
	    "Final-Recipient: rfc822; eve@example.org\n"
	    "Action: delayed\n"
	    "Status: 4.4.7\n";

	(void)state;
	assert_int_equal(readm(m), 2);
	want(0, "dee@example.org", 554, "5.7.1", NULL);
	assert_string_equal(
	    res[0].text, "Service unavailable; client host blocked");
	want(1, "eve@example.org", -1, "4.4.7", NULL);
	assert_string_equal(res[1].action, "delayed");
}

/* Only HTML: tags dropped, entities decoded. */
static void
test_html_only(void **state)
{
	static const char m[] =
	    "From: MAILER-DAEMON@example.com\n"
	    "Subject: failure notice\n"
	    "Content-Type: text/html; charset=utf-8\n"
	    "\n"
	    "<html><head><style>p { color: red }</style></head><body>\n"
	    "<p>I'm afraid I wasn't able to deliver your message.</p>\n"
	    "<p>&lt;fay@example.org&gt;:<br>Remote host said: 550&nbsp;5.1.1 "
	    "unknown &amp; gone</p>\n"
	    "<p>--- Below this line is a copy of the message.</p>\n"
	    "<p>&lt;gus@example.org&gt;: 550 no</p></body></html>\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "fay@example.org", 550, "5.1.1", NULL);
	assert_string_equal(res[0].text, "unknown & gone");
}

/* A bounce forwarded as an attachment: read it. */
static void
test_attached_bounce(void **state)
{
	static const char m[] =
	    "From: gateway@example.com\n"
	    "Subject: FW: something\n"
	    "Content-Type: multipart/mixed; boundary=fw\n"
	    "\n"
	    "--fw\n"
	    "Content-Type: message/rfc822\n"
	    "\n"
	    "From: MAILER-DAEMON@mx.example.com\n"
	    "Subject: Undelivered Mail Returned to Sender\n"
	    "Content-Type: multipart/report; boundary=rep\n"
	    "\n"
	    "--rep\n"
	    "Content-Type: message/delivery-status\n"
	    "\n"
	    "Final-Recipient: rfc822; hal@example.org\n"
	    "Action: failed\n"
	    "Status: 5.1.1\n"
	    "--rep--\n"
	    "--fw--\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "hal@example.org", -1, "5.1.1", NULL);
}

/* ---- the notice's own words, when there is no reply ---- */

/* A text that must not be in result i's. */
static void
text_lacks(size_t i, const char *s)
{
	assert_true(i < nres);
	if (strstr(res[i].text, s) != NULL)
		fail_msg("text \"%s\" has \"%s\"", res[i].text, s);
}

/* A queue time-out told in prose before the list of recipients. */
static void
test_explain_queue(void **state)
{
	static const char m[] =
	    "From: Mail Administrator <Postmaster@mx.example.com>\n"
	    "Subject: Mail System Error - Returned Mail\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\n"
	    "\tboundary=\"b1\"\n"
	    "\n"
	    "--b1\n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "Hello, this is the mail server at mx.example.com.\n"
	    "\n"
	    "Your message was not delivered because the destination computer was\n"
	    "not reachable within the allowed queue period.\n"
	    "\n"
	    "Your message was not delivered within 2 days.\n"
	    "\n"
	    "The following recipients did not receive your message:\n"
	    "\n"
	    "     <ann@example.org>\n"
	    "     <ben@example.org>\n"
	    "\n"
	    "Please reply to Postmaster@mx.example.com\n"
	    "if you feel this message to be in error.\n"
	    "\n"
	    "--b1\n"
	    "Content-Type: message/delivery-status\n"
	    "\n"
	    "Reporting-MTA: dns; mx.example.com\n"
	    "\n"
	    "--b1--\n";
	size_t i;

	(void)state;
	assert_int_equal(readm(m), 2);
	want(0, "ann@example.org", -1, "", "");
	want(1, "ben@example.org", -1, "", "");
	for (i = 0; i < 2; i++) {
		text_has(i, "not reachable within the allowed queue period.");
		text_has(i, "Your message was not delivered within 2 days.");
		text_lacks(i, "@");	/* the list of recipients */
		text_lacks(i, "Hello");	/* greeting, */
		text_lacks(i, "in error");	/* whom to ask */
		assert_string_equal(res[i].action, "");
		assert_string_equal(res[i].reason, "expired");
		assert_string_equal(res[i].next, "resend");
	}
	assert_true(strlen(res[0].text) <= SC_MR_EXPL);
}

/* Exim's delay warning: no DSN, no reply; action "delayed". */
static void
test_explain_delay(void **state)
{
	static const char m[] =
	    "From: Mail Delivery System <Mailer-Daemon@relay.example.net>\n"
	    "To: sender@example.net\n"
	    "Subject: Warning: message 1abcDE-0001xy-AB delayed 24 hours\n"
	    "\n"
	    "This message was created automatically by mail delivery software.\n"
	    "\n"
	    "A message that you sent has not yet been delivered to one or more of its\n"
	    "recipients after more than 24 hours on the queue on relay.example.net.\n"
	    "\n"
	    "The message identifier is:     1abcDE-0001xy-AB\n"
	    "The subject of the message is: lunch on friday\n"
	    "The date of the message is:    Mon, 1 Jan 2024 10:00:00 +0000\n"
	    "\n"
	    "The address to which the message has not yet been delivered is:\n"
	    "\n"
	    "  cat@example.org\n"
	    "\n"
	    "No action is required on your part. Delivery attempts will continue for\n"
	    "some time, and this warning may be repeated at intervals if the message\n"
	    "remains undelivered. Eventually the mail delivery software will give up,\n"
	    "and when that happens, the message will be returned to you.\n";

	(void)state;
	assert_int_equal(readm(m), 1);
	want(0, "cat@example.org", -1, "", "");
	assert_string_equal(res[0].action, "delayed");
	text_has(0, "has not yet been delivered to one or more of its "
	    "recipients after more than 24 hours on the queue");
	text_has(0, "Delivery attempts will continue");
	text_lacks(0, "created automatically");
	text_lacks(0, "identifier");
	text_lacks(0, "lunch");		/* the original's subject */
	assert_string_equal(res[0].reason, "expired");
	assert_string_equal(res[0].next, "wait");
}

/*
 * A warning that says it will go on trying, in a multipart notice
 * without a DSN; and a failure notice that says it gave up is no
 * warning, though it says the message has not been delivered.
 */
static void
test_explain_delay_words(void **state)
{
	static const char warn[] =
	    "From: postmaster@gw.example.com\n"
	    "Subject: Delivery failure notification\n"
	    "\n"
	    "Your message with Subject: Re: lunch\n"
	    "could not be delivered to the following recipients:\n"
	    "\n"
	    "dan@example.org\n"
	    "\n"
	    "Please do not resend your original message.\n"
	    "\n"
	    "Delivery attempts will continue to be made for 5  day(s).\n";
	static const char gaveup[] =
	    "From: MAILER-DAEMON@mx.example.com\n"
	    "Subject: failure notice\n"
	    "\n"
	    "Hi. This is the qmail-send program at mx.example.com.\n"
	    "I'm afraid I wasn't able to deliver your message to the following "
	    "addresses.\n"
	    "This is a permanent error; I've given up. Sorry it didn't work out.\n"
	    "\n"
	    "<eli@example.org>:\n"
	    "The message has not yet been delivered, and will not be retried.\n"
	    "\n"
	    "--- Below this line is a copy of the message.\n";

	(void)state;
	assert_int_equal(readm(warn), 1);
	want(0, "dan@example.org", -1, "", "");
	assert_string_equal(res[0].action, "delayed");
	text_has(0, "Delivery attempts will continue to be made for 5 day(s).");
	text_lacks(0, "lunch");
	assert_string_equal(res[0].reason, "expired");
	assert_string_equal(res[0].next, "wait");

	assert_int_equal(readm(gaveup), 1);
	want(0, "eli@example.org", -1, "", "");
	assert_string_equal(res[0].action, "");
}

/*
 * With several recipients, one without a reply takes the notice's own
 * words, never another recipient's reply; a scanner's footer is no
 * finding of a virus.
 */
static void
test_explain_not_others(void **state)
{
	static const char m[] =
	    "From: MAILER-DAEMON@mx.example.com\n"
	    "Subject: Undeliverable mail\n"
	    "\n"
	    "Delivery to the following recipients failed.\n"
	    "\n"
	    "<fox@example.org>:\n"
	    "Sorry, no mailbox here by that name.\n"
	    "\n"
	    "<gil@example.org>:\n"
	    "\n"
	    "<hoa@example.org>:\n"
	    "550 5.7.1 Message rejected as spam\n"
	    "\n"
	    "This email has been scanned for all viruses by ExampleScan.\n";

	(void)state;
	assert_int_equal(readm(m), 3);
	want(0, "fox@example.org", -1, "", NULL);
	assert_string_equal(res[0].text, "Sorry, no mailbox here by that name.");
	want(1, "gil@example.org", -1, "", NULL);
	assert_string_equal(
	    res[1].text, "Delivery to the following recipients failed.");
	assert_string_equal(res[1].reason, "onhold");
	want(2, "hoa@example.org", 550, "5.7.1", NULL);
}

/* A "delivery-status" part that holds the notice's prose is read as
   text; an "Old message:" is the original, not the notice. */
static void
test_explain_mislabelled(void **state)
{
	static const char dsn[] =
	    "From: Mail Administrator <Postmaster@ci.example.com>\n"
	    "Subject: Mail System Error - Returned Mail\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\n"
	    "\tboundary=\"b2\"\n"
	    "\n"
	    "--b2\n"
	    "Content-Type: message/delivery-status;\n"
	    "\n"
	    "This Message was undeliverable due to the following reason:\n"
	    "\n"
	    "<ida@example.org> has restricted SMS e-mail\n"
	    "\n"
	    "--b2\n"
	    "Content-Type: message/delivery-status\n"
	    "\n"
	    "Reporting-MTA: dns; ci.example.com\n"
	    "\n"
	    "Final-Recipient: RFC822; <ida@example.org>\n"
	    "Action: failed\n"
	    "Status: 5.3.0\n"
	    "\n"
	    "--b2--\n";
	static const char old[] =
	    "From: postmaster@example.com\n"
	    "Subject: Non-Delivery Report\n"
	    "\n"
	    "The email below could not be delivered to the following user:\n"
	    "\n"
	    "\"jo@example.org\" <jo@example.org>\n"
	    "\n"
	    "Old message:\n"
	    "\n"
	    "Your mail to 'list' is being held: user unknown\n";

	(void)state;
	assert_int_equal(readm(dsn), 1);
	want(0, "ida@example.org", -1, "5.3.0", NULL);
	assert_string_equal(res[0].action, "failed");
	text_has(0, "has restricted SMS e-mail");

	assert_int_equal(readm(old), 1);
	want(0, "jo@example.org", -1, "", NULL);
	text_lacks(0, "user unknown");
}

/* Not a bounce: nothing, though its text has codes and addresses. */
static void
test_not_a_bounce(void **state)
{
	static const char m[] =
	    "From: friend@example.org\n"
	    "To: me@example.net\n"
	    "Subject: party\n"
	    "\n"
	    "250 people came.\n"
	    "ann@example.org: see you there\n";

	(void)state;
	assert_int_equal(readm(m), 0);
}

/* ---- streams ---- */

static char *
mbox3(size_t *len)
{
	static const char sep[] = "\nFrom MAILER-DAEMON Mon Jan  1 10:00:00 "
				  "2024\n";
	size_t n = 0, k = strlen(dsn_postfix);
	char *b = malloc(3 * (k + sizeof sep) + 512);

	assert_non_null(b);
	n += (size_t)sprintf(
	    b + n, "From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n");
	memcpy(b + n, dsn_postfix, k);
	n += k;
	memcpy(b + n, sep, sizeof sep - 1);
	n += sizeof sep - 1;
	n += (size_t)sprintf(b + n,
	    "From: MAILER-DAEMON@example.net\r\n"
	    "Subject: failure notice\r\n"
	    "\r\n"
	    "Hi. This is the qmail-send program at example.net.\r\n"
	    "\r\n"
	    "<ida@example.org>:\r\n"
	    "Sorry, no mailbox here by that name. (#5.1.1)\r\n"
	    "\r\n"
	    "From the desk of: not a separator, no blank line before\r\n"
	    "\r\n"
	    "--- Below this line is a copy of the message.\r\n"
	    "\r\n"
	    ">From sender Mon Jan  1 09:00:00 2024\r\n");
	memcpy(b + n, sep, sizeof sep - 1);
	n += sizeof sep - 1;
	n += (size_t)sprintf(b + n,
	    "From: friend@example.org\n"
	    "Subject: not a bounce\n"
	    "\n"
	    "Hello.\n"
	    "\n"
	    "From someone else: a line that is no separator\n");
	memcpy(b + n, sep, sizeof sep - 1);
	n += sizeof sep - 1;
	n += (size_t)sprintf(b + n,
	    "From: MAILER-DAEMON@example.net\n"
	    "Subject: Mail delivery failed\n"
	    "\n"
	    "This message was created automatically by mail delivery software.\n"
	    "\n"
	    "  jo@example.org\n"
	    "    SMTP error from remote mail server after RCPT TO:<jo@example.org>:\n"
	    "    550 No such user");	/* no final newline */
	*len = n;
	return b;
}

static void
test_mbox_chunks(void **state)
{
	struct res whole[MAXR];
	size_t len, n, i, chunks[] = { 1, 2, 3, 7, 64, 4093 };
	char *b = mbox3(&len);

	(void)state;
	n = readn(b, len, 0);
	assert_int_equal(n, 5);
	memcpy(whole, res, sizeof whole);
	assert_int_equal(whole[0].msgno, 1);
	assert_string_equal(whole[3].rcpt, "ida@example.org");
	assert_int_equal(whole[3].msgno, 2);
	assert_string_equal(whole[4].rcpt, "jo@example.org");
	assert_int_equal(whole[4].msgno, 4);
	assert_int_equal(whole[4].basic, 550);
	assert_string_equal(whole[4].text, "No such user");
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		assert_int_equal(readn(b, len, chunks[i]), n);
		assert_memory_equal(res, whole, n * sizeof res[0]);
	}
	free(b);
}

static void
test_stats_stop_reset(void **state)
{
	struct sc_mreader *r = sc_mreader_new();
	struct sc_mreader_stats st;
	size_t len;
	char *b = mbox3(&len);

	(void)state;
	assert_non_null(r);
	nres = 0;
	assert_int_equal(sc_mreader_feed(r, b, len, collect, NULL), 0);
	assert_int_equal(sc_mreader_end(r, collect, NULL), 0);
	sc_mreader_stats(r, &st);
	assert_int_equal(st.messages, 4);
	assert_int_equal(st.bounces, 3);
	assert_int_equal(st.recipients, 5);
	assert_int_equal(st.truncated, 0);
	/* the callback stops the reader: its value comes back */
	sc_mreader_reset(r);
	nres = 0;
	stop_after = 2;
	assert_int_equal(sc_mreader_feed(r, b, len, collect, NULL), 7);
	stop_after = 0;
	assert_int_equal(nres, 2);
	sc_mreader_reset(r);
	sc_mreader_stats(r, &st);
	assert_int_equal(st.messages, 0);
	nres = 0;
	assert_int_equal(sc_mreader_feed(r, b, len, collect, NULL), 0);
	assert_int_equal(sc_mreader_end(r, collect, NULL), 0);
	assert_int_equal(nres, 5);
	sc_mreader_free(r);
	free(b);
}

static void
test_looks_like(void **state)
{
	(void)state;
	assert_true(sc_looks_like_message("From x@y Mon Jan  1 00:00:00 2024\n",
	    35));
#define LL(s) sc_looks_like_message(s, sizeof s - 1)
	assert_true(LL("Return-Path: <>\nReceived: from a by b\n\tid "
		       "1\n\nbody"));
	assert_true(LL("\n\nFrom: a@b\r\nSubject: x\r\n\r\n"));
	assert_true(LL("Final-Recipient: rfc822; a@b\nAction: failed\n"));
	assert_false(LL("550 5.1.1 User unknown\n"));
	assert_false(LL("550-5.7.26 This mail\n550 5.7.26 is blocked\n"));
	assert_false(LL("Jan  1 00:00:00 mx postfix/smtp[1]: 1234: to=<a@b>, "
	    "status=bounced (host h said: 550 5.1.1 no)\n"));
	assert_false(LL("postfix/smtp[1]: A: to=<a@b>\npostfix/smtp[1]: B: "
			"x\n"));
	assert_false(LL("Diagnostic-Code: smtp; 550 5.1.1 no such user\n"));
	assert_false(LL("Subject: only one field\n"));
	/* a bounce's text without its header: for the reader too */
	assert_int_equal(LL("This is the mail system at host mx.example.net.\n"
	    "\n<a@example.org>: host h[192.0.2.1] said: 550 no\n"), 2);
	assert_int_equal(LL("Hi. This is the qmail-send program at x.\n"), 2);
	assert_int_equal(LL("Final-Recipient: rfc822; a@example.org\n"), 2);
	assert_int_equal(LL("Jan  1 mx postfix/smtp[1]: A: to=<a@b>, said: "
	    "550 (in reply to RCPT TO command)\n"), 0);
	assert_false(LL(""));
#undef LL
}

/* ---- hostile input ---- */

static void
test_hostile_big(void **state)
{
	/* 40 MiB: a header, a base64 attachment of junk, a huge text part */
	struct sc_mreader *r = sc_mreader_new();
	static char buf[1 << 16];
	struct sc_mreader_stats st;
	size_t i, k;

	(void)state;
	assert_non_null(r);
	nres = 0;
	assert_int_equal(sc_mreader_feed(r, dsn_postfix,
			     strstr(dsn_postfix,
				 "--B0UND.1/"
				 "mail.example.net\nContent-Description: "
				 "Undelivered") -
				 dsn_postfix,
			     collect, NULL),
	    0);
	k = (size_t)sprintf(buf, "--B0UND.1/mail.example.net\nContent-Type: "
	    "text/plain\n\n");
	assert_int_equal(sc_mreader_feed(r, buf, k, collect, NULL), 0);
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i % 61 == 60 ? '\n' : 'a' + i % 26);
	for (i = 0; i < 640; i++)	/* 40 MiB of text */
		assert_int_equal(sc_mreader_feed(r, buf, sizeof buf, collect,
		    NULL), 0);
	assert_int_equal(sc_mreader_end(r, collect, NULL), 0);
	assert_int_equal(nres, 3);
	assert_true(res[0].flags & SC_BOUNCE_TRUNCATED);
	sc_mreader_stats(r, &st);
	assert_int_equal(st.truncated, 1);
	sc_mreader_free(r);
}

static void
test_hostile_long_line(void **state)
{
	/* one line of 5 MiB, NUL bytes in it, then a bounce text */
	size_t n = 5u << 20, k;
	char *b = malloc(n + 1024);

	(void)state;
	assert_non_null(b);
	k = (size_t)sprintf(b,
	    "From: MAILER-DAEMON@x.example\nSubject: failure "
	    "notice\n\n<lou@example.org>: ");
	memset(b + k, 'x', n);
	b[k + 7] = '\0';
	b[k + 100] = '\0';
	k += n;
	k += (size_t)sprintf(b + k, "\n\n<max@example.org>:\nRemote host said: "
	    "550 5.1.1 gone\n");
	assert_int_equal(readn(b, k, 0), 2);
	want(1, "max@example.org", 550, "5.1.1", NULL);
	assert_int_equal(readn(b, k, 4096), 2);
	want(1, "max@example.org", 550, "5.1.1", NULL);
	free(b);
}

static void
test_hostile_deep(void **state)
{
	/* multiparts nested 1000 deep */
	size_t cap = 1000 * 64 + 4096, n = 0;
	char *b = malloc(cap);
	int i;

	(void)state;
	assert_non_null(b);
	n += (size_t)sprintf(b + n, "From: MAILER-DAEMON@x.example\n"
	    "Subject: failure notice\nContent-Type: multipart/mixed; "
	    "boundary=b0\n\n");
	for (i = 1; i < 1000; i++)
		n += (size_t)sprintf(b + n,
		    "--b%d\nContent-Type: multipart/mixed;"
		    " boundary=b%d\n\n",
		    i - 1, i);
	n += (size_t)sprintf(b + n, "--b999\nContent-Type: text/plain\n\n"
	    "<ned@example.org>: 550 deep\n--b999--\n");
	assert_int_equal(readn(b, n, 0), 0);
	assert_int_equal(readn(b, n, 1), 0);
	/* and the same with a DSN near the top: still read */
	n = (size_t)sprintf(b, "From: MAILER-DAEMON@x.example\n"
	    "Content-Type: multipart/report; boundary=b0\n\n--b0\n"
	    "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; "
	    "ola@example.org\nStatus: 5.0.0\n\n");
	for (i = 1; i < 1000; i++)
		n += (size_t)sprintf(b + n,
		    "--b%d\nContent-Type: multipart/mixed;"
		    " boundary=b%d\n\n",
		    i - 1, i);
	assert_int_equal(readn(b, n, 0), 1);
	want(0, "ola@example.org", -1, "5.0.0", NULL);
	assert_true(res[0].flags & SC_BOUNCE_DEEP);
	free(b);
}

static void
test_hostile_broken(void **state)
{
	/* broken base64, a boundary that never comes, a bad QP escape */
	static const char b64[] =
	    "From: MAILER-DAEMON@x.example\n"
	    "Subject: failure notice\n"
	    "Content-Type: multipart/report; boundary=nb\n"
	    "\n"
	    "--nb\n"
	    "Content-Type: message/delivery-status\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    "!!!!Rmlu\xff\x01YWwtUmVjaXBpZW50OiBy==ZmM4MjI7IHBhdUBleGFtcGxlLm9y\n"
	    "ZwpTdGF0dXM6IDUuMS4xCg===\n"
	    "--nb--\n";
	static const char nob[] =
	    "From: MAILER-DAEMON@x.example\n"
	    "Subject: failure notice\n"
	    "Content-Type: multipart/mixed; boundary=\"never\"\n"
	    "\n"
	    "--nevermind\n"
	    "<quin@example.org>: host mx.example.org[192.0.2.9] said: 550 5.1.1 no\n";
	static const char qp[] =
	    "From: MAILER-DAEMON@x.example\n"
	    "Subject: failure notice\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "\n"
	    "<rex@example.org>: said: 550 5.1.1 =ZZ=4=\n"
	    "=3D bad =\n";
	static const char junk[] =
	    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"
	    "\x1f\xf3\xff" "a\0\0\0\x04gAMA\0\0\xb1\x8f\x0b\xfc" "a\x05\n\n\n---\n--\n";

	(void)state;
	/* garbled base64 decodes to garbage, but never crashes */
	readn(b64, sizeof b64 - 1, 0);
	assert_int_equal(readn(b64, sizeof b64 - 1, 1), nres);
	assert_int_equal(readm(nob), 1);
	want(0, "quin@example.org", 550, "5.1.1", NULL);
	assert_true(res[0].flags & SC_BOUNCE_NOBOUNDARY);
	assert_int_equal(readm(qp), 1);
	want(0, "rex@example.org", 550, "5.1.1", NULL);
	readn(junk, sizeof junk - 1, 0);
	readn(junk, sizeof junk - 1, 1);
	assert_int_equal(readn("", 0, 0), 0);
	assert_int_equal(readn("\n\n\n", 3, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dsn_multi),
		cmocka_unit_test(test_dsn_records),
		cmocka_unit_test(test_dsn_encoded),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_qmail),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_exchange_old),
		cmocka_unit_test(test_exchange_2003),
		cmocka_unit_test(test_gmail_new),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_gmail_old),
		cmocka_unit_test(test_yahoo),
		cmocka_unit_test(test_courier),
		cmocka_unit_test(test_code_shapes),
		cmocka_unit_test(test_body_only),
		cmocka_unit_test(test_pasted_dsn),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_attached_bounce),
		cmocka_unit_test(test_explain_queue),
		cmocka_unit_test(test_explain_delay),
		cmocka_unit_test(test_explain_delay_words),
		cmocka_unit_test(test_explain_not_others),
		cmocka_unit_test(test_explain_mislabelled),
		cmocka_unit_test(test_not_a_bounce),
		cmocka_unit_test(test_mbox_chunks),
		cmocka_unit_test(test_stats_stop_reset),
		cmocka_unit_test(test_looks_like),
		cmocka_unit_test(test_hostile_big),
		cmocka_unit_test(test_hostile_long_line),
		cmocka_unit_test(test_hostile_deep),
		cmocka_unit_test(test_hostile_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
