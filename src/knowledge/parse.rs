//! Turns one pack file into entries, reporting every problem in it with its position.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::locate::{item_spans, key_position, list_value_position, position_of_offset, ItemSpan};
use super::model::{Entry, Kind};
use serde::de::IgnoredAny;

/// An entry together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedEntry {
    pub entry: Entry,
    /// Where the entry's `id` is written.
    pub location: Location,
    /// Where each `related` id is written, in the same order as `entry.related`.
    pub related_locations: Vec<Location>,
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub entries: Vec<LocatedEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Deeper `[`/`{` nesting than any pack needs; the YAML scanner slows down quadratically
/// with flow depth, so a hostile file is stopped before it reaches the parser.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`], if they do. Brackets
/// inside quotes and comments do not count.
fn too_deep_at(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut comment = false;
    let mut previous = b'\n';
    let mut escaped = false;
    for (offset, &byte) in text.as_bytes().iter().enumerate() {
        match (quote, byte) {
            _ if comment => comment = byte != b'\n',
            (Some(b'"'), b'\\') => escaped = !escaped,
            (Some(open), _) => {
                if byte == open && !escaped {
                    quote = None;
                }
                escaped = false;
            }
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'#') if previous.is_ascii_whitespace() => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(offset);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = byte;
    }
    None
}

/// Parses a pack file. `name` is how the file is shown in messages.
pub fn parse_pack(name: &str, bytes: &[u8]) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    let file_problem = |line, column, problem| {
        Diagnostic::new(
            Location::new(name, line, column),
            problem,
            Effect::FileSkipped,
        )
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let (line, column) = position_of_offset(bytes, err.valid_up_to());
            parsed
                .diagnostics
                .push(file_problem(line, column, Problem::NotUtf8));
            return parsed;
        }
    };
    if text.trim().is_empty() {
        parsed.diagnostics.push(file_problem(1, 1, Problem::Empty));
        return parsed;
    }
    if let Some(offset) = too_deep_at(text) {
        let (line, column) = position_of_offset(bytes, offset);
        parsed
            .diagnostics
            .push(file_problem(line, column, Problem::TooDeep(MAX_FLOW_DEPTH)));
        return parsed;
    }

    let spans = item_spans(text);
    match serde_yaml::from_str::<Vec<Entry>>(text) {
        Ok(entries) if entries.len() == spans.len() => {
            for (entry, span) in entries.into_iter().zip(spans) {
                accept(name, Written { text, span }, entry, &mut parsed);
            }
        }
        Ok(entries) => {
            // Not block style (a flow list, say): positions are only known to the file.
            let start = ItemSpan {
                line: 1,
                column: 1,
                start: 0,
                end: text.len(),
            };
            for entry in entries {
                accept(name, Written { text, span: start }, entry, &mut parsed);
            }
        }
        Err(whole_file_error) => {
            parse_items_one_by_one(name, text, &spans, whole_file_error, &mut parsed)
        }
    }
    parsed
}

/// When the file as a whole does not parse, finds every broken entry and keeps the good ones.
fn parse_items_one_by_one(
    name: &str,
    text: &str,
    spans: &[ItemSpan],
    whole_file_error: serde_yaml::Error,
    parsed: &mut ParsedFile,
) {
    // Counting the items without building them keeps this pass cheap on large files.
    let item_count = match serde_yaml::from_str::<Vec<IgnoredAny>>(text) {
        Ok(items) => items.len(),
        Err(err) => {
            let diagnostic = match serde_yaml::from_str::<IgnoredAny>(text) {
                Ok(_) => Diagnostic::new(
                    Location::new(name, 1, 1),
                    Problem::NotAList,
                    Effect::FileSkipped,
                ),
                Err(_) => yaml_diagnostic(name, &err, Problem::Syntax, Effect::FileSkipped),
            };
            parsed.diagnostics.push(diagnostic);
            return;
        }
    };
    if item_count != spans.len() {
        parsed.diagnostics.push(yaml_diagnostic(
            name,
            &whole_file_error,
            Problem::InvalidEntry,
            Effect::FileSkipped,
        ));
        return;
    }
    for &span in spans {
        // Each item is parsed alone (linear in the file's size) and its problems moved down
        // to the item's first line; items start at a line's start, so columns stay as they are.
        match serde_yaml::from_str::<Vec<Entry>>(&text[span.start..span.end]) {
            Ok(mut entries) if entries.len() == 1 => {
                let entry = entries.remove(0);
                accept(name, Written { text, span }, entry, parsed);
            }
            Ok(_) => parsed.diagnostics.push(Diagnostic::new(
                Location::new(name, span.line, span.column),
                Problem::NotAList,
                Effect::EntrySkipped,
            )),
            Err(err) => {
                let mut diagnostic =
                    yaml_diagnostic(name, &err, Problem::InvalidEntry, Effect::EntrySkipped);
                diagnostic.location.line += span.line - 1;
                parsed.diagnostics.push(diagnostic);
            }
        }
    }
}

