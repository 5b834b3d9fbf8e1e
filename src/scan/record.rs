//! One piece of evidence (a log line, a multi-line mobile log entry, a sign-in row) with what
//! scanning needs of it, read from each format.

use super::csv_input::{self, CappedRecords};
use super::format::{starts_with_mobile_date, Format};
use super::incident::guid;
use super::lines::next_line;
use super::signals::SERVER_ERROR_LEVELS;
use super::time::{from_epoch_seconds, parse_leading, Moment};
use serde_json::Value;
use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// The largest multi-line record kept whole; longer ones are cut.
const LONGEST_RECORD: usize = 64 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// The record as it reads (a sign-in row: its main columns).
    pub text: String,
    pub time: Option<Moment>,
    /// The user principal name, else the user id, if the record names one.
    pub user: Option<String>,
    /// Names, ids and addresses of people in the record's fields, for `--redact`.
    pub identities: Vec<String>,
    /// The HTTP status the record reports (`http_code`, `status_code`).
    pub http_status: Option<u16>,
    /// A sign-in's result code (an AADSTS number without the prefix; 0 when it passed).
    pub sign_in_code: Option<String>,
    /// An error level, a failed sign-in, `failed`, or an Intune request answered with 4xx/5xx.
    pub looks_like_error: bool,
    /// What a structured record says (a server line's `msg` and `error`), for folding records
    /// that match no entry.
    pub message: Option<String>,
    /// The request a server record belongs to: an error line and its request summary share it.
    pub request_id: Option<String>,
    /// A server error as its `error` field writes it (`<Where>: <Message>, <details>`), built
    /// from `err_where`, `msg` and `err_details` for versions that log no `error` field.
    pub error_text: Option<String>,
    /// The client's address (a server line's `ip_addr`, a sign-in's IP address).
    pub address: Option<String>,
    /// A sign-in's correlation id and request id, from their own fields.
    pub sign_in_ids: SignInIds,
}

/// The ids Entra gives a sign-in, lower-cased: what joins it to the app's MSAL error.
#[derive(Debug, Clone, Default)]
pub struct SignInIds {
    pub correlation_id: Option<String>,
    pub request_id: Option<String>,
    /// The client app's id (`AppId`), lower-cased.
    pub app_id: Option<String>,
    /// Whether the row names its app at all (by name or id).
    pub names_app: bool,
}

/// What reading a file found besides its records.
#[derive(Debug, Default)]
pub struct ReadNotes {
    /// Lines cut at the longest line kept, by line number.
    pub cut_lines: Vec<usize>,
    /// A structured record that did not parse, with why (read as text instead).
    pub broken: Vec<(usize, String)>,
}

/// Reads every record of a structured or multi-line file (sign-in exports, mobile app logs),
/// handing each to `each`. Line-oriented logs are read in blocks (`blocks.rs`).
pub fn read_records(
    format: Format,
    reader: &mut dyn BufRead,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
) -> io::Result<()> {
    match format {
        Format::EntraSigninsCsv => read_csv(reader, notes, each),
        Format::EntraSigninsJson => read_sign_in_json(reader, notes, each),
        Format::ElasticsearchHits | Format::LokiStreams | Format::LogAnalyticsTables => {
            super::engine_export::read(format, reader, notes, each)
        }
        _ => read_multi_line(reader, notes, each),
    }
}

/// One line of a line-oriented log as a record.
pub fn line_record(format: Format, line: &str, number: usize, notes: &mut ReadNotes) -> Record {
    match format {
        Format::MattermostServerJson => server_json_record(line, number, notes),
        _ => text_record(format, line, number),
    }
}

/// The time of a line, read without parsing the rest of it.
pub fn line_time(format: Format, line: &str) -> Option<Moment> {
    match format {
        Format::MattermostServerJson => {
            if let Some(value) = json_value_after(line, "timestamp") {
                return parse_leading(value);
            }
            let number: String = json_value_after(line, "ts")?
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            number.parse().ok().and_then(from_epoch_seconds)
        }
        _ => leading_time(line.trim_start_matches(['>', ' ', '\t', '`'])),
    }
}

