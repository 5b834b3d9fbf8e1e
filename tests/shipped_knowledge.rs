//! The shipped knowledge covers every row and question of the two source documents.

use mamtriage::knowledge::{Entry, Fallback, Kind, KnowledgeBase, Platform, Retry, Sources};

fn shipped() -> KnowledgeBase {
    let (base, report) = KnowledgeBase::load(&Sources::default());
    assert!(
        report.is_clean(),
        "shipped knowledge has problems:\n{:#?}",
        report.diagnostics
    );
    base
}

/// The files built from the two source documents; later packs add more of the same kinds.
const SEED_FILES: [&str; 8] = [
    "shipped/ios-dialogs.yaml",
    "shipped/android-dialogs.yaml",
    "shipped/server-errors.yaml",
    "shipped/signin-errors.yaml",
    "shipped/admin-issues.yaml",
    "shipped/faq.yaml",
    "shipped/setup.yaml",
    "shipped/workflows.yaml",
];

fn from_seeds(base: &KnowledgeBase, entry: &Entry) -> bool {
    let file = &base.origin(&entry.id).expect("loaded").location.file;
    SEED_FILES.contains(&file.as_str())
        // These entries come from the field reference, not the seeds.
        && !matches!(
            entry.id.as_str(),
            "ent.intune.validate_token.jwks_init.app_error"
                | "api.context.invalid_body_param.app_error"
                | "server.intune-errors-debug-logging"
                | "server.not-intune-login-look-alikes"
                | "setup.access-token-version"
        )
}

fn count(base: &KnowledgeBase, platform: Option<Platform>, kind: Kind) -> usize {
    base.filtered(platform, Some(kind))
        .filter(|entry| from_seeds(base, entry))
        .count()
}

fn entry<'a>(base: &'a KnowledgeBase, id: &str) -> &'a Entry {
    base.get(id)
        .unwrap_or_else(|| panic!("no shipped entry `{id}`"))
}

#[test]
fn counts_per_kind_and_platform_match_the_sources() {
    let base = shipped();
    // iOS table: 11 rows; Android table: 8 rows.
    assert_eq!(count(&base, Some(Platform::Ios), Kind::Dialog), 11);
    assert_eq!(count(&base, Some(Platform::Android), Kind::Dialog), 8);
    // The updated server error catalog: 11 error ids.
    assert_eq!(count(&base, Some(Platform::Server), Kind::ServerError), 11);
    // Mobile enrollment and sign-in errors: 7 rows.
    assert_eq!(count(&base, None, Kind::SigninError), 7);
    // Six common administrative issues.
    assert_eq!(count(&base, None, Kind::AdminIssue), 6);
    // Every FAQ question, sub-questions included: 30.
    assert_eq!(count(&base, None, Kind::Faq), 30);
    assert_eq!(count(&base, Some(Platform::Android), Kind::Faq), 1);
    assert_eq!(count(&base, Some(Platform::Ios), Kind::Faq), 1);
    // Deployment: who it is for, when not to, prerequisites, 10 ordered configuration steps.
    assert_eq!(count(&base, None, Kind::SetupStep), 13);
    // End-user workflows: sign-in enrollment, mid-session enrollment, PIN, four restrictions.
    assert_eq!(count(&base, Some(Platform::Ios), Kind::Workflow), 7);
    let seeded = base
        .entries()
        .iter()
        .filter(|e| from_seeds(&base, e))
        .count();
    assert_eq!(seeded, 93);
}

#[test]
fn every_dialog_title_of_the_ios_table_is_present() {
    let base = shipped();
    let mut titles: Vec<&str> = base
        .filtered(Some(Platform::Ios), Some(Kind::Dialog))
        .filter(|e| from_seeds(&base, e))
        .map(|e| e.title.as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Accessing Your Organization's Data",
            "Account Not Set Up",
            "Alert",
            "App Not Set Up",
            "Connection Issue",
            "Device Non-Compliant",
            "Error",
            "Internet Connection Required",
            "Sign-in Failed",
            "Unknown Failure",
            "Welcome to the Intune Managed Browser",
        ]
    );
}

#[test]
fn dialog_messages_are_verbatim() {
    let base = shipped();
    let samples = [
        (
            "ios.account-not-set-up",
            "Your organization has not set up your account to access work or school data. Please contact your IT administrator for help.",
        ),
        (
            "ios.sign-in-failed",
            "We can't sign you in right now. Please try again later.",
        ),
        (
            "android.device-non-compliant",
            "This app can't be used because you are using a rooted device. Contact your IT administrator for help.",
        ),
        (
            "android.unable-to-register-app",
            "This app must be managed by Microsoft Intune, but we were unable to register this app at this time. Contact your IT administrator for help.",
        ),
        (
            "ios.error-must-close",
            "This app has encountered a problem and must close. If this error persists, please contact your IT administrator.",
        ),
    ];
    for (id, message) in samples {
        assert!(
            entry(&base, id).messages.iter().any(|m| m == message),
            "`{id}` lacks the verbatim message {message:?}"
        );
    }
}

