import Foundation

/// index.html: the batch as one static page that works offline from a file URL. Documents
/// with their status, pages as thumbnails, a page opened large beside its text, and the
/// reports' summary. Everything from a record or a report is escaped; nothing is fetched.
public struct BatchIndex {
    public var documents: [DocumentEntry]
    public var reports: [ReportSummary]
    /// Reports that could not be read: name and why.
    public var unreadReports: [(name: String, reason: String)]

    /// The most characters of a page's text put in the page.
    public static let mostTextPerPage = 200_000

    public init(documents: [DocumentEntry], reports: [ReportSummary], unreadReports: [(name: String, reason: String)]) {
        self.documents = documents; self.reports = reports; self.unreadReports = unreadReports
    }

    public func html() -> String {
        let e = HTMLText.escape
        let byStatus = Dictionary(grouping: documents, by: \.status).mapValues(\.count)
        let pageCount = documents.reduce(0) { $0 + $1.pages.count }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ux-draw: \(documents.count) documents</title>
            <style>\(Self.style)</style>
            </head><body>
            <header><h1>\(documents.count) documents, \(pageCount) pages</h1>
            <p id="counts">\(["ok", "partial", "error"].map { "<span class=\"status \($0)\">\(byStatus[$0] ?? 0) \($0)</span>" }.joined(separator: " "))</p>
            </header>

            """
        out += summary()
        out += "<nav id=\"documents\"><h2>Documents</h2><ul>\n"
        for (i, d) in documents.enumerated() {
            out += "<li class=\"doc \(d.status)\" data-status=\"\(d.status)\"><a href=\"#d\(i + 1)\">\(e(d.doc))</a> "
                + "<span class=\"status \(d.status)\">\(d.status)</span>"
                + (d.reason.map { " <span class=\"error\">\(e($0))</span>" } ?? "") + "</li>\n"
        }
        out += "</ul></nav>\n<main>\n"
        for (i, d) in documents.enumerated() { out += document(d, id: "d\(i + 1)") }
        out += "</main>\n"
        let views = documents.enumerated().flatMap { i, d in d.pages.map { (page: $0, doc: d, id: "d\(i + 1)p\($0.page)") } }
        for (k, v) in views.enumerated() {
            out += pageView(v.page, doc: v.doc, id: v.id, previous: k > 0 ? views[k - 1].id : nil,
                            next: k + 1 < views.count ? views[k + 1].id : nil)
        }
        out += "<div id=\"script-errors\" hidden></div>\n<script>\(Self.script)</script>\n</body></html>\n"
        return out
    }

    private func document(_ d: DocumentEntry, id: String) -> String {
        let e = HTMLText.escape
        var out = "<section class=\"document \(d.status)\" id=\"\(id)\"><h2>\(e(d.doc)) <span class=\"status \(d.status)\">\(d.status)</span></h2>\n"
        if let reason = d.reason { out += "<p class=\"error\">\(e(reason))</p>\n" }
        out += "<div class=\"thumbs\">"
        for p in d.pages {
            let picture = p.picture.map { "<img loading=\"lazy\" alt=\"page \(p.page)\" src=\"\(HTMLText.url($0))\">" }
                ?? "<span class=\"nopicture\">\(e(p.status))</span>"
            out += "<a class=\"thumb \(e(p.status))\" href=\"#\(id)p\(p.page)\" title=\"\(e(p.error ?? "page \(p.page)"))\">\(picture)<span>\(p.page)</span></a>"
        }
        return out + "</div></section>\n"
    }

    private func pageView(_ p: PageEntry, doc: DocumentEntry, id: String, previous: String?, next: String?) -> String {
        let e = HTMLText.escape
        let steps = (previous.map { "<a class=\"previous\" href=\"#\($0)\">← previous</a> " } ?? "")
            + (next.map { "<a class=\"next\" href=\"#\($0)\">next →</a> " } ?? "")
        var out = "<section class=\"page\" id=\"\(id)\"><h3><a href=\"#\(id.prefix { $0 != "p" })\">\(e(doc.doc))</a>, page \(p.page) "
            + "<span class=\"status \(e(p.status))\">\(e(p.status))</span> <span class=\"steps\">\(steps)<a class=\"close\" href=\"#\">close</a></span></h3>\n"
        if let error = p.error { out += "<p class=\"error\">\(e(error))</p>\n" }
        out += "<div class=\"view\">"
        if let picture = p.picture { out += "<img loading=\"lazy\" alt=\"page \(p.page) with overlays\" src=\"\(HTMLText.url(picture))\">" }
        out += "<div class=\"text\"><h4>\(p.isMarkdown ? "Markdown" : "Text")</h4><pre>\(e(HTMLText.cut(p.text, to: Self.mostTextPerPage)))</pre></div>"
        return out + "</div></section>\n"
    }

    /// The reports' summary: the sum, then each part, with a bar chart of seconds a page by stage.
    private func summary() -> String {
        guard !reports.isEmpty || !unreadReports.isEmpty else { return "" }
        let e = HTMLText.escape
        var out = "<section id=\"summary\"><h2>Batch report\(reports.count > 1 ? "s (\(reports.count) parts)" : "")</h2>\n"
        for u in unreadReports { out += "<p class=\"error\">\(e(u.name)): \(e(u.reason))</p>\n" }
        guard !reports.isEmpty else { return out + "</section>\n" }
        let total = reports.count == 1 ? reports[0] : ReportSummary.sum(reports)
        out += "<table class=\"counts\"><tr><th>report</th>"
            + ReportSummary.documentStatuses.map { "<th>documents \($0)</th>" }.joined()
            + "<th>pages</th>" + ReportSummary.pageStatuses.map { "<th>pages \($0)</th>" }.joined()
            + "<th>seconds</th><th>pages/s</th></tr>\n"
        for r in (reports.count > 1 ? [total] : []) + reports {
            out += "<tr class=\"\(r.name == "all" && reports.count > 1 ? "total" : "part")\"><td>\(e(r.name))\(r.interrupted ? " (interrupted)" : "")</td>"
                + ReportSummary.documentStatuses.map { "<td>\(r.documents[$0] ?? 0)</td>" }.joined()
                + "<td>\(r.pages["total"] ?? 0)</td>" + ReportSummary.pageStatuses.map { "<td>\(r.pages[$0] ?? 0)</td>" }.joined()
                + "<td>\(r.duration.map { String(format: "%.1f", $0) } ?? "")</td>"
                + "<td>\(r.pagesPerSecond.map { String(format: "%.2f", $0) } ?? "")</td></tr>\n"
        }
        out += "</table>\n"
        let stages = total.stages.sorted { $0.key < $1.key }
        let longest = stages.map(\.value.p50).max() ?? 0
        if !stages.isEmpty {
            out += "<h3>Median seconds a page, by stage</h3><div class=\"chart\">"
            for (stage, t) in stages {
                let share = longest > 0 ? t.p50 / longest * 100 : 0
                out += "<div class=\"bar\"><span class=\"label\">\(e(stage))</span><span class=\"fill\" style=\"width: \(String(format: "%.1f", share))%\"></span>"
                    + "<span class=\"value\">\(String(format: "%.3f", t.p50)) s × \(t.count)</span></div>"
            }
            out += "</div>\n"
        }
        if !total.failures.isEmpty {
            out += "<h3>Failures</h3><ul class=\"failures\">"
            for f in total.failures.prefix(1_000) {
                out += "<li><span class=\"status \(e(f.status))\">\(e(f.status))</span> \(e(f.doc)): <span class=\"error\">\(e(f.reason))</span></li>"
            }
            if total.failures.count > 1_000 { out += "<li>… and \(total.failures.count - 1_000) more</li>" }
            out += "</ul>\n"
        }
        return out + "</section>\n"
    }

    static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5em 2em; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
        .status { padding: 0 .4em; border-radius: 3px; color: #fff; background: #888; font-size: .85em; }
        .status.ok { background: #2a7d2a; } .status.partial { background: #c77a00; }
        .error { color: #b52222; }
        .status.error, .status.timeout { background: #b52222; color: #fff; }
        #documents ul { list-style: none; padding: 0; columns: 2; }
        .thumbs { display: flex; flex-wrap: wrap; gap: 8px; }
        .thumb { display: flex; flex-direction: column; align-items: center; text-decoration: none; color: #444;
                 border: 2px solid #ccc; padding: 2px; background: #fafafa; }
        .thumb.error, .thumb.timeout { border-color: #b52222; }
        .thumb img { width: 120px; height: auto; }
        .nopicture { width: 120px; height: 150px; display: flex; align-items: center; justify-content: center; }
        .page { display: none; position: fixed; inset: 0; background: #fff; overflow: auto; padding: 0 1.5em 1.5em; }
        .page:target { display: block; }
        .view { display: flex; gap: 1.5em; align-items: flex-start; }
        .view img { max-width: 60vw; border: 1px solid #999; }
        .text { flex: 1; min-width: 20em; } .text pre { white-space: pre-wrap; font-size: 12px; background: #f4f4f4; padding: .8em; }
        .steps { float: right; font-size: .9em; } .steps a { margin-left: 1em; }
        table.counts { border-collapse: collapse; } table.counts td, table.counts th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }
        table.counts tr.total { font-weight: bold; }
        .chart .bar { display: flex; align-items: center; gap: .5em; margin: 2px 0; }
        .chart .label { width: 6em; text-align: right; } .chart .fill { background: #4a78c2; height: 1em; display: inline-block; min-width: 1px; max-width: 50%; }
        .chart .value { color: #555; font-size: .9em; }
        """

    /// Arrow keys go from page to page, Escape closes the page; errors in this script are
    /// written into the page, where a test (or a person) sees them.
    static let script = """
        (function () {
          window.addEventListener('error', function (event) {
            var box = document.getElementById('script-errors');
            box.hidden = false;
            box.textContent += 'error: ' + event.message + '\\n';
          });
          var pages = Array.prototype.map.call(document.querySelectorAll('section.page'), function (s) { return s.id; });
          document.addEventListener('keydown', function (event) {
            var at = pages.indexOf(location.hash.slice(1));
            if (event.key === 'Escape' && at >= 0) { location.hash = ''; }
            else if (event.key === 'ArrowRight' && at >= 0 && at + 1 < pages.length) { location.hash = pages[at + 1]; }
            else if (event.key === 'ArrowLeft' && at > 0) { location.hash = pages[at - 1]; }
          });
          document.body.setAttribute('data-ready', String(pages.length));
        })();
        """
}
