//! `scan` over what log engines export: an Elasticsearch `_search` response, a Loki
//! `query_range` response and a Log Analytics result (API JSON and CSV) give the findings the
//! raw files give. The exports are built here from the constructed evidence, in the shapes the
//! engines document (constructed).

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::mamtriage;

fn evidence(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn scan(path: &Path) -> Value {
    let output = mamtriage(&["scan", "--json"]).arg(path).output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Entry id to count, exact and likely apart, and what went right.
fn found(report: &Value) -> BTreeMap<String, u64> {
    let mut found = BTreeMap::new();
    for key in ["findings", "went_right"] {
        for finding in report[key].as_array().unwrap() {
            let id = format!("{key}:{}:{}", finding["match"], finding["id"]);
            found.insert(id, finding["count"].as_u64().unwrap());
        }
    }
    found
}

fn server_lines() -> Vec<String> {
    std::fs::read_to_string(evidence("evidence/mattermost.log"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn an_elasticsearch_search_response_scans_like_the_server_log() {
    let raw = scan(&evidence("evidence/mattermost.log"));
    let dir = tempfile::tempdir().unwrap();
    // Decoded into the document (Elastic Agent, Logstash's json filter) ...
    let decoded: Vec<Value> = server_lines()
        .iter()
        .enumerate()
        .map(|(n, line)| {
            json!({"_index": "mattermost-2026.03.02", "_id": n.to_string(), "_score": 1.0,
                   "_source": serde_json::from_str::<Value>(line).unwrap()})
        })
        .collect();
    // ... or kept as the raw line in `message` (Filebeat without decoding).
    let raw_lines: Vec<Value> = server_lines()
        .iter()
        .map(|line| json!({"_index": "filebeat", "_source": {"message": line, "host": {"name": "mm1"}}}))
        .collect();
    for (name, hits) in [("decoded.json", decoded), ("message.json", raw_lines)] {
        let response = json!({"took": 4, "timed_out": false,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": hits.len(), "relation": "eq"}, "max_score": 1.0, "hits": hits}});
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_string_pretty(&response).unwrap()).unwrap();
        let report = scan(&path);
        assert_eq!(report["files"][0]["format"], "elasticsearch-hits");
        assert_eq!(found(&report), found(&raw), "{name}");
        // A sample points at the line where its hit opens in the pretty-printed response.
        let sample = &report["findings"][0]["samples"][0];
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .nth(sample["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        assert_eq!(line.trim(), "{", "{name}: line {}", sample["line"]);
    }
}

#[test]
fn a_loki_query_range_response_scans_like_the_server_log() {
    let raw = scan(&evidence("evidence/mattermost.log"));
    let values: Vec<Value> = server_lines()
        .iter()
        .enumerate()
        .map(|(n, line)| json!([format!("17724465{:02}000000000", n), line]))
        .collect();
    let (first, rest) = values.split_at(4);
    let response = json!({"status": "success", "data": {"resultType": "streams", "result": [
        {"stream": {"service_name": "mattermost", "host": "mm1"}, "values": first},
        {"stream": {"service_name": "mattermost", "host": "mm2"}, "values": rest}
    ], "stats": {}}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loki.json");
    std::fs::write(&path, response.to_string()).unwrap();
    let report = scan(&path);
    assert_eq!(report["files"][0]["format"], "loki-streams");
    assert_eq!(found(&report), found(&raw));
}

#[test]
fn a_log_analytics_result_as_json_or_csv_scans_like_the_sign_in_rows() {
    let rows: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(evidence("evidence/signins-la.json")).unwrap(),
    )
    .unwrap();
    let raw = scan(&evidence("evidence/signins-la.json"));
    assert!(!found(&raw).is_empty());
    let columns = [
        "TimeGenerated",
        "UserPrincipalName",
        "AppDisplayName",
        "ResultType",
        "ResultDescription",
        "IPAddress",
    ];
    let table: Vec<Vec<Value>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row.get(*c).cloned().unwrap_or(json!("")))
                .collect()
        })
        .collect();
    let response = json!({"tables": [{"name": "PrimaryResult",
        "columns": columns.iter().map(|c| json!({"name": c, "type": "string"})).collect::<Vec<_>>(),
        "rows": table}]});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("query.json");
    std::fs::write(&path, serde_json::to_string_pretty(&response).unwrap()).unwrap();
    let report = scan(&path);
    assert_eq!(report["files"][0]["format"], "log-analytics-tables");
    assert_eq!(found(&report), found(&raw));
    assert_eq!(report["findings"][0]["users"][0], "jane.doe@contoso.com");

    // The portal's CSV export, its time column named `TimeGenerated [UTC]`.
    let mut csv = String::from("TimeGenerated [UTC],UserPrincipalName,AppDisplayName,ResultType,ResultDescription,IPAddress\n");
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| format!("\"{}\"", cell.as_str().unwrap_or_default()))
            .collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    let path = dir.path().join("query.csv");
    std::fs::write(&path, csv).unwrap();
    let report = scan(&path);
    assert_eq!(report["files"][0]["format"], "entra-signins-csv");
    assert_eq!(found(&report), found(&raw));
    assert_eq!(
        report["findings"][0]["first_seen"],
        "2026-03-02T10:15:39.412Z"
    );
}

#[test]
fn a_cut_off_export_keeps_what_came_before_and_says_where_it_broke() {
    let lines = server_lines();
    let hits: Vec<Value> = lines
        .iter()
        .map(|line| json!({"_source": serde_json::from_str::<Value>(line).unwrap()}))
        .collect();
    let text = json!({"hits": {"hits": hits}}).to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    std::fs::write(&path, &text[..text.len() * 2 / 3]).unwrap();
    let report = scan(&path);
    assert!(!report["findings"].as_array().unwrap().is_empty());
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("the JSON stops being readable here"),
        "{notes}"
    );
}