/// What follows `"key":` in a JSON line, spaces after the colon skipped; read without parsing.
fn json_value_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let quoted = format!(r#""{key}""#);
    let at = line.find(&quoted)? + quoted.len();
    line[at..]
        .trim_start()
        .strip_prefix(':')
        .map(str::trim_start)
}

/// The time that leads a line, or follows its level (`info  [2026-03-02 10:15:40.001 Z]`).
fn leading_time(line: &str) -> Option<Moment> {
    parse_leading(line).or_else(|| {
        line.find('[')
            .filter(|&at| at < 12)
            .and_then(|at| parse_leading(&line[at..]))
    })
}

/// A text line: its time where one leads it, errors by their level words.
fn text_record(format: Format, line: &str, number: usize) -> Record {
    let unquoted = line.trim_start_matches(['>', ' ', '\t', '`']);
    let time = parse_leading(unquoted).or_else(|| {
        // `info  [2026-03-02 10:15:40.001 Z] ...`: the time follows the level.
        unquoted
            .find('[')
            .and_then(|at| parse_leading(&unquoted[at..]))
    });
    let lower = unquoted.to_ascii_lowercase();
    let level_error = match format {
        Format::MattermostServerText => {
            ["error", "fatal", "panic", "critical"]
                .iter()
                .any(|l| lower.starts_with(l))
                || unquoted.contains("[EROR]")
        }
        Format::IntuneSdkLog => {
            unquoted.contains("\tERRO\t")
                || unquoted.contains(" ERRO ")
                || unquoted.contains(" ERROR ")
        }
        Format::AndroidLogcat => unquoted.contains(" E/") || unquoted.contains("  E  "),
        // Prose mentions errors; a paste that reports one says so in these words.
        _ => unquoted.contains("ERROR") || lower.contains("error:") || lower.contains("exception"),
    };
    Record {
        line: number,
        text: line.to_string(),
        time,
        looks_like_error: level_error || lower.contains("failed"),
        http_status: status_after(unquoted, "status_code"),
        address: word_after(unquoted, " ip_addr="),
        ..Record::default()
    }
}

/// A server JSON line; one that does not parse is read as text and noted.
fn server_json_record(line: &str, number: usize, notes: &mut ReadNotes) -> Record {
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(err) => {
            notes.broken.push((
                number,
                format!("not a JSON log record ({err}); read as text"),
            ));
            return text_record(Format::Text, line, number);
        }
    };
    let text_field = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("");
    let time = match value.get("timestamp").or_else(|| value.get("ts")) {
        Some(Value::String(text)) => parse_leading(text),
        Some(Value::Number(seconds)) => seconds.as_f64().and_then(from_epoch_seconds),
        _ => None,
    };
    let level = text_field("level");
    let http_status = value
        .get("http_code")
        .and_then(Value::as_u64)
        .and_then(|n| u16::try_from(n).ok());
    let path = text_field("path");
    let url = text_field("url");
    let intune_request = path.ends_with("/oauth/intune") || url.ends_with("/oauth/intune");
    let failed_status = http_status.is_some_and(|s| s >= 400)
        || text_field("status_code")
            .parse::<u16>()
            .is_ok_and(|s| s >= 400);
    let user = Some(text_field("user_id"))
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    let mut identities: Vec<String> = user.iter().cloned().collect();
    identities.extend(
        ["ip_addr", "host"]
            .iter()
            .map(|key| text_field(key))
            .filter(|v| !v.is_empty())
            .map(str::to_string),
    );
    let error = [text_field("error"), text_field("err_details")]
        .into_iter()
        .find(|e| !e.is_empty());
    let message = match error {
        Some(error) => format!("{}: {error}", text_field("msg")),
        None => text_field("msg").to_string(),
    };
    let error_text =
        (text_field("error").is_empty() && !text_field("err_where").is_empty()).then(|| {
            let mut text = format!("{}: {}", text_field("err_where"), text_field("msg"));
            if !text_field("err_details").is_empty() {
                text.push_str(&format!(", {}", text_field("err_details")));
            }
            text
        });
    Record {
        line: number,
        text: line.to_string(),
        time,
        user,
        identities,
        http_status,
        message: Some(message),
        request_id: Some(text_field("request_id"))
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        error_text,
        looks_like_error: SERVER_ERROR_LEVELS.contains(&level) || (intune_request && failed_status),
        address: Some(text_field("ip_addr"))
            .filter(|ip| !ip.is_empty())
            .map(str::to_string),
        ..Record::default()
    }
}

