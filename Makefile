# smtpcode - see README.md.  CFLAGS, CPPFLAGS, LDFLAGS, PREFIX, MANPREFIX
# and DESTDIR are yours; the flags the build needs are in SC_*.
.POSIX:

CC = cc
CFLAGS = -O2
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
FISHDIR = $(PREFIX)/share/fish/vendor_completions.d

SC_CPPFLAGS = -Iinclude -Idata
SC_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic
CMOCKA = `pkg-config --cflags --libs cmocka`

OBJ = src/table.o src/parse.o src/render.o src/scan.o src/annotate.o src/i18n.o \
	src/list.o src/json.o
UNITS = tests/test_table tests/test_parse tests/test_render tests/test_scan \
	tests/test_i18n tests/test_list tests/test_annotate
TESTS = $(UNITS) tests/test_fastpass

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
tests/test_scan: tests/test_scan.c tests/scanwin.h $(OBJ)
tests/test_annotate: tests/test_annotate.c $(OBJ)
tests/test_i18n: tests/test_i18n.c $(OBJ)
tests/test_list: tests/test_list.c $(OBJ)
tests/corpus_check: tests/corpus_check.c tests/scanwin.h $(OBJ)
$(UNITS) tests/corpus_check:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ) $(CMOCKA)

# The scanner again, for tests/test_fastpass.c: with at most AVX2, SSE2, the
# plain loop, and with no fast pass at all.
FASTPASS = tests/scan_isa2.o tests/scan_isa1.o tests/scan_isa0.o \
	tests/scan_every.o
tests/scan_isa2.o tests/scan_isa1.o tests/scan_isa0.o tests/scan_every.o: \
    src/scan.c include/smtpcode.h
tests/scan_isa2.o tests/scan_isa1.o tests/scan_isa0.o:
	v=`basename $@ .o`; n=`echo $$v | sed 's/scan_isa//'`; \
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -DSC_SCAN_ISA=$$n \
	    -Dsc_scan=sc_$$v -Dsc_scan_lines=sc_$${v}_lines -c -o $@ src/scan.c
tests/scan_every.o:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -DSC_SCAN_EVERY=1 \
	    -Dsc_scan=sc_scan_every -Dsc_scan_lines=sc_scan_every_lines -c -o $@ src/scan.c
tests/test_fastpass: tests/test_fastpass.c $(FASTPASS) $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(FASTPASS) $(OBJ) $(CMOCKA)

# Install what the tests need (Debian; root).
deps:
	@if command -v apt-get >/dev/null 2>&1 && \
	    ! { pkg-config --exists cmocka && command -v mandoc && command -v jq && \
	    command -v zsh && command -v fish; } >/dev/null 2>&1; then \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    libcmocka-dev pkg-config mandoc jq zsh fish >/dev/null; \
	fi

check: smtpcode $(TESTS)
	@set -e; for t in $(TESTS); do ./$$t; done
	sh tests/golden.sh ./smtpcode tests/golden
	sh tests/roundtrip.sh ./smtpcode
	sh tests/json.sh ./smtpcode
	sh tests/completions.sh .
	sh tests/failure.sh ./smtpcode
	mandoc -Tlint -Wwarning man/smtpcode.1
	sh tests/helpsync.sh ./smtpcode man/smtpcode.1

corpus: tests/corpus_check
	@if [ -d ../shared/corpus ]; then tests/corpus_check ../shared/corpus; \
	else echo "corpus: ../shared/corpus absent, skipped"; fi

FUZZ_SECONDS = 60

fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

bench: smtpcode
	sh tests/bench.sh ./smtpcode

install: smtpcode
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	cp -f smtpcode $(DESTDIR)$(PREFIX)/bin/smtpcode
	chmod 755 $(DESTDIR)$(PREFIX)/bin/smtpcode
	cp -f man/smtpcode.1 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1
	cp -f completions/smtpcode.bash $(DESTDIR)$(BASHDIR)/smtpcode
	cp -f completions/_smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode
	cp -f completions/smtpcode.fish $(DESTDIR)$(FISHDIR)/smtpcode.fish
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1 \
	    $(DESTDIR)$(BASHDIR)/smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode \
	    $(DESTDIR)$(FISHDIR)/smtpcode.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/smtpcode $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1 \
	    $(DESTDIR)$(BASHDIR)/smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode \
	    $(DESTDIR)$(FISHDIR)/smtpcode.fish

clean:
	rm -f smtpcode src/*.o tests/*.o $(TESTS) tests/corpus_check
	rm -rf fuzz/build

.PHONY: all deps check corpus fuzz bench install uninstall clean
