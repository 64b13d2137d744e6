#!/bin/sh
# sisimai_agree.sh - how often our reply classifier agrees with sisimai.
#
# Runs sisimai (Debian's libsisimai-perl) as a black box on every message
# of ../shared/corpus/bounces/, takes per recipient its reason, hardbounce
# verdict, reply code, delivery status and diagnostic code, feeds the same
# code, status, text (and remote host) to tests/classify_cli, and prints
# the share of identical reasons and the precision and recall of our hard
# verdict taking sisimai's as the reference.  Skips (exit 0) when the
# corpus or sisimai is absent.
#
# usage: sh tests/sisimai_agree.sh [-v] [corpus-dir]
#   -v  list every disagreement: file, sisimai's reason, ours, our rule
set -eu

verbose=0
if [ "${1:-}" = -v ]; then
	verbose=1
	shift
fi
dir=${1:-../shared/corpus/bounces}
cli=tests/classify_cli

if [ ! -d "$dir" ]; then
	echo "sisimai_agree: $dir absent, skipped"
	exit 0
fi
if ! perl -MSisimai -e 1 2>/dev/null; then
	echo "sisimai_agree: sisimai (libsisimai-perl) not installed, skipped"
	exit 0
fi
if [ ! -x "$cli" ]; then
	make -s "$cli" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# One line per recipient: file, reason, hard (1/0), replycode, status,
# diagnostic code, remote host.  sisimai 4.25 marks a hard bounce with
# softbounce 0.
find "$dir" -type f | sort | perl -MSisimai -e '
	while (my $f = <STDIN>) {
		chomp $f;
		my $v = eval { Sisimai->make($f, delivered => 1) } or next;
		for my $e (@$v) {
			my @x = map { my $s = defined $_ ? $_ : ""; $s =~ s/[\t\r\n]+/ /g; $s }
			    ($e->reason, $e->softbounce eq "0" ? 1 : 0, $e->replycode,
			    $e->deliverystatus, $e->diagnosticcode, $e->rhost);
			$f =~ s{.*/}{};
			print join("\t", $f, @x), "\n";
		}
	}' 2>/dev/null >"$tmp/sisimai"

cut -f4,5,6,7 "$tmp/sisimai" | "$cli" >"$tmp/ours"
paste "$tmp/sisimai" "$tmp/ours" >"$tmp/both"

awk -F '\t' -v verbose="$verbose" '
{
	n++
	ref = $2; hardref = $3; ours = $8; hardours = $9; rule = $11
	if (ref == ours) same++
	else if (verbose)
		printf "%s\t%s\t%s\t%s\n", $1, ref, ours, rule
	else
		pair[ref " -> " ours]++
	if (hardours == 1 && hardref == 1) tp++
	if (hardours == 1 && hardref != 1) fp++
	if (hardours != 1 && hardref == 1) fn++
}
END {
	if (n == 0) { print "sisimai_agree: no recipients"; exit 0 }
	printf "recipients: %d\n", n
	printf "reason agreement: %d/%d = %.1f%%\n", same, n, 100 * same / n
	p = tp + fp > 0 ? tp / (tp + fp) : 1
	r = tp + fn > 0 ? tp / (tp + fn) : 1
	printf "hard bounce: precision %.3f (%d/%d), recall %.3f (%d/%d)\n",
	    p, tp, tp + fp, r, tp, tp + fn
	if (!verbose) {
		print "disagreements (sisimai -> ours):"
		for (k in pair) printf "  %3d  %s\n", pair[k], k | "sort -rn"
	}
}' "$tmp/both"
