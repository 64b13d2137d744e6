#!/bin/sh
# failure.sh BINARY - how the real binary fails: full and closed stdout,
# SIGPIPE, bad FILEs among good ones, hostile bytes, a 200 MB line, escape
# sequences in arguments, 10,000 arguments, odd COLUMNS and locales.
#
# Each case checks the exit status (0 all known, 1 unregistered, 2 usage,
# malformed or I/O error), the message on stderr ("smtpcode: ..."), and
# that no output already produced is lost.  One line per case, then
# "failure: N passed, M failed"; exit 1 if any failed.
set -u
[ $# = 1 ] || { echo "usage: sh tests/failure.sh BINARY" >&2; exit 2; }
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
[ -x "$bin" ] || { echo "failure: $bin: not an executable" >&2; exit 2; }

# Output must not depend on the caller's terminal, width, language, colour.
unset COLUMNS LC_ALL LC_MESSAGES LANG LANGUAGE NO_COLOR
export TERM=dumb

tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0 fail=0

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
note() { echo "skip $1: $2"; }

# status ST: an exit status in words
status() { if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit $1"; fi; }

# size FILE: bytes in FILE
size() { wc -c <"$1" | tr -d ' '; }

# errcheck FILE N [TEXT...]: FILE holds N messages, lines "smtpcode: ...",
# the first line one of them, any other line part of the usage text; and
# holds every TEXT.  Sets $why on failure.
errcheck() {
	_f=$1 _n=$2
	shift 2
	_l=$(grep -c '^smtpcode: ' "$_f")
	if [ "$_l" != "$_n" ]; then
		why="$_l messages on stderr, want $_n: $(head -c 300 "$_f")"
		return 1
	fi
	if [ -s "$_f" ] && ! head -1 "$_f" | grep '^smtpcode: ' >/dev/null; then
		why="stderr does not start with 'smtpcode: ': $(head -c 300 "$_f")"
		return 1
	fi
	if grep -v -e '^smtpcode: ' -e '^usage: ' -e '^[ 	]' "$_f" >/dev/null; then
		why="stray line on stderr: $(grep -v -e '^smtpcode: ' -e '^usage: ' -e '^[ 	]' "$_f" | head -1)"
		return 1
	fi
	for _t in "$@"; do
		if ! grep -F -e "$_t" "$_f" >/dev/null; then
			why="stderr does not mention '$_t': $(head -c 300 "$_f")"
			return 1
		fi
	done
	return 0
}

# A small log: replies to annotate, and lines without.
cat >"$tmp/log" <<'EOF'
Oct 26 18:13:50 mx postfix/smtp[1234]: 4A1B: to=<a@b.example>, relay=mx.b.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.b.example[192.0.2.1] said: 550 5.1.1 <a@b.example>: Recipient address rejected (in reply to RCPT TO command))
Oct 26 18:13:51 mx postfix/qmgr[99]: 4A1B: removed
Feb 25 03:01:10 kismet sm-mta[27713]: s1P8: ruleset=check_rcpt, arg1=<x@y.ru>, relay=h [128.68.136.133], reject=550 5.7.1 <x@y.ru>... Relaying denied.
EOF

# ---- stdout full, stdout closed ------------------------------------------

if [ -w /dev/full ]; then
	for args in '354' '--annotate' '--help' '--version'; do
		# shellcheck disable=SC2086
		"$bin" $args <"$tmp/log" >/dev/full 2>"$tmp/err"
		st=$?
		name="smtpcode $args >/dev/full"
		if [ $st != 2 ]; then
			bad "$name" "exit $st, want 2"
		elif ! errcheck "$tmp/err" 1 "smtpcode: write error: "; then
			bad "$name" "$why"
		else
			ok "$name"
		fi
	done
else
	note "stdout full" "no /dev/full here"
fi

"$bin" 354 >&- 2>"$tmp/err"
st=$?
if [ $st != 2 ]; then
	bad "smtpcode 354 >&-" "exit $st, want 2"
elif ! errcheck "$tmp/err" 1; then
	bad "smtpcode 354 >&-" "$why"
else
	ok "smtpcode 354 >&-"
fi

# ---- SIGPIPE: smtpcode --annotate <big | head -1 -------------------------

line='Oct 26 18:13:50 mx postfix/smtp[1]: 4A1B: to=<a@b>, status=bounced (host h[192.0.2.1] said: 550 5.1.1 unknown user (in reply to RCPT TO command))'
yes "$line" | head -c 20000000 >"$tmp/big"
printf '%s\n' "$line" | "$bin" --annotate >"$tmp/first.want"
wd=
command -v timeout >/dev/null 2>&1 && wd='timeout 30'
t0=$(date +%s)
{ $wd "$bin" --annotate <"$tmp/big" 2>"$tmp/err"; echo $? >"$tmp/st"; } |
    head -1 >"$tmp/first"
t1=$(date +%s)
st=$(cat "$tmp/st")
name='smtpcode --annotate <big | head -1'
if [ "$st" = 124 ] || [ $((t1 - t0)) -gt 10 ]; then
	bad "$name" "took $((t1 - t0)) s (exit $st): smtpcode goes on after head is gone"
elif ! cmp -s "$tmp/first" "$tmp/first.want"; then
	bad "$name" "head printed '$(head -c 200 "$tmp/first")'"
elif [ -s "$tmp/err" ]; then
	bad "$name" "stderr not empty (exit $st): $(head -c 300 "$tmp/err")"
else
	ok "$name (exit $st)"
fi
rm -f "$tmp/big"

# ---- --annotate FILE...: bad files among good ones -----------------------

printf '220 mx.example ESMTP\n250 2.0.0 Ok: queued\n' >"$tmp/good1"
printf 'no reply here\n' >"$tmp/good2"
printf 'Diagnostic-Code: smtp; 550 5.1.10 RecipientNotFound\n' >"$tmp/good3"
mkdir "$tmp/dir"
for f in good1 good2 good3; do
	"$bin" --annotate "$tmp/$f" >"$tmp/$f.out" 2>/dev/null
done
cat "$tmp/good1.out" "$tmp/good2.out" "$tmp/good3.out" >"$tmp/goods.out"
set -- "$tmp/good1" "$tmp/missing" "$tmp/good2" "$tmp/dir"
nbad=2
if [ "$(id -u)" = 0 ]; then
	note "--annotate unreadable FILE" "running as root, where chmod 000 is still readable"
else
	printf '250 ok\n' >"$tmp/unreadable"
	chmod 000 "$tmp/unreadable"
	set -- "$@" "$tmp/unreadable"
	nbad=3
fi
set -- "$@" "$tmp/good3"
"$bin" --annotate "$@" >"$tmp/out" 2>"$tmp/err"
st=$?
name="--annotate with $nbad bad FILEs among 3 good ones"
if [ $st != 2 ]; then
	bad "$name" "exit $st, want 2"
elif ! cmp -s "$tmp/out" "$tmp/goods.out"; then
	bad "$name" "output is not the good files' annotated, in order"
elif [ $nbad = 3 ] && ! errcheck "$tmp/err" 3 "$tmp/missing" "$tmp/dir" "$tmp/unreadable"; then
	bad "$name" "$why"
elif [ $nbad = 2 ] && ! errcheck "$tmp/err" 2 "$tmp/missing" "$tmp/dir"; then
	bad "$name" "$why"
else
	ok "$name"
fi

# ---- bytes: NUL, CR-only line ends, invalid UTF-8 ------------------------

# roundtrip NAME FILE: annotating FILE exits 0, adds annotations, and the
# output minus annotations is FILE byte for byte.
roundtrip() {
	"$bin" --annotate "$2" >"$tmp/rt.out" 2>"$tmp/err"
	st=$?
	perl -pe 's/\t# smtp: [^\r\n]*//' "$tmp/rt.out" >"$tmp/rt.stripped"
	if [ $st != 0 ]; then
		bad "$1" "$(status $st), want exit 0: $(head -c 300 "$tmp/err")"
	elif [ -s "$tmp/err" ]; then
		bad "$1" "stderr not empty: $(head -c 300 "$tmp/err")"
	elif ! cmp -s "$2" "$tmp/rt.stripped"; then
		bad "$1" "output minus annotations differs from input"
	elif cmp -s "$2" "$tmp/rt.out"; then
		bad "$1" "no reply annotated"
	else
		ok "$1"
	fi
}
printf 'said: 550 5.1.1 \000\000 x\n\000<<< 421 4.7.0 busy\000\nplain\000line\n\000' >"$tmp/nul"
roundtrip "--annotate input with NUL bytes" "$tmp/nul"
printf 'S: 250 ok\rS: 354 go ahead\rS: 221 2.0.0 bye\rreject=550 5.7.1 x\r' >"$tmp/cr"
roundtrip "--annotate input with CR-only line ends" "$tmp/cr"
printf '\300\301 said: 550 5.1.1 \355\240\200 \377\376\n<<< 451 4.3.0 caf\351 \342\202\n\200\n' >"$tmp/utf8"
roundtrip "--annotate input with invalid UTF-8" "$tmp/utf8"
printf 'a\r\r\nsaid: 550 5.1.1 x\r\n\r\n\n<<< 550 5.1.1 \000\377\r' >"$tmp/mixed"
roundtrip "--annotate input with CRLF, lone CR, NUL mixed" "$tmp/mixed"

# ---- a 200 MB line with no newline ---------------------------------------

# longline N: a line with replies at its start, middle and end, N x's twice.
longline() {
	printf 'said: 550 5.1.1 '
	head -c "$1" /dev/zero | tr '\0' x
	printf ' <<< 421 4.7.0 '
	head -c "$1" /dev/zero | tr '\0' x
	printf ' reject=554 5.7.1 end'
}
longline 1000 >"$tmp/short"
"$bin" --annotate "$tmp/short" >"$tmp/short.out" 2>/dev/null
annot=$(($(size "$tmp/short.out") - $(size "$tmp/short")))
[ $annot -gt 0 ] && tail -c $annot "$tmp/short.out" >"$tmp/short.annot"
longline 100000000 >"$tmp/long"
insize=$(size "$tmp/long")
mem=
if /usr/bin/time -f %M true >/dev/null 2>&1; then
	/usr/bin/time -f %M -o "$tmp/rss" "$bin" --annotate "$tmp/long" \
	    >"$tmp/long.out" 2>"$tmp/err"
	st=$?
	mem=$(tail -1 "$tmp/rss")
	case $mem in '' | *[!0-9]*) mem= ;; esac
