import Foundation

/// Checks a file or folder name given as an option's value before anything is written there.
///
/// Swift reads the command line as UTF-8 and puts U+FFFD where bytes are not UTF-8: a folder
/// named with such bytes would silently become another folder. Such a name, and an empty one,
/// is refused with the option's name, so the user sees which argument to change.
public enum PathArgument {
    public static func check(_ value: String, option: String) throws {
        guard !value.isEmpty else { throw ValidationError("\(option): the name is empty") }
        guard !value.utf8.contains(0) else { throw ValidationError("\(option): the name holds a NUL byte") }
        if value.contains("\u{FFFD}"), rawArgumentsNotUTF8() {
            throw ValidationError("\(option): the name holds bytes that are not UTF-8; "
                + "unifex writes only to names it can print and record exactly (rename the folder, or use a link to it)")
        }
    }

    /// True when some argument on the command line is not valid UTF-8.
    static func rawArgumentsNotUTF8() -> Bool {
        (0..<Int(CommandLine.argc)).contains { i in
            guard let raw = CommandLine.unsafeArgv[i] else { return false }
            return String(validatingCString: raw) == nil
        }
    }
}
