//! What in evidence points at an entry: the entries' verbatim messages, their error ids and
//! exception or status names, AADSTS numbers, and SDK status numbers in their context. All are
//! found in one pass over the text by one multi-pattern automaton (Aho-Corasick), never by a
//! loop over the entries.

use super::format::Format;
use crate::knowledge::KnowledgeBase;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::{BTreeSet, HashMap};

/// Codes that entries carry to explain a setting or a name, which every healthy log or config
/// shows too: finding them is no sign of a problem.
const NOT_SIGNALS: &[&str] = &[
    "IntuneScope",
    "IntuneMAMEnabled",
    "IntuneAuthService",
    "IdAttribute",
    "msDS-aadObjectId",
    "preferred_username",
    "family_name",
    "given_name",
    "user_impersonation",
    "login.mattermost",
    "com.mattermost.rn",
    "com.mattermost.rnbeta",
    "MAMComponents",
    "MSALErrorDomain",
    "MSALOAuthSubErrorKey",
    "MAMEnrollmentManager.Result",
    "MAMCAComplianceStatus",
    "IntuneMAMComplianceStatus",
    "IntuneMAMComplianceCompliant",
    "IntuneMAMEnrollmentStatusNewPoliciesReceived",
    "IntuneMAMEnrollmentStatusPoliciesHaveNotChanged",
    "ensureMAMEnrollment",
    "MSALPublicClientApplication",
];

/// The shortest message worth matching on its own; shorter ones are titles such as "Warn".
const SHORTEST_MESSAGE: usize = 14;
/// The shortest part of a template, besides its longest, that stands for it.
const SHORTEST_OTHER_PART: usize = 24;

#[derive(Debug, Clone)]
enum Target {
    /// These entries; `exact` patterns must match in case and stand as a whole word. `status`
    /// is the SDK status number the pattern names, if it is one.
    Entries {
        entries: Vec<usize>,
        exact: bool,
        status: Option<u16>,
    },
    /// `AADSTS` followed by digits: the entries carrying that number.
    Aadsts,
    /// A label or field name, then (after quotes, a colon, `=`, `[` or spaces) an Entra
    /// result code without its `AADSTS` prefix.
    CodeLabel,
}

/// How the Entra admin center's sign-in detail pane labels the error code, copied as text
/// (the older portal writes labels in capitals); its value may be on a later line.
const PANE_LABELS: &[&str] = &["Sign-in error code", "SIGN-IN ERROR CODE"];

/// The fields that carry an Entra result code without its prefix: the sign-in log's
/// `ResultType` column and the `errorCode`/`error_codes` fields of the identity platform's
/// JSON error responses.
const FIELD_LABELS: &[&str] = &["ResultType", "resultType", "errorCode", "error_codes"];

/// An entry code of the form `ResultType 0`: a sign-in result with no AADSTS text of its own
/// (0 is a sign-in that passed).
const RESULT_TYPE_CODE: &str = "ResultType ";

/// The OAuth `error` values of the Microsoft identity platform: each stands for many AADSTS
/// codes (`invalid_resource` comes with AADSTS650057 and AADSTS500011 alike), so only the
/// code beside it says which problem it is.
pub(crate) const OAUTH_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_grant",
    "unauthorized_client",
    "invalid_client",
    "unsupported_grant_type",
    "invalid_resource",
    "interaction_required",
    "temporarily_unavailable",
];

/// What makes a line worth reading closely even when it names no entry: it may be an error
/// that no entry knows yet. Everything else is only counted.
const INTEREST: &[&str] = &[
    "error",
    "Error",
    "ERROR",
    "ERRO",
    "EROR",
    "failed",
    "Failed",
    "FAILED",
    "exception",
    "Exception",
    "fatal",
    "panic",
    "/oauth/intune",
    " E/",
    "  E  ",
];

/// Which server JSON lines are worth reading: errors by their level field (an `error` key
/// is on warnings too), and whatever concerns Intune. Every Intune error the server logs is
/// a request to `/oauth/intune` or names Intune (config checks, the JWKS set-up); SAML and
/// AADSTS lines come from the sign-in paths behind it. So a short list does, and a short list
/// is searched many times faster than every message of the knowledge.
const SERVER_JSON_INTEREST: &[&str] = &["ntune", "AADSTS", "saml", "SAML"];

/// The levels of a server JSON line that make it an error.
pub const SERVER_ERROR_LEVELS: &[&str] = &["error", "fatal", "panic", "dpanic", "critical"];

/// How a JSON log writes `"key":"value"`: compact, as the server does, or with a space after
/// the colon, as shippers and `jq` rewrite it. Both read the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonStyle {
    Compact,
    Spaced,
}