/// The value after `key` up to the next space (`ip_addr=203.0.113.24`), quotes taken off.
fn word_after(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)? + key.len();
    let word = text[at..].split(' ').next()?.trim_matches('"');
    (!word.is_empty()).then(|| word.to_string())
}

/// The number after `key` in `"key" = 400;`, `"key": 400` or `key=400`.
fn status_after(text: &str, key: &str) -> Option<u16> {
    let at = text.find(key)? + key.len();
    let rest = text[at..].trim_start_matches(['"', ' ', '=', ':', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Mobile app logs: a record starts at a line that begins with `yyyy/MM/dd ` and takes in the
/// lines after it (an object printed over several lines) until the next one.
fn read_multi_line(
    reader: &mut dyn BufRead,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let (mut bytes, mut line) = (Vec::new(), String::new());
    let mut number = 0;
    let mut current: Option<(usize, String)> = None;
    let finish = |(start, text): (usize, String), each: &mut dyn FnMut(Record)| {
        let mut record = text_record(Format::MattermostMobileLog, &text, start);
        record.looks_like_error = text
            .get(24..30)
            .is_some_and(|level| level.contains("ERROR"))
            || record.looks_like_error;
        each(record);
    };
    while let Some(cut) = next_line(reader, &mut bytes, &mut line)? {
        number += 1;
        if cut {
            notes.cut_lines.push(number);
        }
        if starts_with_mobile_date(&line) {
            if let Some(done) = current.take() {
                finish(done, each);
            }
            current = Some((number, line.clone()));
        } else if let Some((_, text)) = &mut current {
            if text.len() + line.len() < LONGEST_RECORD {
                text.push('\n');
                text.push_str(&line);
            }
        } else if !line.trim().is_empty() {
            // Metadata before the first record (a "Report a Problem" e-mail): read alone.
            each(text_record(Format::Text, &line, number));
        }
    }
    if let Some(done) = current {
        finish(done, each);
    }
    Ok(())
}

/// The portal's CSV download or a Log Analytics export: columns by their trimmed names.
fn read_csv(
    reader: &mut dyn BufRead,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let delimiter = csv_input::delimiter(reader.fill_buf()?);
    let mut capped = CappedRecords::new(reader);
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&mut capped);
    let headers: Vec<String> = match csv.headers() {
        // Log Analytics' own CSV export names a time column `TimeGenerated [UTC]`.
        Ok(headers) => headers
            .iter()
            .map(|h| h.trim().trim_end_matches(" [UTC]").to_string())
            .collect(),
        Err(err) => return Err(io::Error::new(io::ErrorKind::InvalidData, err.to_string())),
    };
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
    };
    let date = column(&["Date (UTC)", "CreatedDateTime", "TimeGenerated"]);
    let upn = column(&["Username", "UserPrincipalName"]);
    let name = column(&["User", "UserDisplayName"]);
    let user_id = column(&["User ID", "UserId"]);
    let code = column(&["Sign-in error code", "ResultType"]);
    let reason = column(&["Failure reason", "ResultDescription"]);
    let app = column(&["Application", "AppDisplayName"]);
    let app_id = column(&["Application ID", "AppId"]);
    let resource = column(&["Resource", "ResourceDisplayName"]);
    let ip = column(&["IP address", "IPAddress"]);
    let correlation_id = column(&["Correlation ID", "CorrelationId"]);
    let request_id = column(&["Request ID", "OriginalRequestId", "Id"]);
    let mut row = csv::StringRecord::new();
    let mut short_rows: Vec<usize> = Vec::new();
    loop {
        match csv.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as usize);
                notes.broken.push((
                    line,
                    format!("this CSV row cannot be read ({err}); the rows after it are not read"),
                ));
                break;
            }
        }
        let line = row.position().map_or(0, |p| p.line() as usize);
        if row.len() < headers.len() {
            short_rows.push(line);
        }
        let cell =
            |index: Option<usize>| index.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        each(sign_in_record(SignIn {
            line,
            time: cell(date),
            upn: cell(upn),
            name: cell(name),
            user_id: cell(user_id),
            code: cell(code),
            reason: cell(reason),
            app: cell(app),
            app_id: cell(app_id),
            resource: cell(resource),
            ip: cell(ip),
            correlation_id: cell(correlation_id),
            request_id: cell(request_id),
        }));
    }
    drop(csv);
    if let Some(&first) = capped.cut.first() {
        notes.broken.push((
            first,
            format!(
                "{} row(s) longer than {} MiB (a cell holding a whole file?); only their start \
                 was read",
                capped.cut.len(),
                csv_input::LONGEST_RECORD >> 20
            ),
        ));
    }
    if let Some(&first) = short_rows.first() {
        notes.broken.push((
            first,
            format!(
                "{} row(s) with fewer columns than the header (a cut-off or edited export, or a \
                 quote left open); their missing cells were read as empty",
                short_rows.len()
            ),
        ));
    }
    Ok(())
}

