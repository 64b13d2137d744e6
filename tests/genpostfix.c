/*
 * genpostfix.c - a deterministic, realistic Postfix log, for the report's
 * benchmark (tests/bench_report.sh) and its agreement check with pflogsumm
 * (tests/pflogsumm_check.sh):
 *
 *   genpostfix [-s SEED] [-m MEGABYTES | -n LINES] [-t SHAPE]
 *
 * Lines are laid out as Postfix writes them (syslog prefix, then
 * "postfix/DAEMON[PID]: "): smtpd connect/disconnect, client=, cleanup
 * message-id=, qmgr from=/removed, delivery status lines from smtp, lmtp,
 * local, virtual, pipe and error (status=sent, deferred, bounced, with the
 * replies of a few providers as their servers word them), qmgr
 * status=expired, bounce notifications, NOQUEUE rejects from smtpd and
 * postscreen, cleanup header and milter rejects, smtpd milter rejects,
 * reject_warning, hold and discard, TLS, SASL and anvil noise, and a few
 * lines of other programs (dovecot, amavis).  Messages that are deferred
 * come back later under the same queue id, as Postfix retries them, and
 * end sent, bounced or expired.
 *
 * SHAPE: mixed (default), bounces (many failures), rejects (a spam-fed
 * inbound server), iso (RFC 3339 timestamps, as rsyslog writes them),
 * quiet (almost only deliveries).  Queue ids are Postfix's default short
 * ones (upper-case hex).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x2545f4914f6cdd1dULL;

static unsigned
rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return n ? (unsigned)((state >> 11) % n) : 0;
}

/* Shape: weights of the kinds of events, out of 1000. */
enum { SHAPE_MIXED, SHAPE_BOUNCES, SHAPE_REJECTS, SHAPE_ISO, SHAPE_QUIET };
static int shape;

/* The clock: seconds since the start of the log. */
static unsigned long long now = 4ULL * 3600;
static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static char line[4096];
static size_t out_bytes, out_lines;

static void
emit(const char *daemon, const char *fmt, ...)
{
	va_list ap;
	int n, k;
	unsigned long long day = now / 86400, t = now % 86400;
	unsigned pid = 1000 + rnd(30000);
	char msg[3000];

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start above */
	k = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	if ((size_t)k >= sizeof msg)
		k = (int)sizeof msg - 1;
	now += rnd(3);
	if (shape == SHAPE_ISO)
		n = snprintf(line, sizeof line,
		    "2024-%02u-%02uT%02u:%02u:%02u.%06u+00:00 mx1 postfix/%s[%u]: ",
		    (unsigned)(2 + day / 28) % 12 + 1, (unsigned)(day % 28) + 1,
		    (unsigned)(t / 3600), (unsigned)(t / 60 % 60),
		    (unsigned)(t % 60), rnd(1000000), daemon, pid);
	else
		n = snprintf(line, sizeof line,
		    "%s %2u %02u:%02u:%02u mx1 postfix/%s[%u]: ",
		    mon[(2 + day / 28) % 12], (unsigned)(day % 28) + 1,
		    (unsigned)(t / 3600), (unsigned)(t / 60 % 60),
		    (unsigned)(t % 60), daemon, pid);
	memcpy(line + n, msg, (size_t)k);
	n += k;
	line[n++] = '\n';
	fwrite(line, 1, (size_t)n, stdout);
	out_bytes += (size_t)n;
	out_lines++;
}

/* A line of another program, with the same prefix. */
static void
emit_other(const char *prog, const char *text)
{
	unsigned long long day = now / 86400, t = now % 86400;
	int n;

	n = snprintf(line, sizeof line, "%s %2u %02u:%02u:%02u mx1 %s: %s\n",
	    mon[(2 + day / 28) % 12], (unsigned)(day % 28) + 1,
	    (unsigned)(t / 3600), (unsigned)(t / 60 % 60), (unsigned)(t % 60),
	    prog, text);
	fwrite(line, 1, (size_t)n, stdout);
	out_bytes += (size_t)n;
	out_lines++;
}

static unsigned long long qseq = 0x3a0f1;

/* A short queue id: upper-case hex, 10 or 11 digits. */
static void
qid(char *b)
{
	qseq += 1 + rnd(7);
	snprintf(b, 16, "%s%05llX%05X", rnd(4) ? "" : "1",
	    qseq & 0xfffff, rnd(0xfffff));
}

static void
ipv4(char *b)
{
	snprintf(b, 40, "%u.%u.%u.%u", 1 + rnd(222), rnd(256), rnd(256),
	    1 + rnd(254));
}

struct host {
	const char *name;	/* "%u" is a number */
	const char *ip;
};

/* Clients that send to us. */
static const struct host clients[] = {
	{ "mail-wr1-f%u.google.com", "209.85.221.%u" },
	{ "mail-ej1-f%u.google.com", "209.85.218.%u" },
	{ "mail-%u.outbound.protection.outlook.com", "40.107.%u.12" },
	{ "sonic%u-20.consmr.mail.ne1.yahoo.com", "66.163.191.%u" },
	{ "mta%u.mailchimp.example", "198.2.128.%u" },
	{ "out%u.mail.example.net", "192.0.2.%u" },
	{ "unknown", NULL },
};

