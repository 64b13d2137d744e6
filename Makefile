# smtpcode - see README.md.  CFLAGS, CPPFLAGS, LDFLAGS, PREFIX, MANPREFIX
# and DESTDIR are yours; the flags the build needs are in SC_*.
.POSIX:

CC = cc
AR = ar
CFLAGS = -O2
PREFIX = /usr/local
LIBDIR = $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
PKGCONFIGDIR = $(LIBDIR)/pkgconfig
MANPREFIX = $(PREFIX)/share/man
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
FISHDIR = $(PREFIX)/share/fish/vendor_completions.d

SC_CPPFLAGS = -Iinclude -Idata
SC_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic
CMOCKA = `pkg-config --cflags --libs cmocka`

OBJ = src/table.o src/parse.o src/render.o src/scan.o src/fastpass.o \
	src/annotate.o src/i18n.o src/list.o src/json.o src/message.o src/mime.o \
	src/reason.o src/rules.o src/verdict.o src/reply.o src/report.o \
	src/feed.o
UNITS = tests/test_table tests/test_parse tests/test_render tests/test_scan \
	tests/test_i18n tests/test_list tests/test_annotate tests/test_message \
	tests/test_reason tests/test_rules tests/test_report
TESTS = $(UNITS) tests/test_fastpass

all: smtpcode libsmtpcode.a

smtpcode: libsmtpcode.a src/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ src/main.o libsmtpcode.a

libsmtpcode.a: $(OBJ)
	rm -f $@
	$(AR) rcs $@ $(OBJ)

# The example of smtpcode(3), built like a user's program.
examples/explain: examples/explain.c libsmtpcode.a
	$(CC) -Iinclude $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ examples/explain.c \
	    libsmtpcode.a

.SUFFIXES: .c .o
.c.o:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -c -o $@ $<

$(OBJ) src/main.o: include/smtpcode.h data/messages.def
$(OBJ): src/internal.h src/reason.h src/report.h data/reasons.def
src/table.o: data/codes.def
src/reason.o: data/reasons.def src/reason.h
src/rules.o: data/reasons.def src/reason.h src/rules.h
src/scan.o src/fastpass.o: src/scan_impl.h
src/message.o src/mime.o: src/message.h
src/report.o: src/report.h src/internal.h src/reason.h

tests/test_table: tests/test_table.c $(OBJ)
tests/test_parse: tests/test_parse.c $(OBJ)
tests/test_render: tests/test_render.c $(OBJ)
tests/test_scan: tests/test_scan.c tests/scanwin.h $(OBJ)
tests/test_annotate: tests/test_annotate.c $(OBJ)
tests/test_i18n: tests/test_i18n.c $(OBJ)
tests/test_list: tests/test_list.c $(OBJ)
tests/test_message: tests/test_message.c src/message.h $(OBJ)
tests/test_reason: tests/test_reason.c tests/casereply.h src/reason.h $(OBJ)
tests/test_rules: tests/test_rules.c tests/casereply.h src/rules.h src/reason.h $(OBJ)
tests/test_report: tests/test_report.c src/report.h $(OBJ)
tests/rules_bench: tests/rules_bench.c tests/casereply.h src/rules.h src/reason.h $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ)
tests/classify_cli: tests/classify_cli.c src/reason.h $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ)
tests/corpus_check: tests/corpus_check.c tests/scanwin.h $(OBJ)
tests/message_corpus: tests/message_corpus.c src/message.h $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ)
$(UNITS) tests/corpus_check:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ) $(CMOCKA)

# The scanner again, for tests/test_fastpass.c: with at most AVX2, SSE2, the
# portable code, and with no fast pass at all.  Built under another name,
# scan.c takes fastpass.c in (see src/scan_impl.h): one object each.
FASTPASS = tests/scan_isa2.o tests/scan_isa1.o tests/scan_isa0.o \
	tests/scan_every.o
$(FASTPASS): src/scan.c src/fastpass.c src/scan_impl.h include/smtpcode.h
tests/scan_isa2.o tests/scan_isa1.o tests/scan_isa0.o:
	v=`basename $@ .o`; n=`echo $$v | sed 's/scan_isa//'`; \
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -DSC_SCAN_ISA=$$n \
	    -Dsc_scan=sc_$$v -Dsc_scan_lines=sc_$${v}_lines \
	    -Dsc_count_newlines=sc_$${v}_newlines -c -o $@ src/scan.c
tests/scan_every.o:
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) -DSC_SCAN_EVERY=1 \
	    -Dsc_scan=sc_scan_every -Dsc_scan_lines=sc_scan_every_lines \
	    -Dsc_count_newlines=sc_scan_every_newlines -c -o $@ src/scan.c
tests/test_fastpass: tests/test_fastpass.c $(FASTPASS) $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(FASTPASS) $(OBJ) $(CMOCKA)

# The differential test's and the soak's helpers: the reference annotator
# (tests/refannot.h), the log generator, the chunked pipe feeder.
HELPERS = tests/refannot tests/gendiff tests/chunkfeed
tests/refannot: tests/refannot.c tests/refannot.h $(OBJ)
tests/gendiff: tests/gendiff.c tests/prng.h $(OBJ)
tests/chunkfeed: tests/chunkfeed.c tests/prng.h $(OBJ)
$(HELPERS):
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ)