else
	"$bin" --annotate "$tmp/long" >"$tmp/long.out" 2>"$tmp/err"
	st=$?
fi
name="--annotate a $((insize / 1000000)) MB line without newline"
if [ $st != 0 ]; then
	bad "$name" "$(status $st), want exit 0: $(head -c 300 "$tmp/err")"
elif [ "$annot" -le 0 ]; then
	bad "$name" "the same line, short, gets no annotation"
elif [ "$(size "$tmp/long.out")" != $((insize + annot)) ]; then
	bad "$name" "output $(size "$tmp/long.out") bytes, want $insize + $annot"
elif ! head -c "$insize" "$tmp/long.out" | cmp -s - "$tmp/long"; then
	bad "$name" "output does not start with the input"
elif ! tail -c "$annot" "$tmp/long.out" | cmp -s - "$tmp/short.annot"; then
	bad "$name" "annotation differs from the short line's: $(tail -c "$annot" "$tmp/long.out" | head -c 300)"
elif [ -n "$mem" ] && [ "$mem" -gt 65536 ]; then
	bad "$name" "max RSS $mem kB: not streamed"
elif [ -z "$mem" ]; then
	ok "$name (memory not measured: no GNU /usr/bin/time)"
else
	ok "$name (max RSS $mem kB)"
