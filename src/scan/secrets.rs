//! Secrets masked out of any text taken from evidence, before it is kept or shown: tokens,
//! keys, passwords and signatures in every form logs and pastes carry them. Masking is
//! applied always, `--redact` or not, since a report is made to be handed on.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The stand-in for a credential.
pub const TOKEN: &str = "<token>";
const PRIVATE_KEY: &str = "<private key>";

/// The shortest run of base64-like characters that is taken for a key or token on its own.
const LONGEST_HARMLESS_WORD: usize = 31;

/// Words that start a secret's key (`client_secret=`, `"password": "…"`) or a secret itself
/// (`Bearer …`, a private key block, a database DSN). Matched without regard to case.
const MARKERS: [&str; 12] = [
    "token",
    "secret",
    "passw",
    "pwd",
    "key",
    "sig",
    "assertion",
    "code",
    "authorization",
    "bearer",
    "-----begin",
    "@tcp(",
];

fn markers() -> &'static AhoCorasick {
    static MARKERS_FOUND: OnceLock<AhoCorasick> = OnceLock::new();
    MARKERS_FOUND.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(MARKERS)
            .expect("the markers are valid patterns")
    })
}

/// `text` with every secret replaced by `<token>` (`<private key>` for a key block).
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    let mut cuts = Vec::new();
    for found in markers().find_iter(text) {
        if let Some(cut) = secret_at(text, found.start(), found.end()) {
            cuts.push(cut);
        }
    }
    cuts.extend(long_words(text));
    cuts.extend(url_passwords(text));
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_unstable_by_key(|cut| (cut.start, std::cmp::Reverse(cut.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for cut in cuts {
        if cut.start < at {
            continue;
        }
        out.push_str(&text[at..cut.start]);
        out.push_str(cut.stand_in);
        at = cut.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// A part of the text to replace.
#[derive(Debug, Clone, Copy)]
struct Cut {
    start: usize,
    end: usize,
    stand_in: &'static str,
}

/// The secret that the marker at `start..end` introduces, if it introduces one.
fn secret_at(text: &str, start: usize, end: usize) -> Option<Cut> {
    let bytes = text.as_bytes();
    let marker = text[start..end].to_ascii_lowercase();
    match marker.as_str() {
        "-----begin" => return Some(private_key_block(text, start)),
        "@tcp(" => return dsn_password(text, start),
        // `Bearer x` anywhere, but not a value (`token_type=Bearer`).
        "bearer" if start == 0 || bytes[start - 1] != b'=' => {
            let value_start = skip(bytes, end, |b| b == b' ')?;
            (value_start > end).then_some(())?;
            return value(text, value_start, false).filter(|cut| cut.end - cut.start >= 8);
        }
        _ => {}
    }
    // The whole key the marker is part of: `client_secret`, `MMAUTHTOKEN`, `AccountKey`.
    let key_start = after_last(&text[..start], |c| !is_key_char(c));
    let key_end = text[end..]
        .find(|c: char| !is_key_char(c))
        .map_or(text.len(), |at| end + at);
    let key = text[key_start..key_end].to_ascii_lowercase();
    if !is_secret_key(&key) {
        return None;
    }
    // `code` only as a URL or form parameter (an OAuth authorization code).
    if key == "code"
        && !matches!(
            key_start.checked_sub(1).map(|at| bytes[at]),
            Some(b'?' | b'&')
        )
    {
        return None;
    }
    // Between the key and its value: quotes, escaped quotes, spaces, then `=`, `:` or `=>`.
    let mut at = skip(bytes, key_end, |b| matches!(b, b'"' | b'\'' | b'\\' | b' '))?;
    let separator = bytes.get(at).copied()?;
    if !matches!(separator, b'=' | b':') {
        return None;
    }
    at += 1;
    if bytes.get(at) == Some(&b'>') {
        at += 1;
    }
    let value_start = skip(bytes, at, |b| matches!(b, b' ' | b'\\'))?;
    let quoted = matches!(bytes.get(value_start), Some(b'"' | b'\''));
    let value_start = if quoted { value_start + 1 } else { value_start };
    let cut = value(text, value_start, quoted)?;
    // `Authorization: Bearer x`, `Basic x`: the scheme stays, its credential goes.
    if key == "authorization" || key.ends_with("-authorization") {
        let found = &text[cut.start..cut.end];
        let scheme_len = found
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(found.len());
        if scheme_len > 0 {
            let credential = skip(bytes, cut.start + scheme_len, |b| b == b' ')?;
            // Unquoted, the value ended at the scheme; quoted, it holds the credential too.
            return if scheme_len == found.len() {
                value(text, credential, false)
            } else {
                (credential < cut.end).then_some(Cut {
                    start: credential,
                    ..cut
                })
            };
        }
    }
    Some(cut)
}

/// Where the text after the last character of `text` that `stop` matches begins (0 if none
/// does), on a character boundary whatever that character's width.
fn after_last(text: &str, stop: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// Characters of a key name (`client_secret`, `x-api-key`, `SharedAccessKey`).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Whether a key (lower case) names a secret. Keys are matched on how they end, so
/// `refresh_token` and `MMAUTHTOKEN` are secrets and `token_type` and `status_code` are not.
fn is_secret_key(key: &str) -> bool {
    let key = key.rsplit('.').next().unwrap_or(key);
    const ENDINGS: [&str; 13] = [
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "apikey",
        "api_key",
        "api-key",
        "accountkey",
        "accesskey",
        "privatekey",
        "private_key",
        "assertion",
    ];
    ENDINGS.iter().any(|ending| key.ends_with(ending))
        || matches!(
            key,
            "sig" | "signature" | "code" | "authorization" | "proxy-authorization" | "key"
        )
        || key.ends_with("sharedaccesskey")
        || key.ends_with("sharedaccesssignature")
        || key.ends_with("-key")
        || key.ends_with("_key")
        || key.ends_with("secretkey")
}

/// The first position at or after `from` whose byte `skipped` does not match; `None` when the
/// text ends first.
fn skip(bytes: &[u8], from: usize, skipped: impl Fn(u8) -> bool) -> Option<usize> {
    (from..bytes.len()).find(|&at| !skipped(bytes[at]))
}

/// A value from `start`: to its closing quote when quoted, else to the next delimiter.
fn value(text: &str, start: usize, quoted: bool) -> Option<Cut> {
    let rest = text.get(start..)?;
    let len = if quoted {
        rest.find(['"', '\'', '\\']).unwrap_or(rest.len())
    } else {
        rest.find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '&' | '"' | '\'' | ',' | ';' | ')' | '}' | ']' | '<' | '>' | '\\'
                )
        })
        .unwrap_or(rest.len())
    };
    (len > 0 && !rest.starts_with(TOKEN)).then_some(Cut {
        start,
        end: start + len,
        stand_in: TOKEN,
    })
}

/// `-----BEGIN … PRIVATE KEY-----` to its end line, or to the end of the text.
fn private_key_block(text: &str, start: usize) -> Cut {
    let end = text[start..]
        .to_ascii_lowercase()
        .find("-----end")
        .and_then(|at| {
            let after = start + at + "-----end".len();
            text[after..].find("-----").map(|close| after + close + 5)
        })
        .unwrap_or(text.len());
    Cut {
        start,
        end,
        stand_in: PRIVATE_KEY,
    }
}

/// Go's MySQL DSN, `mmuser:password@tcp(db:3306)/mattermost`: the password goes.
fn dsn_password(text: &str, at_sign: usize) -> Option<Cut> {
    let user_info_start = after_last(&text[..at_sign], |c| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '/' | '=')
    });
    let colon = text[user_info_start..at_sign].find(':')? + user_info_start + 1;
    (colon < at_sign).then_some(Cut {
        start: colon,
        end: at_sign,
        stand_in: TOKEN,
    })
}