static void
client(char *name, char *ip)
{
	const struct host *h = &clients[rnd(sizeof clients / sizeof clients[0])];
	char t[64];

	if (h->ip == NULL) {
		snprintf(name, 96, "unknown");
		if (rnd(10) == 0)
			snprintf(ip, 64, "2001:db8:%x::%x", rnd(0xffff),
			    1 + rnd(0xfff));
		else
			ipv4(ip);
		return;
	}
	snprintf(name, 96, h->name, 1 + rnd(60));
	snprintf(t, sizeof t, h->ip, 1 + rnd(250));
	snprintf(ip, 64, "%s", t);
}

static const char *const users[] = { "alice", "bob", "carol", "dave", "erin",
	"frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia",
	"peggy", "rupert", "sybil", "trent", "victor", "walter", "info",
	"sales", "support", "noreply", "newsletter", "billing" };
#define NUSERS (sizeof users / sizeof users[0])

/* Outside domains, with their MX, by provider. */
enum { P_GMAIL, P_OUTLOOK, P_YAHOO, P_GMX, P_SMALL, P_DEAD, P_COUNT };
static const char *const dom_gmail[] = { "gmail.com", "googlemail.com",
	"example-corp.com" };
static const char *const dom_outlook[] = { "outlook.com", "hotmail.com",
	"live.com", "contoso.example" };
static const char *const dom_yahoo[] = { "yahoo.com", "aol.com", "ymail.com" };
static const char *const dom_gmx[] = { "gmx.de", "web.de", "gmx.net" };
static const char *const dom_small[] = { "example.net", "example.org",
	"foo.example", "bar.example", "shop.example", "uni.example.edu" };
static const char *const dom_dead[] = { "nxdomain.example", "typo-gmial.com",
	"old.example.invalid" };

static const char *
pick_dom(int p)
{
	switch (p) {
	case P_GMAIL: return dom_gmail[rnd(3)];
	case P_OUTLOOK: return dom_outlook[rnd(4)];
	case P_YAHOO: return dom_yahoo[rnd(3)];
	case P_GMX: return dom_gmx[rnd(3)];
	case P_SMALL: return dom_small[rnd(6)];
	default: return dom_dead[rnd(3)];
	}
}

static void
mx(int p, const char *dom, char *relay)
{
	char ip[40];
	char d[128];
	size_t i;

	switch (p) {
	case P_GMAIL:
		snprintf(relay, 200, "%sgmail-smtp-in.l.google.com[142.250.%u.%u]:25",
		    rnd(2) ? "" : "alt1.", 100 + rnd(60), 1 + rnd(250));
		break;
	case P_OUTLOOK:
		snprintf(d, sizeof d, "%s", dom);
		for (i = 0; d[i]; i++)
			if (d[i] == '.')
				d[i] = '-';
		snprintf(relay, 200, "%s.mail.protection.outlook.com[52.101.%u.%u]:25",
		    d, rnd(200), 1 + rnd(250));
		break;
	case P_YAHOO:
		snprintf(relay, 200, "mta%u.am0.yahoodns.net[67.195.204.%u]:25",
		    5 + rnd(3), 70 + rnd(10));
		break;
	case P_GMX:
		snprintf(relay, 200, "mx0%u.emig.gmx.net[212.227.17.%u]:25",
		    rnd(2), 1 + rnd(20));
		break;
	default:
		ipv4(ip);
		snprintf(relay, 200, "mx%u.%s[%s]:25", rnd(3), dom, ip);
	}
}

static const char *const ids = "abcdefghijklmnopqrstuvwxyz0123456789";

/* A Gmail-style transaction id: "a1si123456wmb.12". */
static void
gid(char *b)
{
	int i, n = 10 + (int)rnd(20);

	for (i = 0; i < n; i++)
		b[i] = ids[rnd(36)];
	snprintf(b + n, 24, "si%u%c%c%c.%u", rnd(9000000), ids[rnd(26)],
	    ids[rnd(26)], ids[rnd(26)], rnd(400));
}

/* The text after status=sent for a provider. */
static void
sent_text(int p, const char *rcpt, char *t)
{
	char g[80], q[16];

	switch (p) {
	case P_GMAIL:
		gid(g);
		snprintf(t, 600, "250 2.0.0 OK  17%08u %s - gsmtp",
		    rnd(100000000), g);
		break;
	case P_OUTLOOK:
		snprintf(t, 600, "250 2.6.0 <%08X.%u@mx1.example.org> "
		    "[InternalId=%u, Hostname=AM%uPR%02uMB%04u.eurprd%02u.prod."
		    "exchangelabs.com] %u bytes in 0.%03u, %u.%03u KB/sec Queued "
		    "mail for delivery", rnd(0xffffffff), rnd(1000),
		    rnd(1000000000), rnd(9), rnd(99), rnd(9999), rnd(9),
		    500 + rnd(90000), rnd(1000), rnd(900), rnd(1000));
		break;
	case P_YAHOO:
		snprintf(t, 600, "250 ok dirdel");
		break;
	case P_GMX:
		snprintf(t, 600, "250 Requested mail action okay, completed: "
		    "id=1M%s%05X-1r%05X", "x", rnd(0xfffff), rnd(0xfffff));
		break;
	default:
		qid(q);
		snprintf(t, 600, "250 2.0.0 Ok: queued as %s", q);
	}
	(void)rcpt;
}

