#!/bin/sh
# roundtrip.sh BINARY - on real and random input, the annotated output
# minus its annotations is the input, byte for byte.
set -u
bin=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() {
	"$bin" --annotate "$1" >"$tmp/out" || { echo "FAIL $2: exit $?"; fail=$((fail + 1)); return; }
	perl -pe 's/\t# smtp: [^\r\n]*//' "$tmp/out" >"$tmp/stripped"
	if cmp -s "$1" "$tmp/stripped"; then pass=$((pass + 1));
	else echo "FAIL $2: output minus annotations differs from input"; fail=$((fail + 1)); fi
}

for f in tests/golden/*.log ../shared/corpus/*.log; do
	[ -f "$f" ] && check "$f" "$f"
done
i=0
while [ $i -lt 5 ]; do
	head -c 300000 /dev/urandom >"$tmp/rand"
	check "$tmp/rand" "random bytes $i"
	# random lines built from log fragments, CR LF and bare CR
	awk -v seed=$i 'BEGIN { srand(seed); split("said: 550 5.1.1 |dsn=4.2.2|\r\n|\n|\r|10.5.1.1|port 550|[421]|<<< 554 |Status: 5.7.26|stat=Deferred: 421 4.7.0 x|reject=550 5.7.1 |x", f, "|");
		for (n = 0; n < 20000; n++) printf "%s", f[int(rand() * 13) + 1] }' >"$tmp/frag"
	check "$tmp/frag" "random fragments $i"
	i=$((i + 1))
done
echo "roundtrip: $pass passed, $fail failed"
[ $fail = 0 ]
