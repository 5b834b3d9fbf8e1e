//! Query understanding: the codes and words in whatever was typed or pasted.

use super::codes::{query_codes, Code};
use super::index::collapse_whitespace;
use super::text::for_each_word;
use crate::knowledge::Platform;

/// Longer input is cut here: a pasted log's first 256 KiB hold the error.
pub const MAX_QUERY_BYTES: usize = 256 * 1024;
/// Distinct words kept from one query; more add nothing to ranking but time.
const MAX_WORDS: usize = 256;
/// Words kept in order for phrase checks: the start of a paste holds the message.
const MAX_SEQUENCE: usize = 512;

/// A query, understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub codes: Vec<Code>,
    /// Distinct normalised words, in the order they appear.
    pub words: Vec<String>,
    /// The normalised words in order, repeats kept, for phrase checks (the first ones only).
    pub sequence: Vec<String>,
    /// The last word may be unfinished (the text does not end in a space), as while typing.
    pub last_word_partial: bool,
    /// The query as typed, when short enough to fuzzy-match against titles.
    pub short_text: Option<String>,
    /// The input was longer than [`MAX_QUERY_BYTES`] and was cut.
    pub truncated: bool,
    /// The text searched (after cutting), for checks on its exact wording.
    pub text: String,
    /// The text with whitespace collapsed, when short enough to be one message.
    pub collapsed: Option<String>,
    /// The mobile platform the paste's wording points to (logcat tags, "rooted" for Android;
    /// NSError, "jailbroken", TestFlight for iOS), to choose between texts both platforms show.
    pub platform_cue: Option<Platform>,
}

/// Words and shapes only Android evidence carries.
const ANDROID_CUES: &[&str] = &[
    "android",
    "rooted",
    "logcat",
    "company portal",
    " e/",
    " i/",
    " w/",
    " d/",
    "com.microsoft.intune.mam",
    "mamenrollmentmanager",
    "amenrollmentmanagerimpl",
    "com.microsoft.identity.client",
    "play store",
];

/// Words and shapes only iOS evidence carries.
const IOS_CUES: &[&str] = &[
    "iphone",
    "ipad",
    " ios",
    "ios ",
    "jailbroken",
    "jailbreak",
    "testflight",
    "nserror",
    "msalerrordomain",
    "intunemam:",
    "intunemamenrollmentstatus",
    "app store",
];

/// The platform the paste points to, when its cues point one way only.
fn platform_cue(text: &str) -> Option<Platform> {
    let lower = format!(" {} ", text.to_lowercase());
    let android = ANDROID_CUES.iter().any(|cue| lower.contains(cue));
    let ios = IOS_CUES.iter().any(|cue| lower.contains(cue));
    match (android, ios) {
        (true, false) => Some(Platform::Android),
        (false, true) => Some(Platform::Ios),
        _ => None,
    }
}

/// Longer than any verbatim message: no need to compare it with them.
const MAX_MESSAGE_BYTES: usize = 2048;

/// Short typed queries are matched fuzzily against titles, fzf-style.
const SHORT_QUERY_CHARS: usize = 40;

impl Query {
    pub fn parse(input: &str) -> Query {
        let (input, truncated) = cut(input);
        // JSON bodies pasted as text carry their line breaks as `\r\n` escapes.
        let text = decode_plus_spaces(input)
            .replace("\\r\\n", " ")
            .replace("\\n", " ")
            .replace("\\t", " ")
            .replace("\\\"", "\"");
        let mut words: Vec<String> = Vec::new();
        let mut sequence: Vec<String> = Vec::new();
        for_each_word(&text, |word| {
            if sequence.len() < MAX_SEQUENCE {
                sequence.push(word.to_string());
            }
            if words.len() < MAX_WORDS && !words.iter().any(|w| w == word) {
                words.push(word.to_string());
            }
        });
        // The platform a paste points to counts as if it were named: "logcat" reads as Android.
        let platform_cue = platform_cue(&text);
        if let Some(name) = platform_cue.map(|p| p.name()) {
            if words.len() < MAX_WORDS && !words.iter().any(|w| w == name) {
                words.push(name.to_string());
            }
        }
        let trimmed = text.trim();
        // One letter fuzzy-matches most titles: it is no search yet.
        let chars = trimmed.chars().count();
        let short_text = (2..=SHORT_QUERY_CHARS)
            .contains(&chars)
            .then(|| trimmed.to_string());
        Query {
            codes: query_codes(&text),
            words,
            sequence,
            last_word_partial: !text.ends_with(char::is_whitespace),
            short_text,
            truncated,
            collapsed: (text.len() <= MAX_MESSAGE_BYTES).then(|| collapse_whitespace(&text)),
            platform_cue,
            text,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.words.is_empty() && self.short_text.is_none()
    }
}

/// Text taken from a URL or a form body (`AADSTS500011:+The+resource+principal`) writes its
/// spaces as `+`; read them as spaces when `+` plainly stands for them.
fn decode_plus_spaces(input: &str) -> std::borrow::Cow<'_, str> {
    let pluses = input.matches('+').count();
    let spaces = input.matches(' ').count();
    if pluses >= 5 && pluses > spaces {
        input.replace('+', " ").into()
    } else {
        input.into()
    }
}

fn cut(input: &str) -> (&str, bool) {
    if input.len() <= MAX_QUERY_BYTES {
        return (input, false);
    }
    let mut end = MAX_QUERY_BYTES;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    (&input[..end], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_distinct_words_and_codes() {
        let form = Query::parse("AADSTS500011:+The+resource+principal+named+x+was+not+found");
        assert!(
            form.words.iter().any(|w| w == "principal"),
            "{:?}",
            form.words
        );
        let query = Query::parse("AADSTS650057: Invalid resource. Invalid resource!");
        assert_eq!(query.words, ["aadsts650057", "invalid", "resourc"]);
        assert_eq!(query.codes.len(), 1);
        assert!(!query.truncated);
    }

    #[test]
    fn knows_a_word_being_typed() {
        assert!(Query::parse("account not se").last_word_partial);
        assert!(!Query::parse("account not set ").last_word_partial);
    }

    #[test]
    fn cuts_huge_input_on_a_char_boundary() {
        let huge = "é".repeat(MAX_QUERY_BYTES);
        let query = Query::parse(&huge);
        assert!(query.truncated);
        assert!(query.short_text.is_none());
    }

    #[test]
    fn blank_input_is_empty() {
        assert!(Query::parse("  \n\t ").is_empty());
        // One letter fuzzy-matches most titles: it is no search yet; two letters are.
        assert!(Query::parse("x").is_empty());
        assert!(!Query::parse("xq").is_empty());
    }
}
