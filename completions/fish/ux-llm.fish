function __ux-llm_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-llm_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ux-llm_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ux-llm_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ux-llm_parse_tokens -S
    set -l unparsed_tokens (__ux-llm_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ux-llm'
        __ux-llm_parse_subcommand 0 'model=' 'base-url=' 'api-key-env=' 'header=+' 'header-env=+' 'embed' 'batch=' 'schema=' 'prompt=' 'structured=' 'input=' 'image-dpi=' 'image-max-side=' 'scope=' 'max-pages-per-request=' 'dry-run' 'password=' 'max-tokens=' 'temperature=' 'max-retries=' 'http-retries=' 'request-timeout=' 'rpm=' 'tpm=' 'cache=' 'price-in=' 'price-out=' 'timeout=' 'j/jobs=' 'progress=' 'strict' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __ux-llm_parse_subcommand -r 1 'version'
        end
    end
end

function __ux-llm_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ux-llm_parse_subcommand -S -a positional_count
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

function __ux-llm_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ux-llm_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ux-llm_tokens -p)
    if test -z "$(__ux-llm_tokens -t)"
        set -l index (count (__ux-llm_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ux-llm' -f
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" model' -l 'model' -d 'The model: a name the endpoint knows, or provider/name (openai/…, ollama/…, vllm/…, llamacpp/…) to pick the provider\'s endpoint.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" base-url' -l 'base-url' -d 'The API\'s base URL; /chat/completions (with --embed, /embeddings) is appended (default: the provider\'s, else OpenAI\'s).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" api-key-env' -l 'api-key-env' -d 'Environment variable holding the API key (default: OPENAI_API_KEY, or none for local providers).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm"' -l 'header' -d 'An extra HTTP header, K:V (repeatable).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm"' -l 'header-env' -d 'An extra HTTP header whose value is read from the environment variable NAME, so that it stays out of the process list (repeatable).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" embed' -l 'embed' -d 'Ask an embeddings endpoint (/embeddings) for each chunk\'s or page\'s text and add `embedding`: {model, dim, vector}, instead of asking a chat model.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" batch' -l 'batch' -d 'With --embed: texts sent in one request (default 16); -j requests are in flight.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" schema' -l 'schema' -d 'JSON Schema the answer must validate against; the answer goes to llm.data.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" prompt' -l 'prompt' -d 'Instructions for the model; without --schema the answer is free text in llm.text.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" structured' -l 'structured' -d 'How the schema reaches the server: json-schema (response_format), json-object (for servers that refuse json_schema) or prompt (in the instructions only).' -rfka 'json-schema json-object prompt'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" input' -l 'input' -d 'What is sent: auto (the page\'s usable text, else its image), text (its text, whatever it is), image (the rendered page, for vision models) or both. A page\'s text is its Markdown when ux-layout gave it blocks.' -rfka 'auto text image both'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" image-dpi' -l 'image-dpi' -d 'Resolution page images are rendered at.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" image-max-side' -l 'image-max-side' -d 'Longest side of a page image in pixels; larger pages are rendered smaller.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" scope' -l 'scope' -d 'What one request covers: a page, or a document (its pages in order, for schemas that span pages).' -rfka 'page document'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" max-pages-per-request' -l 'max-pages-per-request' -d 'With --scope document: the most pages one request covers; a longer document takes several.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" dry-run' -l 'dry-run' -d 'Send nothing: write each record with what would be sent (input, estimated prompt tokens, whether the cache has it) and sum it up on stderr.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" password' -l 'password' -d 'Password for encrypted PDFs (default: $UNIFEX_PASSWORD).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" max-tokens' -l 'max-tokens' -d 'max_tokens of the first request; a reply cut off there is asked again with twice as many.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" temperature' -l 'temperature' -d 'Sampling temperature, 0 or more.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" max-retries' -l 'max-retries' -d 'Times an invalid, schema-breaking or cut-off reply is asked for again.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" http-retries' -l 'http-retries' -d 'Times a request is sent again after 429, 408, 5xx, a failed connection or a timeout (exponential backoff with jitter, Retry-After honoured).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" request-timeout' -l 'request-timeout' -d 'Seconds one request may take.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" rpm' -l 'rpm' -d 'Requests per minute, shared by all requests in flight.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" tpm' -l 'tpm' -d 'Tokens per minute (prompt and completion), shared by all requests in flight.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" cache' -l 'cache' -d 'Keep answers in DIR, keyed by endpoint, model, prompt, schema, input mode and content (default: $UNIFEX_LLM_CACHE); failures are never kept.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" price-in' -l 'price-in' -d 'Price per million prompt tokens; with --price-out, llm.usage.cost and the summary give the cost.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" price-out' -l 'price-out' -d 'Price per million completion tokens.' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" timeout' -l 'timeout' -d 'Seconds one page may take before it becomes a timeout record (0 or none: no limit).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" j jobs' -s 'j' -l 'jobs' -d 'Pages in flight at once (requests waiting on the service).' -rfka ''
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" progress' -l 'progress' -d 'Progress display: auto, bar, plain, json or none (default: $UNIFEX_PROGRESS, else auto).' -rfka 'auto bar plain json none'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" strict' -l 'strict' -d 'Treat a page poppler had to repair (damaged: true) as an error record (code damaged), not an ok page with warnings.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" version' -l 'version' -d 'Show the version.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_positional "ux-llm" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ux-llm' -n '__ux-llm_should_offer_completions_for_flags_or_options "ux-llm help" version' -l 'version' -d 'Show the version.'
