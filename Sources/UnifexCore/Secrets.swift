/// Command-line options whose values are secrets: they never reach a report, a progress board or
/// a message. (Passwords are better given through UNIFEX_PASSWORD, which no other user can list.)
/// ux-llm's `--header` may carry a token (`X-Api-Key:…`), so its values are hidden too.
public let secretOptions: Set<String> = ["--password", "--header"]

/// The command line with the value of every secret option replaced by `***`, in both spellings
/// (`--password x` and `--password=x`).
public func redactingSecrets(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var hideNext = false
    for argument in arguments {
        if hideNext {
            result.append("***")
            hideNext = false
        } else if secretOptions.contains(argument) {
            result.append(argument)
            hideNext = true
        } else if let equals = argument.firstIndex(of: "="), secretOptions.contains(String(argument[..<equals])) {
            result.append(argument[..<equals] + "=***")
        } else {
            result.append(argument)
        }
    }
    return result
}
