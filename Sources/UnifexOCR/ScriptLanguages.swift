/// Which tesseract language models read a script, for `--language auto`: tesseract's
/// orientation-and-script model names a page's script, and the page is read with the installed
/// models of that script.
public enum ScriptLanguages {
    /// The models for each script name tesseract's osd model gives, most widely used first. A
    /// script model (`script/Arabic`, from Debian's tesseract-ocr-script-*) reads every language
    /// of its script and is preferred when installed.
    /// Latin is not here: its pages are read with the fallback.
    static let models: [String: [String]] = [
        "Arabic": ["script/Arabic", "ara", "fas", "urd", "pus", "snd", "uig"],
        "Hebrew": ["script/Hebrew", "heb", "yid"],
        "Hangul": ["script/Hangul", "kor"],
        "Korean": ["script/Hangul", "kor"],
        "Han": ["script/HanS", "chi_sim", "script/HanT", "chi_tra"],
        "Japanese": ["script/Japanese", "jpn"],
        "Katakana": ["script/Japanese", "jpn"],
        "Hiragana": ["script/Japanese", "jpn"],
        "Cyrillic": ["script/Cyrillic", "rus", "ukr", "bul", "srp", "bel", "mkd"],
        "Greek": ["script/Greek", "ell", "grc"],
        "Devanagari": ["script/Devanagari", "hin", "mar", "nep", "san"],
        "Bengali": ["script/Bengali", "ben", "asm"],
        "Thai": ["script/Thai", "tha"],
        "Tamil": ["script/Tamil", "tam"],
        "Telugu": ["script/Telugu", "tel"],
        "Kannada": ["script/Kannada", "kan"],
        "Malayalam": ["script/Malayalam", "mal"],
        "Gujarati": ["script/Gujarati", "guj"],
        "Gurmukhi": ["script/Gurmukhi", "pan"],
        "Armenian": ["script/Armenian", "hye"],
        "Georgian": ["script/Georgian", "kat"],
        "Ethiopic": ["script/Ethiopic", "amh", "tir"],
        "Khmer": ["script/Khmer", "khm"],
        "Lao": ["script/Lao", "lao"],
        "Myanmar": ["script/Myanmar", "mya"],
        "Sinhala": ["script/Sinhala", "sin"],
        "Tibetan": ["script/Tibetan", "bod"],
        "Fraktur": ["script/Fraktur", "frk"],
    ]

    /// From this script confidence on (tesseract's scale) a detection is clear enough to say that
    /// the script's models are missing.
    public static let minimumConfidence = 1.0

    /// Below this mean word confidence (0-1) a page read with Latin models may be in another
    /// script: read as English, pages in Latin script come out at 0.66-0.96 on the structure
    /// set's scans, those in Korean, Arabic and Persian at 0.27-0.34.
    public static let doubtfulConfidence = 0.5

    /// What a page in `script` is read with: the script's model if installed, else its installed
    /// language models; then, for a script other than Latin, `fallback` as well, since such pages
    /// often carry Latin words (names, acronyms, figures' labels). `missing` names what to install
    /// when nothing for the script is: the page is then read with `fallback` alone.
    public static func choose(script: String?, installed: Set<String>,
                              fallback: String) -> (languages: String, missing: String?) {
        guard let script, script != "Latin", let candidates = models[script] else { return (fallback, nil) }
        let have = candidates.filter(installed.contains)
        guard !have.isEmpty else {
            let package = candidates.first { !$0.hasPrefix("script/") }.map { "tesseract-ocr-" + String($0.map { $0 == "_" ? "-" : $0 }) }
            return (fallback, package)
        }
        // A script model covers its languages; otherwise every installed language of the script.
        let chosen = have[0].hasPrefix("script/") ? [have[0]] : have.filter { !$0.hasPrefix("script/") }
        let extra = fallback.split(separator: "+").map(String.init).filter { !chosen.contains($0) }
        return ((chosen + extra).joined(separator: "+"), nil)
    }
}