/// The fields of a sign-in that scanning reads, whatever the export.
struct SignIn<'a> {
    line: usize,
    time: &'a str,
    upn: &'a str,
    name: &'a str,
    user_id: &'a str,
    code: &'a str,
    reason: &'a str,
    app: &'a str,
    app_id: &'a str,
    resource: &'a str,
    ip: &'a str,
    correlation_id: &'a str,
    request_id: &'a str,
}

fn sign_in_record(sign_in: SignIn) -> Record {
    let code = sign_in.code.trim_start_matches("AADSTS");
    let failed = !code.is_empty() && code != "0";
    let mut text = format!("{} {}", sign_in.time, sign_in.upn);
    // The app by name, else by id (a Log Analytics query may keep only `AppId`).
    let app = [sign_in.app, sign_in.app_id]
        .into_iter()
        .find(|a| !a.is_empty());
    if let Some(app) = app {
        text.push_str(&format!(" {app}"));
    }
    if !sign_in.resource.is_empty() {
        text.push_str(&format!(" -> {}", sign_in.resource));
    }
    if failed {
        text.push_str(&format!(": AADSTS{code} {}", sign_in.reason));
    } else {
        text.push_str(": success");
    }
    let user = [sign_in.upn, sign_in.user_id]
        .into_iter()
        .find(|u| !u.is_empty())
        .map(str::to_string);
    let identities = [sign_in.upn, sign_in.name, sign_in.user_id, sign_in.ip]
        .into_iter()
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    Record {
        line: sign_in.line,
        text,
        time: parse_leading(sign_in.time),
        user,
        identities,
        sign_in_code: (!code.is_empty()).then(|| code.to_string()),
        looks_like_error: failed,
        address: (!sign_in.ip.is_empty()).then(|| sign_in.ip.to_string()),
        sign_in_ids: SignInIds {
            correlation_id: guid(sign_in.correlation_id),
            request_id: guid(sign_in.request_id),
            app_id: guid(sign_in.app_id),
            names_app: !sign_in.app.is_empty() || !sign_in.app_id.is_empty(),
        },
        ..Record::default()
    }
}

