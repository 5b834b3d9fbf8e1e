//! A realistic Mattermost server log (JSON lines) with a known number of Intune errors mixed
//! in at even intervals, for measuring `mamtriage scan` (`examples/synth_server_log.rs`,
//! `benches/speed.rs`).
//!
//! Routine lines are the shapes a busy server writes (request summaries, websocket events,
//! plugin chatter, job runs); the Intune errors are the constructed lines of the evidence
//! reference (shared/reference/evidence-formats.md §2c), so the count `scan` reports is known.

use std::io::{self, Write};

const ROUTINE: [&str; 6] = [
    r#"{"timestamp":"TIME","level":"debug","msg":"Received HTTP request","caller":"web/handlers.go:175","method":"GET","url":"/api/v4/users/me/teams/unread","request_id":"RID","user_id":"UID","status_code":"200"}"#,
    r#"{"timestamp":"TIME","level":"debug","msg":"websocket.slow: dropping message","caller":"platform/web_conn.go:873","user_id":"UID","conn_id":"RID","type":"typing"}"#,
    r#"{"timestamp":"TIME","level":"info","msg":"Post.Message has size restrictions","caller":"sqlstore/post_store.go:2598","max_characters":16383,"max_bytes":65535}"#,
    r#"{"timestamp":"TIME","level":"debug","msg":"Worker: Job is complete","caller":"jobs/base_workers.go:97","workername":"ExpiryNotify","job_id":"RID"}"#,
    r#"{"timestamp":"TIME","level":"debug","msg":"Received HTTP request","caller":"web/handlers.go:175","method":"POST","url":"/api/v4/channels/members/me/view","request_id":"RID","user_id":"UID","status_code":"200"}"#,
    r#"{"timestamp":"TIME","level":"warn","msg":"Error while checking if plugin is healthy","caller":"plugin/health_check.go:51","plugin_id":"com.mattermost.calls","error":"context deadline exceeded"}"#,
];

const INTUNE: [&str; 3] = [
    r#"{"timestamp":"TIME","level":"debug","msg":"Microsoft Intune authentication is not configured.","caller":"web/context.go:118","path":"/oauth/intune","request_id":"RID","ip_addr":"203.0.113.24","user_id":"","method":"POST","err_where":"App.LoginByIntune","http_code":400,"error":"App.LoginByIntune: Microsoft Intune authentication is not configured."}"#,
    r#"{"timestamp":"TIME","level":"debug","msg":"Your account has been deactivated. Please contact your system administrator.","caller":"web/context.go:118","path":"/oauth/intune","request_id":"RID","ip_addr":"203.0.113.24","user_id":"","method":"POST","err_where":"App.LoginByIntune","http_code":409,"error":"App.LoginByIntune: Your account has been deactivated. Please contact your system administrator., user_id=pm1q7y3n5ibm8q4x2f9dkzr6aw"}"#,
    r#"{"timestamp":"TIME","level":"info","msg":"Microsoft Intune authentication is not available.","caller":"web/context.go:120","path":"/oauth/intune","request_id":"RID","ip_addr":"203.0.113.24","user_id":"","method":"POST","err_where":"App.LoginByIntune","http_code":501,"error":"App.LoginByIntune: Microsoft Intune authentication is not available."}"#,
];

/// A 26-character id like the server's, different for every `n`.
fn id(n: u64) -> String {
    let alphabet = b"abcdefghijkmnopqrstuwxyz13456789";
    let mut value = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..26)
        .map(|_| {
            let c = alphabet[(value % 32) as usize] as char;
            value = (value / 32) ^ n.rotate_left(7);
            c
        })
        .collect()
}

/// The time of line `n`, in seconds since 1970: fifty lines a second from 2026-03-02.
fn seconds_of(n: u64) -> u64 {
    1_772_446_540 + n / 50
}

/// `2026-03-02 10:15:42.118 Z`, as the server writes a time (the date stays; a log longer
/// than a day wraps its hours).
fn server_time(seconds: u64, millis: u64) -> String {
    format!(
        "2026-03-02 {:02}:{:02}:{:02}.{millis:03} Z",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// What was written.
pub struct Written {
    pub bytes: u64,
    pub lines: u64,
    pub errors: u64,
}

/// Writes about `target` bytes of log to `out`, `errors` of its lines Intune errors.
#[allow(dead_code)] // Not every user of this file writes the plain log.
pub fn write_log(out: &mut impl Write, target: u64, errors: u64) -> io::Result<Written> {
    write_log_with(out, target, errors, |placed, _, time, request| {
        INTUNE[(placed % 3) as usize]
            .replace("TIME", time)
            .replace("RID", request)
    })
}

/// Writes about `target` bytes of log to `out`; the `errors` error lines, spread evenly, are
/// what `error_line` makes of (the error's number from 1, its time in seconds since 1970 and
/// as the server writes it, its request id).
pub fn write_log_with(
    out: &mut impl Write,
    target: u64,
    errors: u64,
    mut error_line: impl FnMut(u64, u64, &str, &str) -> String,
) -> io::Result<Written> {
    // About 230 bytes a routine line: errors spread evenly over the lines.
    let lines = (target / 230).max(errors + 1);
    let every = lines / errors.max(1);
    let (mut written, mut n, mut placed) = (0u64, 0u64, 0u64);
    while written < target || placed < errors {
        let time = server_time(seconds_of(n), n % 1000);
        let line = if placed < errors && n % every == every - 1 {
            placed += 1;
            error_line(placed, seconds_of(n), &time, &id(n))
        } else {
            ROUTINE[(n % 6) as usize]
                .replace("TIME", &time)
                .replace("RID", &id(n))
                .replace("UID", &id(n % 997))
        };
        writeln!(out, "{line}")?;
        written += line.len() as u64 + 1;
        n += 1;
    }
    out.flush()?;
    Ok(Written {
        bytes: written,
        lines: n,
        errors: placed,
    })
}
