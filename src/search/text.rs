//! Words for matching: lowercased, split at case changes and separators, lightly stemmed.
//! Entries and queries go through the same functions so that their words meet. This runs for
//! every word of every entry when indexing, so it reuses one buffer instead of allocating.

/// Longer runs are blobs (base64, hashes), not words.
const MAX_WORD_CHARS: usize = 64;

/// Calls `emit` for every word of `text`, in order.
///
/// `ErrorDomain` gives `errordomain`, `error` and `domain`; `token_expired` gives `token` and
/// `expir`; `couldn't` gives `could` and `not`.
pub fn for_each_word(text: &str, mut emit: impl FnMut(&str)) {
    let mut buffer = String::new();
    for chunk in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        let chunk = chunk.trim_matches(|c| c == '\'' || c == '\u{2019}');
        if chunk.is_empty() {
            continue;
        }
        // Most words are ASCII with at most a leading capital: one part, no case split.
        let plain = chunk.is_ascii() && !chunk.bytes().skip(1).any(|b| b.is_ascii_uppercase());
        if plain {
            emit_word(chunk, &mut buffer, &mut emit);
            continue;
        }
        if has_case_boundary(chunk) {
            emit_word(chunk, &mut buffer, &mut emit);
        }
        for_each_case_part(chunk, |part| emit_word(part, &mut buffer, &mut emit));
    }
}

/// The words of a text, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

fn emit_word(raw: &str, buffer: &mut String, emit: &mut impl FnMut(&str)) {
    if raw.len() > MAX_WORD_CHARS * 4 {
        return;
    }
    buffer.clear();
    if raw.is_ascii() {
        let bytes = raw.bytes().filter(u8::is_ascii_alphanumeric);
        buffer.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in raw.chars().filter(|c| c.is_alphanumeric()) {
            buffer.extend(c.to_lowercase());
        }
    }
    let chars = if buffer.is_ascii() {
        buffer.len()
    } else {
        buffer.chars().count()
    };
    let starts_with_digit = buffer.starts_with(|c: char| c.is_ascii_digit());
    if !(2..=MAX_WORD_CHARS).contains(&chars)
        || starts_with_digit
        || is_hex_noise(buffer)
        || is_id_like(buffer)
    {
        return;
    }
    // "doesn't", "doesnt" and "does not" are one thing said three ways: a paste drops the
    // apostrophe as often as a message spells the words out.
    if let Some(base) = contraction_base(buffer) {
        let base = base.to_string();
        for word in [base.as_str(), "not"] {
            buffer.clear();
            buffer.push_str(word);
            if !is_stopword(buffer) {
                stem_in_place(buffer);
                emit(buffer);
            }
        }
        return;
    }
    if is_stopword(buffer) {
        return;
    }
    stem_in_place(buffer);
    emit(buffer);
}

/// The verb of a negative contraction written without its apostrophe (`couldnt` -> `could`).
fn contraction_base(word: &str) -> Option<&'static str> {
    Some(match word {
        "dont" => "do",
        "doesnt" => "does",
        "didnt" => "did",
        "cant" | "cannot" => "can",
        "couldnt" => "could",
        "wont" => "will",
        "wouldnt" => "would",
        "shouldnt" => "should",
        "isnt" => "is",
        "arent" => "are",
        "wasnt" => "was",
        "werent" => "were",
        "hasnt" => "has",
        "havent" => "have",
        "hadnt" => "had",
        _ => return None,
    })
}

/// A lower-to-upper change (`errorDomain`) or an acronym before a word (`MSALError`).
fn has_case_boundary(chunk: &str) -> bool {
    let mut boundary = false;
    for_each_case_part(chunk, |part| boundary |= part.len() < chunk.len());
    boundary
}

/// Splits `MissingAuthAccountError` into its words; `MSALErrorDomain` into `MSAL`, `Error`,
/// `Domain`. Digits stay with their letters.
fn for_each_case_part(chunk: &str, mut part: impl FnMut(&str)) {
    let mut start = 0;
    let mut chars = chunk.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((index, current)) = chars.next() {
        if let Some(previous) = previous {
            let next_is_lower = chars.peek().is_some_and(|(_, c)| c.is_lowercase());
            let boundary = (previous.is_lowercase() && current.is_uppercase())
                || (previous.is_uppercase() && current.is_uppercase() && next_is_lower);
            if boundary {
                part(&chunk[start..index]);
                start = index;
            }
        }
        previous = Some(current);
    }
    part(&chunk[start..]);
}