/* A deferral's text: the reply of a provider, or a connection failure. */
static const char *
defer_text(int p, const char *relay, const char *rcpt, char *t)
{
	char g[80], host[160], ip[40];
	const char *b;
	size_t n;

	b = strchr(relay, '[');
	n = b ? (size_t)(b - relay) : strlen(relay);
	snprintf(host, sizeof host, "%.*s", (int)n, relay);
	snprintf(ip, sizeof ip, "%.*s", b ? (int)(strcspn(b + 1, "]")) : 0,
	    b ? b + 1 : "");
	gid(g);
	switch (p * 3 + (int)rnd(3)) {
	case P_GMAIL * 3:
		snprintf(t, 1200, "host %s[%s] said: 421-4.7.28 Gmail has detected an "
		    "unusual rate of unsolicited mail. To protect our users from "
		    "spam, mail has been temporarily rate limited. For more "
		    "information, go to 421 4.7.28  https://support.google.com/"
		    "mail/answer/188131 %s - gsmtp (in reply to end of DATA "
		    "command)", host, ip, g);
		return "4.7.28";
	case P_GMAIL * 3 + 1:
		snprintf(t, 1200, "host %s[%s] said: 450-4.2.1 The user you are trying "
		    "to contact is receiving mail at a rate that 450-4.2.1 prevents "
		    "additional messages from being delivered. Please resend your "
		    "450-4.2.1 message at a later time. If the user is able to "
		    "receive mail at 450-4.2.1 that time, your message will be "
		    "delivered. For more information, 450-4.2.1 go to 450 4.2.1  "
		    "https://support.google.com/mail/?p=ReceivingRate %s - gsmtp "
		    "(in reply to RCPT TO command)", host, ip, g);
		return "4.2.1";
	case P_OUTLOOK * 3:
	case P_OUTLOOK * 3 + 1:
		snprintf(t, 1200, "host %s[%s] said: 451 4.7.650 The mail server "
		    "[192.0.2.%u] has been temporarily rate limited due to IP "
		    "reputation. For e-mail delivery information, see "
		    "https://aka.ms/postmaster (S775) [Name=Protocol Filter Agent]"
		    "[AGT=PFA][MxId=11B%013llX] [BN%uNAM%02uFT%03u.eop-nam%02u.prod."
		    "protection.outlook.com 2024-05-0%uT%02u:%02u:%02u.%03uZ "
		    "08DC%012llX] (in reply to MAIL FROM command)", host, ip,
		    10 + rnd(5), (unsigned long long)rnd(0xfffffff) << 20,
		    rnd(9), rnd(99), rnd(999), rnd(99), 1 + rnd(9), rnd(24),
		    rnd(60), rnd(60), rnd(1000),
		    (unsigned long long)rnd(0xffffff) << 24);
		return "4.7.650";
	case P_YAHOO * 3:
	case P_YAHOO * 3 + 1:
		snprintf(t, 1200, "host %s[%s] said: 421 4.7.0 [TSS04] Messages from "
		    "192.0.2.%u temporarily deferred due to unexpected volume or "
		    "user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/"
		    "error-codes (in reply to MAIL FROM command)", host, ip,
		    10 + rnd(5));
		return "4.7.0";
	case P_GMX * 3:
	case P_GMX * 3 + 1:
		snprintf(t, 1200, "host %s[%s] said: 450 4.2.0 <%s>: Recipient "
		    "address rejected: Greylisted, see http://postgrey."
		    "schweikert.ch/help/gmx.net.html (in reply to RCPT TO "
		    "command)", host, ip, rcpt);
		return "4.2.0";
	case P_DEAD * 3:
	case P_DEAD * 3 + 1:
	case P_DEAD * 3 + 2:
		snprintf(t, 1200, "Host or domain name not found. Name service error "
		    "for name=%s type=MX: Host not found, try again",
		    strchr(rcpt, '@') + 1);
		return "4.4.3";
	default:
		if (rnd(2))
			snprintf(t, 1200, "connect to %s[%s]:25: Connection timed out",
			    host, ip);
		else
			snprintf(t, 1200, "lost connection with %s[%s] while receiving "
			    "the initial server greeting", host, ip);
		return "4.4.1";
	}
}

