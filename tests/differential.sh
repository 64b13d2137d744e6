#!/bin/sh
# differential.sh BINARY - the real filter against the reference
# annotator, byte for byte, on large generated inputs.
#
# For seed after seed, tests/gendiff writes a hostile log (bursts of
# annotated lines, lines from 0 bytes to several MiB, replies around the
# annotator's window and read boundaries, CRLF, no final newline, the
# separator already in the input) cut into 1 to 40 FILEs (empty ones, a
# CRLF or a reply cut between two).  tests/refannot (tests/refannot.h:
# the whole input in memory, each line scanned whole with sc_scan) says
# what `BINARY --annotate FILE...` must write; the real filter must write
# exactly that
#   - from the FILEs,
#   - from their concatenation on standard input, a regular file,
#   - from a pipe fed by tests/chunkfeed in writes of 1 byte to 1 MiB.
#
# Environment: DIFF_MB, megabytes of input in all (default 480);
# DIFF_SEED, the first seed (default 1).  A failure names its seed and
# the commands that reproduce it.  Prints "differential: N passed, M
# failed" and the time taken; exit 1 if any failed.
set -u
[ $# = 1 ] || { echo "usage: sh tests/differential.sh BINARY" >&2; exit 2; }
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
dir=$(cd "$(dirname "$0")" && pwd)
for t in "$bin" "$dir/refannot" "$dir/gendiff" "$dir/chunkfeed"; do
	[ -x "$t" ] || { echo "differential: $t: not built (make tests/refannot tests/gendiff tests/chunkfeed)" >&2; exit 2; }
done
mb=${DIFF_MB:-480}
seed=${DIFF_SEED:-1}
case $mb$seed in *[!0-9]*) echo "differential: DIFF_MB and DIFF_SEED are numbers" >&2; exit 2 ;; esac

unset COLUMNS LC_ALL LC_MESSAGES LANG LANGUAGE NO_COLOR
export TERM=dumb

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0 fail=0 total=0 cases=0
start=$(date +%s)

# differs NAME SEED SIZE NFILES GOT: compare GOT with the reference
differs() {
	if cmp -s "$5" "$tmp/want"; then
		pass=$((pass + 1))
		return
	fi
	fail=$((fail + 1))
	echo "FAIL seed $2, $1: $(cmp "$5" "$tmp/want" 2>&1 | head -1)"
	echo "  reproduce: tests/gendiff $2 $3 /tmp/d $4 &&"
	echo "    tests/refannot /tmp/d.* >want && smtpcode --annotate /tmp/d.* | cmp - want"
}

limit=$((mb * 1000000))
while [ $total -lt $limit ]; do
	# size and count of FILEs from the seed: mostly 1-8 MB, some 20 MB
	size=$(( (seed * 7919 % 8 + 1) * 1000000 ))
	[ $((seed % 7)) = 3 ] && size=20000000
	[ $((total + size)) -gt $limit ] && size=$((limit - total))
	[ $size -lt 100000 ] && size=100000
	nfiles=$((seed * 104729 % 40 + 1))
	[ $((seed % 5)) = 0 ] && nfiles=1
	rm -f "$tmp"/f.*
	"$dir/gendiff" "$seed" "$size" "$tmp/f" "$nfiles" || exit 2
	set -- "$tmp"/f.*
	"$dir/refannot" "$@" >"$tmp/want" || exit 2
	"$bin" --annotate "$@" >"$tmp/got" 2>"$tmp/err"
	differs "$nfiles FILEs" "$seed" "$size" "$nfiles" "$tmp/got"
	cat "$@" >"$tmp/all"
	"$bin" --annotate <"$tmp/all" >"$tmp/got" 2>>"$tmp/err"
	differs "one file on standard input" "$seed" "$size" "$nfiles" "$tmp/got"
	"$dir/chunkfeed" -s "$seed" "$@" | "$bin" --annotate >"$tmp/got" 2>>"$tmp/err"
	differs "a pipe fed in chunks (chunkfeed -s $seed)" "$seed" "$size" "$nfiles" "$tmp/got"
	if [ -s "$tmp/err" ]; then
		fail=$((fail + 1))
		echo "FAIL seed $seed: stderr: $(head -c 300 "$tmp/err")"
	fi
	total=$((total + size))
	cases=$((cases + 1))
	seed=$((seed + 1))
done
echo "differential: $pass passed, $fail failed ($cases seeds, $((total / 1000000)) MB, $(($(date +%s) - start)) s)"
[ $fail = 0 ]
