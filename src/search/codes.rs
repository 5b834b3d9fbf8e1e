//! Codes in text: AADSTS numbers, HTTP statuses, server error ids, exception names, GUIDs.
//!
//! Entry codes and pasted queries go through the same extraction, so both sides produce the
//! same keys (`aadsts:650057`, `http:403`, `raw:missingauthaccounterror`, ...).

use serde::{Deserialize, Serialize};

/// How a code key matches, which sets its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CodeKind {
    /// An identifier written out whole: an error id, exception name, claim or scope name.
    Raw,
    /// One `snake_case` part of a dotted error id, such as `token_expired`.
    Segment,
    Aadsts,
    Http,
    Number,
    Guid,
}

/// A code found in text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Code {
    pub kind: CodeKind,
    /// The normalised value; `kind` + `value` is the lookup key.
    pub value: String,
    /// As written in the text, for explaining a match.
    pub shown: String,
    /// Read from context (a bare number taken as an AADSTS code) rather than written out.
    pub inferred: bool,
}

impl Code {
    fn new(kind: CodeKind, value: impl Into<String>, shown: &str, inferred: bool) -> Code {
        Code {
            kind,
            value: value.into(),
            shown: shown.to_string(),
            inferred,
        }
    }

    pub fn key(&self) -> (CodeKind, &str) {
        (self.kind, &self.value)
    }

    /// How a match on this code is explained: `HTTP 403`, `AADSTS650057`, or as written.
    pub fn label(&self) -> String {
        match self.kind {
            CodeKind::Http => format!("HTTP {}", self.value),
            CodeKind::Aadsts => format!("AADSTS{}", self.value),
            _ => self.shown.clone(),
        }
    }
}

/// Keys under which an entry's declared code is indexed.
pub fn entry_code_keys(code: &str) -> Vec<Code> {
    let code = code.trim();
    let lower = code.to_lowercase();
    let mut keys = Vec::new();
    let pieces: Vec<&str> = code.split_whitespace().collect();
    if let Some(status) = http_status_in_declared(&pieces) {
        keys.push(Code::new(CodeKind::Http, status, code, false));
    } else if let Some(number) = lower.strip_prefix("aadsts").filter(|n| is_digits(n)) {
        keys.push(Code::new(CodeKind::Aadsts, number, code, false));
    } else if is_signed_number(code) {
        keys.push(Code::new(CodeKind::Number, code, code, false));
    } else if is_guid(code) {
        keys.push(Code::new(CodeKind::Guid, lower, code, false));
    } else {
        keys.push(Code::new(CodeKind::Raw, lower.clone(), code, false));
        if lower.contains('.') {
            for segment in lower
                .split('.')
                .filter(|s| s.contains('_') && *s != "app_error")
            {
                keys.push(Code::new(CodeKind::Segment, segment, code, false));
            }
        }
        // "Intune 1004", "MSALErrorDomain -50005": each number or identifier in it is a code too.
        if pieces.len() > 1 {
            for piece in pieces.iter().map(|p| trim_punctuation(p)) {
                // A one- or two-digit number ("ResultType 0") is in every log line.
                if is_signed_number(piece) && piece.trim_start_matches('-').len() >= 3 {
                    keys.push(Code::new(CodeKind::Number, piece, piece, false));
                } else if is_identifier(piece) {
                    keys.push(Code::new(CodeKind::Raw, piece.to_lowercase(), piece, false));
                }
            }
        }
    }
    keys
}

/// `HTTP 403`, `403 Forbidden`, `403`.
fn http_status_in_declared(pieces: &[&str]) -> Option<String> {
    match pieces {
        [http, status] | [http, status, ..] if http.eq_ignore_ascii_case("http") => {
            as_http_status(status)
        }
        [status, ..] => as_http_status(status).filter(|_| pieces.len() <= 3),
        [] => None,
    }
}

/// Codes in a pasted query, and whether each was written out or inferred.
pub fn query_codes(text: &str) -> Vec<Code> {
    let pieces = pieces(text);
    // A query that is only a number or two is a bare code, not a number inside a log line.
    let bare = pieces.len() <= 2;
    let mut codes = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| pieces[i].to_ascii_lowercase());
        let next = pieces.get(index + 1).map(|p| p.to_ascii_lowercase());
        classify(
            piece,
            previous.as_deref(),
            next.as_deref(),
            bare,
            &mut codes,
        );
    }
    codes.sort_by(|a, b| a.key().cmp(&b.key()).then(a.inferred.cmp(&b.inferred)));
    codes.dedup_by(|later, earlier| later.key() == earlier.key());
    codes
}

