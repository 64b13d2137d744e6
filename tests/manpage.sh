#!/bin/sh
# manpage.sh BINARY MANDIR - the manual pages are clean and their examples
# real:
#   - mandoc -Tlint -Wwarning is quiet on smtpcode.1 and smtpcode.3;
#   - every line of the example blocks of smtpcode(1), section JSON OUTPUT,
#     that starts with "{" is one JSON object with a "type" member (or, a
#     record of --annotate, "file", "line" and "codes"), no mdoc macro ate
#     its quotes, and each "$ smtpcode ..." there prints exactly the records
#     shown under it;
#   - the program in EXAMPLES of smtpcode(3) builds against the library
#     (libsmtpcode.a, else src/*.o but main.o) and explains a reply.
# Run from the top of the tree: sh tests/manpage.sh ./smtpcode man
set -u
bin=$1 man=$2
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

for t in mandoc jq; do
	command -v $t >/dev/null 2>&1 || { echo "manpage: $t not found"; exit 1; }
done
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac

# The page as a reader sees it: no overstrike, no tabs.
render() {
	if command -v col >/dev/null 2>&1; then
		mandoc -T"$1" "$2" | col -bx
	else
		mandoc -T"$1" "$2" | perl -pe 's/.\x08//g'
	fi
}

# One section of a rendered page: from its heading to the next one.
section() {
	awk -v s="$1" '/^[A-Z][A-Z ]*$/ { on = ($0 == s); next } on' "$2"
}

# 1. lint
for p in smtpcode.1 smtpcode.3; do
	if out=$(mandoc -Tlint -Wwarning "$man/$p" 2>&1) && [ -z "$out" ]; then
		ok
	else
		bad "mandoc -Tlint $man/$p:"; printf '%s\n' "$out"
	fi
done

# 2. JSON OUTPUT of smtpcode(1)
render utf8 "$man/smtpcode.1" >"$tmp/page1"
section "JSON OUTPUT" "$tmp/page1" | sed 's/^ *//' >"$tmp/json"
if grep -q '{"type: "' "$tmp/page1"; then
	bad 'smtpcode.1: the rendered page holds {"type: " (quotes eaten by mdoc)'
else
	ok
fi
# A list item meant as plain words keeps them all: ".It An enhanced code"
# lost "An" to the mdoc macro of that name.
grep -E '^\.It( [A-Za-z0-9]+)+$' "$man/smtpcode.1" "$man/smtpcode.3" |
    sed 's/^[^:]*:\.It //' |
    grep -vE '^(Fl|Ar|Cm|Ev|Dv|Li|Ql|Sy|Em|Pa|Ic|Va|Vt|Xr|Nm|Fn|Fa|Dq|Qq|Sq|Pq|Er)( |$)' \
    >"$tmp/items"
render utf8 "$man/smtpcode.3" >"$tmp/page3u"
while IFS= read -r l; do
	if grep -qF -- "$l" "$tmp/page1" "$tmp/page3u"; then ok; else
		bad "list item '.It $l' does not render as its words"; fi
done <"$tmp/items"
n=0
while IFS= read -r l; do
	case $l in '{'*) ;; *) continue ;; esac
	n=$((n + 1))
	if printf '%s\n' "$l" | jq -se 'length == 1 and (.[0] | type == "object" and
	    (has("type") or (has("file") and has("line") and has("codes"))))' \
	    >/dev/null 2>&1; then
		ok
	else
		bad "smtpcode.1 JSON OUTPUT: not one JSON record with a type: $l"
	fi
done <"$tmp/json"
# the examples show every kind of record: at least these many
if [ $n -ge 10 ]; then ok; else bad "smtpcode.1 JSON OUTPUT: $n JSON lines, expected 10 or more"; fi

# Each "$ command" of the section prints the "{" lines right under it.
mkdir "$tmp/run" "$tmp/bin"
ln -s "$bin" "$tmp/bin/smtpcode"
awk -v d="$tmp" '
	/^\$ / { f = sprintf("%s/cmd%03d", d, ++c); print substr($0, 3) >f
		close(f); want = 1; next }
	want && /^\{/ { f = sprintf("%s/cmd%03d.want", d, c); print >>f; close(f); next }
	{ want = 0 }' "$tmp/json"
ncmd=0
for c in "$tmp"/cmd[0-9][0-9][0-9]; do
	[ -f "$c" ] || continue
	ncmd=$((ncmd + 1))
	[ -f "$c.want" ] || : >"$c.want"
	(cd "$tmp/run" && PATH=$tmp/bin:$PATH NO_COLOR=1 sh "$c") >"$c.got" 2>/dev/null
	if cmp -s "$c.want" "$c.got"; then
		ok
	else
		bad "smtpcode.1 JSON OUTPUT: '$(cat "$c")' prints other records:"
		diff "$c.want" "$c.got" | head -n 6
	fi
done
if [ $ncmd -ge 5 ]; then ok; else bad "smtpcode.1 JSON OUTPUT: $ncmd example commands, expected 5 or more"; fi

# 3. the program of smtpcode(3), EXAMPLES
render ascii "$man/smtpcode.3" >"$tmp/page3"
section EXAMPLES "$tmp/page3" | awk '
	!on && /^ *#include/ { on = 1; match($0, /^ */); ind = RLENGTH }
	on { print substr($0, ind + 1) }
	on && /^ *}$/ && substr($0, ind + 1) == "}" { exit }' >"$tmp/explain.c"
if grep -q '^main(' "$tmp/explain.c" && tail -n 1 "$tmp/explain.c" | grep -qx '}'; then
	ok
else
	bad "smtpcode.3 EXAMPLES: no complete program found"
fi
if [ -f libsmtpcode.a ]; then
	lib=libsmtpcode.a
else
	lib=
	for o in src/*.o; do
		[ "$o" = src/main.o ] || lib="$lib $o"
	done
fi
# shellcheck disable=SC2086 # $lib: one or several object files
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror ${CFLAGS:-} ${LDFLAGS:-} \
    -Iinclude -o "$tmp/explain" "$tmp/explain.c" $lib 2>"$tmp/cc.err"; then
	ok
	out=$("$tmp/explain" '550 5.1.1 no such user'); st=$?
	if [ $st = 0 ] && printf '%s\n' "$out" | grep -q '5\.1\.1'; then ok; else
		bad "smtpcode.3 EXAMPLES: '550 5.1.1 no such user' gave exit $st"; fi
	"$tmp/explain" 259 >/dev/null; st=$?
	if [ $st = 1 ]; then ok; else bad "smtpcode.3 EXAMPLES: 259 gave exit $st, not 1"; fi
	"$tmp/explain" 3540 >/dev/null 2>&1; st=$?
	if [ $st = 2 ]; then ok; else bad "smtpcode.3 EXAMPLES: 3540 gave exit $st, not 2"; fi
else
	bad "smtpcode.3 EXAMPLES: the program does not build:"
	head -n 20 "$tmp/cc.err"
fi

echo "manpage: $pass passed, $fail failed"
[ $fail = 0 ]
