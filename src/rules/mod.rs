//! The knowledge as detection rules for the log platforms fleets already run: one rule per
//! entry that a central log can show (the server log, Entra's sign-ins), written as Sigma
//! ([`sigma`]) and converted to KQL, Lucene and LogQL ([`query`]). SDK and app entries have no
//! central log and get none.
//!
//! A rule fires on the records `scan` ties to its entry: a server rule on the entry's
//! messages (and its HTTP status where another entry shares a message), a sign-in rule on
//! its AADSTS numbers as `ResultType`, for the Mattermost app's sign-ins.

pub mod query;
pub mod sigma;

use crate::knowledge::{Entry, Kind, KnowledgeBase, Platform};
use crate::scan::literal_parts;
use std::collections::BTreeMap;

/// The Mattermost mobile app's client ids, Production and Beta, as sign-ins name the app
/// (`AppId`); the Intune MAM setup authorizes both.
pub const MATTERMOST_APP_IDS: [&str; 2] = [
    "9ac649f1-4f77-44d6-9792-b2f54ab3c9a7",
    "64e9952b-20eb-46dc-92ad-99089ed24903",
];

/// Fields of the server's JSON log that carry an error's text (`err_details` on older
/// servers).
const SERVER_TEXT_FIELDS: [&str; 3] = ["msg", "error", "err_details"];

/// The log a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The Mattermost server's JSON log (`mattermost.log`).
    Server,
    /// Entra sign-ins as Sentinel's `SigninLogs` table has them.
    SignIns,
}

impl Source {
    /// What to show of a record that fires.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Source::Server => &[
                "timestamp",
                "level",
                "msg",
                "error",
                "err_where",
                "http_code",
                "path",
                "request_id",
                "ip_addr",
            ],
            Source::SignIns => &[
                "TimeGenerated",
                "UserPrincipalName",
                "AppDisplayName",
                "IPAddress",
                "ResultType",
                "ResultDescription",
                "CorrelationId",
            ],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(u64),
}

/// How a field is compared with its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equals,
    Contains,
}

/// A field that equals (or contains) any of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: &'static str,
    pub op: Op,
    pub values: Vec<Value>,
}

/// Conditions that must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub name: String,
    pub conditions: Vec<Condition>,
}

/// Selections of which one must hold; a rule holds when each of its groups does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: &'static str,
    pub selections: Vec<Selection>,
}

/// One entry as a detection rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub entry: String,
    pub title: String,
    /// A UUID derived from the entry id: the same for the same entry, always.
    pub id: String,
    pub description: String,
    pub references: Vec<String>,
    pub tags: Vec<String>,
    pub level: &'static str,
    pub falsepositives: Vec<String>,
    pub source: Source,
    pub groups: Vec<Group>,
}

/// The rules, and the entries that got none with why.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub skipped: Vec<(String, &'static str)>,
}

/// Where the Sigma rule ids live: entry ids made into UUIDs (version 5) in this namespace.
const NAMESPACE: [u8; 16] = 0x6d61_6d74_7269_6167_6565_6e74_7269_6573_u128.to_be_bytes();

/// The version 5 UUID of `name` in `namespace` (RFC 9562: SHA-1 of the namespace and the
/// name, with the version and variant bits set).
fn uuid_v5(namespace: [u8; 16], name: &str) -> String {
    let mut sha1 = sha1_smol::Sha1::new();
    sha1.update(&namespace);
    sha1.update(name.as_bytes());
    let mut bytes = sha1.digest().bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Every rule the knowledge gives, in the knowledge's order.
pub fn rules(base: &KnowledgeBase) -> RuleSet {
    let shared = shared_messages(base);
    let mut set = RuleSet::default();
    for entry in base.entries().iter() {
        if entry.healthy {
            set.skipped
                .push((entry.id.clone(), "it shows a layer working, not a problem"));
            continue;
        }
        let sign_in_codes = aadsts_numbers(entry);
        let server_patterns = server_patterns(entry);
        let rule = if !sign_in_codes.is_empty() {
            sign_in_rule(entry, &sign_in_codes)
        } else if entry.platform == Platform::Server && !server_patterns.is_empty() {
            server_rule(entry, server_patterns, &shared)
        } else {
            set.skipped.push((entry.id.clone(), skip_reason(entry)));
            continue;
        };
        set.rules.push(rule);
    }
    set
}

fn skip_reason(entry: &Entry) -> &'static str {
    match entry.platform {
        Platform::Ios | Platform::Android => {
            "the app and the Intune SDK log on the device, to no central log"
        }
        _ if matches!(entry.kind, Kind::Faq | Kind::SetupStep | Kind::Workflow) => {
            "it is guidance, not something a log records"
        }
        _ => "no message or code of it reaches the server log or the sign-in log",
    }
}

