#!/bin/sh
# completions.sh BINARY_DIR - the completions in completions/ complete what
# they should in the real shells: bash always, zsh and fish when installed
# (Debian packages zsh and fish).  BINARY_DIR goes first on PATH, so the
# codes come from the smtpcode just built; the expected sets come from that
# binary too ("smtpcode --list", "smtpcode --help"), and are compared exactly.
set -u
bindir=$(cd "${1:?usage: completions.sh BINARY_DIR}" && pwd) || exit 2
comp=$(cd "$(dirname "$0")/../completions" && pwd) || exit 2
PATH=$bindir:$PATH
LC_ALL=C	# the descriptions checked are the English ones
export PATH LC_ALL
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# What the completions must offer, from the binary itself.
codes=$(smtpcode --color=never --list | awk '{ print $1 }')
# with PREFIX: the codes that start with PREFIX
with() { printf '%s\n' "$codes" | awk -v p="$1" 'index($1, p) == 1'; }
# The options of --help (as tests/helpsync.sh reads them), and "-".
opts=$(smtpcode --help | grep -oE '(^|[ |[])--?[a-zA-Z][a-zA-Z-]*' |
	sed 's/^[ |[]//' | sort -u; echo -)
patterns='2xx 3xx 4xx 5xx 5.1.x 5.2.x 5.3.x 5.4.x 5.5.x 5.6.x 5.7.x'
mkdir "$tmp/w" && : >"$tmp/w/log1.txt" && : >"$tmp/w/log2.txt" &&
	: >"$tmp/w/other" || exit 2

bash=$(command -v bash) zsh=$(command -v zsh) fish=$(command -v fish)

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "completions: FAIL: $*"; }
words() { printf '%s\n' "$1" | tr ' ' '\n' | sed '/^$/d' | sort -u; }
short() { printf '%s\n' "$1" | tr '\n' ' ' | cut -c1-200; }
# same LABEL GOT WANT: GOT and WANT hold the same words (any order).
same() {
	if [ "$(words "$2")" = "$(words "$3")" ]; then ok; else
		ko "$1"
		printf '%s\n' "$(words "$3")" >"$tmp/want"
		printf '%s\n' "$(words "$2")" >"$tmp/got"
		echo "  missing: $(short "$(comm -23 "$tmp/want" "$tmp/got")")"
		echo "  extra:   $(short "$(comm -13 "$tmp/want" "$tmp/got")")"
	fi
}
# has LABEL GOT LINE: GOT has LINE (exactly) among its lines.
has() {
	if printf '%s\n' "$2" | grep -qxF -- "$3"; then ok; else
		ko "$1: no line '$3'"
		echo "  got:  $(short "$2")"
	fi
}
# quiet LABEL FILE: FILE (what went to stderr) is empty.
quiet() {
	if [ -s "$2" ]; then ko "$1 wrote to stderr:"; sed 's/^/  /' "$2"; else ok; fi
}

# The expectations themselves must hold, or every check below means little.
same "smtpcode --list has 550..556 and X.7.20" \
	"$(with 55; with X.7.20)" "$(with 55; echo 550 551 552 553 554 555 556 X.7.20)"
n=0
for p in $patterns; do
	smtpcode --list "$p" | grep -q . || { ko "pattern $p lists nothing"; n=1; }
done
[ $n = 0 ] && ok
x72=$(echo X.7.2; with X.7.2 | grep -x 'X\.7\.2[0-9]')
s72=$(printf '%s\n' "$x72" | sed 's/^X/5/')

