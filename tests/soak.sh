#!/bin/sh
# soak.sh BINARY - gigabytes through --annotate, from a file and from a
# pipe, with the round trip checked and peak memory printed (make soak;
# not part of make check or CI).
#
# tests/gendiff -S writes a hostile log (see tests/gendiff.c) without the
# separator in it, so that deleting every annotation must give back the
# input byte for byte.  Nothing is held in memory and, but for the one
# file the file path needs, nothing on disk: the input is generated
# again from the same seed and compared as a stream (cmp on a FIFO).
#
#   file  gendiff >FILE; BINARY --annotate FILE | strip | cmp - FILE
#   pipe  gendiff | chunkfeed | BINARY --annotate | strip | cmp - FIFO,
#         with a second gendiff of the same seed writing the FIFO
#
# and the annotated output of both must be the same (cksum).  Then
# BINARY --annotate FILE >/dev/null alone, for its speed.  Prints, for
# each, the bytes, the time, MB/s and BINARY's peak resident memory
# (GNU time -v where there is one; tests/runstat.c for the last).
#
# Environment: SOAK_GB, gigabytes through each path (default 3), or
# SOAK_MB, megabytes; SOAK_SEED (default 1); SOAK_DIR, where the file
# goes (default TMPDIR, else /tmp).  Exit 1 if a round trip fails.
set -u
[ $# = 1 ] || { echo "usage: sh tests/soak.sh BINARY" >&2; exit 2; }
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
dir=$(cd "$(dirname "$0")" && pwd)
for t in "$bin" "$dir/gendiff" "$dir/chunkfeed"; do
	[ -x "$t" ] || { echo "soak: $t: not built (make tests/gendiff tests/chunkfeed)" >&2; exit 2; }
done
command -v perl >/dev/null 2>&1 || { echo "soak: perl is needed" >&2; exit 2; }
mb=${SOAK_MB:-$((${SOAK_GB:-3} * 1000))}
seed=${SOAK_SEED:-1}
case $mb$seed in *[!0-9]*) echo "soak: SOAK_GB, SOAK_MB and SOAK_SEED are numbers" >&2; exit 2 ;; esac
bytes=$((mb * 1000000))
where=${SOAK_DIR:-${TMPDIR:-/tmp}}

unset COLUMNS LC_ALL LC_MESSAGES LANG LANGUAGE NO_COLOR
export TERM=dumb

tmp=$(mktemp -d "$where/soak.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
fail=0

# now: seconds, with nanoseconds where date has them
case $(date +%N) in
*[!0-9]*) now() { date +%s; } ;;
*) now() { date +%s.%N; } ;;
esac
# timed: GNU time -v around BINARY, when there is one
gtime=
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	gtime=/usr/bin/time
fi
annotate() {	# annotate NAME [FILE]: BINARY --annotate, peak RSS to $tmp/NAME.time
	_n=$1
	shift
	if [ -n "$gtime" ]; then
		"$gtime" -v -o "$tmp/$_n.time" "$bin" --annotate "$@"
	else
		"$bin" --annotate "$@"
	fi
}
rss() {	# rss NAME: peak RSS of BINARY in the run NAME, in KiB
	if [ -f "$tmp/$1.time" ]; then
		sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/$1.time"
	else
		echo '?'
	fi
}
strip() { perl -pe 's/\t# smtp: [^\r\n]*//'; }
report() {	# report NAME T0 T1: a line of figures
	awk -v n="$1" -v b="$bytes" -v t="$(echo "$2 $3" | awk '{ print $2 - $1 }')" \
	    -v m="$4" 'BEGIN { printf "soak: %-5s %6.2f GB in %7.1f s  %7.1f MB/s  peak RSS %s KiB\n",
		n, b / 1e9, t, (t > 0 ? b / t / 1e6 : 0), m }'
}

echo "soak: $mb MB, seed $seed, through $bin"
echo "soak: generating $tmp/log"
need=$((bytes / 1024 + 1024))
free=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ "${free:-0}" -lt "$need" ]; then
	echo "soak: $where has ${free} KiB free, $need needed: SOAK_DIR elsewhere" >&2
	exit 2
fi
"$dir/gendiff" -S "$seed" "$bytes" >"$tmp/log" || exit 2

# ---- file ----
mkfifo "$tmp/ck" || exit 2
cksum <"$tmp/ck" >"$tmp/ck.file" &
t0=$(now)
annotate file "$tmp/log" | tee "$tmp/ck" | strip | cmp - "$tmp/log"
st=$?
t1=$(now)
wait
if [ $st = 0 ]; then
	report file "$t0" "$t1" "$(rss file)"
else
	echo "soak: FAIL file: output minus annotations differs from the input"
	fail=1
fi

# ---- pipe: generated twice, compared as streams ----
mkfifo "$tmp/again" || exit 2
"$dir/gendiff" -S "$seed" "$bytes" >"$tmp/again" &
rm -f "$tmp/ck"
mkfifo "$tmp/ck" || exit 2
cksum <"$tmp/ck" >"$tmp/ck.pipe" &
t0=$(now)
"$dir/gendiff" -S "$seed" "$bytes" | "$dir/chunkfeed" -s "$seed" -p 64 |
    annotate pipe | tee "$tmp/ck" | strip | cmp - "$tmp/again"
st=$?
t1=$(now)
wait
if [ $st = 0 ]; then
	report pipe "$t0" "$t1" "$(rss pipe)"
else
	echo "soak: FAIL pipe: output minus annotations differs from the input"
	fail=1
fi
if cmp -s "$tmp/ck.file" "$tmp/ck.pipe"; then
	echo "soak: file and pipe: the same output ($(cut -d' ' -f1-2 "$tmp/ck.file"))"
else
	echo "soak: FAIL: the output from a file and from a pipe differ"
	fail=1
fi

# ---- the filter alone: file to /dev/null ----
cc=${CC:-cc}
if $cc -O2 -o "$tmp/runstat" "$dir/runstat.c" 2>/dev/null; then
	# shellcheck disable=SC2046
	set -- $("$tmp/runstat" 1 "$bin" --annotate "$tmp/log")
	awk -v b="$bytes" -v t="$1" -v m="$2" 'BEGIN {
		printf "soak: alone %6.2f GB in %7.1f s  %7.1f MB/s  peak RSS %s KiB (--annotate FILE >/dev/null)\n",
		    b / 1e9, t, b / t / 1e6, m }'
else
	echo "soak: $cc cannot build tests/runstat.c: no figures for the filter alone"
fi

[ $fail = 0 ] && echo "soak: ok"
[ $fail = 0 ]