/// A sign-in as JSON: Graph (`status.errorCode`), Log Analytics (`ResultType` as a string) or
/// Azure Monitor (`resultType`, the sign-in under `properties`).
pub fn sign_in_from_json(value: &Value, line: usize) -> Record {
    let properties = value
        .get("properties")
        .filter(|p| p.is_object())
        .unwrap_or(value);
    let text_at = |paths: &[&[&str]]| -> String {
        paths
            .iter()
            .find_map(|path| {
                let found = path
                    .iter()
                    .try_fold(properties, |v, key| v.get(*key))
                    .or_else(|| path.iter().try_fold(value, |v, key| v.get(*key)))?;
                match found {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }
            })
            .unwrap_or_default()
    };
    let time = text_at(&[
        &["createdDateTime"],
        &["CreatedDateTime"],
        &["TimeGenerated"],
        &["time"],
    ]);
    let upn = text_at(&[&["userPrincipalName"], &["UserPrincipalName"]]);
    let name = text_at(&[&["userDisplayName"], &["UserDisplayName"]]);
    let user_id = text_at(&[&["userId"], &["UserId"]]);
    let code = text_at(&[
        &["status", "errorCode"],
        &["Status", "errorCode"],
        &["ResultType"],
        &["resultType"],
    ]);
    let reason = text_at(&[
        &["status", "failureReason"],
        &["Status", "failureReason"],
        &["ResultDescription"],
        &["resultDescription"],
    ]);
    let app = text_at(&[&["appDisplayName"], &["AppDisplayName"]]);
    let app_id = text_at(&[&["appId"], &["AppId"]]);
    let resource = text_at(&[&["resourceDisplayName"], &["ResourceDisplayName"]]);
    let ip = text_at(&[&["ipAddress"], &["IPAddress"], &["callerIpAddress"]]);
    let correlation_id = text_at(&[&["correlationId"], &["CorrelationId"]]);
    // Graph's `id` is the portal's Request ID; Log Analytics keeps it as `OriginalRequestId`.
    let request_id = text_at(&[&["id"], &["OriginalRequestId"], &["Id"]]);
    sign_in_record(SignIn {
        line,
        time: &time,
        upn: &upn,
        name: &name,
        user_id: &user_id,
        code: &code,
        reason: &reason,
        app: &app,
        app_id: &app_id,
        resource: &resource,
        ip: &ip,
        correlation_id: &correlation_id,
        request_id: &request_id,
    })
}

/// Sign-ins as JSON, one at a time however many there are: top-level arrays, objects that
/// wrap an array (`value`, `records`), single objects, or one object per line, several pages
/// one after another. Each sign-in is read, handed on and dropped.
fn read_sign_in_json(
    reader: &mut dyn BufRead,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let start_line = Rc::new(Cell::new(1));
    let mut counting = CountingReader::new(reader, Rc::clone(&start_line));
    loop {
        counting.started = false;
        let mut deserializer = serde_json::Deserializer::from_reader(&mut counting);
        let seed = TopLevel {
            each: &mut *each,
            start_line: &start_line,
        };
        match serde::de::DeserializeSeed::deserialize(seed, &mut deserializer) {
            Ok(()) => {}
            Err(err) if err.is_eof() && !counting.started => return Ok(()),
            Err(err) => {
                if let Some(source) = counting.error.take() {
                    return Err(source);
                }
                notes.broken.push((
                    counting.line,
                    format!(
                        "the JSON stops being readable here ({err}); what came before was read"
                    ),
                ));
                return Ok(());
            }
        }
    }
}

