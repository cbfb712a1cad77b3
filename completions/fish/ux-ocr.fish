function __ux-ocr_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-ocr_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ux-ocr_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-ocr_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ux-ocr_parse_tokens -S
    set -l unparsed_tokens (__ux-ocr_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ux-ocr'
        __ux-ocr_parse_subcommand 0 'j/jobs=' 'progress=' 'executor=' 'strict' 'l/language=' 'psm=' 'dpi=' 'max-pixels=' 'rotate' 'deskew' 'force' 'timeout=' 'password=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __ux-ocr_parse_subcommand -r 1 'version'
        end
    end
end

function __ux-ocr_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ux-ocr_parse_subcommand -S -a positional_count
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

function __ux-ocr_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ux-ocr_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ux-ocr_tokens -p)
    if test -z "$(__ux-ocr_tokens -t)"
        set -l index (count (__ux-ocr_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ux-ocr' -f
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" j jobs' -s 'j' -l 'jobs' -d 'Worker threads (default: the number of cores).' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" progress' -l 'progress' -d 'Progress display: auto, bar, plain, json or none (default: $UNIFEX_PROGRESS, else auto).' -rfka 'auto bar plain json none'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" executor' -l 'executor' -d 'Run page work on threads (fast) or in child processes (a crash costs one page, a timeout kills the worker).' -rfka 'thread process'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" strict' -l 'strict' -d 'Treat a page poppler had to repair (damaged: true) as an error record (code damaged), not an ok page with warnings.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" l language' -s 'l' -l 'language' -d 'Tesseract languages, joined with \'+\' (e.g. eng+deu), or auto: each page as eng, and a page eng reads with little confidence again with the installed models of the script tesseract detects on it.' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" psm' -l 'psm' -d 'Tesseract page segmentation mode: 1 or 3-13 (3: fully automatic; 6: one block of text).' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" dpi' -l 'dpi' -d 'Resolution pages are read at: auto (each page at the resolution its text needs, never above a scan\'s own) or a number of dots per inch PDF pages are rendered at.' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" max-pixels' -l 'max-pixels' -d 'Largest image OCRed, in pixels (e.g. 100M); bigger pages are rendered or scaled down to fit.' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" rotate' -l 'rotate' -d 'Detect each page\'s orientation (tesseract OSD) and OCR it upright.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" deskew' -l 'deskew' -d 'Straighten pages whose text lines slope (skewed scans) before OCR; boxes stay on the page as given.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" force' -l 'force' -d 'OCR every ok page, even those with a usable text layer or already OCRed.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" timeout' -l 'timeout' -d 'Seconds one page may take before it becomes a timeout record (0 or none: no limit).' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" password' -l 'password' -d 'Password for encrypted PDFs (default: $UNIFEX_PASSWORD).' -rfka ''
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" version' -l 'version' -d 'Show the version.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_positional "ux-ocr" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ux-ocr' -n '__ux-ocr_should_offer_completions_for_flags_or_options "ux-ocr help" version' -l 'version' -d 'Show the version.'
