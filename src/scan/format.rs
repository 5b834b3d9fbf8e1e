//! What kind of evidence a file is, told from its first lines rather than its name.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `mattermost.log` with the JSON formatter (also the older `ts`/`err_details` shape).
    MattermostServerJson,
    /// `mattermost.log` with the plain formatter, or the pre-v5 text format.
    MattermostServerText,
    /// Entra sign-ins: the portal's CSV download or a Log Analytics CSV export.
    EntraSigninsCsv,
    /// Entra sign-ins as JSON: the portal's array, a Graph page (`{"value": [...]}`), Azure
    /// Monitor records, or Log Analytics rows.
    EntraSigninsJson,
    /// An Elasticsearch `_search` response: each hit's `_source` a Mattermost log record.
    ElasticsearchHits,
    /// A Loki `query_range` response: streams of `[time, line]`.
    LokiStreams,
    /// A Log Analytics query result as its API returns it (`tables` of `columns` and `rows`).
    LogAnalyticsTables,
    /// The Mattermost mobile app's log: records start with `yyyy/MM/dd ` and span lines.
    MattermostMobileLog,
    /// Intune App SDK for iOS diagnostics (`IntuneMAM:` lines).
    IntuneSdkLog,
    /// Android logcat, in either layout.
    AndroidLogcat,
    /// A support packet's `metadata.yaml` or `diagnostics.yaml` (version, licence).
    SupportPacketInfo,
    /// A Mattermost server configuration (`config.json`, `sanitized_config.json`).
    MattermostConfig,
    /// Anything else that is text: read line by line, like a paste.
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::MattermostServerJson => "mattermost-server-json",
            Format::MattermostServerText => "mattermost-server-text",
            Format::EntraSigninsCsv => "entra-signins-csv",
            Format::EntraSigninsJson => "entra-signins-json",
            Format::ElasticsearchHits => "elasticsearch-hits",
            Format::LokiStreams => "loki-streams",
            Format::LogAnalyticsTables => "log-analytics-tables",
            Format::MattermostMobileLog => "mattermost-mobile-log",
            Format::IntuneSdkLog => "intune-sdk-log",
            Format::AndroidLogcat => "android-logcat",
            Format::SupportPacketInfo => "support-packet-info",
            Format::MattermostConfig => "mattermost-config",
            Format::Text => "text",
        }
    }

    /// Whether a record is one line (read in blocks), not a row or a multi-line entry.
    pub fn is_line_oriented(self) -> bool {
        !matches!(
            self,
            Format::EntraSigninsCsv
                | Format::EntraSigninsJson
                | Format::ElasticsearchHits
                | Format::LokiStreams
                | Format::LogAnalyticsTables
                | Format::MattermostMobileLog
                | Format::SupportPacketInfo
                | Format::MattermostConfig
        )
    }

    /// Whether this is a Mattermost server log (which logs Intune 4xx errors at debug level).
    pub fn is_server_log(self) -> bool {
        matches!(
            self,
            Format::MattermostServerJson | Format::MattermostServerText
        )
    }
}

/// Tells the format from the start of a file.
pub fn detect(head: &str) -> Format {
    let head = head.trim_start_matches('\u{feff}');
    let first = head
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let contains = |needle: &str| head.contains(needle);
    // What log engines export wraps the records: told by the response's own first key, as a
    // log line may quote such a response.
    if let Some(format) = engine_export(head.trim_start(), &contains) {
        return format;
    }
    if first.starts_with('{')
        && first.contains("\"level\"")
        && (first.contains("\"timestamp\"") || first.contains("\"ts\""))
        && first.contains("\"msg\"")
    {
        return Format::MattermostServerJson;
    }
    let sign_in_json = [
        "\"createdDateTime\"",
        "\"userPrincipalName\"",
        "\"ResultType\"",
        "\"resultType\"",
        "\"UserPrincipalName\"",
    ];
    if (first.starts_with('[') || first.starts_with('{'))
        && sign_in_json.iter().any(|key| contains(key))
    {
        return Format::EntraSigninsJson;
    }
    if first.starts_with('"')
        && (first.contains("Sign-in error code") || first.contains("Date (UTC)"))
        || first.contains("ResultType")
            && first.contains("UserPrincipalName")
            && (first.contains(',') || first.contains(';'))
    {
        return Format::EntraSigninsCsv;
    }
    let lower_head = head.to_ascii_lowercase();
    let config_keys = [
        "\"servicesettings\"",
        "\"sqlsettings\"",
        "\"intunesettings\"",
    ];
    if first.starts_with('{') && config_keys.iter().any(|key| lower_head.contains(key)) {
        return Format::MattermostConfig;
    }
    if head.contains("type: support-packet")
        || (head.contains("sku_short_name:") && head.contains("server:"))
    {
        return Format::SupportPacketInfo;
    }
    if starts_with_mobile_date(first) {
        return Format::MattermostMobileLog;
    }
    if contains("IntuneMAM:") {
        return Format::IntuneSdkLog;
    }
    if is_logcat(first) {
        return Format::AndroidLogcat;
    }
    if is_plain_server_line(first) {
        return Format::MattermostServerText;
    }
    Format::Text
}

