/// Text written into Markdown as text.
public enum MarkdownEscape {
    /// A paragraph that starts like Markdown syntax (a heading, a quote, a list, a table) would be
    /// read as such: its first character is escaped.
    public static func start(_ text: String) -> String {
        guard let first = text.first, "#>-*+|".contains(first) else { return text }
        return "\\" + text
    }
}
