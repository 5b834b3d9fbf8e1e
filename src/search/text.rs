//! Words for matching: lowercased, split at case changes and separators, lightly stemmed.
//! Entries and queries go through the same functions so that their words meet.

/// Calls `emit` for every word of `text`, in order.
///
/// `ErrorDomain` gives `error` and `domain` (plus `errordomain`), `token_expired` gives
/// `token` and `expired`, `couldn't` gives `couldnt`.
pub fn for_each_word(text: &str, mut emit: impl FnMut(String)) {
    for chunk in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        let chunk = chunk.trim_matches(|c| c == '\'' || c == '\u{2019}');
        if chunk.is_empty() {
            continue;
        }
        let parts = camel_parts(chunk);
        if parts.len() > 1 {
            let whole: String = chunk.chars().filter(|c| c.is_alphanumeric()).collect();
            emit_word(&whole, &mut emit);
        }
        for part in parts {
            emit_word(part, &mut emit);
        }
    }
}

/// The words of a text, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w));
    out
}

/// Longer runs are blobs (base64, hashes), not words.
const MAX_WORD_CHARS: usize = 64;

fn emit_word(raw: &str, emit: &mut impl FnMut(String)) {
    if raw.len() > MAX_WORD_CHARS * 4 || raw.chars().count() > MAX_WORD_CHARS {
        return;
    }
    let lower: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let starts_with_digit = lower.chars().next().is_some_and(|c| c.is_ascii_digit());
    if lower.chars().count() < 2 || starts_with_digit || is_hex_noise(&lower) {
        return;
    }
    let lower = lower.strip_suffix("'s").unwrap_or(&lower).to_string();
    if STOPWORDS.contains(&lower.as_str()) {
        return;
    }
    emit(stem(&lower));
}

/// Splits `MissingAuthAccountError` into its words; `MSALErrorDomain` into `MSAL`, `Error`,
/// `Domain`. Digits stay with their letters.
fn camel_parts(chunk: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = chunk.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for window in 1..chars.len() {
        let (index, current) = chars[window];
        let previous = chars[window - 1].1;
        let next_is_lower = chars.get(window + 1).is_some_and(|(_, c)| c.is_lowercase());
        let boundary = (previous.is_lowercase() && current.is_uppercase())
            || (previous.is_uppercase() && current.is_uppercase() && next_is_lower);
        if boundary {
            parts.push(&chunk[start..index]);
            start = index;
        }
    }
    parts.push(&chunk[start..]);
    parts
}

/// Trace ids and hashes: long runs of hex digits with at least one digit.
fn is_hex_noise(word: &str) -> bool {
    word.len() >= 8
        && word.chars().all(|c| c.is_ascii_hexdigit())
        && word.chars().any(|c| c.is_ascii_digit())
}

/// A light stemmer: enough to meet `licensed`/`license`/`licence`, `devices`/`device`,
/// `signing`/`sign`, without a dictionary.
pub fn stem(word: &str) -> String {
    let stemmed = strip_suffixes(word);
    match stemmed.strip_suffix('e') {
        Some(base) if base.len() >= 4 => base.to_string(),
        _ => stemmed,
    }
}

fn strip_suffixes(word: &str) -> String {
    let word = match word {
        "licence" | "licences" | "licenced" | "licensing" => "license",
        "organisation" | "organisations" => "organization",
        "authorise" | "authorised" => "authorize",
        _ => word,
    };
    let n = word.chars().count();
    if n <= 3 || !word.is_ascii() {
        return word.to_string();
    }
    if let Some(base) = word.strip_suffix("ies").filter(|_| n > 4) {
        return format!("{base}y");
    }
    for suffix in ["ing", "ed"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() >= 4 {
                return undouble(base);
            }
        }
    }
    if let Some(base) = word.strip_suffix('s') {
        if !base.ends_with('s') && !base.ends_with('u') && !base.ends_with('i') {
            return base.to_string();
        }
    }
    word.to_string()
}

/// `stopped` -> `stop`, `blocked` -> `block`.
fn undouble(base: &str) -> String {
    let bytes = base.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
        base[..n - 1].to_string()
    } else {
        base.to_string()
    }
}

/// Words that carry no meaning here, including the labels of pasted Entra errors.
const STOPWORDS: &[&str] = &[
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "for",
    "from",
    "has",
    "have",
    "if",
    "is",
    "it's",
    "its",
    "me",
    "my",
    "of",
    "on",
    "or",
    "so",
    "that",
    "the",
    "this",
    "to",
    "was",
    "were",
    "with",
    "you",
    "your",
    "we",
    "our",
    "us",
    "he",
    "she",
    "they",
    "them",
    "says",
    "said",
    "saying",
    "get",
    "gets",
    "getting",
    "got",
    "when",
    "what",
    "which",
    "there",
    "trace",
    "correlation",
    "timestamp",
    "id",
    "ids",
    "request",
    "http",
    "https",
    "www",
    "com",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_identifiers_and_keeps_the_whole() {
        assert_eq!(
            words("MissingAuthAccountError"),
            [
                "missingauthaccounterror",
                "miss",
                "auth",
                "account",
                "error"
            ]
        );
        assert_eq!(
            words("MSALErrorDomain"),
            ["msalerrordomain", "msal", "error", "domain"]
        );
        assert_eq!(
            words("token_expired"),
            ["token".to_string(), stem("expire")]
        );
    }

    #[test]
    fn normalises_apostrophes_and_drops_noise() {
        assert_eq!(words("We couldn't verify"), ["couldnt", "verify"]);
        assert_eq!(words("Organization's data"), ["organization", "data"]);
        assert_eq!(words("Trace ID: 81799e44 2022 abc"), ["abc"]);
    }

    #[test]
    fn stems_related_forms_together() {
        assert_eq!(stem("licensed"), stem("license"));
        assert_eq!(stem("licence"), stem("license"));
        assert_eq!(stem("devices"), stem("device"));
        assert_eq!(stem("expired"), stem("expires"));
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("rooted"), "root");
        assert_eq!(stem("blocked"), "block");
        assert_eq!(stem("status"), "status");
    }
}
