//! A rule as Sigma YAML: the fields in the order SigmaHQ writes them, the same bytes for the
//! same knowledge.

use super::{Condition, Group, Op, Rule, Source, Value};
use serde_yaml::{Mapping, Value as Yaml};

fn text(value: &str) -> Yaml {
    Yaml::String(value.to_string())
}

fn list(values: impl IntoIterator<Item = Yaml>) -> Yaml {
    Yaml::Sequence(values.into_iter().collect())
}

/// A value as Sigma reads it: `*` and `?` are wildcards and `\` escapes, so those in a
/// message are escaped to mean themselves.
fn sigma_value(value: &Value) -> Yaml {
    match value {
        Value::Number(number) => Yaml::Number((*number).into()),
        Value::Text(value) => Yaml::String(
            value
                .replace('\\', "\\\\")
                .replace('*', "\\*")
                .replace('?', "\\?"),
        ),
    }
}

fn condition_key(condition: &Condition) -> String {
    match condition.op {
        Op::Equals => condition.field.to_string(),
        Op::Contains => format!("{}|contains", condition.field),
    }
}

/// `result and app`, `1 of message_*`.
fn condition_text(groups: &[Group]) -> String {
    groups
        .iter()
        .map(|group| match group.selections.as_slice() {
            [only] if only.name == group.name => group.name.to_string(),
            _ => format!("1 of {}_*", group.name),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

fn logsource(source: Source) -> Yaml {
    let mut map = Mapping::new();
    let (product, service) = match source {
        Source::Server => ("mattermost", "server"),
        Source::SignIns => ("azure", "signinlogs"),
    };
    map.insert(text("product"), text(product));
    map.insert(text("service"), text(service));
    Yaml::Mapping(map)
}

fn detection(groups: &[Group]) -> Yaml {
    let mut map = Mapping::new();
    for selection in groups.iter().flat_map(|group| &group.selections) {
        let mut fields = Mapping::new();
        for condition in &selection.conditions {
            let values: Vec<Yaml> = condition.values.iter().map(sigma_value).collect();
            let value = match values.as_slice() {
                [one] => one.clone(),
                _ => list(values),
            };
            fields.insert(text(&condition_key(condition)), value);
        }
        map.insert(text(&selection.name), Yaml::Mapping(fields));
    }
    map.insert(text("condition"), text(&condition_text(groups)));
    Yaml::Mapping(map)
}

/// The rule as a Sigma YAML document.
pub fn to_yaml(rule: &Rule) -> String {
    let mut map = Mapping::new();
    map.insert(text("title"), text(&rule.title));
    map.insert(text("id"), text(&rule.id));
    map.insert(text("status"), text("experimental"));
    map.insert(text("description"), text(&rule.description));
    if !rule.references.is_empty() {
        map.insert(
            text("references"),
            list(rule.references.iter().map(|r| text(r))),
        );
    }
    map.insert(text("author"), text("mamtriage"));
    map.insert(text("tags"), list(rule.tags.iter().map(|t| text(t))));
    map.insert(text("logsource"), logsource(rule.source));
    map.insert(text("detection"), detection(&rule.groups));
    map.insert(
        text("fields"),
        list(rule.source.fields().iter().map(|f| text(f))),
    );
    map.insert(
        text("falsepositives"),
        list(rule.falsepositives.iter().map(|f| text(f))),
    );
    map.insert(text("level"), text(rule.level));
    serde_yaml::to_string(&Yaml::Mapping(map)).expect("a YAML mapping of strings serialises")
}
