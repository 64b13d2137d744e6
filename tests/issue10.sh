#!/bin/sh
# issue10.sh BINARY - the regressions of issue 10, each of which the
# release before its fix (37c2523) fails:
#
#  1. annotation bytes overwritten while queued: the issue's min.log
#     (a flush when the output segment list filled), from a file and a
#     pipe, LF and CRLF: every annotation intact, and the output minus
#     its annotations is the input;
#  2. FILEs are one stream: `smtpcode --annotate a b` writes what
#     `cat a b | smtpcode --annotate` writes, in text mode, in JSON
#     (line numbers counted per FILE, a line counted in the FILE it ends
#     in) and with --summary, for files without a final newline, empty
#     files, a CRLF or a reply cut between files, a long line across
#     files, standard input among FILEs, and min.log (CRLF) cut in
#     pieces of 997 bytes;
#  3. stdin closed, a FILE that gets descriptor 0 and fails to read (a
#     directory named with ESC and BEL) is named escaped;
#  4. COLUMNS 1, 19, 20, 21, 1000000, 10000000: --list and --search
#     lines at most max(COLUMNS, 20) columns, and at most 1000, a huge
#     COLUMNS as 1000000 is;
#  5. window and read boundaries: in lines of 800 KiB, "450 5.7.2"
#     whose reply position only a phrase 253 to 256 bytes before the
#     450 says, at every offset from -8 to +8 around 64, 128, 192 and
#     256 KiB and the annotator's window ends (262080, 523904, 785728),
#     read from a file, from FILEs cut there, and from pipes fed in
#     blocks of 1000 bytes to 256 KiB: each gets the annotation that the
#     same replies get in a line of 20 KiB, 4 KiB apart.
#
# One line per failure, then "issue10: N passed, M failed"; exit 1 if
# any failed.
set -u
[ $# = 1 ] || { echo "usage: sh tests/issue10.sh BINARY" >&2; exit 2; }
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
[ -x "$bin" ] || { echo "issue10: $bin: not an executable" >&2; exit 2; }
command -v perl >/dev/null 2>&1 || { echo "issue10: perl is needed" >&2; exit 2; }

unset COLUMNS LC_ALL LC_MESSAGES LANG LANGUAGE NO_COLOR
export TERM=dumb

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

# strip [FILE]: the annotations removed
strip() { perl -pe 's/\t# smtp: [^\r\n]*//' "$@"; }
# fill N [CHAR]: N bytes of CHAR (x)
fill() { [ "$1" -gt 0 ] && head -c "$1" /dev/zero | tr '\0' "${2:-x}"; return 0; }
# newlines FILE: how many "\n"
newlines() { tr -dc '\n' <"$1" | wc -c | tr -d ' '; }

# ---- 1. min.log: annotations intact while queued ---------------------------

yes 'said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1 said: 550 5.1.1' |
    head -120 >"$tmp/min.log"
yes 'said: 554 x' | head -300 >>"$tmp/min.log"
yes 'said: 421 4.7.0 y' | head -300 >>"$tmp/min.log"
perl -pe 's/\n/\r\n/' "$tmp/min.log" >"$tmp/min.crlf"

# minlog NAME FILE OUTPUT: the round trip, and 3 kinds of line, 720 in all
minlog() {
	if ! strip "$3" | cmp -s - "$2"; then
		bad "$1" "output minus annotations differs from the input: $(strip "$3" | cmp - "$2" 2>&1)"
	elif [ "$(sort -u "$3" | wc -l | tr -d ' ')" != 3 ] ||
	    [ "$(grep -c '	# smtp: ' "$3")" != 720 ]; then
		bad "$1" "not 720 annotated lines of 3 kinds: $(sort "$3" | uniq -c | head -c 600)"
	else
		ok
	fi
}
for f in min.log min.crlf; do
	"$bin" --annotate "$tmp/$f" >"$tmp/out"
	minlog "$f from a file" "$tmp/$f" "$tmp/out"
	cat "$tmp/$f" | "$bin" --annotate >"$tmp/out"
	minlog "$f from a pipe" "$tmp/$f" "$tmp/out"
	cat "$tmp/$f" "$tmp/$f" "$tmp/$f" >"$tmp/min3"
	"$bin" --annotate "$tmp/min3" | strip | cmp -s - "$tmp/min3" &&
	    ok || bad "$f three times" "output minus annotations differs from the input"
done

# ---- 2. FILEs as one stream ------------------------------------------------

# same NAME FILE...: --annotate, --json --annotate and --summary of the
# FILEs as of their concatenation through a pipe
same() {
	_n=$1 _i=0
	shift
	# each FILE under a name of its own (JSON names them)
	rm -rf "$tmp/same.d" && mkdir "$tmp/same.d" || exit 2
	for _f in "$@"; do
		_i=$((_i + 1))
		cp "$_f" "$tmp/same.d/$_i" || exit 2
		shift
		set -- "$@" "$tmp/same.d/$_i"
	done
	cat "$@" >"$tmp/cat"
	"$bin" --annotate "$@" >"$tmp/m.txt" 2>"$tmp/m.err"
	"$bin" --annotate <"$tmp/cat" >"$tmp/c.txt"
	if ! cmp -s "$tmp/m.txt" "$tmp/c.txt"; then
		bad "$_n: text" "differs from cat | smtpcode --annotate: $(cmp "$tmp/m.txt" "$tmp/c.txt" 2>&1)"
	elif [ -s "$tmp/m.err" ]; then
		bad "$_n: text" "stderr: $(head -c 300 "$tmp/m.err")"
	else
		ok
	fi
	# JSON: "file":F,"line":L of the FILEs becomes the line of the whole
	_offs='' _o=0
	for _f in "$@"; do
		_offs="$_offs $_f $_o"
		_o=$((_o + $(newlines "$_f")))
	done
	"$bin" --json --annotate "$@" | awk -v offs="$_offs" '
	    BEGIN { n = split(offs, a, " "); for (i = 1; i < n; i += 2) off[a[i]] = a[i + 1] }
	    match($0, /^\{"file":"[^"]*","line":[0-9]+,/) {
		h = substr($0, 1, RLENGTH); f = h; l = h
		sub(/^\{"file":"/, "", f); sub(/","line":.*/, "", f)
		sub(/.*"line":/, "", l); sub(/,$/, "", l)
		print "{\"line\":" (off[f] + l) "," substr($0, RLENGTH + 1); next }
	    { print "unexpected: " $0 }' >"$tmp/m.json"
	"$bin" --json --annotate <"$tmp/cat" | sed 's/^{"file":"-",/{/' >"$tmp/c.json"
	if ! cmp -s "$tmp/m.json" "$tmp/c.json"; then
		bad "$_n: JSON" "differs from cat | smtpcode --json --annotate: $(diff "$tmp/m.json" "$tmp/c.json" | head -4)"
	else
		ok
	fi
	"$bin" --summary "$@" >"$tmp/m.sum"
	"$bin" --summary <"$tmp/cat" >"$tmp/c.sum"
	cmp -s "$tmp/m.sum" "$tmp/c.sum" && ok ||
	    bad "$_n: --summary" "differs from cat | smtpcode --summary: $(diff "$tmp/m.sum" "$tmp/c.sum" | head -4)"
}

d=$tmp/cat.d
mkdir "$d"
printf 'said: 550 5.1.1 x' >"$d/nonl"
printf 'said: 421 4.7.0 y\n' >"$d/nl"
printf 'x said: 55' >"$d/half1"
printf '0 5.1.1 y\n' >"$d/half2"
printf 'x said: 550 5.1.1\r' >"$d/cr"
printf '\nnext said: 450 4.2.0\r\n' >"$d/lf"
: >"$d/empty1"
: >"$d/empty2"
printf '\r' >"$d/cr1"
printf '\n' >"$d/lf1"
printf 'a said: 550' >"$d/p1"
printf ' 5.1.1 b <<< 4' >"$d/p2"
printf '21 4.7.0 c' >"$d/p3"
printf 'said: 550 5.1.1\nsaid: 421 4.7.0\n' >"$d/plain"
same "no final newline, then a line" "$d/nonl" "$d/nl"
same "a reply cut between files" "$d/half1" "$d/half2"
same "CRLF cut between files" "$d/cr" "$d/lf" "$d/cr" "$d/lf"
same "empty files around" "$d/empty1" "$d/nonl" "$d/empty2" "$d/empty1" "$d/half1" "$d/empty2"
same "CR and LF alone" "$d/cr1" "$d/lf1" "$d/cr1" "$d/cr1" "$d/nonl" "$d/cr1"
same "three files, no newline at all" "$d/p1" "$d/p2" "$d/p3"
same "empty files only" "$d/empty1" "$d/empty2"
same "whole lines" "$d/plain" "$d/plain" "$d/nl"
# a line of 300 KiB cut in three, with replies around the cuts
{ fill 99990; printf ' said: 550 5.1.1 '; fill 100000; printf ' <<< 421 4.7.0 '
  fill 100000; printf 'dsn=5.7.1\r\n'; } >"$tmp/long"
head -c 100000 "$tmp/long" >"$d/long1"
tail -c +100001 "$tmp/long" | head -c 100010 >"$d/long2"
tail -c +200011 "$tmp/long" >"$d/long3"
same "a 300 KiB line in three files" "$d/long1" "$d/long2" "$d/nonl" "$d/long3"
# min.log in pieces of 997 bytes
(cd "$d" && split -b 997 "$tmp/min.crlf" piece.)
same "min.log in pieces of 997 bytes" "$d"/piece.*
# standard input among FILEs
cat "$d/nonl" "$d/half1" "$d/half2" >"$tmp/want.in"
"$bin" --annotate <"$tmp/want.in" >"$tmp/want"
"$bin" --annotate "$d/nonl" - "$d/half2" <"$d/half1" >"$tmp/got"
cmp -s "$tmp/got" "$tmp/want" && ok ||
    bad "FILE - FILE" "differs from cat | smtpcode --annotate"

# ---- 3. stdin closed: a FILE on descriptor 0 is named escaped --------------

esc=$(printf '\033')
bel=$(printf '\007')
dir="$tmp/dir${esc}[31m${bel}x"
mkdir "$dir"
for args in "--annotate" "--summary" "--json --annotate"; do
	# shellcheck disable=SC2086
	"$bin" $args "$dir" <&- >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ $st != 2 ]; then
		bad "$args DIR <&-" "exit $st, want 2"
	elif ! grep '^smtpcode: ' "$tmp/err" >/dev/null; then
		bad "$args DIR <&-" "no message: $(head -c 200 "$tmp/err" | od -c | head -3)"
	elif ! LC_ALL=C tr -d '\001-\011\013-\037\177' <"$tmp/err" | cmp -s - "$tmp/err"; then
		bad "$args DIR <&-" "raw control bytes on stderr: $(od -c "$tmp/err" | head -3)"
	else
		ok
	fi
done

# ---- 4. COLUMNS ------------------------------------------------------------

# widest FILE: the longest line, in bytes (the output is ASCII)
widest() { LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }
for what in "--list" "--search mailbox" "--search 5.7"; do
	for c in 1 19 20 21 1000000 10000000; do
		# shellcheck disable=SC2086
		COLUMNS=$c "$bin" $what >"$tmp/out.$c" 2>"$tmp/err"
		w=$(widest "$tmp/out.$c")
		lim=$c
		[ "$c" -lt 20 ] && lim=20
		[ "$c" -gt 1000 ] && lim=1000
		if [ ! -s "$tmp/out.$c" ] || [ -s "$tmp/err" ]; then
			bad "COLUMNS=$c smtpcode $what" "no output, or stderr: $(head -c 200 "$tmp/err")"
		elif [ "$w" -gt "$lim" ]; then
			bad "COLUMNS=$c smtpcode $what" "a line of $w columns, more than $lim"
		else
			ok
		fi
	done
	# shellcheck disable=SC2086
	COLUMNS=1000 "$bin" $what >"$tmp/out.1000"
	if ! cmp -s "$tmp/out.10000000" "$tmp/out.1000000" ||
	    ! cmp -s "$tmp/out.1000000" "$tmp/out.1000"; then
		bad "COLUMNS=10000000 smtpcode $what" "not as COLUMNS=1000000 and 1000 (widest $(widest "$tmp/out.10000000"), $(widest "$tmp/out.1000000"), $(widest "$tmp/out.1000"))"
	else
		ok
	fi
done

# ---- 5. a status code at window and read boundaries ------------------------

# The phrase makes the 450 a reply; a status code of another class after
# it is a hit only when it is after a reply code at a reply position:
# seen from 5.7.2, 4 bytes later, the phrase is out of its look-back.
phrase='SMTP error from remote mail server after end of data '
# pattern D: " " phrase "a"... ": 450 5.7.2 y ", the 450 D bytes after "S"
pattern() { printf ' %s' "$phrase"; fill $(($1 - ${#phrase} - 2)) a; printf ': 450 5.7.2 y '; }
pattern 254 >"$tmp/p254"
{ fill 300; cat "$tmp/p254"; fill 10; printf '\n'; } >"$tmp/short"
"$bin" --annotate "$tmp/short" | sed -n 's/^[^	]*	# smtp: //p' >"$tmp/gloss"
[ -s "$tmp/gloss" ] && ok || bad "450 5.7.2 in a short line" "no annotation"

# boundary_line OUT DELTA LENGTH BASE...: a line of LENGTH bytes, the 450
# of a pattern (D 253, 254, 255, 256 in turn) at each BASE + DELTA, "x"
# around them
boundary_line() {
	_out=$1 _dl=$2 _len=$3
	shift 3
	_pos=0 _k=0
	{
		for _b in "$@"; do
			_D=$((253 + _k % 4))
			_s=$((_b + _dl - _D - 1))	# where the pattern starts
			fill $((_s - _pos))
			pattern $_D
			_pos=$((_s + _D + 1 + 12))
			_k=$((_k + 1))
		done
		fill $((_len - _pos))
		printf '\n'
	} >"$_out"
}
# annotation OUT IN: IN's one line annotated, less the line
annotation() { "$bin" --annotate "$2" | tail -c +"$(wc -c <"$2")" >"$1"; }
# want OUT FILE ANNOTATION: FILE's line with ANNOTATION
want() { { head -c $(($(wc -c <"$2") - 1)) "$2"; cat "$3"; } >"$1"; }

set_a="65536 196608 262080 523904 785728"
set_b="131072 262144 524288 786432"
nfail=$fail
for set in a b; do
	case $set in a) bases=$set_a ;; *) bases=$set_b ;; esac
	# The same replies in a line of 20 KiB, 4 KiB apart: its annotation
	# is the one every long line must get, each reply decided with the
	# same look-back (and the same text after it) and nothing at a
	# boundary.
	_a='' _i=0
	for _b in $bases; do
		_i=$((_i + 1))
		_a="$_a $((_i * 4096))"
	done
	# shellcheck disable=SC2086
	boundary_line "$tmp/anchor.$set" 0 $((_i * 4096 + 4096)) $_a
	annotation "$tmp/anchor.$set.ann" "$tmp/anchor.$set"
	dl=-8
	while [ $dl -le 8 ]; do
		f=$tmp/line.$set.$dl
		# shellcheck disable=SC2086
		boundary_line "$f" $dl 819200 $bases
		want "$f.want" "$f" "$tmp/anchor.$set.ann"
		name="450 5.7.2 at $set+$dl"
		"$bin" --annotate "$f" >"$f.out"
		cmp -s "$f.out" "$f.want" && ok || bad "$name, file" "$(cut -f2- "$f.out" | head -c 300)"
		for bs in 1000 4096 65536 131072 262144; do
			dd if="$f" bs=$bs 2>/dev/null | "$bin" --annotate >"$f.out"
			cmp -s "$f.out" "$f.want" && ok || bad "$name, pipe bs=$bs" "$(cut -f2- "$f.out" | head -c 300)"
		done
		# FILEs cut at each base, so that a read ends there
		_p=0 _i=0 _files=
		for _b in $bases; do
			tail -c +$((_p + 1)) "$f" | head -c $((_b - _p)) >"$f.cut$_i"
			_files="$_files $f.cut$_i"
			_p=$_b _i=$((_i + 1))
		done
		tail -c +$((_p + 1)) "$f" >"$f.cut$_i"
		# shellcheck disable=SC2086
		"$bin" --annotate $_files "$f.cut$_i" >"$f.out"
		cmp -s "$f.out" "$f.want" && ok || bad "$name, FILEs cut at the bases" "$(cut -f2- "$f.out" | head -c 300)"
		rm -f "$f" "$f".*
		dl=$((dl + 1))
	done
done
[ $fail = "$nfail" ] ||
    echo "  (want: $(cut -f2- "$tmp/anchor.a.ann" | head -c 300))"

echo "issue10: $pass passed, $fail failed"
[ $fail = 0 ]
