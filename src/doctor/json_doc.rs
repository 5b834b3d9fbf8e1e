//! A JSON file as doctor reads it: the value, keys looked up in any letter case (as the
//! Mattermost server reads its config), and the line each key is written on.

use serde_json::Value;
use std::collections::HashMap;

/// A parsed JSON document and where its keys are.
#[derive(Debug)]
pub struct JsonDoc {
    pub value: Value,
    /// The line of each object key, by its dotted path in lower case (`intunesettings.enable`);
    /// keys inside arrays are left out.
    lines: HashMap<String, usize>,
}

/// Why a file is not JSON doctor can read, with the place it stops being readable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl JsonDoc {
    pub fn parse(text: &str) -> Result<JsonDoc, JsonError> {
        let text = text.trim_start_matches('\u{feff}');
        let merged: GoMerged = serde_json::from_str(text).map_err(|err| JsonError {
            line: err.line(),
            column: err.column(),
            message: explain(text, &err),
        })?;
        Ok(JsonDoc {
            value: merged.0,
            lines: key_lines(text),
        })
    }

    /// A document with no lines (an object found inside another, or a value made in code).
    pub fn from_value(value: Value) -> JsonDoc {
        JsonDoc {
            value,
            lines: HashMap::new(),
        }
    }

    /// The value at a dotted path (`IntuneSettings.TenantId`), keys in any letter case.
    pub fn get(&self, path: &str) -> Option<&Value> {
        get_path(&self.value, path)
    }

    /// The line the last key of `path` is written on, if the file shows it.
    pub fn line(&self, path: &str) -> Option<usize> {
        self.lines.get(&path.to_ascii_lowercase()).copied()
    }
}

/// A JSON value read as the Mattermost server (Go's `encoding/json`) reads a config: an
/// object key written twice merges the two objects, and a later scalar wins.
struct GoMerged(Value);

impl<'de> serde::Deserialize<'de> for GoMerged {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(GoMergedVisitor).map(GoMerged)
    }
}

struct GoMergedVisitor;

impl<'de> serde::de::Visitor<'de> for GoMergedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((key, GoMerged(value))) = map.next_entry::<String, GoMerged>()? {
            match object.get_mut(&key) {
                Some(existing) => merge_into(existing, value),
                None => {
                    object.insert(key, value);
                }
            }
        }
        Ok(Value::Object(object))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(GoMerged(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// A repeated key: objects merge key by key, anything else is replaced.
fn merge_into(existing: &mut Value, later: Value) {
    match (existing, later) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(&key) {
                    Some(slot) => merge_into(slot, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (slot, later) => *slot = later,
    }
}

/// The value at a dotted path under `value`, keys in any letter case.
pub fn get_path<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |value, key| {
        let object = value.as_object()?;
        object.get(key).or_else(|| {
            object
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
    })
}

/// The parser's message, with what a file that is not JSON usually is.
fn explain(text: &str, err: &serde_json::Error) -> String {
    if text.contains("{{") {
        return format!(
            "{err} (it looks like a template with {{{{ }}}} placeholders; give doctor the file \
             the template produces)"
        );
    }
    err.to_string()
}

/// The line of every object key, by dotted path in lower case. Strings are skipped as a
/// whole, so braces and colons inside values do not count.
fn key_lines(text: &str) -> HashMap<String, usize> {
    let bytes = text.as_bytes();
    let mut lines = HashMap::new();
    // The path of each open container; `None` for an array (its members have no key path).
    let mut open: Vec<Option<String>> = Vec::new();
    let mut last_key: Option<String> = None;
    let mut line = 1;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => line += 1,
            b'"' => {
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                let string = String::from_utf8_lossy(&bytes[start..at.min(bytes.len())]);
                let next = bytes[(at + 1).min(bytes.len())..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace());
                let in_object = matches!(open.last(), Some(Some(_)));
                if next == Some(&b':') && in_object {
                    let parent = open.last().cloned().flatten().unwrap_or_default();
                    let key = string.to_ascii_lowercase();
                    let path = if parent.is_empty() {
                        key
                    } else {
                        format!("{parent}.{key}")
                    };
                    lines.entry(path.clone()).or_insert(line);
                    last_key = Some(path);
                }
            }
            b'{' => {
                let path = match open.last() {
                    None => Some(String::new()),
                    Some(Some(_)) => last_key.take(),
                    Some(None) => None,
                };
                open.push(path);
            }
            b'[' => {
                open.push(None);
                last_key = None;
            }
            b'}' | b']' => {
                open.pop();
            }
            b',' => last_key = None,
            _ => {}
        }
        at += 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_written_twice_merges_as_on_the_server() {
        // Seen in a public e2e fixture: a second, shorter LogSettings after the first.
        let text = r#"{"LogSettings": {"EnableFile": true, "FileLevel": "INFO"},
                       "Other": [1, 2.5, null, "x"],
                       "LogSettings": {"EnableDiagnostics": true, "FileLevel": "DEBUG"}}"#;
        let doc = JsonDoc::parse(text).unwrap();
        assert_eq!(doc.get("LogSettings.EnableFile"), Some(&Value::Bool(true)));
        assert_eq!(
            doc.get("LogSettings.FileLevel"),
            Some(&Value::from("DEBUG"))
        );
        assert_eq!(
            doc.get("LogSettings.EnableDiagnostics"),
            Some(&Value::Bool(true))
        );
        assert_eq!(
            doc.get("Other"),
            Some(&serde_json::json!([1, 2.5, null, "x"]))
        );
    }

    #[test]
    fn keys_are_found_in_any_case_with_their_lines() {
        let text = "{\n  \"ServiceSettings\": {\"SiteURL\": \"https://a{b}:c\"},\n  \"intunesettings\": {\n    \"enable\": true,\n    \"TenantId\": \"x\"\n  },\n  \"List\": [{\"Enable\": false}]\n}";
        let doc = JsonDoc::parse(text).unwrap();
        assert_eq!(doc.get("IntuneSettings.Enable"), Some(&Value::Bool(true)));
        assert_eq!(doc.line("IntuneSettings.Enable"), Some(4));
        assert_eq!(doc.line("IntuneSettings.TenantId"), Some(5));
        assert_eq!(doc.line("IntuneSettings"), Some(3));
        assert_eq!(doc.line("ServiceSettings.SiteURL"), Some(2));
        assert_eq!(doc.line("List.Enable"), None);
        assert_eq!(doc.get("intuneSETTINGS.tenantid"), Some(&Value::from("x")));
    }

    #[test]
    fn broken_json_says_where_and_a_template_says_what_it_is() {
        let err = JsonDoc::parse("{\n  \"A\": 1,\n  \"B\": \n}").unwrap_err();
        assert_eq!((err.line, err.column), (4, 1));
        let err = JsonDoc::parse("{{- define \"config.json\" -}}\n{}").unwrap_err();
        assert!(err.message.contains("template"), "{err}");
    }
}