/// `scheme://user:password@host`: the user stays, the password goes.
fn url_passwords(text: &str) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let authority_start = from + found + 3;
        let tail = &text[authority_start..];
        let authority_len = tail
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(tail.len());
        if let Some((user_info, _host)) = tail[..authority_len].rsplit_once('@') {
            if let Some(colon) = user_info.find(':').filter(|&at| at + 1 < user_info.len()) {
                cuts.push(Cut {
                    start: authority_start + colon + 1,
                    end: authority_start + user_info.len(),
                    stand_in: TOKEN,
                });
            }
        }
        from = authority_start + authority_len;
    }
    cuts
}

/// Words that are credentials on their own: JWTs, keys with well-known prefixes, and long
/// runs of mixed base64 (client secrets, SAS signatures, API keys, private key lines).
fn long_words(text: &str) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find(is_credential_char) {
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| !is_credential_char(c))
            .unwrap_or(tail.len());
        // `MSALErrorDescriptionKey=AADSTS53003`: a name and its value glued by `=` are two
        // words; the value alone is judged (a secret's name is masked by its key rule).
        let named = tail[..len]
            .find('=')
            .filter(|&eq| eq > 0 && eq + 1 < len)
            .filter(|&eq| tail[..eq].chars().all(|c| c.is_ascii_alphabetic()));
        let (start, len) = match named {
            Some(eq) => (start + eq + 1, len - eq - 1),
            None => (start, len),
        };
        let tail = &rest[start..];
        let word = &tail[..len];
        // A JWT glued to what comes before it (`x=eyJ...`) is masked from its `eyJ` on.
        let jwt_at = word.find("eyJ").filter(|&at| looks_like_jwt(&word[at..]));
        if let Some(at) = jwt_at {
            cuts.push(Cut {
                start: offset + start + at,
                end: offset + start + len,
                stand_in: TOKEN,
            });
        } else if has_key_prefix(word) || looks_like_key(word) {
            cuts.push(Cut {
                start: offset + start,
                end: offset + start + len,
                stand_in: TOKEN,
            });
        }
        offset += start + len;
        rest = &tail[len..];
    }
    cuts
}

