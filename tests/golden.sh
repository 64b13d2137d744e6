#!/bin/sh
# golden.sh BINARY DIR - run the command-line cases of DIR/cases against
# the real binary and compare stdout, stderr and exit status with
# DIR/NAME.out, DIR/NAME.err and the status in the case.
# UPDATE=1 writes the expected files instead (review the diff).
set -u
bin=$1 dir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export COLUMNS=80 LC_ALL=C
unset NO_COLOR

# t NAME STATUS [ARG...]: stdin from /dev/null
# ti NAME STATUS INPUT [ARG...]: stdin from DIR/INPUT
t() { name=$1 want=$2; shift 2; run "$name" "$want" /dev/null "$@"; }
# te NAME STATUS VAR=VALUE ARG...: one variable set in the environment
te() { name=$1 want=$2 var=$3; shift 3; run "$name" "$want" /dev/null env -u LC_ALL -u LC_MESSAGES -u LANG "$var" "$bin" "$@"; }
ti() { name=$1 want=$2 in=$dir/$3; shift 3; run "$name" "$want" "$in" "$@"; }

run() {
	name=$1 want=$2 in=$3; shift 3
	if [ "${1:-}" = env ]; then
		"$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	else
		"$bin" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	fi
	got=$?
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$dir/$name.out"
		cp "$tmp/err" "$dir/$name.err"
	fi
	ok=1
	[ "$got" = "$want" ] || { echo "FAIL $name: exit $got, want $want"; ok=0; }
	if ! cmp -s "$tmp/out" "$dir/$name.out"; then
		echo "FAIL $name: stdout differs:"
		diff "$dir/$name.out" "$tmp/out" | head -20
		ok=0
	fi
	if ! cmp -s "$tmp/err" "$dir/$name.err"; then
		echo "FAIL $name: stderr differs:"
		diff "$dir/$name.err" "$tmp/err" | head -20
		ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

. "$dir/cases"

echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