#[test]
fn server_errors_carry_the_catalog_facts() {
    let base = shipped();
    // (error id, HTTP status, user message or silent, retry, fallback) from the updated table.
    let catalog: [(&str, u16, Option<&str>, Retry, Fallback); 11] = [
        ("api.user.login_by_intune.not_available.app_error", 501, None, Retry::No, Fallback::WebSso),
        ("api.user.login_by_intune.not_configured.app_error", 400, None, Retry::No, Fallback::WebSso),
        ("api.user.login_by_intune.bot_login_forbidden.app_error", 403, Some("Bot accounts cannot sign in using this method."), Retry::No, Fallback::None),
        ("api.user.login_by_intune.account_locked.app_error", 409, Some("Your account has been deactivated. Please contact your administrator."), Retry::No, Fallback::None),
        ("ent.intune.login.not_configured.app_error", 403, None, Retry::No, Fallback::WebSso),
        ("ent.intune.login.extract_auth_data.app_error", 400, Some("We couldn't complete your sign in. Please try again."), Retry::Once, Fallback::None),
        ("ent.intune.login.account_not_found.app_error", 428, Some("Your account isn't fully set up yet. Please sign in to Mattermost via the web or desktop app first."), Retry::No, Fallback::None),
        ("ent.intune.validate_token.invalid_token.app_error", 400, Some("We couldn't verify your sign in. Please try again."), Retry::Once, Fallback::None),
        ("ent.intune.validate_token.token_expired.app_error", 400, Some("Your sign in session has expired. Please try signing in again."), Retry::Once, Fallback::None),
        ("ent.intune.validate_token.missing_claims.app_error", 400, Some("We couldn't complete your sign in. Please contact your IT administrator."), Retry::No, Fallback::None),
        ("ent.intune.validate_token.invalid_tenant_id.app_error", 400, Some("There was a configuration issue. Please contact your IT administrator."), Retry::No, Fallback::None),
    ];
    for (id, status, message, retry, fallback) in catalog {
        let found = entry(&base, id);
        let server = found.server.as_ref().expect("server details");
        assert_eq!(server.http_status, status, "{id}");
        assert_eq!(server.user_message.as_deref(), message, "{id}");
        assert_eq!(server.retry, retry, "{id}");
        assert_eq!(server.fallback, fallback, "{id}");
        assert!(
            found.codes.iter().any(|c| c == id),
            "{id} lists its own id as a code"
        );
        if let Some(message) = message {
            assert!(found.messages.iter().any(|m| m == message), "{id}");
        }
    }
}

#[test]
fn setup_facts_are_exact_and_steps_are_ordered() {
    let base = shipped();
    let guide = base.setup_guide();
    let orders: Vec<u32> = guide.iter().filter_map(|e| e.order).collect();
    // The seeds' 13 steps and the token version step the field reference adds.
    assert_eq!(orders, (1..=14).collect::<Vec<_>>());
    let client = entry(&base, "setup.authorize-mobile-client");
    assert!(client
        .codes
        .contains(&"64e9952b-20eb-46dc-92ad-99089ed24903".to_string()));
    let scope = entry(&base, "setup.expose-api");
    assert!(scope
        .steps
        .iter()
        .any(|s| s.contains("api://<APPLICATION-ID>/login.mattermost")));
    let claims = entry(&base, "setup.access-token-claims");
    for claim in ["family_name", "given_name", "preferred_username", "upn"] {
        assert!(claims.codes.iter().any(|c| c == claim), "claim {claim}");
    }
    let consent = entry(&base, "signin.aadsts650057");
    assert!(consent.codes.contains(&"AADSTS650057".to_string()));
    assert!(consent
        .cause
        .contains("https://msmamservice.api.application/.default"));
}

#[test]
fn related_links_are_mutual() {
    let base = shipped();
    for entry in base.entries() {
        for id in &entry.related {
            let other = base.get(id).expect("links resolve");
            assert!(
                other.related.contains(&entry.id),
                "{} -> {id} has no way back",
                entry.id
            );
        }
    }
}

#[test]
fn every_entry_has_steps_and_sources() {
    let base = shipped();
    for entry in base.entries() {
        assert!(!entry.steps.is_empty(), "{} has no steps", entry.id);
        assert!(!entry.sources.is_empty(), "{} has no sources", entry.id);
    }
}

#[test]
fn caveats_come_before_the_message() {
    use mamtriage::render::{Document, Part};
    let base = shipped();
    let parts = |id: &str| -> Vec<Part> {
        Document::for_entry(entry(&base, id), &base)
            .sections
            .iter()
            .map(|s| s.part)
            .collect()
    };
    // Every Android entry says first that Intune does not manage the Mattermost Android app.
    let android = Document::for_entry(entry(&base, "android.app-not-set-up"), &base);
    assert_eq!(android.sections[0].part, Part::Caveats);
    assert!(android.sections[1].part == Part::Message);
    assert!(format!("{:?}", android.sections[0].block).contains("caveat.android-not-supported"));
    // A caveat is not its own caveat; an entry without one has none.
    assert!(!parts("caveat.android-not-supported").contains(&Part::Caveats));
    assert!(!parts("ios.unknown-failure").contains(&Part::Caveats));
}
