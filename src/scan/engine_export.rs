//! What log engines export, read as the records inside: an Elasticsearch `_search` response
//! (each hit's `_source` a Mattermost log record, or the raw line in `message`), a Loki
//! `query_range` response (`data.result[].values[[time, line]]`) and a Log Analytics query
//! result (`tables[].columns` and `rows`, the `SigninLogs` columns). Each is streamed: one hit,
//! line or row at a time, so an export of any size reads in flat memory.

use super::format::{self, Format};
use super::record::{line_record, sign_in_from_json, CountingReader, ReadNotes, Record};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead};
use std::rc::Rc;

/// Where the records open, counted in `{` and `[` from the outside (for their line numbers).
fn record_depth(format: Format) -> usize {
    match format {
        // {"hits": {"hits": [ {hit} ] } }
        Format::ElasticsearchHits => 3,
        // {"data": {"result": [ {"values": [ [time, line] ] } ] } }
        Format::LokiStreams => 5,
        // {"tables": [ {"rows": [ [row] ] } ] }
        _ => 4,
    }
}

/// Reads the records of an engine's export, handing each to `each`.
pub fn read(
    format: Format,
    reader: &mut dyn BufRead,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let start_line = Rc::new(Cell::new(1));
    let mut counting =
        CountingReader::new(reader, Rc::clone(&start_line)).at_depth(record_depth(format));
    let mut deserializer = serde_json::Deserializer::from_reader(&mut counting);
    let mut take = |record: Record| each(record);
    let found = Found {
        each: &mut take,
        line: &start_line,
        notes: &mut *notes,
    };
    let result = match format {
        Format::ElasticsearchHits => Descend {
            path: &["hits", "hits"],
            inner: Hits(found),
        }
        .deserialize(&mut deserializer),
        Format::LokiStreams => Descend {
            path: &["data", "result"],
            inner: Streams(found),
        }
        .deserialize(&mut deserializer),
        _ => Descend {
            path: &["tables"],
            inner: Tables(found),
        }
        .deserialize(&mut deserializer),
    };
    if let Err(err) = result {
        if let Some(source) = counting.error.take() {
            return Err(source);
        }
        notes.broken.push((
            counting.line,
            format!("the JSON stops being readable here ({err}); what came before was read"),
        ));
    }
    Ok(())
}

/// A visitor that is its own seed: it reads a list (`seq`) or an object (`map`).
macro_rules! own_seed {
    ($kind:ident: $($ty:ty),+) => {$(
        impl<'de> DeserializeSeed<'de> for $ty {
            type Value = ();

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.$kind(self)
            }
        }
    )+};
}

own_seed!(deserialize_seq: Hits<'_>, Streams<'_>, Lines<'_, '_>, Tables<'_>, Rows<'_, '_, '_>);
own_seed!(deserialize_map: Table<'_, '_>);

/// Where the records go, and the line the current one opened on.
struct Found<'a> {
    each: &'a mut dyn FnMut(Record),
    line: &'a Rc<Cell<usize>>,
    notes: &'a mut ReadNotes,
}

impl Found<'_> {
    /// A log line as it was shipped: read as the log it came from.
    fn log_line(&mut self, line: &str) {
        let line = line.trim_end();
        if line.is_empty() {
            return;
        }
        let format = match format::detect(line) {
            Format::MattermostServerJson => Format::MattermostServerJson,
            Format::MattermostServerText => Format::MattermostServerText,
            _ => Format::Text,
        };
        (self.each)(line_record(format, line, self.line.get(), self.notes));
    }
}

/// Descends through the object keys of `path`, passing over everything else, and hands what
/// is there to `inner`.
struct Descend<'p, S> {
    path: &'p [&'p str],
    inner: S,
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for Descend<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path {
            [] => self.inner.deserialize(deserializer),
            _ => deserializer.deserialize_map(self),
        }
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Descend<'_, S> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "an object with `{}`", self.path.join("."))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut inner = Some(self.inner);
        while let Some(key) = map.next_key::<String>()? {
            match inner.take() {
                Some(seed) if key == self.path[0] => map.next_value_seed(Descend {
                    path: &self.path[1..],
                    inner: seed,
                })?,
                other => {
                    inner = other;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The hits of a `_search` response.
struct Hits<'a>(Found<'a>);

impl<'de> Visitor<'de> for Hits<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of hits")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut hits: A) -> Result<(), A::Error> {
        while let Some(hit) = hits.next_element::<Value>()? {
            let Some(source) = hit.get("_source") else {
                continue;
            };
            // Shipped as a raw line (`message`, Filebeat's `log.original`), or decoded into
            // the document itself or under `json`.
            let raw = ["message", "log.original"]
                .iter()
                .find_map(|key| source.get(*key).and_then(Value::as_str))
                .filter(|line| line.trim_start().starts_with('{') || source.get("msg").is_none());
            match raw {
                Some(line) => self.0.log_line(line),
                None => {
                    let record = source
                        .get("json")
                        .filter(|j| j.is_object())
                        .unwrap_or(source);
                    self.0.log_line(&record.to_string());
                }
            }
        }
        Ok(())
    }
}

/// The streams of a `query_range` response, each line of each.
struct Streams<'a>(Found<'a>);

impl<'de> Visitor<'de> for Streams<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of streams")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut streams: A) -> Result<(), A::Error> {
        while streams
            .next_element_seed(Descend {
                path: &["values"],
                inner: Lines(&mut self.0),
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// One stream's `[time, line]` pairs.
struct Lines<'f, 'a>(&'f mut Found<'a>);

impl<'de> Visitor<'de> for Lines<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of [time, line]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut values: A) -> Result<(), A::Error> {
        // `[time, line]`, with structured metadata third on newer servers.
        while let Some(value) = values.next_element::<Vec<Value>>()? {
            if let Some(line) = value.get(1).and_then(Value::as_str) {
                self.0.log_line(line);
            }
        }
        Ok(())
    }
}

/// The tables of a Log Analytics result: each row made an object by its columns' names.
struct Tables<'a>(Found<'a>);

impl<'de> Visitor<'de> for Tables<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of tables")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut tables: A) -> Result<(), A::Error> {
        while tables.next_element_seed(Table(&mut self.0))?.is_some() {}
        Ok(())
    }
}

struct Table<'f, 'a>(&'f mut Found<'a>);

#[derive(serde::Deserialize)]
struct Column {
    name: String,
}

impl<'de> Visitor<'de> for Table<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a table of columns and rows")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut columns: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "columns" => {
                    columns = map
                        .next_value::<Vec<Column>>()?
                        .into_iter()
                        .map(|column| column.name)
                        .collect();
                }
                // The API writes the columns first; rows before them cannot be named.
                "rows" => map.next_value_seed(Rows {
                    found: &mut *self.0,
                    columns: &columns,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Rows<'f, 'a, 'c> {
    found: &'f mut Found<'a>,
    columns: &'c [String],
}

impl<'de> Visitor<'de> for Rows<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut rows: A) -> Result<(), A::Error> {
        while let Some(row) = rows.next_element::<Vec<Value>>()? {
            let object: serde_json::Map<String, Value> =
                self.columns.iter().cloned().zip(row).collect();
            let line = self.found.line.get();
            (self.found.each)(sign_in_from_json(&Value::Object(object), line));
        }
        Ok(())
    }
}
