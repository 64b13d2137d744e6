#!/bin/sh
# bench.sh BINARY - speed and memory figures (make bench).  Prints
# figures; it does not pass or fail on them.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mb=${BENCH_MB:-200}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$cc -O2 -o "$tmp/genlog" tests/genlog.c
$cc -O2 -o "$tmp/runstat" tests/runstat.c
rs=$tmp/runstat

# The scanner's portable fast pass (SC_SCAN_ISA=0: what arm64 and every
# machine but x86-64 runs) and, on x86-64, SSE2 alone (=1): the same
# program built again from a copy of the tree, so that src/*.o stay.
isas=0
case $(uname -m) in x86_64|amd64) isas="0 1" ;; esac
for isa in $isas; do
	d=$tmp/isa$isa
	mkdir "$d"
	for f in *; do
		case $f in tests|fuzz) ;; *) cp -R "$f" "$d/" ;; esac
	done
	find "$d" \( -name '*.o' -o -name '*.a' \) -exec rm -f {} +
	rm -f "$d/smtpcode"
	make -s -C "$d" CC="$cc" CPPFLAGS=-DSC_SCAN_ISA=$isa smtpcode >/dev/null
done

echo "== lookup: smtpcode 354 vs /bin/true, median of 500 runs"
set -- $("$rs" 500 /bin/true); t_true=$1
set -- $("$rs" 500 "$bin" 354); t_look=$1 m_look=$2
awk -v a="$t_look" -v b="$t_true" -v m="$m_look" 'BEGIN {
	printf "smtpcode 354  %.1f us\n/bin/true     %.1f us\nratio         %.2fx (target <= 1.3x)\npeak RSS      %d KiB\n",
	    a * 1e6, b * 1e6, a / b, m }'

echo "== annotate: ${mb} MB generated log"
"$tmp/genlog" "$mb" >"$tmp/log"
size=$(wc -c <"$tmp/log")
lines=$(wc -l <"$tmp/log")
echo "log: $size bytes, $lines lines"
cat "$tmp/log" >/dev/null	# warm the page cache
# Rounds: each command once per round, in turn, so that a slow spell of a
# shared machine falls on all of them; the median of each is reported.
rounds=${BENCH_ROUNDS:-7}
: >"$tmp/t"
r=0
while [ $r -lt $rounds ]; do
	set -- $("$rs" 1 sh -c "exec \"$bin\" --annotate <\"$tmp/log\"")
	echo "ann $1 $2" >>"$tmp/t"
	for isa in $isas; do
		set -- $("$rs" 1 sh -c "exec \"$tmp/isa$isa/smtpcode\" --annotate <\"$tmp/log\"")
		echo "isa$isa $1" >>"$tmp/t"
	done
	set -- $("$rs" 1 sh -c "exec wc -l <\"$tmp/log\"")
	echo "wc $1" >>"$tmp/t"
	set -- $("$rs" 1 sh -c "grep -cE '[245][0-9][0-9] [245]\.[0-9]+\.[0-9]+' \"$tmp/log\" >\"$tmp/grep.out\"")
	echo "grep $1" >>"$tmp/t"
	set -- $("$rs" 1 sh -c "cat \"$tmp/log\" | \"$bin\" --annotate >/dev/null")
	echo "pann $1" >>"$tmp/t"
	set -- $("$rs" 1 sh -c "cat \"$tmp/log\" | cat >/dev/null")
	echo "pcat $1" >>"$tmp/t"
	r=$((r + 1))
done
med() {
	awk -v k="$1" '$1 == k { print $2 }' "$tmp/t" | sort -g |
	    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
t_ann=$(med ann) t_wc=$(med wc) t_grep=$(med grep) t_pann=$(med pann)
t_pcat=$(med pcat) t_isa0=$(med isa0) t_isa1=$(med isa1)
m_ann=$(awk '$1 == "ann" && $3 > m { m = $3 } END { print m }' "$tmp/t")
echo "median of $rounds rounds"
awk -v s="$size" -v a="$t_ann" -v w="$t_wc" -v g="$t_grep" -v pa="$t_pann" \
    -v pc="$t_pcat" -v m="$m_ann" -v p="$t_isa0" -v e="$t_isa1" 'BEGIN {
	printf "smtpcode --annotate <log >/dev/null  %8.1f MB/s  (target >= 1000)\n", s / a / 1e6
	if (e != "")
		printf "  the same, SSE2 only (ISA=1)        %8.1f MB/s\n", s / e / 1e6
	printf "  the same, portable C (ISA=0)       %8.1f MB/s  %.2fx the default%s\n", s / p / 1e6, p / a,
	    e != "" ? sprintf(", %.2fx SSE2 (target <= 2x)", p / e) : ""
	printf "wc -l <log                           %8.1f MB/s  smtpcode is %.2fx its time (target <= 5x)\n", s / w / 1e6, a / w
	printf "grep -cE ... log >file               %8.1f MB/s  smtpcode is %.2fx its time (target < 1x)\n", s / g / 1e6, a / g
	printf "cat log | smtpcode --annotate        %8.1f MB/s\n", s / pa / 1e6
	printf "cat log | cat                        %8.1f MB/s  smtpcode is %.2fx its time (target <= 1.2x)\n", s / pc / 1e6, pa / pc
	printf "peak RSS (annotate)                  %8d KiB   (target < 4096)\n", m
}'
