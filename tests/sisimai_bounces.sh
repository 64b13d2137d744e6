#!/bin/sh
# sisimai_bounces.sh - smtpcode against sisimai, end to end, on real bounce
# messages: each message of ../shared/corpus/bounces/ through
# `smtpcode --json -` and through sisimai (Debian's libsisimai-perl, as a
# black box); for each recipient both name, the share of identical
# reasons, and the precision and recall of our hard verdict taking
# sisimai's as the reference.  A measurement: it prints figures and exits
# 0; it skips when the corpus or sisimai is absent.
#
# usage: sh tests/sisimai_bounces.sh [-v] BINARY [DIR]
#   -v  list every disagreement: file, recipient, sisimai's reason, ours
set -u
verbose=0
[ "${1:-}" = -v ] && { verbose=1; shift; }
bin=${1:?usage: sisimai_bounces.sh [-v] BINARY [DIR]}
dir=${2:-../shared/corpus/bounces}
[ -d "$dir" ] || { echo "sisimai_bounces: $dir absent, skipped"; exit 0; }
perl -MSisimai -e 1 2>/dev/null ||
	{ echo "sisimai_bounces: sisimai (libsisimai-perl) not installed, skipped"; exit 0; }
command -v jq >/dev/null 2>&1 || { echo "sisimai_bounces: jq absent, skipped"; exit 0; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# sisimai: file, recipient, reason, hard (1/0)
find "$dir" -type f | sort | perl -MSisimai -e '
	while (my $f = <STDIN>) {
		chomp $f;
		my $v = eval { Sisimai->make($f, delivered => 1) } or next;
		(my $b = $f) =~ s{.*/}{};
		for my $e (@$v) {
			printf "%s\t%s\t%s\t%d\n", $b, lc($e->recipient->address),
			    $e->reason, $e->softbounce eq "0" ? 1 : 0;
		}
	}' 2>/dev/null | sort -u >"$tmp/theirs"

# smtpcode: the same columns
for f in "$dir"/*; do
	b=${f##*/}
	"$bin" --json - <"$f" 2>/dev/null | jq -r --arg f "$b" \
	    'select(.type == "bounce") | [$f, ((.recipient // "") | ascii_downcase),
	    .reason, (if .hard then 1 else 0 end)] | @tsv' 2>/dev/null
done | sort -u >"$tmp/ours"

awk -F '\t' -v verbose="$verbose" '
NR == FNR { k = $1 "\t" $2; reason[k] = $3; hard[k] = $4; next }
{
	k = $1 "\t" $2
	if (!(k in reason)) next
	n++
	if (reason[k] == $3) same++
	else if (verbose) printf "  %s %s: sisimai %s, smtpcode %s\n", $1, $2, reason[k], $3
	if ($4 == 1 && hard[k] == 1) tp++
	if ($4 == 1 && hard[k] == 0) fp++
	if ($4 == 0 && hard[k] == 1) fn++
	seen[k] = 1
}
END {
	for (k in reason) total++
	printf "sisimai_bounces: %d recipients in common of %d sisimai found\n", n, total
	if (n == 0) exit
	printf "  reasons agree: %d/%d = %.1f%%\n", same, n, 100 * same / n
	printf "  hard bounces: precision %.3f (%d/%d), recall %.3f (%d/%d)\n",
	    tp + fp ? tp / (tp + fp) : 1, tp, tp + fp, tp + fn ? tp / (tp + fn) : 1, tp, tp + fn
}' "$tmp/theirs" "$tmp/ours"