/* A bounce's text. */
static const char *
bounce_text(int p, const char *relay, const char *rcpt, char *t)
{
	char g[80], host[160], ip[40];
	const char *b;
	size_t n;

	b = strchr(relay, '[');
	n = b ? (size_t)(b - relay) : strlen(relay);
	snprintf(host, sizeof host, "%.*s", (int)n, relay);
	snprintf(ip, sizeof ip, "%.*s", b ? (int)(strcspn(b + 1, "]")) : 0,
	    b ? b + 1 : "");
	gid(g);
	switch (p) {
	case P_GMAIL:
		if (rnd(4) == 0) {
			snprintf(t, 1200, "host %s[%s] said: 552-5.2.2 The email account "
			    "that you tried to reach is over quota. Please direct "
			    "552-5.2.2 the recipient to 552 5.2.2  https://support."
			    "google.com/mail/?p=OverQuotaTemp %s - gsmtp (in reply to "
			    "RCPT TO command)", host, ip, g);
			return "5.2.2";
		}
		snprintf(t, 1200, "host %s[%s] said: 550-5.1.1 The email account that "
		    "you tried to reach does not exist. Please try 550-5.1.1 "
		    "double-checking the recipient's email address for typos or "
		    "550-5.1.1 unnecessary spaces. For more information, go to "
		    "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser %s - "
		    "gsmtp (in reply to RCPT TO command)", host, ip, g);
		return "5.1.1";
	case P_OUTLOOK:
		if (rnd(3) == 0) {
			snprintf(t, 1200, "host %s[%s] said: 550 5.7.1 Service "
			    "unavailable, Client host [192.0.2.%u] blocked using "
			    "Spamhaus. To request removal from this list see "
			    "https://www.spamhaus.org/query/ip/192.0.2.%u (AS3130). "
			    "[BN%uNAM%02uFT%03u.eop-nam%02u.prod.protection.outlook."
			    "com 2024-05-0%uT%02u:%02u:%02u.%03uZ 08DC%012llX] (in "
			    "reply to MAIL FROM command)", host, ip, 10 + rnd(5),
			    10 + rnd(5), rnd(9), rnd(99), rnd(999), rnd(99),
			    1 + rnd(9), rnd(24), rnd(60), rnd(60), rnd(1000),
			    (unsigned long long)rnd(0xffffff) << 24);
			return "5.7.1";
		}
		snprintf(t, 1200, "host %s[%s] said: 550 5.5.0 Requested action not "
		    "taken: mailbox unavailable (S2017062302). [AM%uPEPF%08X."
		    "eurprd%02u.prod.outlook.com 2024-05-0%uT%02u:%02u:%02u.%03uZ "
		    "08DC%012llX] (in reply to RCPT TO command)", host, ip,
		    rnd(9), rnd(0xffffffff), rnd(20), 1 + rnd(9), rnd(24),
		    rnd(60), rnd(60), rnd(1000),
		    (unsigned long long)rnd(0xffffff) << 24);
		return "5.5.0";
	case P_YAHOO:
		snprintf(t, 1200, "host %s[%s] said: 554 delivery error: dd Sorry your "
		    "message to %s cannot be delivered. This mailbox is disabled "
		    "(554.30). - mta%u.mail.bf1.yahoo.com (in reply to end of DATA "
		    "command)", host, ip, rcpt, 1000 + rnd(9000));
		return "5.0.0";
	case P_GMX:
		snprintf(t, 1200, "host %s[%s] said: 550 Requested action not taken: "
		    "mailbox unavailable (in reply to RCPT TO command)", host, ip);
		return "5.0.0";
	case P_DEAD:
		snprintf(t, 1200, "Host or domain name not found. Name service error "
		    "for name=%s type=A: Host not found", strchr(rcpt, '@') + 1);
		return "5.4.4";
	default:
		if (rnd(2))
			snprintf(t, 1200, "host %s[%s] said: 550 5.1.1 <%s>: Recipient "
			    "address rejected: User unknown in virtual mailbox table "
			    "(in reply to RCPT TO command)", host, ip, rcpt);
		else
			snprintf(t, 1200, "host %s[%s] said: 552 5.2.2 <%s>: Mailbox "
			    "full (in reply to end of DATA command)", host, ip, rcpt);
		return rcpt[0] == 'x' ? "5.2.2" : "5.1.1";
	}
}

/* A delay as Postfix writes it: two significant digits, no exponent. */
static void
dfmt(char *b, size_t n, double v)
{
	if (v >= 10)
		snprintf(b, n, "%.0f", v);
	else if (v >= 1)
		snprintf(b, n, "%.1f", v);
	else
		snprintf(b, n, "%.2f", v);
}

static void
delays(char *b, double total)
{
	char t[24], q[24], x[24];

	dfmt(t, sizeof t, total);
	dfmt(q, sizeof q, total * 0.4);
	dfmt(x, sizeof x, total * 0.3);
	snprintf(b, 100, "delay=%s, delays=%s/0.%u/0.%u/%s", t, q, rnd(10),
	    rnd(10), x);
}