impl JsonStyle {
    /// The style of the JSON line `line` (a block's first line stands for the block).
    pub fn of(line: &[u8]) -> JsonStyle {
        if memchr::memmem::find(line, b"\": ").is_some() {
            JsonStyle::Spaced
        } else {
            JsonStyle::Compact
        }
    }

    /// `"key":"value"` as this style writes it.
    pub fn pair(self, key: &str, value: &str) -> String {
        match self {
            JsonStyle::Compact => format!(r#""{key}":"{value}""#),
            JsonStyle::Spaced => format!(r#""{key}": "{value}""#),
        }
    }
}

/// The patterns built from one knowledge base.
pub struct Signals {
    /// Every match in one record (overlapping), for the entries it points at.
    automaton: AhoCorasick,
    /// The first match from a place on (a DFA), for finding the lines worth reading fast:
    /// for server JSON lines (one per [`JsonStyle`]: one short list is searched faster than
    /// both), and for every other line-oriented format.
    server_json_finders: [AhoCorasick; 2],
    finder: AhoCorasick,
    targets: Vec<Target>,
    /// `AADSTS` numbers (digits only) to entries.
    aadsts: HashMap<String, Vec<usize>>,
    /// Each entry's HTTP status, for telling look-alike server messages apart.
    http_status: Vec<Option<u16>>,
}

impl Signals {
    pub fn new(base: &KnowledgeBase) -> Signals {
        let mut by_pattern: HashMap<(String, bool), BTreeSet<usize>> = HashMap::new();
        let mut aadsts: HashMap<String, Vec<usize>> = HashMap::new();
        let mut http_status = Vec::with_capacity(base.len());
        for (number, entry) in base.entries().iter().enumerate() {
            http_status.push(entry.server.as_ref().map(|server| server.http_status));
            for message in &entry.messages {
                for literal in literal_parts(message)
                    .into_iter()
                    .flat_map(wording_variants)
                {
                    by_pattern
                        .entry((literal, false))
                        .or_default()
                        .insert(number);
                }
            }
            for code in &entry.codes {
                let code = code.trim();
                let result_code = code
                    .strip_prefix("AADSTS")
                    .or_else(|| code.strip_prefix(RESULT_TYPE_CODE))
                    .filter(|d| is_number(d));
                if let Some(digits) = result_code {
                    aadsts.entry(digits.to_string()).or_default().push(number);
                } else if is_number(code.trim_start_matches('-')) {
                    for pattern in numeric_contexts(code) {
                        by_pattern
                            .entry((pattern, true))
                            .or_default()
                            .insert(number);
                    }
                } else if is_signal_name(code) {
                    by_pattern
                        .entry((code.to_string(), true))
                        .or_default()
                        .insert(number);
                }
            }
        }
        let mut patterns = vec!["AADSTS".to_string()];
        let mut targets = vec![Target::Aadsts];
        for label in PANE_LABELS.iter().chain(FIELD_LABELS) {
            patterns.push(label.to_string());
            targets.push(Target::CodeLabel);
        }
        let mut sorted: Vec<_> = by_pattern.into_iter().collect();
        sorted.sort();
        for ((pattern, exact), entries) in sorted {
            let status = exact.then(|| status_named(&pattern)).flatten();
            patterns.push(pattern);
            targets.push(Target::Entries {
                entries: entries.into_iter().collect(),
                exact,
                status,
            });
        }
        // Case-sensitive: evidence writes messages and ids as the software does, and a
        // case-sensitive automaton is the fast one.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("patterns from the knowledge build an automaton");
        Signals {
            automaton,
            server_json_finders: [JsonStyle::Compact, JsonStyle::Spaced]
                .map(|style| line_finder(&server_json_interest(style), SERVER_JSON_INTEREST)),
            finder: line_finder(&patterns, INTEREST),
            targets,
            aadsts,
            http_status,
        }
    }

    /// The entries `text` points at, with the AADSTS numbers it names; returns the SDK
    /// status number it names, if any (one enrollment result may be logged in two wordings).
    pub fn entries_in(&self, text: &str, found: &mut BTreeSet<usize>) -> Option<u16> {
        let bytes = text.as_bytes();
        let stands_alone = |start: usize, end: usize| {
            !bytes[..start].last().is_some_and(|&b| is_word_byte(b))
                && !bytes.get(end).is_some_and(|&b| is_word_byte(b))
        };
        let mut sdk_status = None;
        for hit in self.automaton.find_overlapping_iter(text) {
            let after = &text[hit.end()..];
            let code = match &self.targets[hit.pattern().as_usize()] {
                Target::Aadsts => Some(after),
                // A pane copied as text runs the label into its value (`CODE50105`).
                Target::CodeLabel => (!bytes[..hit.start()]
                    .last()
                    .is_some_and(|&b| is_word_byte(b)))
                .then(|| after.trim_start_matches(['"', '\'', ':', '=', '[', ' ', '\t'])),
                Target::Entries {
                    entries,
                    exact,
                    status,
                } => {
                    if !exact || stands_alone(hit.start(), hit.end()) {
                        found.extend(entries);
                        sdk_status = sdk_status.or(*status);
                    }
                    None
                }
            };
            let digits = code.map(|code| {
                let end = code
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(code.len());
                &code[..end]
            });
            if let Some(entries) = digits.and_then(|digits| self.aadsts.get(digits)) {
                found.extend(entries);
            }
        }
        sdk_status
    }

    /// Whether `line` ends with a detail pane's error-code label, its value on a later line.
    pub fn ends_with_pane_label(line: &str) -> bool {
        let line = line.trim_end_matches([':', ' ', '\t']);
        PANE_LABELS.iter().any(|label| line.ends_with(label))
    }

    /// Calls `each` with the start of every line of `block` that holds a pattern: a line
    /// worth reading closely. One pass, whatever the number of patterns; after a hit the
    /// search goes on from the next line.
    pub fn candidate_lines(
        &self,
        format: Format,
        style: JsonStyle,
        block: &[u8],
        mut each: impl FnMut(usize),
    ) {
        let finder = match format {
            Format::MattermostServerJson => &self.server_json_finders[style as usize],
            _ => &self.finder,
        };
        let mut from = 0;
        while let Some(hit) = finder.find(aho_corasick::Input::new(block).span(from..block.len())) {
            let start = memchr::memrchr(b'\n', &block[..hit.start()]).map_or(0, |n| n + 1);
            each(start);
            match memchr::memchr(b'\n', &block[hit.end()..]) {
                Some(n) => from = hit.end() + n + 1,
                None => break,
            }
        }
    }

    /// The entries an AADSTS number (a sign-in row's error code) stands for.
    pub fn aadsts(&self, code: &str) -> &[usize] {
        self.aadsts.get(code).map_or(&[], Vec::as_slice)
    }

    /// Of entries found in one record, those whose HTTP status is the record's, when the
    /// record gives one and some of them have it: one server message can stand for two ids.
    pub fn narrow_by_status(&self, found: &mut BTreeSet<usize>, status: Option<u16>) {
        let Some(status) = status else { return };
        let agreeing = |entry: &usize| self.http_status[*entry] == Some(status);
        if found.iter().any(agreeing) {
            found.retain(|entry| self.http_status[*entry].is_none_or(|_| agreeing(entry)));
        }
    }
}

/// The level fields of error lines, as `style` writes them.
fn server_json_interest(style: JsonStyle) -> Vec<String> {
    SERVER_ERROR_LEVELS
        .iter()
        .map(|level| style.pair("level", level))
        .collect()
}

/// An automaton over `patterns` and the words that make a line worth reading (the crate
/// picks a SIMD search for a short list, a DFA for a long one).
fn line_finder(patterns: &[String], interest: &[&str]) -> AhoCorasick {
    let all = patterns
        .iter()
        .map(String::as_str)
        .chain(interest.iter().copied());
    let kind = (patterns.len() > 64).then_some(AhoCorasickKind::DFA);
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(kind)
        .build(all)
        .expect("patterns from the knowledge build an automaton")
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The words the Intune SDK, and apps logging its results, write before an enrollment status
/// (`Enrollment failed with status code 201`, `Received enrollment result of 201`,
/// `enrollmentRequest status: 201, success: false`, a printed `statusCode: 201`).
const STATUS_CONTEXTS: &[&str] = &[
    "status code ",
    "result of ",
    "statusCode: ",
    "statusCode = ",
    "statusCode=",
    "status: ",
];

/// Where a bare number is a signal: an MSAL code (negative, five digits: distinctive on its
/// own, as a whole word), an SDK enrollment status after the words the SDK logs before it. A
/// bare `200` anywhere would flag every HTTP 200.
fn numeric_contexts(code: &str) -> Vec<String> {
    if code.starts_with('-') {
        return vec![code.to_string()];
    }
    STATUS_CONTEXTS
        .iter()
        .map(|context| match *context {
            // `status: 201` alone is an HTTP status in many logs; the SDK result carries
            // `success` after it.
            "status: " => format!("{context}{code}, success"),
            _ => format!("{context}{code}"),
        })
        .collect()
}

/// The SDK status a numeric-context pattern names (`status code 201` names 201).
fn status_named(pattern: &str) -> Option<u16> {
    let start = pattern.find(|c: char| c.is_ascii_digit())?;
    let prefix = &pattern[..start];
    if !STATUS_CONTEXTS.contains(&prefix) {
        return None;
    }
    let digits = &pattern[start..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// A name that only a problem writes: an error id, an exception or status name.
fn is_signal_name(code: &str) -> bool {
    let identifier = code.len() >= 10
        && !code.contains(char::is_whitespace)
        && !code.contains("://")
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    let shaped = code.contains(['.', '_']) || code.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    let guid = code.len() == 36 && code.matches('-').count() == 4;
    identifier && shaped && !guid && !NOT_SIGNALS.contains(&code) && !OAUTH_ERRORS.contains(&code)
}

/// Contractions and their spelled-out forms: a service's wording and its documentation's
/// differ in just this ("was not found" in the token response, "wasn't found" in the list).
const CONTRACTIONS: &[(&str, &str)] = &[
    ("wasn't", "was not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("doesn't", "does not"),
    ("don't", "do not"),
    ("didn't", "did not"),
    ("hasn't", "has not"),
    ("haven't", "have not"),
    ("couldn't", "could not"),
    ("can't", "cannot"),
    ("won't", "will not"),
];

/// A message as written and with its contractions spelled out or contracted, each as people
/// paste it (see [`quote_variants`]).
fn wording_variants(message: String) -> Vec<String> {
    let straight = message.replace('’', "'");
    let mut other = straight.clone();
    for (short, long) in CONTRACTIONS {
        other = if straight.contains(short) {
            other.replace(short, long)
        } else {
            other.replace(long, short)
        };
    }
    let mut variants = quote_variants(message);
    if other != straight {
        variants.extend(quote_variants(other));
    }
    variants
}

/// A message as written, and as people paste it: with typographic apostrophes (or, for a
/// message written with them, straight ones), and with the apostrophe escaped as a printed
/// string shows it (`user\'s`).
fn quote_variants(message: String) -> Vec<String> {
    let straight = message.replace('’', "'");
    if !straight.contains('\'') {
        return vec![message];
    }
    let mut variants = vec![
        straight.replace('\'', "’"),
        straight.replace('\'', "\\'"),
        straight,
    ];
    variants.sort();
    variants.dedup();
    variants
}

/// The parts of a message written literally, between placeholders (`{{.Name}}`, `{state}`,
/// `%@`, `%s`), that are long enough to mean something. Each stands for the message on its
/// own: a log line may hold the message cut short, or a template filled in.
pub fn literal_parts(message: &str) -> Vec<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = message;
    loop {
        let next = ["{", "%@", "%s", "%d"]
            .iter()
            .filter_map(|marker| rest.find(marker))
            .min();
        let (part, after) = match next {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        parts.push(part.trim());
        if after.is_empty() {
            break;
        }
        let skip = if after.starts_with("{{") {
            after.find("}}").map_or(after.len(), |n| n + 2)
        } else {
            after.find(['}', ' ']).map_or(after.len(), |n| n + 1).max(2)
        };
        rest = &after[skip.min(after.len())..];
    }
    // The longest part stands for the message from the shortest useful length; the others
    // only when long enough not to be common words ("in request body.").
    let longest = parts.iter().map(|part| part.len()).max().unwrap_or(0);
    parts
        .into_iter()
        .filter(|part| {
            part.len() >= SHORTEST_OTHER_PART
                || (part.len() == longest && part.len() >= SHORTEST_MESSAGE)
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_a_problem_writes_are_signals() {
        assert!(is_signal_name("ent.intune.login.not_configured.app_error"));
        assert!(is_signal_name("AUTHORIZATION_NEEDED"));
        assert!(is_signal_name(
            "MsalIntuneAppProtectionPolicyRequiredException"
        ));
        assert!(!is_signal_name("IntuneScope"));
        assert!(!is_signal_name("HTTP 403"));
        assert!(!is_signal_name("failed"));
        assert!(!is_signal_name("invalid_resource"));
        assert!(!is_signal_name("64e9952b-20eb-46dc-92ad-99089ed24903"));
        assert!(!is_signal_name(
            "https://msmamservice.api.application/.default"
        ));
    }

    #[test]
    fn each_long_literal_part_of_a_template_stands_for_it() {
        assert_eq!(
            literal_parts("Invalid or missing {{.Name}} in request body."),
            ["Invalid or missing"]
        );
        assert!(literal_parts("Warn").is_empty());
        assert_eq!(
            literal_parts("Device is not in required device state: {state}. Conditional Access policy requires a compliant device."),
            ["Device is not in required device state:", ". Conditional Access policy requires a compliant device."]
        );
    }

    #[test]
    fn a_template_matches_with_its_placeholder_filled_in_and_the_rest_cut() {
        let (base, _) = crate::knowledge::KnowledgeBase::shipped();
        let signals = Signals::new(&base);
        let mut found = BTreeSet::new();
        signals.entries_in(
            "token request failed: Device is not in required device state: compliant.",
            &mut found,
        );
        let ids: Vec<&str> = found
            .iter()
            .map(|&entry| base.entries().get(entry).id.as_str())
            .collect();
        assert_eq!(ids, ["entra.aadsts53000"]);
    }
}
