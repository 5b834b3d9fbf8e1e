//! Failed Intune sign-ins across two layers, for measuring what joining incidents costs: a
//! server log (`server_log.rs`) whose Intune errors each refuse one user's token, and the
//! Entra sign-ins in which each user got that token a second before, from the same address.
//! Every refusal and its sign-in make one incident (joined by address and time).

use super::server_log::{self, Written};
use std::io::{self, Write};

/// A server refusal of a valid token: the tenant id does not match (constructed from the
/// evidence reference §2c; the `err_where` is a placeholder there too).
const REFUSAL: &str = r#"{"timestamp":"TIME","level":"debug","msg":"There was a configuration issue. Please contact your IT administrator.","caller":"web/context.go:118","path":"/oauth/intune","request_id":"RID","ip_addr":"ADDRESS","user_id":"","method":"POST","err_where":"<unconfirmed>","http_code":400,"error":"<unconfirmed>: There was a configuration issue. Please contact your IT administrator."}"#;

const SIGN_INS_HEADER: &str =
    "\"Date (UTC)\",\"Request ID\",\"Correlation ID\",\"Username\",\"Application\",\"IP address\",\"Status\",\"Sign-in error code\",\"Failure reason\"";

/// A distinct address for attempt `n` (from 10.0.0.0/8).
fn address(n: u64) -> String {
    format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255)
}

/// A GUID made from `n` and a `kind` digit.
fn guid(kind: u64, n: u64) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}

/// `2026-03-02T10:15:42Z`.
fn entra_time(seconds: u64) -> String {
    format!(
        "2026-03-02T{:02}:{:02}:{:02}Z",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Writes about `target` bytes of server log with `attempts` refusals to `server`, and the
/// sign-ins before them to `sign_ins` (a portal CSV).
pub fn write_attempts(
    server: &mut impl Write,
    sign_ins: &mut impl Write,
    target: u64,
    attempts: u64,
) -> io::Result<Written> {
    writeln!(sign_ins, "{SIGN_INS_HEADER}")?;
    let mut failed = Ok(());
    let written = server_log::write_log_with(
        server,
        target,
        attempts,
        |n, seconds, time, request| {
            let row = writeln!(
                sign_ins,
                "\"{}\",\"{}\",\"{}\",\"user{n}@contoso.com\",\"Mattermost Mobile\",\"{}\",\"Success\",\"0\",\"\"",
                entra_time(seconds - 1),
                guid(1, n),
                guid(2, n),
                address(n)
            );
            if failed.is_ok() {
                failed = row;
            }
            REFUSAL
                .replace("TIME", time)
                .replace("RID", request)
                .replace("ADDRESS", &address(n))
        },
    )?;
    failed?;
    sign_ins.flush()?;
    Ok(written)
}