/* Deferred messages waiting for another try. */
#define POOL 400
static struct pending {
	char q[16];
	char rcpt[128];
	int p;
	unsigned tries;
} pool[POOL];
static unsigned npool;

static void
status_line(const char *q, const char *rcpt, int p, int outcome)
{
	char relay[200], t[1300], d[100];
	const char *dsn = "2.0.0";

	mx(p, strchr(rcpt, '@') + 1, relay);
	if (p == P_DEAD)
		snprintf(relay, 200, "none");
	delays(d, 0.1 + rnd(3000) / 10.0);
	if (outcome == 0) {
		sent_text(p, rcpt, t);
		emit("smtp", "%s: to=<%s>, relay=%s, %s, dsn=2.0.0, status=sent (%s)",
		    q, rcpt, relay, d, t);
		return;
	}
	if (outcome == 1) {
		dsn = defer_text(p, relay, rcpt, t);
		emit("smtp", "%s: to=<%s>, relay=%s, %s, dsn=%s, status=deferred (%s)",
		    q, rcpt, relay, d, dsn, t);
		return;
	}
	dsn = bounce_text(p, relay, rcpt, t);
	emit(p == P_DEAD ? "error" : "smtp",
	    "%s: to=<%s>, relay=%s, %s, dsn=%s, status=bounced (%s)",
	    q, rcpt, relay, d, dsn, t);
}

static void
bounce_notice(const char *q)
{
	char q2[16];

	qid(q2);
	emit("bounce", "%s: sender non-delivery notification: %s", q, q2);
	emit("cleanup", "%s: message-id=<%s@mx1.example.org>", q2, q2);
	emit("qmgr", "%s: from=<>, size=%u, nrcpt=1 (queue active)", q2,
	    3000 + rnd(5000));
	emit("local", "%s: to=<%s@example.org>, relay=local, delay=0.01, "
	    "delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)", q2,
	    users[rnd(NUSERS)]);
	emit("qmgr", "%s: removed", q2);
}

/* An outgoing message: submission or pickup, then one or more recipients. */
static void
outgoing(void)
{
	char q[16], rcpt[128], ip[64], name[96];
	int n = 1 + (rnd(5) == 0) * (int)rnd(4), i, p, o, failed = 0;
	unsigned w = shape == SHAPE_BOUNCES ? 35 : shape == SHAPE_QUIET ? 2 : 9;

	qid(q);
	if (rnd(3)) {
		client(name, ip);
		emit("submission/smtpd", "connect from %s[%s]", name, ip);
		emit("submission/smtpd", "%s: client=%s[%s], sasl_method=PLAIN, "
		    "sasl_username=%s@example.org", q, name, ip, users[rnd(NUSERS)]);
	} else {
		emit("pickup", "%s: uid=%u from=<%s>", q, 1000 + rnd(20),
		    users[rnd(NUSERS)]);
	}
	emit("cleanup", "%s: message-id=<%08X.%u@example.org>", q, rnd(0xffffffff),
	    rnd(100000));
	emit("qmgr", "%s: from=<%s@example.org>, size=%u, nrcpt=%d (queue active)",
	    q, users[rnd(NUSERS)], 800 + rnd(80000), n);
	for (i = 0; i < n; i++) {
		p = (int)rnd(P_COUNT * 10);
		p = p < 22 ? P_GMAIL : p < 36 ? P_OUTLOOK : p < 44 ? P_YAHOO :
		    p < 49 ? P_GMX : p < 59 ? P_SMALL : P_DEAD;
		if (p == P_DEAD && rnd(4))
			p = P_SMALL;
		snprintf(rcpt, sizeof rcpt, "%s%u@%s", users[rnd(NUSERS)],
		    rnd(50), pick_dom(p));
		o = rnd(100) < w ? 1 + (int)rnd(2) : 0;
		if (p == P_DEAD)
			o = rnd(3) ? 1 : 2;
		if (o == 1 && npool < POOL) {
			status_line(q, rcpt, p, 1);
			memcpy(pool[npool].q, q, 16);
			snprintf(pool[npool].rcpt, sizeof pool[npool].rcpt, "%s", rcpt);
			pool[npool].p = p;
			pool[npool].tries = 1;
			npool++;
			failed = 2;
			continue;
		}
		status_line(q, rcpt, p, o == 1 ? 0 : o);
		if (o == 2 && failed < 2)
			failed = 1;
	}
	if (failed == 1)
		bounce_notice(q);
	if (failed < 2)
		emit("qmgr", "%s: removed", q);
}

