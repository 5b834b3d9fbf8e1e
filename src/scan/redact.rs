//! Evidence made safe to hand on under `--redact`: people and machines (user names,
//! addresses, IP addresses, host names), each by a numbered stand-in that stays the same for
//! the same value throughout one scan. Secrets are masked always, by [`super::secrets`].

use std::collections::HashMap;

/// What `--redact` masks, and the stand-ins given so far.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
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
                let kind = if is_ipv4(identity) { "ip" } else { "user" };
                let stand_in = self.stand_in(kind, identity);
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
            } else if after_scheme && word.contains('.') || is_private_host(word) {
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

/// A host name outside a URL (`mm.contoso.com`, `db01.corp.local`): dotted labels ending in
/// a top-level domain; file names (`mattermost.log`) and error ids do not end in one. The
/// public services everyone reaches (Microsoft's, Apple's, Mattermost's) say nothing about
/// the organisation and stay.
fn is_private_host(word: &str) -> bool {
    const TOP_LEVEL: [&str; 44] = [
        "com",
        "net",
        "org",
        "io",
        "edu",
        "gov",
        "mil",
        "int",
        "biz",
        "info",
        "co",
        "uk",
        "de",
        "fr",
        "nl",
        "eu",
        "us",
        "ca",
        "au",
        "jp",
        "cn",
        "in",
        "ru",
        "br",
        "it",
        "es",
        "ch",
        "se",
        "no",
        "dk",
        "fi",
        "pl",
        "be",
        "at",
        "nz",
        "ie",
        "app",
        "dev",
        "cloud",
        "local",
        "internal",
        "corp",
        "lan",
        "localdomain",
    ];
    const PUBLIC: [&str; 9] = [
        "microsoftonline.com",
        "microsoft.com",
        "windows.net",
        "azure.com",
        "office.com",
        "office365.com",
        "apple.com",
        "mattermost.com",
        "google.com",
    ];
    let host = word.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let valid_label = |label: &&str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
    };
    let lower = host.to_ascii_lowercase();
    labels.len() >= 2
        && labels.iter().all(valid_label)
        && labels
            .last()
            .is_some_and(|tld| TOP_LEVEL.contains(&tld.to_ascii_lowercase().as_str()))
        && !PUBLIC
            .iter()
            .any(|public| lower == *public || lower.ends_with(&format!(".{public}")))
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
        assert_eq!(
            redactor.redact(
                "dial tcp db01.corp.local:5432 from mm.contoso.com; mattermost.log, \
                 app/server.go, model.config.is_valid, login.microsoftonline.com",
                &[]
            ),
            "dial tcp <host-2>:5432 from <host-1>; mattermost.log, app/server.go, \
             model.config.is_valid, login.microsoftonline.com"
        );
    }
}