# The --summary report's helpers: Postfix log and million-domain log
# generators, and a driver of src/report.c (tests/bench_report.sh,
# tests/pflogsumm_check.sh).
REPORT_HELPERS = tests/genpostfix tests/genreport tests/report_cli
tests/genpostfix: tests/genpostfix.c
tests/genreport: tests/genreport.c
tests/genpostfix tests/genreport:
	$(CC) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $@.c
tests/report_cli: tests/report_cli.c src/report.h $(OBJ)
	$(CC) $(SC_CPPFLAGS) $(CPPFLAGS) $(SC_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $@.c $(OBJ)

# Install what the tests need (Debian; root).  check waits for it, so
# that make -j deps check works on a fresh machine.
deps:
	@if command -v apt-get >/dev/null 2>&1 && \
	    ! { pkg-config --exists cmocka && command -v mandoc && command -v jq && \
	    command -v zsh && command -v fish; } >/dev/null 2>&1; then \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    libcmocka-dev pkg-config mandoc jq zsh fish >/dev/null; \
	fi

check: deps smtpcode $(TESTS) examples/explain $(HELPERS)
	@set -e; for t in $(TESTS); do ./$$t; done
	sh tests/golden.sh ./smtpcode tests/golden
	sh tests/roundtrip.sh ./smtpcode
	sh tests/issue10.sh ./smtpcode
	sh tests/differential.sh ./smtpcode
	sh tests/json.sh ./smtpcode
	sh tests/completions.sh .
	CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" sh tests/library.sh
	sh tests/failure.sh ./smtpcode
	CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" sh tests/manpage.sh ./smtpcode man
	sh tests/helpsync.sh ./smtpcode man/smtpcode.1

corpus: tests/corpus_check
	@if [ -d ../shared/corpus ]; then tests/corpus_check ../shared/corpus; \
	else echo "corpus: ../shared/corpus absent, skipped"; fi

FUZZ_SECONDS = 60

fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

bench: smtpcode tests/genpostfix tests/genreport
	sh tests/bench.sh ./smtpcode
	sh tests/bench_report.sh ./smtpcode

# Gigabytes of input, not for check or CI: the differential test on DIFF_MB of
# input (here 4000), then SOAK_GB (3) through a file and a pipe.
soak: smtpcode $(HELPERS)
	DIFF_MB=$${DIFF_MB:-4000} DIFF_SEED=$${DIFF_SEED:-1000} \
	    sh tests/differential.sh ./smtpcode
	sh tests/soak.sh ./smtpcode

install: smtpcode libsmtpcode.a
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man3 $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	cp -f smtpcode $(DESTDIR)$(PREFIX)/bin/smtpcode
	chmod 755 $(DESTDIR)$(PREFIX)/bin/smtpcode
	cp -f man/smtpcode.1 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1
	cp -f man/smtpcode.3 $(DESTDIR)$(MANPREFIX)/man3/smtpcode.3
	cp -f libsmtpcode.a $(DESTDIR)$(LIBDIR)/libsmtpcode.a
	cp -f include/smtpcode.h $(DESTDIR)$(INCLUDEDIR)/smtpcode.h
	v=`sed -n 's/^#define SMTPCODE_VERSION "\(.*\)"/\1/p' include/smtpcode.h`; \
	sed -e "s|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|" \
	    -e "s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$$v|" \
	    smtpcode.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/smtpcode.pc
	chmod 644 $(DESTDIR)$(MANPREFIX)/man3/smtpcode.3 \
	    $(DESTDIR)$(LIBDIR)/libsmtpcode.a $(DESTDIR)$(INCLUDEDIR)/smtpcode.h \
	    $(DESTDIR)$(PKGCONFIGDIR)/smtpcode.pc
	cp -f completions/smtpcode.bash $(DESTDIR)$(BASHDIR)/smtpcode
	cp -f completions/_smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode
	cp -f completions/smtpcode.fish $(DESTDIR)$(FISHDIR)/smtpcode.fish
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1 \
	    $(DESTDIR)$(BASHDIR)/smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode \
	    $(DESTDIR)$(FISHDIR)/smtpcode.fish

uninstall:
	rm -f $(DESTDIR)$(MANPREFIX)/man3/smtpcode.3 $(DESTDIR)$(LIBDIR)/libsmtpcode.a \
	    $(DESTDIR)$(INCLUDEDIR)/smtpcode.h $(DESTDIR)$(PKGCONFIGDIR)/smtpcode.pc
	rm -f $(DESTDIR)$(PREFIX)/bin/smtpcode $(DESTDIR)$(MANPREFIX)/man1/smtpcode.1 \
	    $(DESTDIR)$(BASHDIR)/smtpcode $(DESTDIR)$(ZSHDIR)/_smtpcode \
	    $(DESTDIR)$(FISHDIR)/smtpcode.fish

clean:
	rm -f smtpcode libsmtpcode.a examples/explain src/*.o tests/*.o \
	    $(TESTS) tests/corpus_check $(HELPERS) $(REPORT_HELPERS) \
	    tests/classify_cli tests/message_corpus tests/rules_bench
	rm -rf fuzz/build

.PHONY: all deps check corpus fuzz bench soak install uninstall clean