fn is_credential_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/' | '~')
}

fn looks_like_jwt(word: &str) -> bool {
    let word = word.trim_end_matches('=');
    word.starts_with("eyJ") && word.split('.').filter(|part| !part.is_empty()).count() >= 2
}

/// API keys whose makers give them a prefix (GitHub, Slack, AWS, Google, OpenAI-style).
fn has_key_prefix(word: &str) -> bool {
    const PREFIXES: [&str; 8] = [
        "ghp_",
        "gho_",
        "ghs_",
        "github_pat_",
        "xoxb-",
        "xoxp-",
        "AKIA",
        "AIza",
    ];
    word.len() >= 20
        && (PREFIXES.iter().any(|p| word.starts_with(p))
            || (word.starts_with("sk-") && word.len() >= 32))
}

/// A long run of letters of both cases and digits, as keys and signatures are and words,
/// paths, ids and GUIDs are not.
fn looks_like_key(word: &str) -> bool {
    let word = word.trim_matches(|c| matches!(c, '.' | '-' | '_'));
    if word.len() <= LONGEST_HARMLESS_WORD || word.contains('.') && !word.contains('~') {
        return false;
    }
    let upper = word.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = word.bytes().filter(u8::is_ascii_lowercase).count();
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    // A path's parts are short words; a key's slashes are few and far between.
    let path_like = word.contains('/') && word.split('/').any(|part| part.len() < 12);
    upper >= 2 && lower >= 2 && digits >= 2 && !path_like
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask_secrets(text).into_owned()
    }

    #[test]
    fn every_known_form_of_secret_is_masked() {
        let cases = [
            (
                "Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig and more",
                "Authorization: Bearer <token> and more",
            ),
            ("Authorization: Basic bW11c2VyOmh1bnRlcjI=", "Authorization: Basic <token>"),
            (
                "Setting=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u",
                "Setting=<token>",
            ),
            ("auth failed bearer abcdefgh12345678 x", "auth failed bearer <token> x"),
            (
                "GetSession: Invalid session token=area8uk1obg98esucx8wgegcmr, err=",
                "GetSession: Invalid session token=<token>, err=",
            ),
            (
                "postgres://mmuser:hunter2@db:5432/mm?client_secret=abc&x=1",
                "postgres://mmuser:<token>@db:5432/mm?client_secret=<token>&x=1",
            ),
            ("status_code=400 /oauth?code=abc&state=1", "status_code=400 /oauth?code=<token>&state=1"),
            ("access_token=a.b.c&refresh_token=r1&id_token=i2", "access_token=<token>&refresh_token=<token>&id_token=<token>"),
            ("client_assertion=zzz&x", "client_assertion=<token>&x"),
            ("blob?sv=2020-08-04&sig=AbC%2Bdef%3D&se=1", "blob?sv=2020-08-04&sig=<token>&se=1"),
            (
                "DefaultEndpointsProtocol=https;AccountName=mm;AccountKey=a+b/c==;EndpointSuffix=core",
                "DefaultEndpointsProtocol=https;AccountName=mm;AccountKey=<token>;EndpointSuffix=core",
            ),
            ("login password=hunter2 ok", "login password=<token> ok"),
            (r#"{"password":"hunter2","user":"x"}"#, r#"{"password":"<token>","user":"x"}"#),
            (r#"{"client_secret": "s3cr3t~value"}"#, r#"{"client_secret": "<token>"}"#),
            (r#"body={\"password\":\"hunter2\"}"#, r#"body={\"password\":\"<token>\"}"#),
            ("Cookie: MMAUTHTOKEN=abcdef123; MMUSERID=u1", "Cookie: MMAUTHTOKEN=<token>; MMUSERID=u1"),
            ("x-api-key: k123456 next", "x-api-key: <token> next"),
            (
                r#"headers = { Authorization = "Bearer abc.def.ghi"; };"#,
                r#"headers = { Authorization = "Bearer <token>"; };"#,
            ),
            ("api_key=k123456", "api_key=<token>"),
            (
                "mmuser:mostest@tcp(db:3306)/mattermost?charset=utf8mb4",
                "mmuser:<token>@tcp(db:3306)/mattermost?charset=utf8mb4",
            ),
            (
                "key -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- done",
                "key <private key> done",
            ),
            ("-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkq", "<private key>"),
            ("token ghp_abcdefghijklmnopqrstuvwxyz0123 used", "token <token> used"),
            ("secret Xy8Q~abcDEF123ghiJKL456mnoPQR789stuVWX0 set", "secret <token> set"),
            ("SharedAccessSignature=sv=1&sig=abc", "SharedAccessSignature=<token>&sig=<token>"),
        ];
        for (text, want) in cases {
            assert_eq!(masked(text), want, "{text}");
        }
    }

    #[test]
    fn wide_characters_before_a_secret_are_kept_whole() {
        assert_eq!(
            masked("\u{fffd}password=hunter2"),
            "\u{fffd}password=<token>"
        );
        assert_eq!(masked("日本token=abcdef"), "日本token=<token>");
        assert_eq!(
            masked("BoBo5eyJhbGciOi.eyJzdWIi.c2ln and x=eyJhbGciOi.eyJzdWIi.c2ln"),
            "BoBo5<token> and x=<token>"
        );
        assert_eq!(
            masked("\u{3000}mmuser:pw1234@tcp(db:3306)/mm"),
            "\u{3000}mmuser:<token>@tcp(db:3306)/mm"
        );
    }

    #[test]
    fn what_is_not_a_secret_is_left_alone() {
        for text in [
            "nothing secret here",
            "token_type=Bearer status_code=403 error_code=53003",
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}"#,
            "/var/log/mattermost/mattermost.log and /Users/JohnSmith/Library/Logs/Mattermost2024",
            "correlation 7f3c2a61-0b1d-4e5a-9c8f-2d6b1a0e4f37 user ab12cd34ef56gh78ij90kl12mn",
            "api.user.login.invalid_credentials_email_username model.config.is_valid.intune_tenant_id.app_error",
            "Invalid session token=<token>",
            "AADSTS50011: The redirect URI specified in the request does not match",
            "UserInfo={MSALErrorDescriptionKey=AADSTS53003: Access has been blocked, \
             MSALCorrelationIDKey=0F3C1D2E-4A5B-4C6D-8E7F-9A0B1C2D3E4F}",
        ] {
            assert_eq!(masked(text), text);
        }
    }
}