/// The entry's AADSTS numbers, without the prefix, in order.
fn aadsts_numbers(entry: &Entry) -> Vec<String> {
    let mut numbers: Vec<String> = entry
        .codes
        .iter()
        .filter_map(|code| code.strip_prefix("AADSTS"))
        .filter(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    numbers.dedup();
    numbers
}

/// What of the entry the server log writes: its messages (their literal parts, for a
/// template) and its Mattermost error ids.
fn server_patterns(entry: &Entry) -> Vec<String> {
    let mut patterns: Vec<String> = entry
        .messages
        .iter()
        .flat_map(|message| literal_parts(message))
        .chain(
            entry
                .codes
                .iter()
                .filter(|code| code.ends_with(".app_error"))
                .cloned(),
        )
        .collect();
    patterns.sort();
    patterns.dedup();
    patterns
}

/// Messages that more than one server entry has: the logged HTTP status tells them apart.
fn shared_messages(base: &KnowledgeBase) -> BTreeMap<String, usize> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for entry in base.entries().iter() {
        if entry.platform == Platform::Server {
            for pattern in server_patterns(entry) {
                *seen.entry(pattern).or_default() += 1;
            }
        }
    }
    seen
}

fn common(entry: &Entry, source: Source, groups: Vec<Group>) -> Rule {
    let references = entry
        .sources
        .iter()
        .filter_map(|source| {
            let at = source.find("https://")?;
            let url = source[at..].split([' ', ')', ']', ',']).next()?;
            Some(url.trim_end_matches(['.', ';']).to_string())
        })
        .collect();
    let level = match entry.kind {
        Kind::AdminIssue => "high",
        Kind::ServerError | Kind::SigninError => "medium",
        _ => "low",
    };
    let falsepositives = vec![match source {
        Source::Server => "Tests of the Intune login on a server still being set up".to_string(),
        Source::SignIns => "Sign-ins tried while the setup is being changed".to_string(),
    }];
    Rule {
        entry: entry.id.clone(),
        title: entry.title.clone(),
        id: uuid_v5(NAMESPACE, &entry.id),
        description: format!(
            "{} (mamtriage entry {}: `mamtriage show {}` for the fix)",
            one_line(&entry.cause),
            entry.id,
            entry.id
        ),
        references,
        tags: vec![format!("mamtriage.{}", entry.kind.name())],
        level,
        falsepositives,
        source,
        groups,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sign_in_rule(entry: &Entry, numbers: &[String]) -> Rule {
    let result = Group {
        name: "result",
        selections: vec![Selection {
            name: "result".into(),
            conditions: vec![Condition {
                field: "ResultType",
                op: Op::Equals,
                values: numbers.iter().cloned().map(Value::Text).collect(),
            }],
        }],
    };
    let app = Group {
        name: "app",
        selections: vec![Selection {
            name: "app".into(),
            conditions: vec![Condition {
                field: "AppId",
                op: Op::Equals,
                values: MATTERMOST_APP_IDS
                    .iter()
                    .map(|id| Value::Text(id.to_string()))
                    .collect(),
            }],
        }],
    };
    common(entry, Source::SignIns, vec![result, app])
}

fn server_rule(entry: &Entry, patterns: Vec<String>, shared: &BTreeMap<String, usize>) -> Rule {
    // A message another entry shares is told apart by the status the server logged with it.
    let look_alike = patterns
        .iter()
        .any(|p| shared.get(p).is_some_and(|&n| n > 1));
    let status = entry
        .server
        .as_ref()
        .map(|server| server.http_status)
        .filter(|_| look_alike);
    let selections = SERVER_TEXT_FIELDS
        .iter()
        .map(|&field| {
            let mut conditions = vec![Condition {
                field,
                op: Op::Contains,
                values: patterns.iter().cloned().map(Value::Text).collect(),
            }];
            if let Some(status) = status {
                conditions.push(Condition {
                    field: "http_code",
                    op: Op::Equals,
                    values: vec![Value::Number(u64::from(status))],
                });
            }
            Selection {
                name: format!("message_{field}"),
                conditions,
            }
        })
        .collect();
    common(
        entry,
        Source::Server,
        vec![Group {
            name: "message",
            selections,
        }],
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_ids_are_version_5_uuids_as_rfc_9562_makes_them() {
        // The RFC's own example: "www.example.com" in the DNS namespace.
        let dns = 0x6ba7_b810_9dad_11d1_80b4_00c0_4fd4_30c8_u128.to_be_bytes();
        assert_eq!(
            super::uuid_v5(dns, "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
        // Pinned: a rule's id may never change, or a SIEM would take it for a new rule.
        assert_eq!(
            super::uuid_v5(super::NAMESPACE, "entra.aadsts650056"),
            "ac51a024-616d-5b78-8e28-6d57c6d84edd"
        );
    }
}
