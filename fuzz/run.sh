#!/bin/sh
# run.sh SECONDS [NAME...] - build the libFuzzer harnesses fuzz/fuzz_NAME.c
# with clang (-fsanitize=fuzzer,address,undefined) and run each for SECONDS,
# FUZZ_JOBS of them at a time (default 2: one per core of the CI machine).
#
# NAMEs: parse reply scan annotate json fastpass long message rules (default:
# all).  Seeds:
# fuzz/seeds/NAME/, plus, for scan and annotate, the lines of
# ../shared/corpus/*.log when that directory exists, and for fastpass the
# whole logs.  Binaries, logs and crash inputs go to fuzz/build/; the
# work corpus is a temporary directory.  Exits 1 when a harness fails
# (crash, leak, timeout, out of memory) or clang or its libFuzzer runtime is
# missing; with SMTPCODE_FUZZ_OPTIONAL=1 a missing clang is not an error.
#
# Each harness's line gives its executions and libFuzzer's final coverage:
# cov, the code edges reached, and ft, the features (edges by hit count).
#
# Environment: FUZZ_CC (default: clang, else clang-NN), FUZZ_FLAGS (extra
# libFuzzer flags), FUZZ_JOBS (harnesses run at once, default 2).
set -u
cd "$(dirname "$0")/.." || exit 2

usage() {
	echo "usage: fuzz/run.sh SECONDS [parse|reply|scan|annotate|json|fastpass|long|message|rules...]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
secs=$1
shift
case $secs in '' | *[!0-9]*) usage ;; esac
[ "$secs" -gt 0 ] || usage
jobs=${FUZZ_JOBS:-2}
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
names=${*:-parse reply scan annotate json fastpass long message rules}
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
corpus_messages() {	# one seed per bounce: 2 control bytes (chunk sizes), then the message
	for cm_f in ../shared/corpus/bounces/* ../shared/corpus/bodies/*; do
		[ -f "$cm_f" ] || continue
		{ printf '\067\002'; cat "$cm_f"; } >"$tmp/message/corpus.${cm_f##*/}"
	done
}
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

# build NAME: one harness; clang's exit status to $tmp/NAME.built.
build() {
	# shellcheck disable=SC2086
	"$cc" $cflags -o "$build/fuzz_$1" "fuzz/fuzz_$1.c" $srcs \
	    >"$build/fuzz_$1.log" 2>&1
	echo $? >"$tmp/$1.built"
}

# The harnesses are built $jobs at a time.
fail=0
built=
# shellcheck disable=SC2086
set -- $names
while [ $# -gt 0 ]; do
	batch=
	while [ $# -gt 0 ] && [ "$(echo "$batch" | wc -w)" -lt "$jobs" ]; do
		echo "fuzz: $1: building"
		build "$1" &
		batch="$batch $1"
		shift
	done
	wait
	for n in $batch; do
		if [ "$(cat "$tmp/$n.built")" = 0 ]; then
			built="$built $n"
		else
			cat "$build/fuzz_$n.log" >&2
			echo "fuzz: $n: FAILED to build"
			fail=1
		fi
	done
done

# run NAME: one harness for $secs seconds; its exit status and the time it
# took go to $tmp/NAME.rc and $tmp/NAME.took.
run() {
	r_start=$(date +%s)
	# shellcheck disable=SC2086
	"$build/fuzz_$1" -max_total_time="$secs" -rss_limit_mb=2048 \
	    -print_final_stats=1 -timeout=30 \
	    -artifact_prefix="$build/artifacts/$1-" ${FUZZ_FLAGS:-} \
	    "$tmp/$1" >"$build/fuzz_$1.log" 2>&1
	echo $? >"$tmp/$1.rc"
	echo $(($(date +%s) - r_start)) >"$tmp/$1.took"
}

# report NAME: its line, and for a failure the report and the input.
report() {
	n=$1
	hlog=$build/fuzz_$n.log
	rc=$(cat "$tmp/$n.rc")
	took=$(cat "$tmp/$n.took")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$hlog" | tail -1)
	[ -n "$execs" ] || execs='?'
	cov=$(sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, ft \2/p' "$hlog" | tail -1)
	[ -n "$cov" ] || cov='cov ?'
	if [ "$rc" = 0 ]; then
		echo "fuzz: $n: $execs executions in ${took}s, $cov: ok"
		return
	fi
	fail=1
	echo "fuzz: $n: $execs executions in ${took}s, $cov: FAILED (exit $rc), log $hlog"
	# The report, its stack, and the input that caused it.
	grep -E 'property violated|wider than|runtime error|^==[0-9]+==|^(READ|WRITE) |^SUMMARY|^ *#[0-9]+ 0x' \
	    "$hlog" | grep -v -E 'fuzzer::|libc\.so|__sanitizer_print|in _start' |
	    head -30 | sed 's/^/  /'
	unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$hlog" | tail -1)
	if [ -n "$unit" ] && [ -f "$unit" ]; then
		echo "  input: $unit ($(wc -c <"$unit" | tr -d ' ') bytes), hex:"
		od -An -tx1 -v "$unit" | head -16 | sed 's/^/  /'
	fi
}

# The harnesses, $jobs at a time; each batch reported when it is done.
# shellcheck disable=SC2086
set -- $built
while [ $# -gt 0 ]; do
	batch=
	while [ $# -gt 0 ] && [ "$(echo "$batch" | wc -w)" -lt "$jobs" ]; do
		n=$1
		shift
		mkdir -p "$tmp/$n"
		if [ -d "fuzz/seeds/$n" ]; then
			cp fuzz/seeds/"$n"/* "$tmp/$n/" 2>/dev/null
		fi
		case $n in scan | annotate | fastpass) corpus_lines "$n" ;;
		message) corpus_messages ;; esac
		nseeds=$(ls "$tmp/$n" | wc -l | tr -d ' ')
		echo "fuzz: $n: running ${secs}s from $nseeds seeds"
		run "$n" &
		batch="$batch $n"
	done
	wait
	for n in $batch; do
		report "$n"
	done
done
exit $fail
