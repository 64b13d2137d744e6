# smtpcode - see README.md.  CFLAGS, CPPFLAGS, LDFLAGS, PREFIX, MANPREFIX
# and DESTDIR are yours; the flags the build needs are in SC_*.
.POSIX:

CC = cc
CFLAGS = -O2
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man

SC_CPPFLAGS = -Iinclude -Idata
SC_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic
CMOCKA = `pkg-config --cflags --libs cmocka`

OBJ = src/table.o src/parse.o src/render.o src/scan.o src/annotate.o src/i18n.o \
	src/list.o src/json.o
TESTS = tests/test_table tests/test_parse tests/test_render tests/test_scan \
	tests/test_annotate

all: smtpcode

smtpcode: $(OBJ) src/main.o
	$(CC) $(LDFLAGS) -o $@ src/main.o $(OBJ)

.SUFFIXES: .c .o
.c.o:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -c -o $@ $<

$(OBJ) src/main.o: include/smtpcode.h data/messages.def
src/table.o: data/codes.def

tests/test_table: tests/test_table.c $(OBJ)
tests/test_parse: tests/test_parse.c $(OBJ)
tests/test_render: tests/test_render.c $(OBJ)
tests/test_scan: tests/test_scan.c $(OBJ)
tests/test_annotate: tests/test_annotate.c $(OBJ)
tests/corpus_check: tests/corpus_check.c $(OBJ)
$(TESTS) tests/corpus_check:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ) $(CMOCKA)

# Install what the tests need (Debian; root).
deps:
	@if command -v apt-get >/dev/null 2>&1 && \
	    ! { pkg-config --exists cmocka && command -v mandoc; } >/dev/null 2>&1; then \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    libcmocka-dev pkg-config mandoc >/dev/null; \
	fi

check: smtpcode $(TESTS)
	@set -e; for t in $(TESTS); do ./$$t; done
	sh tests/golden.sh ./smtpcode tests/golden
	sh tests/roundtrip.sh ./smtpcode
	mandoc -Tlint -Wwarning man/smtpcode.1
	sh tests/helpsync.sh ./smtpcode man/smtpcode.1

corpus: tests/corpus_check
	@if [ -d ../shared/corpus ]; then tests/corpus_check ../shared/corpus; \
	else echo "corpus: ../shared/corpus absent, skipped"; fi

bench: smtpcode
	sh tests/bench.sh ./smtpcode

install: smtpcode
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1
	cp -f smtpcode $(DESTDIR)$(PREFIX)/bin/smtpcode
	chmod 755 $(DESTDIR)$(PREFIX)/bin/smtpcode
	cp -f man/smtpcode.1 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/smtpcode $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1

clean:
	rm -f smtpcode src/*.o $(TESTS) tests/corpus_check

.PHONY: all deps check corpus bench install uninstall clean
