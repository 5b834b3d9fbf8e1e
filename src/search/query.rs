//! Query understanding: the codes and words in whatever was typed or pasted.

use super::codes::{query_codes, Code, CodeKind};
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

/// `MSALErrorDomain`, `MSALErrorDescriptionKey`: the names Apple's errors print around values.
fn is_container_name(name: &str) -> bool {
    name.ends_with("Domain") || name.ends_with("Key")
}

/// How many things [`Query::understood`] names at most.
const UNDERSTOOD_SHOWN: usize = 6;
/// How many words [`Query::highlight_terms`] gives at most (a long paste has hundreds).
const HIGHLIGHT_TERMS: usize = 32;

impl Query {
    /// What the text was understood to carry, for a person to check: the codes written out in
    /// it (not those inferred from a bare number), codes and statuses first, then the names
    /// `known` knows (an error id, an exception: not a dictionary key or a package name), and
    /// the platform its wording points to.
    pub fn understood(&self, known: impl Fn(&Code) -> bool) -> Vec<String> {
        let rank = |code: &Code| match code.kind {
            CodeKind::Aadsts => 0,
            CodeKind::Http => 1,
            CodeKind::Number => 2,
            _ => 3,
        };
        let mut codes: Vec<&Code> = self
            .codes
            .iter()
            .filter(|code| !code.inferred)
            .filter(|code| match code.kind {
                CodeKind::Segment | CodeKind::Guid => false,
                // An error domain or a userInfo key names where a value is, not the problem.
                CodeKind::Raw => known(code) && !is_container_name(&code.shown),
                _ => true,
            })
            .collect();
        codes.sort_by_key(|code| rank(code));
        let mut shown: Vec<String> = codes.iter().map(|code| code.shown.clone()).collect();
        shown.dedup();
        if let Some(platform) = self.platform_cue {
            shown.push(format!("{} wording", platform.label()));
        }
        shown.truncate(UNDERSTOOD_SHOWN);
        shown
    }

    /// The words and codes to mark where an entry shows them, lower case (ASCII): each
    /// marks words that start with it, so a stem marks its longer forms.
    pub fn highlight_terms(&self) -> Vec<String> {
        let words = self.words.iter().filter(|word| word.chars().count() >= 3);
        let codes = self
            .codes
            .iter()
            .filter(|code| !code.inferred)
            .map(|code| &code.shown);
        let mut terms: Vec<String> = codes
            .chain(words)
            .map(|term| term.to_ascii_lowercase())
            .collect();
        terms.dedup();
        terms.truncate(HIGHLIGHT_TERMS);
        terms
    }

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
    fn a_paste_says_what_was_understood_in_it() {
        let paste = "MsalIntuneAppProtectionPolicyRequiredException: AADSTS53005: Application \
                     needs to enforce Intune protection policies. Trace ID: \
                     00000000-0000-4000-8000-000000000003 (logcat)";
        let understood = Query::parse(paste).understood(|_| true);
        assert!(
            understood.iter().any(|u| u == "AADSTS53005"),
            "{understood:?}"
        );
        assert!(
            understood.iter().any(|u| u == "Android wording"),
            "{understood:?}"
        );
        assert!(
            !understood.iter().any(|u| u.starts_with("00000000")),
            "a trace id is not a code to look up: {understood:?}"
        );
        assert!(Query::parse("account not set up")
            .understood(|_| true)
            .is_empty());
    }

    #[test]
    fn codes_come_first_and_names_the_knowledge_does_not_know_are_left_out() {
        // After github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/223: an MSAL error
        // printed as a dictionary.
        let paste = "Error Domain=MSALErrorDomain Code=-50004 UserInfo={MSALErrorDescriptionKey=\
                     AADSTS53005: Application needs to enforce Intune protection policies., \
                     MSALOAuthErrorKey=unauthorized_client, MSALOAuthSubErrorKey=\
                     protection_policy_required, MSALCorrelationIDKey=1A2B}";
        let known = |code: &Code| code.value == "unauthorized_client";
        let understood = Query::parse(paste).understood(known);
        assert_eq!(understood.first().map(String::as_str), Some("AADSTS53005"));
        assert!(understood.iter().any(|u| u == "unauthorized_client"));
        assert!(
            !understood
                .iter()
                .any(|u| u.ends_with("Key") || u.ends_with("Domain")),
            "{understood:?}"
        );
    }

    #[test]
    fn highlight_terms_are_lower_case_stems_and_codes() {
        let terms = Query::parse("Wiped data, AADSTS53005 on it").highlight_terms();
        assert!(terms.iter().any(|t| t == "aadsts53005"), "{terms:?}");
        assert!(
            terms.iter().any(|t| "wiped".starts_with(t.as_str())),
            "{terms:?}"
        );
        assert!(
            !terms.iter().any(|t| t == "on"),
            "short words mark too much: {terms:?}"
        );
    }

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
