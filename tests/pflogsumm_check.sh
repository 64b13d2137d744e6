#!/bin/sh
# pflogsumm_check.sh [REPORT_CLI [GENPOSTFIX]] - the --summary report's
# delivered, deferred, bounced and rejected totals against Debian's
# pflogsumm ("Grand Totals"), on generated Postfix logs (several seeds and
# shapes) and on the real Postfix logs of ../shared/corpus.  Prints a line
# per file; exits 1 on any difference, 0 otherwise (also when pflogsumm
# or the corpus is absent: those parts are skipped, and said so).
#
# What is compared is what both read.  pflogsumm only parses lines with a
# syslog prefix (timestamp, host, "postfix/..."): a file with Postfix
# lines it cannot parse is skipped, with the reason, not fitted to.  It
# reads one syslog_name besides "postfix" (--syslog-name): a file that
# logs several Postfix instances (postfix-in/smtpd, postfix-out/smtp) is
# given to it one instance at a time, and the sums are compared with one
# run of the report over the whole file.  The corpus's modoboa log starts
# each line with a literal "%(day)s" (a template placeholder of its
# source, which no syslog writes): both tools read it with a day there.
set -u
cli=${1:-./smtpcode}
gen=${2:-tests/genpostfix}
corpus=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

if ! command -v pflogsumm >/dev/null 2>&1; then
	echo "pflogsumm_check: pflogsumm absent (apt-get install pflogsumm): skipped"
	exit 0
fi
for f in "$cli" "$gen"; do
	if [ ! -x "$f" ]; then
		echo "pflogsumm_check: $f not built (make smtpcode tests/genpostfix)" >&2
		exit 2
	fi
done

# pflogsumm's four totals of a file: "delivered deferred bounced rejected"
pf_totals() {
	pflogsumm "$@" 2>/dev/null | awk '
	/^Grand Totals/ { g = 1 }
	g && $2 == "delivered" && NF == 2 { d = $1 }
	g && $2 == "deferred" { df = $1 }
	g && $2 == "bounced" && NF == 2 { b = $1 }
	g && $2 == "rejected" { r = $1 }
	g && $2 == "reject" { exit }
	END { print d + 0, df + 0, b + 0, r + 0; if (d r df b ~ /[km]/) exit 3 }'
}

# The same four of the report (JSON records of type total).
our_totals() {
	"$cli" --summary --json "$1" | awk -F'"' '
	/"type":"total"/ {
		c = $0; sub(/.*"count":/, "", c); sub(/,.*/, "", c); n[$8] = c
	}
	END { print n["delivered"] + 0, n["deferred"] + 0, n["bounced"] + 0,
	    n["rejected"] + 0 }'
}

# Sum of pflogsumm's totals over the Postfix instances of a file; status 3
# when it abbreviates one.
pf_instances() {
	names=$(grep -o ' postfix[-A-Za-z0-9_.]*/' "$1" | sort -u |
	    sed 's/^ //; s|/$||' | grep -v '^postfix$')
	if [ -z "$names" ]; then
		pf_totals "$1"
		return
	fi
	# the default instance: every line but those of the others
	pat=$(printf '%s\n' $names | sed 's/[.]/\\./g' | paste -sd'|' -)
	grep -Ev " ($pat)/" "$1" >"$tmp/inst"
	pf_totals "$tmp/inst" >"$tmp/sum" || return 3
	for n in $names; do
		grep -E " $(printf '%s' "$n" | sed 's/[.]/\\./g')/" "$1" >"$tmp/inst"
		pf_totals --syslog-name="$n" "$tmp/inst" >>"$tmp/sum" || return 3
	done
	awk '{ for (i = 1; i <= 4; i++) s[i] += $i }
	    END { print s[1], s[2], s[3], s[4] }' "$tmp/sum"
}

# Postfix records (status=, reject:, hold:, discard:) that pflogsumm cannot
# parse: without a syslog prefix ("Mon DD HH:MM:SS host " or an RFC 3339
# time stamp and host) before their postfix tag.
unparsed() {
	grep -E '(status=|reject: |hold: |discard: )' "$1" | grep -cvE \
	    '^([A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+([+-][0-9:]+|Z)?) [^ ]+ postfix[-A-Za-z0-9_.]*/'
}

check() {	# label file
	label=$1
	file=$2
	total=$(grep -c 'postfix[-A-Za-z0-9_.]*/' "$file")
	bad=$(unparsed "$file")
	if [ "$total" -eq 0 ]; then
		echo "$label: no Postfix lines: skipped"
		return
	fi
	long=$(grep -cE ' postfix[-A-Za-z0-9_.]*/[^ ]*: [0-9A-Za-z]*[a-z][0-9A-Za-z]*: to=' "$file")
	if [ "$long" -gt 0 ]; then
		echo "$label: $long delivery records have long (mixed-case) queue ids, which pflogsumm 1.1.5 does not read: skipped"
		return
	fi
	if [ "$bad" -gt 0 ]; then
		echo "$label: pflogsumm cannot parse $bad Postfix records (no syslog prefix): skipped"
		return
	fi
	if ! theirs=$(pf_instances "$file"); then
		echo "$label: pflogsumm abbreviates a total (k/m): not comparable: skipped"
		return
	fi
	ours=$(our_totals "$file")
	set -- $theirs
	p="delivered $1 deferred $2 bounced $3 rejected $4"
	if [ "$theirs" = "$ours" ]; then
		echo "$label: $p: same"
	else
		set -- $ours
		echo "$label: pflogsumm $p; report delivered $1 deferred $2 bounced $3 rejected $4: DIFFERENT"
		fail=1
	fi
}

echo "== generated Postfix logs (tests/genpostfix)"
for spec in "1 mixed 4" "2 bounces 3" "3 rejects 3" "4 iso 2" "5 quiet 2" \
    "6 mixed 1" "7 bounces 1" "8 rejects 1" "9 mixed 8"; do
	set -- $spec
	"$gen" -s "$1" -t "$2" -m "$3" >"$tmp/gen.log"
	check "seed $1, $2, $3 MB" "$tmp/gen.log"
done

echo "== real Postfix logs ($corpus)"
if [ ! -d "$corpus" ]; then
	echo "corpus absent: skipped"
else
	seen=" "
	for f in "$corpus"/*postfix*.log "$corpus"/mlp-log.log \
	    "$corpus"/psm-postfix-plain.log "$corpus"/modoboa-mail.log; do
		[ -f "$f" ] || continue
		case $seen in *" $f "*) continue ;; esac
		seen="$seen$f "
		b=$(basename "$f")
		if grep -q '^%(day)s ' "$f"; then
			sed 's/^%(day)s /Nov 16 /' "$f" >"$tmp/real.log"
			check "$b (day filled in)" "$tmp/real.log"
		else
			check "$b" "$f"
		fi
	done
fi
if [ $fail -ne 0 ]; then
	echo "pflogsumm_check: totals differ" >&2
fi
exit $fail