fn classify(
    piece: &str,
    previous: Option<&str>,
    next: Option<&str>,
    bare: bool,
    codes: &mut Vec<Code>,
) {
    let lower = piece.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        if let Some((_, value)) = lower.split_once("code=") {
            let number: String = value.chars().take_while(char::is_ascii_digit).collect();
            if !number.is_empty() {
                codes.push(Code::new(CodeKind::Aadsts, number, piece, false));
            }
        }
        codes.push(Code::new(CodeKind::Raw, lower, piece, false));
        return;
    }
    if is_guid(piece) {
        codes.push(Code::new(CodeKind::Guid, lower, piece, false));
        return;
    }
    if let Some(number) = lower.strip_prefix("aadsts").filter(|n| is_digits(n)) {
        codes.push(Code::new(CodeKind::Aadsts, number, piece, false));
        return;
    }
    if is_signed_number(piece) {
        classify_number(piece, previous, next, bare, codes);
        return;
    }
    if is_identifier(piece) {
        codes.push(Code::new(CodeKind::Raw, lower.clone(), piece, false));
        if !lower.contains('.') && lower.contains('_') {
            codes.push(Code::new(CodeKind::Segment, lower, piece, false));
        }
    }
}

fn classify_number(
    piece: &str,
    previous: Option<&str>,
    next: Option<&str>,
    bare: bool,
    codes: &mut Vec<Code>,
) {
    let says_code = previous.is_some_and(|p| {
        p.starts_with("http")
            || p.contains("status")
            || p.contains("code")
            || p == "error"
            || CODE_VERBS.contains(&p)
    }) || next.is_some_and(|n| CODE_NOUNS.contains(&n));
    let says_status = next.is_some_and(|n| REASON_WORDS.contains(&n));
    let digits = piece.trim_start_matches('-');
    if let Some(status) = as_http_status(piece) {
        if says_code || says_status || bare {
            codes.push(Code::new(CodeKind::Http, status, piece, bare && !says_code));
        }
        if bare {
            codes.push(Code::new(CodeKind::Number, piece, piece, true));
        }
        return;
    }
    let inferred = !says_code;
    if digits.len() >= 5 || says_code || bare {
        codes.push(Code::new(CodeKind::Number, piece, piece, inferred));
    }
    if digits.len() >= 5 && !piece.starts_with('-') {
        codes.push(Code::new(CodeKind::Aadsts, digits, piece, inferred));
    }
}

/// Words before a number that make it a code people saw: "user sees 403", "returns 501".
const CODE_VERBS: &[&str] = &[
    "sees",
    "see",
    "saw",
    "seeing",
    "gets",
    "got",
    "getting",
    "returns",
    "returned",
    "returning",
    "shows",
    "showing",
    "showed",
    "throws",
    "threw",
    "gives",
    "gave",
];

/// Words after a number that make it a code: "203 Enrollment Status Code", "501 error".
const CODE_NOUNS: &[&str] = &[
    "enrollment",
    "error",
    "status",
    "code",
    "response",
    "result",
];

/// Words that follow an HTTP status in its usual forms (`403 Forbidden`).
const REASON_WORDS: &[&str] = &[
    "forbidden",
    "unauthorized",
    "bad",
    "not",
    "conflict",
    "precondition",
    "internal",
    "service",
];

/// Splits pasted text into pieces, dropping JSON punctuation, quotes and dates.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split(|c: char| c.is_whitespace() || "\"{}[]()<>,;|`=".contains(c)) {
        let chunk = trim_punctuation(chunk);
        if chunk.is_empty() {
            continue;
        }
        if chunk.contains("://") {
            out.push(chunk);
            continue;
        }
        for piece in chunk.split(':').map(trim_punctuation) {
            if !piece.is_empty() && !is_date_or_time(piece) {
                out.push(piece);
            }
        }
    }
    out
}

fn trim_punctuation(s: &str) -> &str {
    s.trim_matches(|c: char| ".,;:!?'\"\u{2018}\u{2019}\u{201c}\u{201d}*".contains(c))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_signed_number(s: &str) -> bool {
    is_digits(s.strip_prefix('-').unwrap_or(s))
}

fn as_http_status(s: &str) -> Option<String> {
    let value: u16 = s.parse().ok().filter(|_| s.len() == 3)?;
    (100..=599).contains(&value).then(|| value.to_string())
}

/// `2020-05-04`, `09:36:06Z`, `2024-02-02T17`, `1.3.3`.
fn is_date_or_time(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || "-/.TZ".contains(c))
        && !is_signed_number(s)
}

