#!/bin/sh
# bench_report.sh - the --summary report's speed and memory against
# pflogsumm, run from the top of the tree after
#   make smtpcode tests/genpostfix tests/genreport
# (usage: sh tests/bench_report.sh [BINARY])
#
# 1. A generated Postfix log of BENCH_MB megabytes (default 200): the
#    median wall time of BENCH_ROUNDS runs (default 5) of smtpcode --summary
#    and of BENCH_PF_ROUNDS runs of pflogsumm (default 1), taken in turn,
#    both reading the file from the page cache, output to /dev/null:
#    MB/s, the ratio, peak RSS; and whether their delivered, deferred,
#    bounced and rejected totals agree.
# 2. A log with a million distinct recipient domains (tests/genreport):
#    peak RSS of the report (bound: 8 MiB), its totals against the
#    generator's.
# Prints figures; exits 1 only when a total disagrees or the memory bound
# is broken (speed depends on the machine: it is reported, not judged).
set -eu
mb=${BENCH_MB:-200}
rounds=${BENCH_ROUNDS:-5}
pfrounds=${BENCH_PF_ROUNDS:-1}
cc=${CC:-cc}
cli=${1:-./smtpcode}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for f in $cli tests/genpostfix tests/genreport; do
	if [ ! -x $f ]; then
		echo "bench_report: $f not built (make $f)" >&2
		exit 2
	fi
done
$cc -O2 -o "$tmp/runstat" tests/runstat.c
rs=$tmp/runstat

# "delivered deferred bounced rejected" of the report's JSON
ours() {
	"$cli" --summary --json "$1" | awk -F'"' '
	/"type":"total"/ {
		c = $0; sub(/.*"count":/, "", c); sub(/,.*/, "", c); n[$8] = c
	}
	END { print n["delivered"] + 0, n["deferred"] + 0, n["bounced"] + 0,
	    n["rejected"] + 0 }'
}

echo "== Postfix log: ${mb} MB from tests/genpostfix -s 1"
tests/genpostfix -s 1 -m "$mb" >"$tmp/log"
size=$(wc -c <"$tmp/log")
lines=$(wc -l <"$tmp/log")
echo "log: $size bytes, $lines lines"
cat "$tmp/log" >/dev/null	# warm the page cache
: >"$tmp/t"
# Rounds: each command once per round, in turn, so that a slow spell of a
# shared machine falls on all of them; pflogsumm in the first rounds.
havepf=0
command -v pflogsumm >/dev/null 2>&1 && havepf=1
r=0
while [ $r -lt "$rounds" ] || { [ $havepf -eq 1 ] && [ $r -lt "$pfrounds" ]; }; do
	set -- $("$rs" 1 "$cli" --summary "$tmp/log")
	echo "rep $1 $2" >>"$tmp/t"
	set -- $("$rs" 1 "$cli" --summary --json "$tmp/log")
	echo "json $1" >>"$tmp/t"
	set -- $("$rs" 1 sh -c "exec wc -l <\"$tmp/log\"")
	echo "wc $1" >>"$tmp/t"
	if [ $havepf -eq 1 ] && [ $r -lt "$pfrounds" ]; then
		set -- $("$rs" 1 pflogsumm "$tmp/log")
		echo "pf $1 $2" >>"$tmp/t"
	fi
	r=$((r + 1))
done
awk -v size="$size" '
function median(k,   n, i, j, t, a) {
	n = cnt[k]
	for (i = 1; i <= n; i++) a[i] = v[k, i]
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ cnt[$1]++; v[$1, cnt[$1]] = $2; if ($3 > rss[$1]) rss[$1] = $3 }
END {
	rep = median("rep"); js = median("json"); wc = median("wc")
	printf "report (text)   %7.3f s  %6.0f MB/s  peak RSS %5d KiB\n", rep, size / rep / 1e6, rss["rep"]
	printf "report (JSON)   %7.3f s  %6.0f MB/s\n", js, size / js / 1e6
	printf "wc -l           %7.3f s  %6.0f MB/s  (report: %.1fx its time)\n", wc, size / wc / 1e6, rep / wc
	if (cnt["pf"] > 0) {
		pf = median("pf")
		printf "pflogsumm       %7.3f s  %6.0f MB/s  peak RSS %5d KiB\n", pf, size / pf / 1e6, rss["pf"]
		printf "speed-up        %.0fx pflogsumm (goal: 50x)\n", pf / rep
	} else
		print "pflogsumm       absent (apt-get install pflogsumm): no comparison"
}' "$tmp/t"
if [ $havepf -eq 1 ]; then
	theirs=$(pflogsumm "$tmp/log" 2>/dev/null | awk '
	    /^Grand Totals/ { g = 1 }
	    g && $2 == "delivered" && NF == 2 { d = $1 }
	    g && $2 == "deferred" { df = $1 }
	    g && $2 == "bounced" && NF == 2 { b = $1 }
	    g && $2 == "rejected" { r = $1; exit }
	    END { print d, df, b, r }')
	mine=$(ours "$tmp/log")
	set -- $mine
	if [ "$theirs" = "$mine" ]; then
		echo "totals          same as pflogsumm: delivered $1 deferred $2 bounced $3 rejected $4"
	else
		echo "totals          DIFFERENT: pflogsumm $theirs, report $mine"
		status=1
	fi
fi

echo "== a million distinct recipient domains: tests/genreport"
tests/genreport -t >"$tmp/dom" 2>"$tmp/truth"
size=$(wc -c <"$tmp/dom")
echo "log: $size bytes, $(wc -l <"$tmp/dom") lines"
set -- $("$rs" 1 "$cli" --summary "$tmp/dom")
awk -v t="$1" -v m="$2" -v size="$size" 'BEGIN {
	printf "report (text)   %7.3f s  %6.0f MB/s  peak RSS %5d KiB (bound: 8192 KiB): %s\n",
	    t, size / t / 1e6, m, m <= 8192 ? "within" : "OVER"
	exit m > 8192 }' || status=1
set -- $("$rs" 1 "$cli" --summary --json "$tmp/dom")
awk -v m="$2" 'BEGIN { printf "report (JSON)   peak RSS %5d KiB\n", m; exit m > 8192 }' ||
    status=1
set -- $(cat "$tmp/truth")
want="$2 $4 $8 ${10}"
mine=$(ours "$tmp/dom")
if [ "$want" = "$mine" ]; then
	echo "totals          as generated: delivered $2 deferred $4 bounced $8 rejected ${10}"
else
	echo "totals          DIFFERENT: generated $want, report $mine"
	status=1
fi
exit $status