/// `syn004242`, `inc0012345`: more digits than letters is an identifier, found through the
/// code index, not a word (`office365` and `aadsts650057` stay words).
fn is_id_like(word: &str) -> bool {
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    digits >= 4 && digits > word.len() - digits
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
    let mut word = word.to_string();
    stem_in_place(&mut word);
    word
}

fn stem_in_place(word: &mut String) {
    let canonical = match word.as_str() {
        "licence" | "licences" | "licenced" | "licensing" => Some("license"),
        "organisation" | "organisations" => Some("organization"),
        "authorise" | "authorised" => Some("authorize"),
        _ => None,
    };
    if let Some(canonical) = canonical {
        word.clear();
        word.push_str(canonical);
    }
    strip_suffixes(word);
    if word.len() >= 5 && word.ends_with('e') {
        word.pop();
    }
}

fn strip_suffixes(word: &mut String) {
    if !word.is_ascii() || word.len() <= 3 {
        return;
    }
    if word.len() > 4 && word.ends_with("ies") {
        word.truncate(word.len() - 3);
        word.push('y');
        return;
    }
    for suffix in ["ing", "ed"] {
        if !word.ends_with(suffix) {
            continue;
        }
        let stem = word.len() - suffix.len();
        if stem >= 4 {
            word.truncate(stem);
            undouble(word);
            return;
        }
        // A short stem lost its silent e: "wiped" and "wiping" are "wipe", "fixed" is "fix".
        if stem == 3 {
            word.truncate(stem);
            if ends_consonant_vowel_consonant(word) {
                word.push('e');
            }
            return;
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word.pop();
    }
}

/// `stopped` -> `stop`, `blocked` -> `block`.
/// `wip`, `sav`: a consonant, a vowel, then a consonant other than w, x or y.
fn ends_consonant_vowel_consonant(word: &str) -> bool {
    let vowel = |b: u8| b"aeiou".contains(&b);
    match word.as_bytes() {
        [.., a, b, c] => !vowel(*a) && vowel(*b) && !vowel(*c) && !b"wxy".contains(c),
        _ => false,
    }
}

fn undouble(word: &mut String) {
    let bytes = word.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
        word.pop();
    }
}

/// Words that carry no meaning here, including the labels of pasted Entra errors.
/// A `match` compiles to a length switch and a few compares: this runs for every word.
fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "an" | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "com"
            | "correlation"
            | "for"
            | "from"
            | "get"
            | "gets"
            | "getting"
            | "got"
            | "has"
            | "have"
            | "he"
            | "http"
            | "https"
            | "id"
            | "ids"
            | "if"
            | "in"
            | "is"
            | "its"
            | "me"
            | "my"
            | "of"
            | "on"
            | "or"
            | "our"
            | "request"
            | "said"
            | "saying"
            | "says"
            | "she"
            | "so"
            | "that"
            | "the"
            | "them"
            | "there"
            | "they"
            | "this"
            | "timestamp"
            | "to"
            | "trace"
            | "us"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "which"
            | "with"
            | "www"
            | "you"
            | "your"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_not_words() {
        assert_eq!(
            words("ticket INC0012345 office365 aadsts650057"),
            ["ticket", "office365", "aadsts650057"]
        );
    }

    #[test]
    fn stopwords_are_dropped() {
        assert_eq!(words("the token of your session"), ["token", "session"]);
    }

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
        assert_eq!(words("We couldn't verify"), ["could", "not", "verify"]);
        assert_eq!(words("it doesnt have"), words("it does not have"));
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
        assert_eq!(stem("wiped"), stem("wipe"));
        assert_eq!(stem("wiping"), stem("wipes"));
        assert_eq!(stem("fixed"), "fix");
        assert_eq!(stem("enrolled"), stem("enroll"));
        assert_eq!(stem("blocked"), "block");
        assert_eq!(stem("status"), "status");
    }
}