/* A deferred message's next try: deferred again, sent, bounced, expired. */
static void
retry(void)
{
	unsigned k = rnd(npool);
	struct pending *m = &pool[k];
	unsigned r = rnd(10);
	char d[100];

	if (m->tries < 5 && r < 5) {
		if (rnd(4) == 0) {
			delays(d, 1000 + rnd(9000));
			emit("qmgr", "%s: to=<%s>, relay=none, %s, dsn=4.4.1, "
			    "status=deferred (delivery temporarily suspended: "
			    "connect to mx1.%s[198.51.100.%u]:25: Connection refused)",
			    m->q, m->rcpt, d, strchr(m->rcpt, '@') + 1, rnd(250));
		} else {
			status_line(m->q, m->rcpt, m->p, 1);
		}
		m->tries++;
		return;
	}
	if (r < 7 && m->p != P_DEAD) {
		status_line(m->q, m->rcpt, m->p, 0);
	} else if (r < 9 || m->tries < 5) {
		status_line(m->q, m->rcpt, m->p, 2);
		bounce_notice(m->q);
	} else {
		emit("qmgr", "%s: from=<%s@example.org>, status=expired, returned "
		    "to sender", m->q, users[rnd(NUSERS)]);
		bounce_notice(m->q);
	}
	emit("qmgr", "%s: removed", m->q);
	*m = pool[--npool];
}

/* An incoming message, delivered locally one way or another. */
static void
incoming(void)
{
	char q[16], name[96], ip[64], q2[16];
	const char *u = users[rnd(NUSERS)];
	unsigned k = rnd(10);

	client(name, ip);
	qid(q);
	emit("smtpd", "connect from %s[%s]", name, ip);
	if (rnd(2))
		emit("smtpd", "Anonymous TLS connection established from %s[%s]: "
		    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) "
		    "key-exchange X25519 server-signature RSA-PSS (2048 bits) "
		    "server-digest SHA256", name, ip);
	emit("smtpd", "%s: client=%s[%s]", q, name, ip);
	emit("cleanup", "%s: message-id=<CA%08X%08X@mail.gmail.com>", q,
	    rnd(0xffffffff), rnd(0xffffffff));
	if (k == 0 && rnd(3) == 0) {
		emit("cleanup", "%s: milter-reject: END-OF-MESSAGE from %s[%s]: 5.7.1 "
		    "Spam message rejected; from=<%s@%s> to=<%s@example.org> "
		    "proto=ESMTP helo=<%s>", q, name, ip, users[rnd(NUSERS)],
		    pick_dom(P_SMALL), u, name);
		emit("smtpd", "disconnect from %s[%s] ehlo=1 mail=1 rcpt=1 data=0/1 "
		    "quit=1 commands=4/5", name, ip);
		return;
	}
	if (k == 1 && rnd(4) == 0) {
		emit("cleanup", "%s: reject: header Subject: =?UTF-8?B?WW91IHdvbiE=?= "
		    "from %s[%s]; from=<%s@%s> to=<%s@example.org> proto=ESMTP "
		    "helo=<%s>: 5.7.1 Message content rejected", q, name, ip,
		    users[rnd(NUSERS)], pick_dom(P_SMALL), u, name);
		emit("smtpd", "disconnect from %s[%s] ehlo=1 mail=1 rcpt=1 data=0/1 "
		    "quit=1 commands=4/5", name, ip);
		return;
	}
	if (k == 2 && rnd(20) == 0) {
		emit("cleanup", "%s: hold: header X-Spam-Flag: YES from %s[%s]; "
		    "from=<%s@%s> to=<%s@example.org> proto=ESMTP helo=<%s>", q,
		    name, ip, users[rnd(NUSERS)], pick_dom(P_SMALL), u, name);
	} else if (k == 3 && rnd(20) == 0) {
		emit("cleanup", "%s: discard: header X-Virus: found from %s[%s]; "
		    "from=<%s@%s> to=<%s@example.org> proto=ESMTP helo=<%s>: "
		    "dropped", q, name, ip, users[rnd(NUSERS)], pick_dom(P_SMALL),
		    u, name);
	}
	emit("qmgr", "%s: from=<%s@%s>, size=%u, nrcpt=1 (queue active)", q,
	    users[rnd(NUSERS)], pick_dom((int)rnd(5)), 2000 + rnd(200000));
	emit("smtpd", "disconnect from %s[%s] ehlo=1 mail=1 rcpt=1 data=1 quit=1 "
	    "commands=5", name, ip);
	switch (rnd(7)) {
	case 0:
		emit("local", "%s: to=<%s@mx1.example.org>, orig_to=<%s>, relay=local, "
		    "delay=0.%u, delays=0.%u/0/0/0.01, dsn=2.0.0, status=sent "
		    "(delivered to mailbox)", q, u, u, rnd(99), rnd(9));
		break;
	case 1:
		qid(q2);
		emit("local", "%s: to=<%s@example.org>, relay=local, delay=0.%u, "
		    "delays=0.%u/0/0/0.01, dsn=2.0.0, status=sent (forwarded as %s)",
		    q, u, rnd(99), rnd(9), q2);
		emit("qmgr", "%s: from=<%s@example.org>, size=%u, nrcpt=1 (queue "
		    "active)", q2, u, 2000 + rnd(9000));
		status_line(q2, "forwarded@gmail.com", P_GMAIL, 0);
		emit("qmgr", "%s: removed", q2);
		break;
	case 2:
		emit("virtual", "%s: to=<%s@example.com>, relay=virtual, delay=0.%u, "
		    "delays=0.%u/0/0/0, dsn=2.0.0, status=sent (delivered to maildir)",
		    q, u, rnd(99), rnd(9));
		break;
	case 3:
		emit("pipe", "%s: to=<%s@example.com>, relay=dovecot, delay=0.%u, "
		    "delays=0.%u/0/0/0.1, dsn=2.0.0, status=sent (delivered via "
		    "dovecot service)", q, u, rnd(99), rnd(9));
		break;
	case 4:
		if (rnd(30) == 0) {
			emit("local", "%s: to=<%s@example.org>, relay=local, delay=0.1, "
			    "delays=0.1/0/0/0, dsn=5.2.2, status=bounced (cannot update "
			    "mailbox /var/mail/%s for user %s. error writing message: "
			    "File too large)", q, u, u, u);
			bounce_notice(q);
			break;
		}
		/* FALLTHROUGH */
	default:
		emit("lmtp", "%s: to=<%s@example.org>, relay=mx1.example.org"
		    "[private/dovecot-lmtp], delay=0.%u, delays=0.%u/0.01/0.01/0.1, "
		    "dsn=2.0.0, status=sent (250 2.0.0 <%s@example.org> "
		    "%08X%08XA Saved)", q, u, rnd(99), rnd(9), u, rnd(0xffffffff),
		    rnd(0xffffffff));
		if (rnd(8) == 0) {
			char buf[200];

			snprintf(buf, sizeof buf, "lmtp(%s@example.org)<%u><%08X>: "
			    "sieve: msgid=<x@y>: stored mail into mailbox 'INBOX'", u,
			    rnd(99999), rnd(0xffffffff));
			emit_other("dovecot", buf);
		}
	}
	emit("qmgr", "%s: removed", q);
}