/// Follows the JSON as serde_json reads it, byte by byte: counts lines, and notes the line on
/// which each sign-in object opens (an object right inside the first array, or at the top).
pub struct CountingReader<'a> {
    inner: &'a mut dyn BufRead,
    pub line: usize,
    /// Whether any of the current top-level value has been read.
    pub started: bool,
    /// Open `[` and `{`, outermost first.
    open: Vec<u8>,
    in_string: bool,
    escaped: bool,
    /// How deep the array of sign-ins is, once one opened.
    sign_ins_at: Option<usize>,
    start_line: Rc<Cell<usize>>,
    /// A read error, kept to be reported as such rather than as broken JSON.
    pub error: Option<io::Error>,
    /// Where records open at a known depth (an engine's export): the depth of their `{`
    /// or `[`, outermost 0.
    record_depth: Option<usize>,
}

impl<'a> CountingReader<'a> {
    pub fn new(inner: &'a mut dyn BufRead, start_line: Rc<Cell<usize>>) -> Self {
        CountingReader {
            inner,
            line: 1,
            started: false,
            open: Vec::new(),
            in_string: false,
            escaped: false,
            sign_ins_at: None,
            start_line,
            error: None,
            record_depth: None,
        }
    }

    /// Notes the line on which each `{` or `[` at `depth` opens, instead of sign-ins.
    pub fn at_depth(mut self, depth: usize) -> Self {
        self.record_depth = Some(depth);
        self
    }

    fn follow(&mut self, byte: u8) {
        if byte == b'\n' {
            self.line += 1;
        }
        if !byte.is_ascii_whitespace() {
            self.started = true;
        }
        if self.in_string {
            match (self.escaped, byte) {
                (true, _) => self.escaped = false,
                (false, b'\\') => self.escaped = true,
                (false, b'"') => self.in_string = false,
                _ => {}
            }
            return;
        }
        if let Some(depth) = self.record_depth {
            match byte {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    if self.open.len() == depth {
                        self.start_line.set(self.line);
                    }
                    self.open.push(byte);
                }
                b']' | b'}' => {
                    self.open.pop();
                }
                _ => {}
            }
            return;
        }
        match byte {
            b'"' => self.in_string = true,
            b'[' => {
                if self.sign_ins_at.is_none() && self.open.len() <= 1 {
                    self.sign_ins_at = Some(self.open.len());
                }
                self.open.push(byte);
            }
            b'{' => {
                let depth = self.open.len();
                if depth == 0 || self.sign_ins_at.is_some_and(|at| depth == at + 1) {
                    self.start_line.set(self.line);
                }
                self.open.push(byte);
            }
            b']' | b'}' => {
                self.open.pop();
                if self.sign_ins_at.is_some_and(|at| self.open.len() <= at) && byte == b']' {
                    self.sign_ins_at = None;
                }
            }
            _ => {}
        }
    }
}

impl Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf).inspect_err(|err| {
            self.error = Some(io::Error::new(err.kind(), err.to_string()));
        })?;
        for &byte in &buf[..n] {
            self.follow(byte);
        }
        Ok(n)
    }
}

/// One top-level JSON value: an array of sign-ins, an object wrapping one, or a sign-in.
struct TopLevel<'f> {
    each: &'f mut dyn FnMut(Record),
    start_line: &'f Rc<Cell<usize>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for TopLevel<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopLevel<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("sign-ins as JSON")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while let Some(value) = items.next_element::<Value>()? {
            (self.each)(sign_in_from_json(&value, self.start_line.get()));
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let line = self.start_line.get();
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "value" || key == "records" {
                map.next_value_seed(TopLevel {
                    each: &mut *self.each,
                    start_line: self.start_line,
                })?;
            } else {
                object.insert(key, map.next_value::<Value>()?);
            }
        }
        // A sign-in of its own (one object per line), not only a wrapper's `@odata` keys.
        if object.keys().any(|key| !key.starts_with('@')) {
            (self.each)(sign_in_from_json(&Value::Object(object), line));
        }
        Ok(())
    }
}
