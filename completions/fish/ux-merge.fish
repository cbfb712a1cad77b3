function __ux-merge_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-merge_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ux-merge_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-merge_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ux-merge_parse_tokens -S
    set -l unparsed_tokens (__ux-merge_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ux-merge'
        __ux-merge_parse_subcommand 0 'format=' 'furniture=' 'csv-formulas=' 'chunk-tokens=' 'chunk-overlap=' 'unit=' 'dpi=' 'output-dir=' 'j/jobs=' 'progress=' 'report=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __ux-merge_parse_subcommand -r 1 'version'
        end
    end
end

function __ux-merge_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ux-merge_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __ux-merge_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ux-merge_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ux-merge_tokens -p)
    if test -z "$(__ux-merge_tokens -t)"
        set -l index (count (__ux-merge_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ux-merge' -f
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" format' -l 'format' -d 'Output format: json, text, markdown, tsv, hocr, jsonl-data, csv or chunks.' -rfka 'json text markdown tsv hocr jsonl-data csv chunks'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" furniture' -l 'furniture' -d 'markdown: drop (default) leaves running headers, footers and page numbers (ux-layout\'s page_header and page_footer blocks) out of the text; keep puts them back.' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" csv-formulas' -l 'csv-formulas' -d 'With --format csv: keep cells that begin like a spreadsheet formula as they are, or escape them.' -rfka 'keep escape'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" chunk-tokens' -l 'chunk-tokens' -d 'With --format chunks: the most tokens a chunk holds, its heading path included (default 512).' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" chunk-overlap' -l 'chunk-overlap' -d 'With --format chunks: tokens of a chunk\'s end repeated at the start of the next chunk of the same section (default 0).' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" unit' -l 'unit' -d 'Unit of coordinates in the output: pt (points), px (pixels), in (inches) or norm (fractions of the page).' -rfka 'pt px in norm'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" dpi' -l 'dpi' -d 'Resolution for --unit px on pages that have none of their own (text-layer pages).' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" output-dir' -l 'output-dir' -d 'Write one file per document into this directory instead of stdout.' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" j jobs' -s 'j' -l 'jobs' -d 'Worker threads (default: the number of cores).' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" progress' -l 'progress' -d 'Progress display: auto, bar, plain, json or none (default: $UNIFEX_PROGRESS, else auto).' -rfka 'auto bar plain json none'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" report' -l 'report' -d 'Write a batch report (JSON) to this file at the end, or when interrupted.' -rfka ''
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" version' -l 'version' -d 'Show the version.'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_positional "ux-merge" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ux-merge' -n '__ux-merge_should_offer_completions_for_flags_or_options "ux-merge help" version' -l 'version' -d 'Show the version.'