/* Spam and abuse at the door: rejects of every kind, and noise. */
static void
door(void)
{
	char name[96], ip[64];
	const char *u = users[rnd(NUSERS)];
	const char *s = pick_dom(P_SMALL);

	client(name, ip);
	switch (rnd(16)) {
	case 0:
		emit("smtpd", "NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 <%s@%s>: "
		    "Relay access denied; from=<%s@%s> to=<%s@%s> proto=ESMTP "
		    "helo=<%s>", name, ip, u, pick_dom(P_GMAIL), u, s, u,
		    pick_dom(P_GMAIL), name);
		break;
	case 1:
	case 2:
		emit("smtpd", "NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 Service "
		    "unavailable; Client host [%s] blocked using zen.spamhaus.org; "
		    "https://www.spamhaus.org/query/ip/%s; from=<%s@%s> "
		    "to=<%s@example.org> proto=ESMTP helo=<%s>", name, ip, ip, ip, u,
		    s, users[rnd(NUSERS)], name);
		break;
	case 3:
		emit("smtpd", "NOQUEUE: reject: RCPT from %s[%s]: 550 5.1.1 "
		    "<x%u%s@example.org>: Recipient address rejected: User unknown in "
		    "virtual mailbox table; from=<%s@%s> to=<x%u%s@example.org> "
		    "proto=ESMTP helo=<%s>", name, ip, rnd(100), u, u, s, rnd(100), u,
		    name);
		break;
	case 4:
		emit("smtpd", "NOQUEUE: reject: RCPT from %s[%s]: 450 4.2.0 "
		    "<%s@example.org>: Recipient address rejected: Greylisted, see "
		    "http://postgrey.schweikert.ch/help/example.org.html; "
		    "from=<%s@%s> to=<%s@example.org> proto=ESMTP helo=<%s>", name,
		    ip, u, u, s, u, name);
		break;
	case 5:
		emit("smtpd", "NOQUEUE: reject: RCPT from unknown[%s]: 504 5.5.2 "
		    "<WIN-%08X>: Helo command rejected: need fully-qualified "
		    "hostname; from=<%s@%s> to=<%s@example.org> proto=ESMTP "
		    "helo=<WIN-%08X>", ip, rnd(0xffffffff), u, s, u, rnd(0xffffffff));
		break;
	case 6:
		emit("smtpd", "NOQUEUE: reject: RCPT from %s[%s]: 450 4.1.8 "
		    "<%s@nx%u.example>: Sender address rejected: Domain not found; "
		    "from=<%s@nx%u.example> to=<%s@example.org> proto=ESMTP "
		    "helo=<%s>", name, ip, u, rnd(1000), u, rnd(1000), u, name);
		break;
	case 7:
		emit("postscreen", "CONNECT from [%s]:%u to [192.0.2.25]:25", ip,
		    1024 + rnd(60000));
		emit("postscreen", "DNSBL rank %u for [%s]:%u", 2 + rnd(5), ip,
		    1024 + rnd(60000));
		emit("postscreen", "NOQUEUE: reject: RCPT from [%s]:%u: 550 5.7.1 "
		    "Service unavailable; client [%s] blocked using zen.spamhaus.org; "
		    "from=<%s@%s>, to=<%s@example.org>, proto=ESMTP, helo=<%s>", ip,
		    1024 + rnd(60000), ip, u, s, u, name);
		emit("postscreen", "DISCONNECT [%s]:%u", ip, 1024 + rnd(60000));
		break;
	case 8:
		emit("smtpd", "NOQUEUE: milter-reject: RCPT from %s[%s]: 451 4.7.1 "
		    "Service unavailable - try again later; from=<%s@%s> "
		    "to=<%s@example.org> proto=ESMTP helo=<%s>", name, ip, u, s, u,
		    name);
		break;
	case 9:
		emit("smtpd", "NOQUEUE: reject_warning: RCPT from %s[%s]: 450 4.7.1 "
		    "Client host rejected: cannot find your reverse hostname, [%s]; "
		    "from=<%s@%s> to=<%s@example.org> proto=ESMTP helo=<%s>", name, ip,
		    ip, u, s, u, name);
		break;
	case 10:
		emit("smtpd", "NOQUEUE: reject: MAIL from %s[%s]: 552 5.3.4 Message "
		    "size exceeds fixed limit; proto=ESMTP helo=<%s>", name, ip, name);
		break;
	case 11:
		emit("smtpd", "connect from %s[%s]", name, ip);
		emit("smtpd", "warning: %s[%s]: SASL LOGIN authentication failed: "
		    "UGFzc3dvcmQ6", name, ip);
		emit("smtpd", "lost connection after AUTH from %s[%s]", name, ip);
		emit("smtpd", "disconnect from %s[%s] ehlo=1 auth=0/1 commands=1/2",
		    name, ip);
		break;
	case 12:
		emit("anvil", "statistics: max connection rate %u/60s for (smtp:%s) at "
		    "Mar  1 04:%02u:%02u", 1 + rnd(30), ip, rnd(60), rnd(60));
		break;
	case 13:
		emit("smtpd", "NOQUEUE: reject: CONNECT from %s[%s]: 554 5.7.1 "
		    "<%s[%s]>: Client host rejected: Access denied; proto=SMTP", name,
		    ip, name, ip);
		break;
	case 14:
		emit_other("amavis[1234]", "(01234-05) Passed CLEAN {RelayedInbound}, "
		    "[192.0.2.7]:41234 <a@example.net> -> <b@example.org>, "
		    "Queue-ID: 4F2B11C0A3, Message-ID: <x@y>, mail_id: Ab3_xYz, "
		    "Hits: -1.2, size: 4512, queued_as: 5B3C22D1B4, 120 ms");
		break;
	default:
		emit("smtpd", "connect from %s[%s]", name, ip);
		emit("smtpd", "lost connection after EHLO from %s[%s]", name, ip);
		emit("smtpd", "disconnect from %s[%s] ehlo=1 commands=1", name, ip);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: genpostfix [-s seed] [-m megabytes | -n lines] "
	    "[-t mixed|bounces|rejects|iso|quiet]\n");
	exit(2);
}

