/*
 * explain.c - explain one SMTP reply with libsmtpcode.
 *
 *	cc explain.c $(pkg-config --cflags --libs smtpcode) -o explain
 *	./explain '550 5.1.1 <bob@example.com>: no such user'
 *
 * Exit status: 0 every code is known, 1 a code is well-formed but not
 * registered, 2 the argument is no code or reply, or output failed.
 */
#include <stdio.h>
#include <string.h>

#include <smtpcode.h>

int
main(int argc, char **argv)
{
	struct sc_render_opts o = { .width = 80, .lang = SC_LANG_EN };
	struct sc_query q;
	const char *why;
	int st;

	if (argc != 2) {
		fprintf(stderr, "usage: explain REPLY\n");
		return 2;
	}
	if (sc_parse(argv[1], strlen(argv[1]), &q, &why) != SC_OK) {
		fprintf(stderr, "explain: '%s': %s\n", argv[1], why);
		return 2;
	}
	st = sc_render_query(stdout, &q, &o);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("explain: write error");
		return 2;
	}
	return st;
}