fi
rm -f "$tmp/long" "$tmp/long.out"

# ---- terminal escape sequences in arguments ------------------------------

# noctl FILE: FILE holds printable ASCII and newlines only.
noctl() {
	[ "$(tr -d '\n\040-\176' <"$1" | wc -c | tr -d ' ')" = 0 ]
}
esc=$(printf '\033')
bel=$(printf '\007')
for i in 1 2 3; do
	case $i in
	1) arg="${esc}[31m354" shown='ESC[31m354' ;;
	2) arg="--${esc}]0;owned${bel}" shown='--ESC]0;ownedBEL' ;;
	3) arg="5.1.1${esc}[2J" shown='5.1.1ESC[2J' ;;
	esac
	"$bin" "$arg" >"$tmp/out" 2>"$tmp/err"
	st=$?
	name="argument '$shown'"
	if [ $st != 2 ]; then
		bad "$name" "exit $st, want 2"
	elif ! errcheck "$tmp/err" 1; then
		bad "$name" "$why"
	elif ! noctl "$tmp/err"; then
		bad "$name" "raw control bytes on stderr"
	elif [ -s "$tmp/out" ]; then
		bad "$name" "output on stdout"
	else
		ok "$name"
	fi
done
"$bin" --annotate "$tmp/no${esc}[2Jsuch" >"$tmp/out" 2>"$tmp/err"
st=$?
name="--annotate FILE named 'noESC[2Jsuch'"
if [ $st != 2 ]; then
	bad "$name" "exit $st, want 2"