static unsigned long long
num(const char *s)
{
	char *e;
	unsigned long long v = strtoull(s, &e, 10);

	if (*s == '\0' || *e != '\0')
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 1, mb = 0, nl = 0;
	unsigned w_out, w_in, w_door, r;
	int i;
	static char obuf[1 << 16];

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-s") == 0)
			seed = num(argv[++i]);
		else if (strcmp(argv[i], "-m") == 0)
			mb = num(argv[++i]);
		else if (strcmp(argv[i], "-n") == 0)
			nl = num(argv[++i]);
		else if (strcmp(argv[i], "-t") == 0) {
			i++;
			if (strcmp(argv[i], "mixed") == 0)
				shape = SHAPE_MIXED;
			else if (strcmp(argv[i], "bounces") == 0)
				shape = SHAPE_BOUNCES;
			else if (strcmp(argv[i], "rejects") == 0)
				shape = SHAPE_REJECTS;
			else if (strcmp(argv[i], "iso") == 0)
				shape = SHAPE_ISO;
			else if (strcmp(argv[i], "quiet") == 0)
				shape = SHAPE_QUIET;
			else
				usage();
		} else
			usage();
	}
	if (mb == 0 && nl == 0)
		mb = 10;
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	state ^= seed * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < 8; i++)
		rnd(1);
	w_out = 40;
	w_in = 35;
	w_door = 25;
	if (shape == SHAPE_REJECTS) {
		w_out = 10;
		w_in = 30;
		w_door = 60;
	} else if (shape == SHAPE_QUIET) {
		w_door = 5;
	}
	while (mb ? out_bytes < mb * 1000000 : out_lines < nl) {
		r = rnd(w_out + w_in + w_door + 10);
		if (r < 10 && npool > 0)
			retry();
		else if (r < 10 + w_out)
			outgoing();
		else if (r < 10 + w_out + w_in)
			incoming();
		else
			door();
	}
	/* what is left in the queue: one more try each */
	while (npool > 0 && npool > POOL / 2)
		retry();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genpostfix");
		return 1;
	}
	return 0;
}
