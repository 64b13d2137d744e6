# bash completion for smtpcode(1)                           -*- shell-script -*-
# The codes are not kept here: they come from the installed program's
# "smtpcode --list" (code in the first column) each time, so they never
# disagree with it.  Needs no bash-completion helpers, but works beside them.

_smtpcode_codes()
{
	local code rest
	command -v smtpcode >/dev/null 2>&1 || return 0
	command smtpcode --color=never --list 2>/dev/null |
	while read -r code rest; do printf '%s\n' "$code"; done
}

_smtpcode()
{
	# Split the line ourselves: COMP_WORDS breaks "--color=auto" at the "=".
	local line=${COMP_LINE:0:COMP_POINT} cur w words vals codes
	local mode=code npos=0 last= vs= dd=
	read -ra words <<<"$line"
	cur=
	[[ $line == *[![:space:]] ]] && { cur=${words[${#words[@]}-1]}; unset 'words[${#words[@]}-1]'; }
	COMPREPLY=()

	for w in "${words[@]:1}"; do
		if [[ -z $dd && $w == -[!0-9]* ]]; then
			case $w in
			--) dd=1 ;;
			-a|--annotate|--summary) mode=file ;;
			-l|--list) [[ $mode == file ]] || mode=list ;;
			-s|--search) [[ $mode == file ]] || mode=search ;;
			esac
		else
			npos=$((npos + 1)) last=$w
			[[ $w == vs ]] && vs=1
		fi
	done

	# --rules FILE: the word after it is a file
	if [[ -z $dd && ${words[${#words[@]}-1]} == --rules ]]; then
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
	fi

	if [[ -z $dd && $cur == -* && $cur != -[0-9]* ]]; then
		case $cur in
		--color=*|--colour=*|--lang=*)
			case $cur in --lang=*) vals='en fr es' ;; *) vals='auto always never' ;; esac
			mapfile -t COMPREPLY < <(compgen -W "$vals" -- "${cur#*=}")
			# Readline replaces only what follows "=" if "=" breaks words.
			[[ $COMP_WORDBREAKS == *=* ]] || COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
			;;
		*)
			mapfile -t COMPREPLY < <(compgen -W '-a --annotate --summary -j --json
			    -l --list -s --search --rules --why --list-rules --color= --lang=
			    -h --help -V --version -' -- "$cur")
			[[ ${#COMPREPLY[@]} -eq 1 && $COMPREPLY == *= ]] && compopt -o nospace 2>/dev/null
			;;
		esac
		return 0
	fi

	case $mode in
	file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]}")
		;;
	list)
		((npos == 0)) && mapfile -t COMPREPLY < <(compgen -W '2xx 3xx 4xx 5xx
		    5.1.x 5.2.x 5.3.x 5.4.x 5.5.x 5.6.x 5.7.x' -- "$cur")
		;;
	code)
		# CODE... or CODE vs CODE: "vs" only after exactly one code.
		[[ -n $vs && $npos -ne 2 ]] && return 0
		codes=$(_smtpcode_codes)
		# X.7.26 stands for 4.7.26 and 5.7.26 (and 2.x.x): complete those too.
		[[ $cur == [245].* ]] && codes=${codes//X./${cur:0:1}.}
		[[ -z $vs && $npos -eq 1 && $last != - ]] && codes="vs $codes"
		mapfile -t COMPREPLY < <(compgen -W "$codes" -- "$cur")
		;;
	esac
	return 0
}
complete -F _smtpcode smtpcode
