//! Rules converted for the engines fleets run, ready to paste: KQL for Log Analytics and
//! Sentinel, Lucene for Kibana and Elasticsearch, LogQL for Grafana and Loki. The rules are
//! field equality and "contains", which each language says directly.

use super::{Condition, Group, Op, Rule, Selection, Source, Value, MATTERMOST_APP_IDS};
use crate::terminal_text::one_line;
use std::collections::BTreeMap;

/// The Log Analytics table the server log is ingested into (a custom table; rename it to
/// yours).
pub const KQL_SERVER_TABLE: &str = "MattermostServerLogs_CL";
/// The Loki stream selectors the rules assume; change them to your labels.
pub const LOKI_SERVER_STREAM: &str = r#"{service_name="mattermost"}"#;
pub const LOKI_SIGN_IN_STREAM: &str = r#"{service_name="entra-signinlogs"}"#;

/// The languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Kql,
    Lucene,
    Logql,
}

fn kql_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn kql_value(value: &Value) -> String {
    match value {
        Value::Text(text) => kql_string(text),
        Value::Number(number) => number.to_string(),
    }
}

fn kql_condition(condition: &Condition) -> String {
    let values: Vec<String> = condition.values.iter().map(kql_value).collect();
    match (condition.op, values.as_slice()) {
        (Op::Equals, [one]) => format!("{} == {one}", condition.field),
        (Op::Equals, _) => format!("{} in ({})", condition.field, values.join(", ")),
        (Op::Contains, _) => {
            let any: Vec<String> = values
                .iter()
                .map(|value| format!("{} contains {value}", condition.field))
                .collect();
            parenthesised(any, " or ")
        }
    }
}

/// Characters Lucene's query syntax gives a meaning to.
const LUCENE_SPECIAL: &str = "+-=&|><!(){}[]^\"~*?:\\/ ";
/// Characters a regular expression (RE2) gives a meaning to.
const REGEX_SPECIAL: &str = "\\.+*?()|[]{}^$";

/// `text` with a backslash before each of the `special` characters, so it means itself.
fn escaped(text: &str, special: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if special.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn lucene_condition(condition: &Condition) -> String {
    let values: Vec<String> = condition
        .values
        .iter()
        .map(|value| match (value, condition.op) {
            (Value::Number(number), _) => number.to_string(),
            (Value::Text(text), Op::Equals) => format!("\"{}\"", text.replace('"', "\\\"")),
            (Value::Text(text), Op::Contains) => format!("*{}*", escaped(text, LUCENE_SPECIAL)),
        })
        .collect();
    match values.as_slice() {
        [one] => format!("{}:{one}", condition.field),
        _ => format!("{}:({})", condition.field, values.join(" OR ")),
    }
}

/// A LogQL string literal (backquoted needs no escapes but cannot hold a backquote).
fn logql_string(text: &str) -> String {
    if text.contains('`') {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("`{text}`")
    }
}

fn logql_condition(condition: &Condition) -> String {
    let alternatives: Vec<String> = condition
        .values
        .iter()
        .map(|value| match value {
            Value::Text(text) => escaped(text, REGEX_SPECIAL),
            Value::Number(number) => number.to_string(),
        })
        .collect();
    match (condition.op, condition.values.as_slice()) {
        (Op::Equals, [Value::Number(number)]) => format!("{} == {number}", condition.field),
        (Op::Equals, _) => format!(
            "{} =~ {}",
            condition.field,
            logql_string(&format!("(?:{})", alternatives.join("|")))
        ),
        (Op::Contains, _) => format!(
            "{} =~ {}",
            condition.field,
            logql_string(&format!("(?is).*(?:{}).*", alternatives.join("|")))
        ),
    }
}

fn parenthesised(parts: Vec<String>, joiner: &str) -> String {
    match parts.len() {
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => format!("({})", parts.join(joiner)),
    }
}

/// The rule's condition in one language: groups joined by `and`, selections by `or`.
fn expression(groups: &[Group], language: Language) -> String {
    let (and, or) = match language {
        Language::Kql | Language::Logql => (" and ", " or "),
        Language::Lucene => (" AND ", " OR "),
    };
    let selection = |selection: &Selection| {
        let parts: Vec<String> = selection
            .conditions
            .iter()
            .map(|condition| match language {
                Language::Kql => kql_condition(condition),
                Language::Lucene => lucene_condition(condition),
                Language::Logql => logql_condition(condition),
            })
            .collect();
        parenthesised(parts, and)
    };
    let groups: Vec<String> = groups
        .iter()
        .map(|group| parenthesised(group.selections.iter().map(selection).collect(), or))
        .collect();
    groups.join(and)
}

/// The rule as a query, under a comment that names it.
pub fn query(rule: &Rule, language: Language) -> String {
    let condition = expression(&rule.groups, language);
    // A title from a pack is one line of a comment, whatever it holds.
    let title = one_line(&rule.title);
    let fields = rule.source.fields().join(", ");
    match (language, rule.source) {
        (Language::Kql, source) => {
            let table = match source {
                Source::Server => KQL_SERVER_TABLE,
                Source::SignIns => "SigninLogs",
            };
            format!(
                "// {title} [{}]\n{table}\n| where {condition}\n| project {fields}\n",
                rule.entry
            )
        }
        (Language::Lucene, _) => format!("# {title} [{}]\n{condition}\n", rule.entry),
        (Language::Logql, source) => {
            let stream = match source {
                Source::Server => LOKI_SERVER_STREAM,
                Source::SignIns => LOKI_SIGN_IN_STREAM,
            };
            format!(
                "# {title} [{}]\n{stream} | json | {condition}\n",
                rule.entry
            )
        }
    }
}

/// A Sentinel workbook query: the Mattermost app's failed sign-ins in a tenant, by result
/// code, with the entry each code is (`mamtriage show ENTRY` for the fix).
pub fn sign_in_summary(rules: &[Rule]) -> String {
    let mut by_code: BTreeMap<u64, Vec<(&str, &str)>> = BTreeMap::new();
    for rule in rules.iter().filter(|rule| rule.source == Source::SignIns) {
        let codes = rule.groups[0].selections[0].conditions[0].values.iter();
        for code in codes {
            if let Value::Text(code) = code {
                if let Ok(number) = code.parse::<u64>() {
                    by_code
                        .entry(number)
                        .or_default()
                        .push((&rule.entry, &rule.title));
                }
            }
        }
    }
    let rows: Vec<String> = by_code
        .iter()
        .flat_map(|(code, entries)| {
            entries.iter().map(move |(entry, title)| {
                format!(
                    "    {}, {}, {}",
                    kql_string(&code.to_string()),
                    kql_string(entry),
                    kql_string(&one_line(title))
                )
            })
        })
        .collect();
    let rows = rows.join(",\n");
    let apps: Vec<String> = MATTERMOST_APP_IDS.iter().map(|id| kql_string(id)).collect();
    format!(
        "// The Mattermost app's failed sign-ins by result code, each with its mamtriage entry\n\
         let entries = datatable(ResultType: string, Entry: string, Title: string) [\n{rows}\n];\n\
         SigninLogs\n\
         | where AppId in ({})\n\
         | where ResultType != \"0\"\n\
         | summarize Failures = count(), Users = dcount(UserPrincipalName), Last = max(TimeGenerated) by ResultType\n\
         | join kind=leftouter entries on ResultType\n\
         | project ResultType, Failures, Users, Last, Entry, Title\n\
         | order by Failures desc\n",
        apps.join(", ")
    )
}
