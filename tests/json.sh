#!/bin/sh
# json.sh BINARY - every --json output parses with a real JSON parser
# (jq), one object per line, for every code and for hostile input.
set -u
bin=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
if ! command -v jq >/dev/null 2>&1; then
	echo "json: jq not installed (make deps installs it)"; exit 1
fi

# valid FILE WHAT [JQ-FILTER]: each line is one JSON value; the filter holds
valid() {
	if [ ! -s "$1" ]; then
		echo "FAIL $2: no output"; fail=$((fail + 1)); return
	fi
	n=$(wc -l <"$1")
	if m=$(jq -c . <"$1" 2>"$tmp/jqerr" | wc -l) && [ "$m" = "$n" ] &&
	    ! [ -s "$tmp/jqerr" ] && jq -e "${3:-.}" <"$1" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $2: not $n valid JSON lines${3:+ with $3}"; head -c 300 "$1"
		fail=$((fail + 1))
	fi
}

"$bin" --json --list >"$tmp/list"
valid "$tmp/list" "--list" '.code and .title'
for c in $(cut -d'"' -f8 "$tmp/list"); do
	"$bin" --json "$c" >>"$tmp/all" || [ $? = 1 ] || echo "FAIL $c: exit"
done
valid "$tmp/all" "every code" '.type and .code'
"$bin" --json 259 5.1.99 4.9.1 5xx 45x '550 5.1.1' '550 4.2.2' \
    '421-4.7.0 [TSS04] try later' '250 ok' >"$tmp/mix"
valid "$tmp/mix" "unregistered, classes, pairs, lines"
"$bin" --json 221 vs 535 >"$tmp/vs"
valid "$tmp/vs" "vs" '.type == "comparison" and .a.code == "221"'
"$bin" --json --search mailbox >"$tmp/search"
valid "$tmp/search" "--search" '.score > 0'
printf '250-\001\033[31m\377\376 "quoted" \\ back\r\n250 2.0.0 \300\200 ok\r\n' |
    "$bin" --json - >"$tmp/stdin"
valid "$tmp/stdin" "reply with control and invalid bytes" '.text | length > 0'
# annotate: hostile bytes around real replies
{
	printf 'said: 550 5.1.1 \377\376\001\033[0m "x" \\ y\n'
	printf 'Status: 5.7.26\r\n'
	head -c 20000 /dev/urandom
	printf '\nreject=554 5.7.1 <a@b>: \300\200\355\240\200 denied\n'
} >"$tmp/log"
"$bin" --annotate --json "$tmp/log" >"$tmp/ann"
valid "$tmp/ann" "annotate" '.line > 0 and (.codes | length > 0)'
echo "json: $pass passed, $fail failed"
[ $fail = 0 ]
