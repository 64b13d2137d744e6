#!/bin/sh
# helpsync.sh BINARY MANPAGE - the manual and --help say the same things:
# the same options, the same synopsis forms, the same exit statuses.
set -u
bin=$1 man=$2
fail=0
help=$("$bin" --help) || { echo "helpsync: --help failed"; exit 1; }

# Options in --help: -x and --word at the start of an option line.
hopts=$(printf '%s\n' "$help" | grep -oE '(^|[ |[])--?[a-zA-Z][a-zA-Z-]*' |
	sed 's/^[ |[]//' | sort -u)
# Options in the manual: .Fl x, .Fl -word (also "Fl -help | -version").
mopts=$(grep -oE 'Fl -?[a-zA-Z][a-zA-Z-]*( \| -[a-zA-Z-]+)?' "$man" |
	sed 's/^Fl //; s/ | /\n/' | sed 's/^/-/; s/^--\([a-zA-Z]\)$/-\1/' | sort -u)
for o in $hopts; do
	printf '%s\n' "$mopts" | grep -qx -- "$o" ||
		{ echo "helpsync: $o is in --help but not in $man"; fail=1; }
done
for o in $mopts; do
	printf '%s\n' "$hopts" | grep -qx -- "$o" ||
		{ echo "helpsync: $o is in $man but not in --help"; fail=1; }
done
# Exit statuses: the same three meanings.
for s in "0 every code is known" "1 a code is well-formed but not" \
    "2 usage error, malformed code, or read or write error"; do
	n=${s%% *} text=${s#* }
	printf '%s\n' "$help" | tr '\n' ' ' | grep -qi -- "$n $text" ||
		{ echo "helpsync: --help lacks exit status '$s'"; fail=1; }
	tr '\n' ' ' <"$man" | grep -qi -- "\.It $n $text" ||
		{ echo "helpsync: $man lacks exit status '$s'"; fail=1; }
done
[ $fail = 0 ] && echo "helpsync: --help and $man agree"
exit $fail