## bash ----------------------------------------------------------------
# bash_complete LINE: what the function that "complete -p smtpcode" names
# puts in COMPREPLY, the cursor at the end of LINE, one word a line.
bash_complete() {
	(cd "$tmp/w" && "$bash" --norc --noprofile -c '
		. "$1" || exit 1
		f=$(complete -p smtpcode) && f=${f#*-F } && f=${f%% *} || exit 1
		COMP_LINE=$2 COMP_POINT=${#2} COMP_TYPE=9 COMP_KEY=9
		read -ra COMP_WORDS <<<"$COMP_LINE"
		case $COMP_LINE in *" ") COMP_WORDS+=("") ;; esac
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		"$f" smtpcode "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		printf "%s\n" "${COMPREPLY[@]}"' _ "$comp/smtpcode.bash" "$1") \
		2>>"$tmp/bash.err"
}
: >"$tmp/bash.err"
b() { same "bash: smtpcode $1" "$(bash_complete "smtpcode $1")" "$2"; }
"$bash" -n "$comp/smtpcode.bash" && ok || ko "bash -n smtpcode.bash"
b 55 "$(with 55)"
b -j\ 42 "$(with 42)"
b X.7.2 "$x72"
b 5.7.2 "$s72"
b --co --color=
b --lang= "en fr es"
b --color=a "auto always"
same "bash: smtpcode -" "$(bash_complete 'smtpcode -' | sed 's/=$//')" "$opts"
b '550 ' "vs $codes"
b '550 v' vs
b '550 vs ' "$codes"
b '550 vs 551 ' ""
b '550 551 ' "$codes"
b '- ' "$codes"
b '--list ' "$patterns"
b '-l 5.' "5.1.x 5.2.x 5.3.x 5.4.x 5.5.x 5.6.x 5.7.x"
b '--list 5xx ' ""
b '--summary lo' "log1.txt log2.txt"
b '-a -j l' "log1.txt log2.txt"
b '--search ' ""
quiet "bash" "$tmp/bash.err"
# With no smtpcode on PATH: no codes, no noise, the options still there.
same "bash, no smtpcode: smtpcode 55" \
	"$(PATH=/nonexistent; bash_complete 'smtpcode 55')" ""
same "bash, no smtpcode: smtpcode --co" \
	"$(PATH=/nonexistent; bash_complete 'smtpcode --co')" --color=
quiet "bash, no smtpcode" "$tmp/bash.err"

## zsh -----------------------------------------------------------------
# drive.zsh COMPDIR OUT PATH LINE...: type each LINE and TAB into a real
# interactive zsh (under zsh/zpty) that loaded the completions through
# compinit and fpath.  OUT gets "==== LINE", then each match offered, a TAB
# and its listed description, then "BUFFER=" the line after completing.
cat >"$tmp/drive.zsh" <<'EOF'
zmodload zsh/zpty 2>/dev/null || exit 3
compdir=$1 out=$2 ipath=$3; shift 3
: >$out
zpty -b z zsh -f -i || exit 3
zpty -w z "PS1= PS2= RPS1= LISTMAX=100000; unsetopt autolist beep" \
    "; exec 2>>${(q)out}.err; OUT=${(q)out}; PATH=${(q)ipath}; T=\$'\\t'" \
    "; fpath=(${(q)compdir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z '_t_tab() { zle complete-word; print -r -- "BUFFER=$BUFFER" >>$OUT; }
zle -N _t_tab; bindkey "^I" _t_tab
compadd() {
  local -a __h __d; local __n __i
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  if (( $@[(I)-d] )); then __n=${@[$(( ${@[(i)-d]} + 1 ))]}
    if [[ $__n == \(* ]]; then eval "__d=$__n"; else __d=( "${(@P)__n}" ); fi; fi
  builtin compadd -O __h -D __d "$@"
  for __i in {1..$#__h}; do print -r -- "$__h[__i]$T$__d[__i]" >>$OUT; done
  builtin compadd "$@"
}
print -r -- "==== ready" >>$OUT'
n=0
until grep -q '^==== ready' $out; do
  (( ++n > 200 )) && { print "drive.zsh: zsh did not start" >&2; exit 4; }
  sleep 0.05; while zpty -rt z _junk; do :; done
done
for l; do
  c=$(grep -c '^BUFFER=' $out)
  print -r -- "==== $l" >>$out
  zpty -w -n z "$l"$'\t'
  n=0
  until (( $(grep -c '^BUFFER=' $out) > c )); do
    (( ++n > 200 )) && { print -r -- "drive.zsh: no answer to '$l'" >&2; exit 4; }
    sleep 0.05; while zpty -rt z _junk; do :; done
  done
  zpty -w -n z $'\C-a\C-k'
done
zpty -d z
EOF
# zsh_case LINE: the matches zsh offered for LINE, one a line, in $zout.
zsh_case() { awk -v l="==== $1" '$0 == l { on = 1; next }
	/^(====|BUFFER=)/ { on = 0 } on && $1 != "" { print $1 }' FS='\t' "$zout"; }
# zsh_line LINE: the line after completing LINE.
zsh_line() { awk -v l="==== $1" '$0 == l { on = 1; next }
	on && /^BUFFER=/ { print substr($0, 8); exit }' "$zout"; }
z() { same "zsh: smtpcode $1" "$(zsh_case "smtpcode $1")" "$2"; }

if [ -z "$zsh" ]; then
	echo "completions: zsh not installed, skipped"
else
	"$zsh" -n "$comp/_smtpcode" && ok || ko "zsh -n _smtpcode"
	# compinit finds _smtpcode on fpath and binds it to smtpcode (#compdef).
	got=$(cd "$tmp" && "$zsh" -f -c 'fpath=("$1" $fpath); autoload -U compinit
		compinit -u -D && print -r -- "$_comps[smtpcode]"' _ "$comp" 2>&1)
	same "zsh: compinit binds smtpcode" "$got" _smtpcode
	zout=$tmp/zsh.out
	s=smtpcode
	(cd "$tmp/w" && "$zsh" -f "$tmp/drive.zsh" "$comp" "$zout" "$PATH" \
	    "$s 55" "$s -j 42" "$s X.7.2" "$s 5.7.2" "$s --co" "$s --lang=" "$s -" \
	    "$s 550 " "$s 550 v" "$s 550 vs " "$s 550 vs 551 " "$s 550 551 " \
	    "$s --list " "$s --summary lo" "$s --search ")
	st=$?
	if [ $st = 3 ]; then
		echo "completions: zsh has no zsh/zpty, completion checks skipped"
	elif [ $st != 0 ]; then
		ko "zsh: drive.zsh exited $st"
	else
		z 55 "$(with 55)"
		has "zsh: 550 is described" "$(grep '^550	' "$zout" | sed 's/  *-- / -- /')" \
			"550	550 -- Mailbox unavailable"
		z -j\ 42 "$(with 42)"
		z X.7.2 "$x72"
		z 5.7.2 "$s72"
		# zsh shows --color and --lang and inserts them with their "=".
		z - "$opts"
		same "zsh: smtpcode --co becomes" "$(zsh_line 'smtpcode --co')" \
			"smtpcode --color="
		z --lang= "en fr es"
		z '550 ' "vs $codes"
		same "zsh: smtpcode 550 v becomes" "$(zsh_line 'smtpcode 550 v')" \
			"smtpcode 550 vs "
		z '550 vs ' "$codes"
		z '550 vs 551 ' ""
		z '550 551 ' "$codes"
		z '--list ' "$patterns"
		z '--summary lo' "log1.txt log2.txt"
		z '--search ' ""
		quiet "zsh" "$zout.err"
		# With no smtpcode on PATH: no codes, no noise.
		(cd "$tmp/w" && "$zsh" -f "$tmp/drive.zsh" "$comp" "$zout" \
		    /nonexistent 'smtpcode 55' 'smtpcode --co')
		z 55 ""
		same "zsh, no smtpcode: smtpcode --co becomes" \
			"$(zsh_line 'smtpcode --co')" "smtpcode --color="
		quiet "zsh, no smtpcode" "$zout.err"
	fi
fi

## fish ----------------------------------------------------------------
# fish_complete LINE: what "complete -C LINE" offers: word TAB description.
fish_complete() {
	(cd "$tmp/w" && "$fish" --no-config -c 'source $argv[1]; and complete -C $argv[2]' \
	    "$comp/smtpcode.fish" "$1") 2>>"$tmp/fish.err"
}
f() { same "fish: smtpcode $1" "$(fish_complete "smtpcode $1" | cut -f1)" "$2"; }

if [ -z "$fish" ]; then
	echo "completions: fish not installed, skipped"
else
	: >"$tmp/fish.err"
	"$fish" --no-config -n "$comp/smtpcode.fish" && ok || ko "fish -n smtpcode.fish"
	f 55 "$(with 55)"
	has "fish: 550 is described" "$(fish_complete 'smtpcode 55')" \
		"550	Mailbox unavailable"
	f -j\ 42 "$(with 42)"
	f X.7.2 "$x72"
	f 5.7.2 "$s72"
	f --co --color=
	f --lang= "--lang=en --lang=fr --lang=es"
	f --color=a "--color=auto --color=always"
	same "fish: smtpcode -" "$(fish_complete 'smtpcode -' | cut -f1 | sed 's/=$//')" \
		"$opts"
	f '550 ' "vs $codes"
	f '550 v' vs
	f '550 vs ' "$codes"
	f '550 vs 551 ' ""
	f '550 551 ' "$codes"
	f '--list ' "$patterns"
	f '--summary lo' "log1.txt log2.txt"
	f '--search ' ""
	quiet "fish" "$tmp/fish.err"
	same "fish, no smtpcode: smtpcode 55" \
		"$(PATH=/nonexistent; fish_complete 'smtpcode 55')" ""
	quiet "fish, no smtpcode" "$tmp/fish.err"
fi

echo "completions: $pass passed, $fail failed"
[ "$fail" = 0 ]
