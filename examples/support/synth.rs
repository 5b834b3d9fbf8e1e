//! Deterministic synthetic knowledge packs, shaped like the real ones (titles, verbatim
//! messages, codes, symptoms, causes, steps, related links), for benchmarks and load tests.

use std::fmt::Write;

/// Entries per pack file, as a team would split a large pack.
pub const ENTRIES_PER_FILE: usize = 1000;

const WORDS: &[&str] = &[
    "account",
    "access",
    "admin",
    "app",
    "approval",
    "attribute",
    "authentication",
    "blocked",
    "broker",
    "browser",
    "certificate",
    "claim",
    "client",
    "compliance",
    "conditional",
    "configuration",
    "consent",
    "console",
    "device",
    "directory",
    "domain",
    "email",
    "enroll",
    "enrollment",
    "entra",
    "error",
    "expired",
    "failed",
    "grant",
    "group",
    "identity",
    "intune",
    "invalid",
    "issuer",
    "jailbroken",
    "keychain",
    "launch",
    "license",
    "login",
    "managed",
    "message",
    "mobile",
    "network",
    "offline",
    "passcode",
    "permission",
    "pin",
    "policy",
    "portal",
    "profile",
    "protection",
    "proxy",
    "redirect",
    "refresh",
    "register",
    "required",
    "restart",
    "retry",
    "scope",
    "screen",
    "secret",
    "server",
    "session",
    "setting",
    "sign",
    "signature",
    "sync",
    "tenant",
    "timeout",
    "token",
    "unenroll",
    "update",
    "user",
    "validate",
    "verify",
    "version",
    "wipe",
    "workspace",
];
const KINDS: &[&str] = &[
    "dialog",
    "server-error",
    "signin-error",
    "admin-issue",
    "faq",
    "setup-step",
    "workflow",
];
const PLATFORMS: &[&str] = &["ios", "android", "server", "entra", "any"];

/// A small, fast, deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn words(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| WORDS[self.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn sentence(&mut self, min: usize, spread: usize) -> String {
        let count = min + self.below(spread);
        let mut text = self.words(count);
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text.push('.');
        text
    }
}

/// The bare code of entry `n`, as a query would name it.
pub fn code_of(n: usize) -> String {
    format!("SYN{n:06}")
}

/// One entry as YAML list item. The same `n` always gives the same text.
pub fn entry_yaml(n: usize) -> String {
    let mut rng = Rng(n as u64 * 7919 + 1);
    let mut out = String::new();
    let kind = KINDS[n % KINDS.len()];
    let _ = writeln!(out, "- id: synth.e{n}");
    let _ = writeln!(out, "  kind: {kind}");
    let _ = writeln!(out, "  platform: {}", PLATFORMS[n % PLATFORMS.len()]);
    let _ = writeln!(
        out,
        "  title: \"{}\"",
        rng.sentence(3, 5).trim_end_matches('.')
    );
    let _ = writeln!(out, "  messages:\n    - \"{}\"", rng.sentence(10, 10));
    let _ = writeln!(
        out,
        "  codes: [{}, AADSTS9{n:05}, ent.synth.{}_{}.app_error]",
        code_of(n),
        WORDS[rng.below(WORDS.len())],
        WORDS[rng.below(WORDS.len())]
    );
    let _ = writeln!(out, "  symptoms: [{}, {}]", rng.words(3), rng.words(4));
    let _ = writeln!(out, "  cause: \"{}\"", rng.sentence(20, 10));
    out.push_str("  steps:\n");
    for _ in 0..3 {
        let _ = writeln!(out, "    - \"{}\"", rng.sentence(8, 8));
    }
    if kind == "setup-step" {
        let _ = writeln!(out, "  order: {}", n + 100);
    }
    if kind == "server-error" {
        out.push_str(
            "  server: {http_status: 400, user_message: null, retry: no, fallback: none}\n",
        );
    }
    if n > 0 && n.is_multiple_of(3) {
        let _ = writeln!(out, "  related: [synth.e{}]", n - 1);
    }
    let _ = writeln!(out, "  sources: [\"synthetic pack\"]");
    out
}

/// The pack files for `count` entries: (file name, YAML text).
pub fn pack_files(count: usize) -> Vec<(String, String)> {
    (0..count)
        .step_by(ENTRIES_PER_FILE)
        .map(|start| {
            let end = (start + ENTRIES_PER_FILE).min(count);
            let text: String = (start..end).map(entry_yaml).collect();
            (format!("synth-{:04}.yaml", start / ENTRIES_PER_FILE), text)
        })
        .collect()
}

/// The first message of entry `n`, as a pasted 15-or-more-word query.
pub fn message_of(n: usize) -> String {
    let yaml = entry_yaml(n);
    let start = yaml.find("    - \"").expect("a message") + 7;
    let end = start + yaml[start..].find('"').expect("closing quote");
    yaml[start..end].to_string()
}
