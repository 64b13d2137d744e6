# fish completion for smtpcode(1).  The codes are not kept here: they come
# from the installed program's "smtpcode --list" (code, class, title) each
# time, with the title as the description.

function __smtpcode_codes
    command -q smtpcode; or return
    set -l list (command smtpcode --color=never --list 2>/dev/null |
        string replace -r '^(\S+)\s+\S+\s+' '$1\t')
    printf '%s\n' $list
    # X.7.26 stands for 4.7.26 and 5.7.26 (and 2.x.x): complete those too.
    set -l class (string match -r '^[245](?=\.)' -- (commandline -ct))
    and string replace -r '^X' $class -- $list
end

# __smtpcode_wants WHAT: is WHAT (file, pattern, code, vs, stdin) expected
# where the cursor is, given the words before it (options go anywhere)?
function __smtpcode_wants -a what
    set -l mode code
    set -l npos 0
    set -l last
    set -l vs
    set -l dd
    for w in (commandline -opc)[2..-1]
        if test -z "$dd"; and string match -qr -- '^-[^0-9]' $w
            switch $w
                case --
                    set dd 1
                case -a --annotate --summary
                    set mode file
                case -l --list
                    test $mode = file; or set mode pattern
                case -s --search
                    test $mode = file; or set mode search
            end
        else
            set npos (math $npos + 1)
            set last $w
            test "$w" = vs; and set vs 1
        end
    end
    switch $what
        case file
            test $mode = file
        case pattern
            test $mode = pattern -a $npos -eq 0
        case code # CODE... or CODE vs CODE
            test $mode = code; and test -z "$vs" -o $npos -eq 2
        case vs
            test $mode = code -a -z "$vs" -a $npos -eq 1 -a "$last" != -
        case stdin
            test $mode = code -a -z "$vs"
            and string match -q -- '-*' (commandline -ct)
    end
end

function __smtpcode_option_token
    string match -qr -- '^-[^=]*$' (commandline -ct)
end

complete -c smtpcode -f
complete -c smtpcode -s a -l annotate -d 'Annotate log files with the meaning of each reply'
complete -c smtpcode -l summary -d 'Print each code seen with its count'
complete -c smtpcode -s j -l json -d 'Print JSON Lines instead of text'
complete -c smtpcode -s l -l list -d 'List every code, or those matching a pattern'
complete -c smtpcode -s s -l search -d 'List the codes whose texts contain every word'
# --color and --lang take their value after "=" only: --color=auto.
complete -c smtpcode -n '__smtpcode_option_token' -a '--color=' -d 'Colour: auto, always or never'
complete -c smtpcode -n '__smtpcode_option_token' -a '--lang=' -d 'Language: en, fr or es'
complete -c smtpcode -n 'string match -q -- "--colo*r=*" (commandline -ct)' -a '--color=auto --color=always --color=never'
complete -c smtpcode -n 'string match -q -- "--lang=*" (commandline -ct)' -a '--lang=en\tEnglish --lang=fr\tFrench --lang=es\tSpanish'
complete -c smtpcode -l rules -r -F -d 'Read reply rules from a file'
complete -c smtpcode -l why -d 'Name every rule that matched each reply'
complete -c smtpcode -l list-rules -d 'Print the rules in the format of a rules file'
complete -c smtpcode -s h -l help -d 'Print help and exit'
complete -c smtpcode -s V -l version -d 'Print the version and exit'

complete -c smtpcode -n '__smtpcode_wants stdin' -a - -d 'Read a bounce, a reply or log lines from standard input'
complete -c smtpcode -n '__smtpcode_wants vs' -a vs -d 'Compare with another code'
complete -c smtpcode -k -n '__smtpcode_wants code' -a '(__smtpcode_codes)'
complete -c smtpcode -k -n '__smtpcode_wants pattern' -a '2xx\tPositive\ completion 3xx\tPositive\ intermediate
    4xx\tTransient\ negative 5xx\tPermanent\ negative 5.1.x\tAddressing 5.2.x\tMailbox
    5.3.x\tMail\ system 5.4.x\tNetwork\ and\ routing 5.5.x\tMail\ delivery\ protocol
    5.6.x\tMessage\ content\ or\ media 5.7.x\tSecurity\ or\ policy'
complete -c smtpcode -n '__smtpcode_wants file' -F