fn yaml_diagnostic(
    name: &str,
    err: &serde_yaml::Error,
    problem: fn(String) -> Problem,
    effect: Effect,
) -> Diagnostic {
    let (line, column, message) = located_yaml_error(err);
    Diagnostic::new(Location::new(name, line, column), problem(message), effect)
}

/// A YAML error as the line, column and plain message people are shown.
pub fn located_yaml_error(err: &serde_yaml::Error) -> (usize, usize, String) {
    let (line, column) = err.location().map_or((1, 1), |at| (at.line(), at.column()));
    (line, column, plain_yaml_message(err))
}

/// serde_yaml puts the position (which the diagnostic already carries) and the path from the
/// list root (`.[0].kind`) into its messages; people need the field name only.
fn plain_yaml_message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(at) => {
            let rest = &message[at + " at line ".len()..];
            let after_position = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic()))
                .map_or("", |end| &rest[end..]);
            format!("{}{}", &message[..at], after_position)
        }
        None => message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if path.starts_with(".[") => match path.split_once("].") {
            Some((_, field)) => format!("{field}: {rest}"),
            None => rest.to_string(),
        },
        _ => message,
    }
}

/// Where an entry is written in the YAML text.
struct Written<'a> {
    text: &'a str,
    span: ItemSpan,
}

impl Written<'_> {
    /// The place of `key:`, or of the entry when the key is not written.
    fn key(&self, key: &str) -> (usize, usize) {
        key_position(self.text, self.span, key).unwrap_or((self.span.line, self.span.column))
    }

    fn related(&self, target: &str) -> (usize, usize) {
        list_value_position(self.text, self.span, "related", target)
            .unwrap_or_else(|| self.key("id"))
    }
}

/// Checks an entry on its own, records where it is, and keeps it unless it cannot be used.
fn accept(name: &str, written: Written, entry: Entry, parsed: &mut ParsedFile) {
    let at_key = |key: &str| {
        let (line, column) = written.key(key);
        Location::new(name, line, column)
    };
    let location = at_key("id");
    let mut problems = Vec::new();
    if !is_valid_id(&entry.id) {
        problems.push((
            location.clone(),
            Problem::InvalidId(entry.id.clone()),
            Effect::EntrySkipped,
        ));
    }
    for (field, value) in [("title", &entry.title), ("cause", &entry.cause)] {
        if value.trim().is_empty() {
            let problem = Problem::EmptyField {
                id: entry.id.clone(),
                field: field.to_string(),
            };
            problems.push((at_key(field), problem, Effect::Kept));
        }
    }
    if entry.steps.iter().all(|step| step.trim().is_empty()) {
        let problem = Problem::NoSteps {
            id: entry.id.clone(),
        };
        problems.push((location.clone(), problem, Effect::Kept));
    }
    if entry.kind == Kind::SetupStep && entry.order.is_none() {
        let problem = Problem::NoOrder {
            id: entry.id.clone(),
        };
        problems.push((location.clone(), problem, Effect::Kept));
    }
    if entry.kind == Kind::ServerError && entry.server.is_none() {
        let problem = Problem::NoServerDetails {
            id: entry.id.clone(),
        };
        problems.push((location.clone(), problem, Effect::Kept));
    }
    let skipped = problems
        .iter()
        .any(|(_, _, effect)| *effect == Effect::EntrySkipped);
    parsed.diagnostics.extend(
        problems
            .into_iter()
            .map(|(location, problem, effect)| Diagnostic::new(location, problem, effect)),
    );
    if skipped {
        return;
    }
    let related_locations = entry
        .related
        .iter()
        .map(|target| {
            let (line, column) = written.related(target);
            Location::new(name, line, column)
        })
        .collect();
    parsed.entries.push(LocatedEntry {
        entry,
        location,
        related_locations,
    });
}

/// Ids are typed on command lines and written in `related`, so they stay plain.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}
