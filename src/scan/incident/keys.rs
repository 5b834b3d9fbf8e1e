//! The ids one sign-in attempt leaves in every layer, read out of a record's text: Entra's
//! correlation id and request (trace) id as MSAL errors and error pages print them, and the
//! Mattermost `request_id` a server error body carries back to the app.

/// Labels that precede an Entra correlation id, lower-cased (`Correlation ID: …`,
/// `MSALCorrelationIDKey=…`, `"correlation_id": "…"`, `correlationId`).
const CORRELATION_LABELS: [&str; 4] = [
    "correlation id",
    "correlationid",
    "correlation_id",
    "msalcorrelationidkey",
];

/// Labels that precede Entra's request id: `Trace ID` in an AADSTS message is the sign-in
/// log's `Request ID` (`Request Id:` on the web error page).
const TRACE_LABELS: [&str; 4] = ["trace id", "trace_id", "traceid", "request id"];

/// Labels that precede a Mattermost request id (26 lower-case letters and digits).
const MATTERMOST_REQUEST_LABELS: [&str; 2] = ["request_id", "x-request-id"];

/// The ids found in one record, lower-cased.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Keys {
    pub correlation_ids: Vec<String>,
    pub trace_ids: Vec<String>,
    pub mattermost_request_ids: Vec<String>,
}

/// Every id in `text` that follows one of the labels above.
pub fn keys_in(text: &str) -> Keys {
    let lower = text.to_ascii_lowercase();
    Keys {
        correlation_ids: values_after(&lower, &CORRELATION_LABELS, guid_at),
        trace_ids: values_after(&lower, &TRACE_LABELS, guid_at),
        mattermost_request_ids: values_after(&lower, &MATTERMOST_REQUEST_LABELS, mattermost_id_at),
    }
}

/// The account an SDK line names (`enrollment result for identity jane@contoso.com with
/// status code 100`).
pub fn identity_in(text: &str) -> Option<String> {
    let at = text.find("identity ")? + "identity ".len();
    let word = text[at..]
        .split([' ', ',', ';', '"'])
        .next()?
        .trim_end_matches(['.', ':']);
    let mail_like = word.contains('@') && word.contains('.') && !word.contains("xxx");
    mail_like.then(|| word.to_string())
}

/// A GUID, or an empty or all-zero one, is no key.
pub fn guid(text: &str) -> Option<String> {
    let lower = text.trim().to_ascii_lowercase();
    guid_at(&lower).filter(|id| id.len() == lower.len())
}

fn values_after(lower: &str, labels: &[&str], value_at: fn(&str) -> Option<String>) -> Vec<String> {
    let mut found = Vec::new();
    for label in labels {
        let mut from = 0;
        while let Some(at) = lower[from..].find(label) {
            let end = from + at + label.len();
            from = end;
            let rest = lower[end..].trim_start_matches(|c: char| {
                matches!(c, ':' | '=' | '"' | '\'' | ' ' | '\t' | '\\')
            });
            if let Some(value) = value_at(rest) {
                if !found.contains(&value) {
                    found.push(value);
                }
            }
        }
    }
    found
}

/// The GUID `8-4-4-4-12` at the start of `text`, not all zeros.
fn guid_at(text: &str) -> Option<String> {
    let candidate = text.get(..36)?;
    let shape_fits = candidate.bytes().enumerate().all(|(i, b)| match i {
        8 | 13 | 18 | 23 => b == b'-',
        _ => b.is_ascii_hexdigit(),
    });
    let followed_by_more = text[36..]
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric());
    let all_zero = candidate.bytes().all(|b| b == b'0' || b == b'-');
    (shape_fits && !followed_by_more && !all_zero).then(|| candidate.to_string())
}

/// A Mattermost id (26 of `a-z0-9`) at the start of `text`.
fn mattermost_id_at(text: &str) -> Option<String> {
    let candidate = text.get(..26)?;
    let fits = candidate
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let followed_by_more = text[26..]
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric());
    (fits && !followed_by_more).then(|| candidate.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msal_errors_and_error_pages_give_their_ids_lower_cased() {
        let ios = "Error Domain=MSALErrorDomain Code=-50005 \"(null)\" UserInfo={MSALErrorDescriptionKey=User cancelled., MSALCorrelationIDKey=82BA005A-005B-4656-A32A-0AC1C99F8F82}";
        assert_eq!(
            keys_in(ios).correlation_ids,
            ["82ba005a-005b-4656-a32a-0ac1c99f8f82"]
        );
        let aadsts = "AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: 2f8ccb7a-1111-2222-3333-444455556666 Correlation ID: 824fc737-aaaa-bbbb-cccc-ddddeeeeffff Timestamp: 2026-02-17 18:39:09Z";
        let keys = keys_in(aadsts);
        assert_eq!(keys.trace_ids, ["2f8ccb7a-1111-2222-3333-444455556666"]);
        assert_eq!(
            keys.correlation_ids,
            ["824fc737-aaaa-bbbb-cccc-ddddeeeeffff"]
        );
        let json = r#"{"trace_id": "0000aaaa-11bb-cccc-dd33-eeeeee333333", "correlation_id": "aaaa0000-bb11-2222-33cc-444444dddddd"}"#;
        assert_eq!(keys_in(json).trace_ids.len(), 1);
        assert_eq!(keys_in(json).correlation_ids.len(), 1);
    }

    #[test]
    fn a_mattermost_request_id_is_read_from_an_error_body() {
        let body = r#"{"id":"ent.intune.validate_token.invalid_tenant_id.app_error","request_id":"k5x1b9o8ytgkfq7c3dbx1ujm8e","status_code":400}"#;
        assert_eq!(
            keys_in(body).mattermost_request_ids,
            ["k5x1b9o8ytgkfq7c3dbx1ujm8e"]
        );
    }

    #[test]
    fn placeholders_and_cut_ids_are_no_keys() {
        for text in [
            "Correlation ID: …",
            "Correlation ID: 00000000-0000-0000-0000-000000000000",
            "Trace ID: 2f8ccb7a-1111-2222-3333-44445555666",
            "Trace ID: 2f8ccb7a-1111-2222-3333-4444555566667",
            "request_id: short",
        ] {
            assert_eq!(keys_in(text), Keys::default(), "{text}");
        }
        assert_eq!(
            guid(" 9F1C2A7E-5B0D-4E4B-9A51-2D6A3C1F8E00 ").as_deref(),
            Some("9f1c2a7e-5b0d-4e4b-9a51-2d6a3c1f8e00")
        );
        assert_eq!(guid("not a guid"), None);
    }
}
