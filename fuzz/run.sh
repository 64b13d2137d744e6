#!/bin/sh
# run.sh SECONDS [NAME...] - build the libFuzzer harnesses fuzz/fuzz_NAME.c
# with clang (-fsanitize=fuzzer,address,undefined) and run each for SECONDS.
#
# NAMEs: parse reply scan annotate json fastpass (default: all).  Seeds:
# fuzz/seeds/NAME/, plus, for scan and annotate, the lines of
# ../shared/corpus/*.log when that directory exists, and for fastpass the
# whole logs.  Binaries, logs and crash inputs go to fuzz/build/; the
# work corpus is a temporary directory.  Exits 1 when a harness fails
# (crash, leak, timeout, out of memory) or clang or its libFuzzer runtime is
# missing; with SMTPCODE_FUZZ_OPTIONAL=1 a missing clang is not an error.
#
# Environment: FUZZ_CC (default: clang, else clang-NN), FUZZ_FLAGS (extra
# libFuzzer flags, e.g. -jobs=2).
set -u
cd "$(dirname "$0")/.." || exit 2

usage() {
	echo "usage: fuzz/run.sh SECONDS [parse|reply|scan|annotate|json|fastpass...]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
secs=$1
shift
case $secs in '' | *[!0-9]*) usage ;; esac
[ "$secs" -gt 0 ] || usage
names=${*:-parse reply scan annotate json fastpass}
for n in $names; do
	[ -f "fuzz/fuzz_$n.c" ] || { echo "fuzz: no harness fuzz/fuzz_$n.c" >&2; exit 2; }
done

no_clang() {
	if [ "${SMTPCODE_FUZZ_OPTIONAL:-0}" = 1 ]; then
		echo "fuzz: skipped, no clang"
		exit 0
	fi
	echo "fuzz: $1" >&2
	echo "fuzz: on Debian: apt-get install clang libclang-rt-14-dev" >&2
	exit 1
}

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
	for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
		if command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
	done
fi
[ -n "$cc" ] && command -v "$cc" >/dev/null 2>&1 || no_clang "clang not found"

build=fuzz/build
mkdir -p "$build/artifacts" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Does clang link a fuzzer?  (The runtime is a separate package on Debian.)
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
    '{ (void)d; (void)n; return 0; }' >"$tmp/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$tmp/probe" "$tmp/probe.c" \
    >"$tmp/probe.log" 2>&1; then
	sed 's/^/  /' "$tmp/probe.log" | head -5 >&2
	no_clang "$cc cannot build a -fsanitize=fuzzer,address,undefined program: clang and its libFuzzer runtime are needed"
fi

# Every library source: all of src/ but main.c.
srcs=
for f in src/*.c; do
	[ "$f" = src/main.c ] || srcs="$srcs $f"
done
cflags='-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -Iinclude -Idata -std=c11 -D_POSIX_C_SOURCE=200809L'

# Seed corpus in $tmp/NAME.
corpus_lines() {	# corpus_lines NAME: one seed per line of the shared logs
	[ -d ../shared/corpus ] || return 0
	if [ "$1" = fastpass ]; then	# whole logs, room 32
		for cl_log in ../shared/corpus/*.log; do
			[ -f "$cl_log" ] || continue
			{ printf '\037'; cat "$cl_log"; } \
			    >"$tmp/$1/corpus.$(basename "$cl_log" .log)"
		done
		return 0
	fi
	mkdir -p "$tmp/split" || return 0
	for cl_log in ../shared/corpus/*.log; do
		[ -f "$cl_log" ] || continue
		split -l 1 -a 4 "$cl_log" "$tmp/split/$(basename "$cl_log" .log)."
	done
	for cl_f in "$tmp/split"/*; do
		[ -f "$cl_f" ] || continue
		case $1 in
		annotate) cp "$cl_f" "$tmp/$1/corpus.${cl_f##*/}" ;;
		scan)	# control bytes: eol 1, max 65, from 0, window step 129
			{ printf '\201\000\000\040'; tr -d '\n' <"$cl_f"; } \
			    >"$tmp/$1/corpus.${cl_f##*/}" ;;
		esac
	done
	rm -rf "$tmp/split"
}

fail=0
for n in $names; do
	bin=$build/fuzz_$n
	hlog=$build/fuzz_$n.log
	echo "fuzz: $n: building"
	# shellcheck disable=SC2086
	if ! "$cc" $cflags -o "$bin" "fuzz/fuzz_$n.c" $srcs >"$hlog" 2>&1; then
		cat "$hlog" >&2
		echo "fuzz: $n: FAILED to build"
		fail=1
		continue
	fi
	mkdir -p "$tmp/$n"
	if [ -d "fuzz/seeds/$n" ]; then
		cp fuzz/seeds/"$n"/* "$tmp/$n/" 2>/dev/null
	fi
	case $n in scan | annotate | fastpass) corpus_lines "$n" ;; esac
	nseeds=$(ls "$tmp/$n" | wc -l | tr -d ' ')
	echo "fuzz: $n: running ${secs}s from $nseeds seeds"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
	    -timeout=30 -artifact_prefix="$build/artifacts/$n-" ${FUZZ_FLAGS:-} \
	    "$tmp/$n" >"$hlog" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$hlog" | tail -1)
	[ -n "$execs" ] || execs='?'
	if [ $rc = 0 ]; then
		echo "fuzz: $n: $execs executions in ${took}s: ok"
		continue
	fi
	fail=1
	echo "fuzz: $n: $execs executions in ${took}s: FAILED (exit $rc), log $hlog"
	# The report, its stack, and the input that caused it.
	grep -E 'property violated|wider than|runtime error|^==[0-9]+==|^(READ|WRITE) |^SUMMARY|^ *#[0-9]+ 0x' \
	    "$hlog" | grep -v -E 'fuzzer::|libc\.so|__sanitizer_print|in _start' |
	    head -30 | sed 's/^/  /'
	unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$hlog" | tail -1)
	if [ -n "$unit" ] && [ -f "$unit" ]; then
		echo "  input: $unit ($(wc -c <"$unit" | tr -d ' ') bytes), hex:"
		od -An -tx1 -v "$unit" | head -16 | sed 's/^/  /'
	fi
done
exit $fail
