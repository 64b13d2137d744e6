/*
 * genlog.c - a deterministic, realistic mail log for `make bench`:
 * genlog MEGABYTES > log.  A mix of Postfix, Exim, Sendmail, bounce and
 * transcript lines, and noise lines full of numbers that are not codes.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static const char *const basic[] = { "550", "554", "421", "450", "451", "452",
	"553", "535", "250", "552", "530" };
static const char *const enh[] = { "5.1.1", "5.7.1", "4.7.0", "4.2.2", "5.2.2",
	"5.7.26", "4.4.1", "5.4.1", "5.7.8", "2.0.0", "4.3.2" };

int
main(int argc, char **argv)
{
	unsigned long long want, n = 0;
	int r;

	want = (argc > 1 ? strtoull(argv[1], NULL, 10) : 200) * 1000000ULL;
	while (n < want) {
		unsigned k = rnd(11);
		unsigned h = rnd(24), m = rnd(60), s = rnd(60), pid = rnd(99999);
		unsigned a = rnd(256), b = rnd(256), c = rnd(256), d = rnd(256);

		switch (rnd(10)) {
		case 0:
			r = printf("Oct %2u %02u:%02u:%02u mx%u postfix/smtp[%u]: %05X%04X: "
			    "to=<user%u@example.com>, relay=mx.example.com[%u.%u.%u.%u]:25, "
			    "delay=%u.%u, delays=0.%u/0/%u/0, dsn=%s, status=bounced (host "
			    "mx.example.com[%u.%u.%u.%u] said: %s %s Recipient rejected "
			    "(in reply to RCPT TO command))\n", rnd(28) + 1, h, m, s,
			    rnd(9), pid, rnd(0xfffff), rnd(0xffff), rnd(100000), a, b, c,
			    d, rnd(500), rnd(10), rnd(10), rnd(300), enh[k], a, b, c, d,
			    basic[k], enh[k]);
			break;
		case 1:
			r = printf("Oct %2u %02u:%02u:%02u mx postfix/smtpd[%u]: NOQUEUE: "
			    "reject: RCPT from unknown[%u.%u.%u.%u]: %s %s <u%u@example.org>: "
			    "Relay access denied; from=<s@ex.net> to=<u@example.org> "
			    "proto=ESMTP helo=<h%u>\n", rnd(28) + 1, h, m, s, pid, a, b, c,
			    d, basic[k], enh[k], rnd(1000), rnd(1000));
			break;
		case 2:
			r = printf("2024-10-%02u %02u:%02u:%02u 1r%04X-000%03u-Ab ** "
			    "u%u@example.com R=dnslookup T=remote_smtp H=mx.example.com "
			    "[%u.%u.%u.%u]: SMTP error from remote mail server after RCPT "
			    "TO:<u@example.com>: %s %s mailbox unavailable\n", rnd(28) + 1,
			    h, m, s, rnd(0xffff), rnd(1000), rnd(1000), a, b, c, d,
			    basic[k], enh[k]);
			break;
		case 3:
			r = printf("Oct %2u %02u:%02u:%02u relay sm-mta[%u]: x%uA%u: "
			    "to=<e@example.com>, delay=00:00:%02u, xdelay=00:00:%02u, "
			    "mailer=esmtp, pri=%u, relay=mx.example.com. [%u.%u.%u.%u], "
			    "dsn=%s, stat=Deferred: %s %s Try again later\n", rnd(28) + 1,
			    h, m, s, pid, rnd(99999), rnd(99999), rnd(60), rnd(60),
			    rnd(200000), a, b, c, d, enh[k], basic[k], enh[k]);
			break;
		default:
			r = printf("Oct %2u %02u:%02u:%02u mx postfix/qmgr[%u]: %05X%04X: "
			    "from=<n%u@example.net>, size=%u, nrcpt=%u (queue active) "
			    "client=[%u.%u.%u.%u]:%u port %u pid [%u] %u.%u.%u.%u v%u.%u.%u\n",
			    rnd(28) + 1, h, m, s, pid, rnd(0xfffff), rnd(0xffff),
			    rnd(1000), rnd(9000000), rnd(600), a, b, c, d, rnd(65536),
			    rnd(600), rnd(600), rnd(6), rnd(6), rnd(10), rnd(10),
			    rnd(6), rnd(6), rnd(10));
			break;
		}
		if (r < 0)
			return 1;
		n += (unsigned long long)r;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