elif ! errcheck "$tmp/err" 1 "such"; then
	bad "$name" "$why"
elif ! noctl "$tmp/err"; then
	bad "$name" "raw control bytes on stderr"
else
	ok "$name"
fi

# ---- 10,000 arguments -----------------------------------------------------

awk 'BEGIN { for (i = 0; i < 10000; i++) print "250" }' >"$tmp/args"
# shellcheck disable=SC2046
set -- $(cat "$tmp/args")
"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
st=$?
n=$(grep -c '^250  ' "$tmp/out")
if [ $st != 0 ]; then
	bad "10,000 arguments" "exit $st, want 0: $(head -c 300 "$tmp/err")"
elif [ "$n" != 10000 ]; then
	bad "10,000 arguments" "$n entries, want 10000"
elif [ -s "$tmp/err" ]; then
	bad "10,000 arguments" "stderr not empty"
else
	ok "10,000 arguments"
fi
# shellcheck disable=SC2046
set -- $(awk 'BEGIN { for (i = 0; i < 10000; i++) print i == 7777 ? "2500" : "250" }')
"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st != 2 ]; then
	bad "10,000 arguments, one bad" "exit $st, want 2"
elif [ -s "$tmp/out" ]; then
	bad "10,000 arguments, one bad" "$(size "$tmp/out") bytes on stdout, want none"
elif ! errcheck "$tmp/err" 1 "2500"; then
	bad "10,000 arguments, one bad" "$why"
else
	ok "10,000 arguments, one bad"
fi
set --

# ---- COLUMNS ---------------------------------------------------------------

# maxlen FILE: the longest line, in bytes
maxlen() { LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }
codes='354 5.7.26 550 5.1.1 5xx 55x X.1.1'
# shellcheck disable=SC2086
"$bin" $codes >"$tmp/w80" 2>/dev/null
"$bin" 221 vs 535 >"$tmp/w80vs" 2>/dev/null
for c in 0 abc -5 100000 20; do
	# shellcheck disable=SC2086
	COLUMNS=$c "$bin" $codes >"$tmp/out" 2>"$tmp/err"
	st=$?
	COLUMNS=$c "$bin" 221 vs 535 >"$tmp/outvs" 2>>"$tmp/err"
	st2=$?
	name="COLUMNS=$c"
	if [ $st != 0 ] || [ $st2 != 0 ]; then
		bad "$name" "exit $st and $st2, want 0: $(head -c 300 "$tmp/err")"
		continue
	fi
	case $c in
	100000) w=1000 ;;	# main.c clamps to 20-1000
	20) w=20 ;;
	*)	if cmp -s "$tmp/out" "$tmp/w80" && cmp -s "$tmp/outvs" "$tmp/w80vs"; then
			ok "$name (as unset: 80)"
		else
			bad "$name" "output differs from COLUMNS unset (80)"
		fi
		continue ;;
	esac
	m=$(maxlen "$tmp/out")
	m2=$(maxlen "$tmp/outvs")
	[ "$m2" -gt "$m" ] && m=$m2
	if [ "$m" -gt "$w" ]; then
		bad "$name" "a line of $m columns, wider than $w: $(LC_ALL=C awk -v w="$w" 'length($0) > w { print; exit }' "$tmp/out" "$tmp/outvs")"
	else
		ok "$name (lines <= $w)"
	fi
done

# ---- LANG, LC_ALL ----------------------------------------------------------

set -- 354 5.7.26 '550 5.1.1 user unknown'
env LC_ALL=C "$bin" "$@" >"$tmp/c.out" 2>"$tmp/c.err"
for v in frobnicate xx_YY.ISO-8859-99 /etc/passwd '' 'de_DE.UTF-8@euro' '...'; do
	for var in LC_ALL LANG; do
		# env, not the shell: a shell may complain of the locale itself
		env "$var=$v" "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
		st=$?
		name="$var='$v'"
		if [ $st != 0 ]; then
			bad "$name" "$(status $st), want exit 0"
		elif ! cmp -s "$tmp/out" "$tmp/c.out"; then
			bad "$name" "output differs from LC_ALL=C"
		elif ! cmp -s "$tmp/err" "$tmp/c.err"; then
			bad "$name" "stderr differs from LC_ALL=C: $(head -c 300 "$tmp/err")"
		else
			ok "$name"
		fi
	done
done
set --

echo "failure: $pass passed, $fail failed"
[ $fail = 0 ]
