//! Evidence made safe to hand on. Tokens and secrets are always masked; with `--redact`,
//! people and machines are too (user names, addresses, IP addresses, host names), each by a
//! numbered stand-in that stays the same for the same value throughout one scan.

use std::collections::HashMap;

/// The stand-in for a credential.
const TOKEN: &str = "<token>";

/// Masks secrets in `text`: JWTs, bearer tokens, `token=`/`secret=`-style parameters and
/// passwords in URLs.
pub fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(word_start) = rest.find(|c: char| is_token_char(c)) {
        out.push_str(&rest[..word_start]);
        let tail = &rest[word_start..];
        let word_len = tail.find(|c: char| !is_token_char(c)).unwrap_or(tail.len());
        let word = &tail[..word_len];
        if looks_like_jwt(word) {
            out.push_str(TOKEN);
        } else {
            out.push_str(word);
        }
        rest = &tail[word_len..];
    }
    out.push_str(rest);
    let mut masked = mask_after_markers(&out);
    masked = mask_url_passwords(&masked);
    masked
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')
}

fn looks_like_jwt(word: &str) -> bool {
    let word = word.trim_end_matches('=');
    word.starts_with("eyJ") && word.split('.').filter(|part| !part.is_empty()).count() >= 2
}

/// Values after words that introduce a credential are replaced up to the next delimiter.
fn mask_after_markers(text: &str) -> String {
    const MARKERS: [&str; 12] = [
        "bearer ",
        "access_token=",
        "access_token\":\"",
        "refresh_token=",
        "id_token=",
        "client_secret=",
        "client_assertion=",
        "password=",
        "passwd=",
        "token=",
        "code=",
        "\"access_token\": \"",
    ];
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for marker in MARKERS {
        let mut from = 0;
        while let Some(found) = lower[from..].find(marker) {
            let start = from + found + marker.len();
            // `code=` only as a URL parameter (an OAuth code), not inside `status_code=`.
            let before = lower[..from + found].chars().next_back();
            let is_parameter = marker != "code=" || matches!(before, Some('?' | '&'));
            let end = text[start..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '&' | '"' | ',' | ';' | '\'' | ')' | '}')
                })
                .map_or(text.len(), |n| start + n);
            if is_parameter && end > start {
                cuts.push((start, end));
            }
            from = start;
        }
    }
    cuts.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in cuts {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(TOKEN);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `scheme://user:password@host` keeps the user and loses the password.
fn mask_url_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find("://") {
        let authority_start = found + 3;
        out.push_str(&rest[..authority_start]);
        let tail = &rest[authority_start..];
        let authority_len = tail
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(tail.len());
        let authority = &tail[..authority_len];
        match authority.rsplit_once('@') {
            Some((user_info, host)) if user_info.contains(':') => {
                let user = user_info.split(':').next().unwrap_or("");
                out.push_str(&format!("{user}:{TOKEN}@{host}"));
            }
            _ => out.push_str(authority),
        }
        rest = &tail[authority_len..];
    }
    out.push_str(rest);
    out
}

/// What `--redact` masks, and the stand-ins given so far.
#[derive(Debug, Default)]
pub struct Redactor {
    stand_ins: HashMap<String, String>,
    counts: HashMap<&'static str, usize>,
}

impl Redactor {
    /// The stand-in for one value of a kind (`user`, `ip`, `host`), the same every time.
    pub fn stand_in(&mut self, kind: &'static str, value: &str) -> String {
        if let Some(known) = self.stand_ins.get(value) {
            return known.clone();
        }
        let count = self.counts.entry(kind).or_default();
        *count += 1;
        let stand_in = format!("<{kind}-{count}>");
        self.stand_ins.insert(value.to_string(), stand_in.clone());
        stand_in
    }

    /// `text` with the given identities (user names and ids from the record's own fields) and
    /// every e-mail address, IPv4 address and URL host masked.
    pub fn redact(&mut self, text: &str, identities: &[String]) -> String {
        let mut text = text.to_string();
        for identity in identities.iter().filter(|i| i.chars().count() >= 3) {
            if text.contains(identity.as_str()) {
                let stand_in = self.stand_in("user", identity);
                text = text.replace(identity.as_str(), &stand_in);
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find(|c: char| is_word_char(c)) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let len = tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len());
            let word = &tail[..len];
            let after_scheme = out.ends_with("://");
            let masked = if word.contains('@') && word.contains('.') {
                self.stand_in("user", word.trim_matches('.'))
            } else if is_ipv4(word) {
                self.stand_in("ip", word)
            } else if after_scheme && word.contains('.') {
                self.stand_in("host", word)
            } else {
                word.to_string()
            };
            out.push_str(&masked);
            rest = &tail[len..];
        }
        out.push_str(rest);
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+')
}

fn is_ipv4(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n < 256)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_always() {
        assert_eq!(
            mask_secrets("Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig and more"),
            "Authorization: Bearer <token> and more"
        );
        assert_eq!(
            mask_secrets(r#"GetSession: Invalid session token=area8uk1obg98esucx8wgegcmr, err="#),
            r#"GetSession: Invalid session token=<token>, err="#
        );
        assert_eq!(
            mask_secrets("postgres://mmuser:hunter2@db:5432/mm?client_secret=abc&x=1"),
            "postgres://mmuser:<token>@db:5432/mm?client_secret=<token>&x=1"
        );
        assert_eq!(
            mask_secrets("status_code=400 /oauth?code=abc&state=1"),
            "status_code=400 /oauth?code=<token>&state=1"
        );
        assert_eq!(mask_secrets("nothing secret here"), "nothing secret here");
    }

    #[test]
    fn people_and_machines_are_masked_consistently() {
        let mut redactor = Redactor::default();
        let first = redactor.redact(
            "jane.doe@contoso.com from 203.0.113.24 at https://mm.contoso.com/oauth/intune (Jane Doe)",
            &["Jane Doe".to_string()],
        );
        assert_eq!(
            first,
            "<user-2> from <ip-1> at https://<host-1>/oauth/intune (<user-1>)"
        );
        let again = redactor.redact("jane.doe@contoso.com again, 203.0.113.24", &[]);
        assert_eq!(again, "<user-2> again, <ip-1>");
        assert_eq!(
            redactor.redact("version 11.6.0 is fine", &[]),
            "version 11.6.0 is fine"
        );
    }
}