/// `8-4-4-4-12` hex digits.
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Looks like a code rather than a word: `ent.intune.x.app_error`, `invalid_resource`,
/// `MissingAuthAccountError`, `NOT_LICENSED`, `login.mattermost`.
fn is_identifier(s: &str) -> bool {
    let has_letter = s.chars().any(|c| c.is_ascii_alphabetic());
    let joined = s.contains('_') || (s.contains('.') && !s.ends_with('.'));
    let inner_capital = s.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && s.chars().any(|c| c.is_ascii_lowercase());
    // `SYN004242`, `INC0012345`: letters and a run of digits make a code, not a word.
    let lettered_number = s.chars().filter(char::is_ascii_digit).count() >= 3;
    has_letter
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
        && (joined || inner_capital || lettered_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        query_codes(text)
            .into_iter()
            .map(|c| {
                format!(
                    "{:?}:{}{}",
                    c.kind,
                    c.value,
                    if c.inferred { "?" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn aadsts_with_and_without_prefix() {
        assert_eq!(keys("AADSTS650057"), ["Aadsts:650057"]);
        assert_eq!(keys("aadsts650057: Invalid resource."), ["Aadsts:650057"]);
        assert_eq!(keys("650057"), ["Aadsts:650057?", "Number:650057?"]);
    }

    #[test]
    fn entra_error_with_trace_lines() {
        let pasted = "AADSTS650057: Invalid resource. The client has requested access.\n\
            Trace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333\n\
            Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd\n\
            Timestamp: 2020-05-04 09:36:06Z";
        assert_eq!(
            keys(pasted),
            [
                "Aadsts:650057",
                "Guid:0000aaaa-11bb-cccc-dd33-eeeeee333333",
                "Guid:aaaa0000-bb11-2222-33cc-444444dddddd",
            ]
        );
    }

    #[test]
    fn entra_json_body_and_error_uri() {
        let body = r#"{"error": "invalid_scope", "error_description": "AADSTS70011: The provided value isn't valid.\r\nTimestamp: 2016-01-09 02:02:12Z", "error_codes": [70011], "error_uri":"https://login.microsoftonline.com/error?code=70011"}"#;
        let found = keys(body);
        assert!(found.contains(&"Aadsts:70011".to_string()), "{found:?}");
        assert!(
            found.contains(&"Raw:invalid_scope".to_string()),
            "{found:?}"
        );
        assert!(found.contains(&"Raw:error_codes".to_string()), "{found:?}");
        assert!(!found.iter().any(|k| k.starts_with("Http")), "{found:?}");
    }

    #[test]
    fn mattermost_server_json_body() {
        let body = r#"{"id":"ent.intune.validate_token.token_expired.app_error","message":"Authentication session has expired. Please try signing in again.","detailed_error":"","request_id":"x1","status_code":400}"#;
        let found = keys(body);
        assert!(
            found.contains(&"Raw:ent.intune.validate_token.token_expired.app_error".to_string())
        );
        assert!(found.contains(&"Http:400".to_string()), "{found:?}");
    }

    #[test]
    fn http_status_in_its_usual_forms() {
        assert_eq!(keys("403"), ["Http:403?", "Number:403?"]);
        assert_eq!(keys("HTTP 403"), ["Http:403", "Number:403?"]);
        assert!(keys("the server said 403 Forbidden today").contains(&"Http:403".to_string()));
        assert!(
            keys("request failed with status code: 428 again").contains(&"Http:428".to_string())
        );
        assert!(keys("HTTP/1.1 401 Unauthorized").contains(&"Http:401".to_string()));
        // A number inside a log line is not a status.
        assert!(keys("at line 708 of the delegate in the file").is_empty());
    }

    #[test]
    fn exception_and_error_names() {
        assert_eq!(
            keys("MissingAuthAccountError"),
            ["Raw:missingauthaccounterror"]
        );
        assert_eq!(
            keys("invalid_resource"),
            ["Raw:invalid_resource", "Segment:invalid_resource"]
        );
        assert!(keys("com.microsoft.identity.client.exception.MsalIntuneAppProtectionPolicyRequiredException: AADSTS53005: x")
            .contains(&"Aadsts:53005".to_string()));
    }

    #[test]
    fn msal_nserror_codes() {
        let pasted = r#"Error Domain=MSALErrorDomain Code=-50005 "(null)" UserInfo={MSALCorrelationIDKey=82BA005A-005B-4656-A32A-0AC1C99F8F82}"#;
        let found = keys(pasted);
        assert!(found.contains(&"Number:-50005".to_string()), "{found:?}");
        assert!(
            found.contains(&"Raw:msalerrordomain".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn letters_with_a_digit_run_are_codes() {
        assert_eq!(keys("INC0012345"), ["Raw:inc0012345"]);
        assert_eq!(keys("office365 policy"), ["Raw:office365"]);
    }

    #[test]
    fn plain_words_are_not_codes() {
        assert!(keys("app says account not set up").is_empty());
        assert!(keys("Sign-in Failed").is_empty());
    }

    #[test]
    fn declared_entry_codes() {
        let kinds = |code| {
            entry_code_keys(code)
                .into_iter()
                .map(|c| format!("{:?}:{}", c.kind, c.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds("HTTP 403"), ["Http:403"]);
        assert_eq!(kinds("403 Forbidden"), ["Http:403"]);
        assert_eq!(kinds("AADSTS650057"), ["Aadsts:650057"]);
        assert_eq!(kinds("-50005"), ["Number:-50005"]);
        assert_eq!(
            kinds("MSALErrorDomain -50005"),
            [
                "Raw:msalerrordomain -50005",
                "Raw:msalerrordomain",
                "Number:-50005"
            ]
        );
        assert_eq!(
            kinds("ent.intune.validate_token.token_expired.app_error"),
            [
                "Raw:ent.intune.validate_token.token_expired.app_error",
                "Segment:validate_token",
                "Segment:token_expired",
            ]
        );
    }
}
