/*
 * genreport.c - a mail log with a million distinct recipient domains, for
 * the report's memory bound (tests/bench_report.sh, tests/test_report.c):
 *
 *   genreport [-s SEED] [-d DOMAINS] [-t]
 *
 * Every domain dNNNNNNN.example gets one failure record (so DOMAINS
 * distinct domains), in turn as a Postfix bounce, a Postfix deferral (each
 * its own queue id), a Postfix RCPT reject, an Exim "**" bounce, an Exim
 * "==" deferral and a Sendmail bounce; one line in five in between is a
 * bounce to gmail.com, which dominates its reason, and one in three a
 * delivery.  With -t, the true totals are written to standard error as
 * "delivered N deferred N deferrals N bounced N rejected N", for the
 * caller to compare with the report's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)((state >> 11) % n);
}

static unsigned long long delivered, deferred, deferrals, bounced, rejected;

static void
prefix(unsigned long long i)
{
	unsigned t = (unsigned)(i / 40 % 86400);

	printf("Mar %2u %02u:%02u:%02u mx1 ", (unsigned)(i / 40 / 86400 % 28) + 1,
	    t / 3600, t / 60 % 60, t % 60);
}

static void
failure(unsigned long long i, unsigned long long d)
{
	unsigned a = 1 + rnd(254), b = rnd(256);
	const char *u = "user";

	switch (i % 6) {
	case 0:
		prefix(i);
		printf("postfix/smtp[%u]: %010llX: to=<%s%u@d%07llu.example>, "
		    "relay=mx.d%07llu.example[198.51.%u.%u]:25, delay=1.2, "
		    "delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host "
		    "mx.d%07llu.example[198.51.%u.%u] said: 550 5.1.1 "
		    "<%s%u@d%07llu.example>: Recipient address rejected: User "
		    "unknown in virtual mailbox table (in reply to RCPT TO "
		    "command))\n", 1000 + rnd(9000), 0x100000000ULL + i, u,
		    rnd(100), d, d, b, a, d, b, a, u, rnd(100), d);
		bounced++;
		break;
	case 1:
		prefix(i);
		printf("postfix/smtp[%u]: %010llX: to=<%s@d%07llu.example>, "
		    "relay=none, delay=301, delays=300/0.01/0.5/0, dsn=4.4.1, "
		    "status=deferred (connect to mx.d%07llu.example[198.51.%u.%u]:25:"
		    " Connection timed out)\n", 1000 + rnd(9000),
		    0x200000000ULL + i, u, d, d, b, a);
		deferred++;
		deferrals++;
		break;
	case 2:
		prefix(i);
		printf("postfix/smtpd[%u]: NOQUEUE: reject: RCPT from unknown"
		    "[203.0.%u.%u]: 554 5.7.1 <%s@d%07llu.example>: Relay access "
		    "denied; from=<spam%u@spam.example> to=<%s@d%07llu.example> "
		    "proto=ESMTP helo=<x%u>\n", 1000 + rnd(9000), b, a, u, d,
		    rnd(1000), u, d, rnd(1000));
		rejected++;
		break;
	case 3:
		printf("2024-03-%02u %02u:%02u:%02u 1r%04X-%06llX-Ab ** "
		    "%s@d%07llu.example R=dnslookup T=remote_smtp H=mx.d%07llu.example "
		    "[198.51.%u.%u]: SMTP error from remote mail server after RCPT "
		    "TO:<%s@d%07llu.example>: 550 5.1.1 User unknown\n",
		    (unsigned)(i / 40 / 86400 % 28) + 1, (unsigned)(i / 40 / 3600 % 24),
		    (unsigned)(i / 40 / 60 % 60), (unsigned)(i / 40 % 60),
		    rnd(0x10000), i & 0xffffff, u, d, d, b, a, u, d);
		bounced++;
		break;
	case 4:
		printf("2024-03-%02u %02u:%02u:%02u 1r%04X-%06llX-Cd == "
		    "%s@d%07llu.example R=dnslookup T=remote_smtp defer (-44) "
		    "H=mx.d%07llu.example [198.51.%u.%u]: SMTP error from remote "
		    "mail server after RCPT TO:<%s@d%07llu.example>: 451 4.7.1 "
		    "Greylisted, try again later\n",
		    (unsigned)(i / 40 / 86400 % 28) + 1, (unsigned)(i / 40 / 3600 % 24),
		    (unsigned)(i / 40 / 60 % 60), (unsigned)(i / 40 % 60),
		    rnd(0x10000), i & 0xffffff, u, d, d, b, a, u, d);
		deferred++;
		deferrals++;
		break;
	default:
		prefix(i);
		printf("sm-mta[%u]: 5%07llX%06u: to=<%s@d%07llu.example>, "
		    "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, "
		    "relay=mx.d%07llu.example. [198.51.%u.%u], dsn=5.1.1, "
		    "stat=User unknown\n", 1000 + rnd(9000), i, rnd(1000000), u,
		    d, d, b, a);
		bounced++;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: genreport [-s seed] [-d domains] [-t]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 1, domains = 1000000, d, i = 0;
	int k, truth = 0;
	char *e;
	static char obuf[1 << 16];

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-t") == 0) {
			truth = 1;
		} else if (k + 1 < argc && (strcmp(argv[k], "-s") == 0 ||
		    strcmp(argv[k], "-d") == 0)) {
			d = strtoull(argv[k + 1], &e, 10);
			if (*e != '\0' || argv[k + 1][0] == '\0')
				usage();
			if (argv[k][1] == 's')
				seed = d;
			else
				domains = d;
			k++;
		} else {
			usage();
		}
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	state ^= seed * 0x2545f4914f6cdd1dULL;
	for (d = 0; d < domains; d++) {
		failure(i++, d);
		if (rnd(5) == 0) {
			prefix(i++);
			printf("postfix/smtp[%u]: %010llX: to=<someone%u@gmail.com>, "
			    "relay=gmail-smtp-in.l.google.com[142.250.%u.%u]:25, "
			    "delay=1, delays=0.1/0/0.4/0.5, dsn=5.1.1, status=bounced "
			    "(host gmail-smtp-in.l.google.com[142.250.%u.%u] said: "
			    "550-5.1.1 The email account that you tried to reach does "
			    "not exist. 550 5.1.1 https://support.google.com/mail/"
			    "?p=NoSuchUser a%uz%u.%u - gsmtp (in reply to RCPT TO "
			    "command))\n", 1000 + rnd(9000), 0x300000000ULL + i,
			    rnd(1000), rnd(256), 1 + rnd(254), rnd(256), 1 + rnd(254),
			    rnd(100000), rnd(100000), rnd(300));
			bounced++;
		}
		if (rnd(3) == 0) {
			prefix(i++);
			printf("postfix/lmtp[%u]: %010llX: to=<u%u@example.org>, "
			    "relay=mx1.example.org[private/dovecot-lmtp], delay=0.1, "
			    "delays=0.05/0.01/0.01/0.03, dsn=2.0.0, status=sent (250 "
			    "2.0.0 <u%u@example.org> Saved)\n", 1000 + rnd(9000),
			    0x400000000ULL + i, rnd(100), rnd(100));
			delivered++;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genreport");
		return 1;
	}
	if (truth)
		fprintf(stderr, "delivered %llu deferred %llu deferrals %llu "
		    "bounced %llu rejected %llu\n", delivered, deferred, deferrals,
		    bounced, rejected);
	return 0;
}
