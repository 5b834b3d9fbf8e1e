//! Evidence made safe to hand on under `--redact`: people and machines (user names,
//! addresses, IP addresses, host names), each by a numbered stand-in that stays the same for
//! the same value throughout one scan. Secrets are masked always, by [`super::secrets`].

use std::collections::HashMap;

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