/// An Elasticsearch, Loki or Log Analytics response, by the key it opens with and the keys
/// that hold its records.
fn engine_export(head: &str, contains: &dyn Fn(&str) -> bool) -> Option<Format> {
    let first_key = head
        .strip_prefix('{')?
        .trim_start()
        .strip_prefix('"')?
        .split('"')
        .next()?;
    match first_key {
        "tables" if contains("\"columns\"") && contains("\"rows\"") => {
            Some(Format::LogAnalyticsTables)
        }
        "took" | "timed_out" | "_shards" | "hits" | "_scroll_id" | "pit_id"
            if contains("\"hits\"") =>
        {
            Some(Format::ElasticsearchHits)
        }
        "status" | "data" if contains("\"result\"") && contains("\"values\"") => {
            Some(Format::LokiStreams)
        }
        _ => None,
    }
}

/// `2026/03/02 10:15:38` at the start of a line: a new mobile app log record.
pub fn starts_with_mobile_date(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() >= 19
        && bytes[4] == b'/'
        && bytes[7] == b'/'
        && bytes[10] == b' '
        && bytes[13] == b':'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
            .iter()
            .all(|&i| bytes[i].is_ascii_digit())
}

/// `2025-10-29 14:19:48.142 31349-31385 Tag ...` or `... 20162-20340/com.pkg I/Tag: ...`.
fn is_logcat(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(date), Some(_time), Some(ids)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    date.len() == 10
        && date.as_bytes()[4] == b'-'
        && ids
            .split(['-', '/'])
            .take(2)
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && ids.contains('-')
}

/// `info  [2026-03-02 10:15:40.001 Z] message caller=...` or `[2018/04/17 13:02:04 CEST] [EROR] ...`.
fn is_plain_server_line(line: &str) -> bool {
    const LEVELS: [&str; 10] = [
        "debug", "info", "warn", "error", "fatal", "panic", "trace", "critical", "[EROR]", "[INFO]",
    ];
    let lower = line.to_ascii_lowercase();
    let level_first = LEVELS.iter().any(|level| lower.starts_with(level))
        && line.contains(" [")
        && line.contains("caller=");
    let log4go = line.starts_with('[')
        && ["] [EROR]", "] [INFO]", "] [WARN]", "] [DEBG]"]
            .iter()
            .any(|tag| line.contains(tag));
    level_first || log4go
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        let cases = [
            (r#"{"timestamp":"2024-12-10 01:46:00.644 Z","level":"info","msg":"Invalid session"}"#, Format::MattermostServerJson),
            (r#"{"level":"info","ts":1573516747,"caller":"app/server.go:490","msg":"Server is listening"}"#, Format::MattermostServerJson),
            ("info  [2026-03-02 10:15:40.001 Z] Server is listening on [::]:8065   caller=\"app/server.go:482\"", Format::MattermostServerText),
            ("[2018/04/17 13:02:04 CEST] [EROR] something broke", Format::MattermostServerText),
            ("\"Date (UTC)\",\"Request ID\",\"User agent\"", Format::EntraSigninsCsv),
            ("[\n  {\"createdDateTime\": \"2026-03-02T10:15:39Z\"}]", Format::EntraSigninsJson),
            ("{\"@odata.context\":\"x\",\"value\":[{\"userPrincipalName\":\"a\"}]}", Format::EntraSigninsJson),
            ("2026/03/02 10:15:38:902 DEBUG IntuneManager: Starting native OIDC login", Format::MattermostMobileLog),
            ("2023-05-23T07:22:08.153Z\tINFO\t\tcom.infor.dev.go\t0\t\t\t IntuneMAM: MAMSharedCache: x", Format::IntuneSdkLog),
            ("2020-08-25 09:46:10.239 20162-20340/com.company.package I/MAMWEAccountRegistry: registering", Format::AndroidLogcat),
            ("AADSTS650057: Invalid resource.", Format::Text),
            (r#"{"took":3,"timed_out":false,"hits":{"hits":[{"_index":"mm","_source":{}}]}}"#, Format::ElasticsearchHits),
            (r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[]}]}}"#, Format::LokiStreams),
            (r#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"ResultType"}],"rows":[]}]}"#, Format::LogAnalyticsTables),
        ];
        for (head, format) in cases {
            assert_eq!(detect(head), format, "{head}");
        }
    }
}
