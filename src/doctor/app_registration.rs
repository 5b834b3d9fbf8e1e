//! The Entra side: an app registration (the Microsoft Graph `application` object or the older
//! Azure AD Graph manifest) against what the Mattermost setup guide asks of it.

use super::json_doc::{get_path, JsonDoc};
use super::{Check, Source, Status};
use serde_json::{json, Value};

/// Mattermost's mobile client applications, which must be pre-authorised for the scope.
pub const MOBILE_CLIENTS: [(&str, &str); 2] = [
    (
        "9ac649f1-4f77-44d6-9792-b2f54ab3c9a7",
        "Mattermost Mobile (production)",
    ),
    (
        "64e9952b-20eb-46dc-92ad-99089ed24903",
        "Mattermost Mobile Beta",
    ),
];

/// The scope the server asks the mobile app to get a token for.
pub const SCOPE: &str = "login.mattermost";

/// Optional access-token claims the setup guide lists (the current Mattermost page lists
/// five; `email` came last).
const CLAIMS: [&str; 5] = [
    "email",
    "family_name",
    "given_name",
    "preferred_username",
    "upn",
];

/// Microsoft Graph and its delegated `email` and `profile` permissions.
const GRAPH: &str = "00000003-0000-0000-c000-000000000000";
const GRAPH_SCOPES: [(&str, &str); 2] = [
    ("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "email"),
    ("14dad69e-099b-42c9-810b-d002981feec1", "profile"),
];

/// Other delegated Microsoft Graph permissions registrations carry, named so the admin reads
/// names, not GUIDs.
const GRAPH_NAMES: [(&str, &str); 3] = [
    ("e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User.Read"),
    ("37f7f235-527c-4136-accd-4a02d197296e", "openid"),
    ("7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "offline_access"),
];

/// A Graph permission's name where it is well known, else its id.
fn graph_permission_name(id: &str) -> &str {
    GRAPH_SCOPES
        .iter()
        .chain(&GRAPH_NAMES)
        .find(|(known, _)| known.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| name)
}

/// Where each part of the registration is, in the format the file uses.
struct Keys {
    scopes: &'static str,
    pre_authorized: &'static str,
    token_version: &'static str,
}

const GRAPH_FORMAT: Keys = Keys {
    scopes: "api.oauth2PermissionScopes",
    pre_authorized: "api.preAuthorizedApplications",
    token_version: "api.requestedAccessTokenVersion",
};

const OLD_FORMAT: Keys = Keys {
    scopes: "oauth2Permissions",
    pre_authorized: "preAuthorizedApplications",
    token_version: "accessTokenAcceptedVersion",
};

/// Whether the file is in the old Azure AD Graph format (its keys at the top level).
pub fn is_old_format(app: &JsonDoc) -> bool {
    [
        "oauth2Permissions",
        "replyUrlsWithType",
        "accessTokenAcceptedVersion",
    ]
    .iter()
    .any(|key| app.get(key).is_some())
}

/// The members of an array at `path`; `null` or a missing key is an empty list.
fn items<'a>(value: &'a Value, path: &str) -> &'a [Value] {
    get_path(value, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'a>(value: &'a Value, path: &str) -> Option<&'a str> {
    get_path(value, path).and_then(Value::as_str)
}

/// A check's frame: which registration and where in it.
struct At<'a> {
    app: &'a JsonDoc,
    path: &'static str,
}

impl At<'_> {
    fn check(
        &self,
        id: &'static str,
        title: &'static str,
        entry: &'static str,
        (status, found, expected): (Status, Value, Value),
    ) -> Check {
        Check {
            id,
            status,
            title,
            found,
            expected,
            path: self.path.to_string(),
            line: self.app.line(self.path),
            entry,
            source: Source::AppRegistration,
            fix_step: 0,
            note: None,
        }
    }

    fn found(&self) -> Value {
        self.app.get(self.path).cloned().unwrap_or(Value::Null)
    }
}

/// Every app registration check; `client_id` is the server's, when a config was given.
pub fn checks(app: &JsonDoc, client_id: Option<&str>) -> Vec<Check> {
    let keys = if is_old_format(app) {
        &OLD_FORMAT
    } else {
        &GRAPH_FORMAT
    };
    let at = |path| At { app, path };
    // A template's placeholder (`${{AAD_APP_CLIENT_ID}}`) is no id to compare.
    let app_id = text(&app.value, "appId").filter(|id| !id.is_empty() && !is_placeholder(id));
    let scope_id = enabled_scope(app, keys).map(str::to_string);
    vec![
        client_id_matches(&at("appId"), app_id, client_id),
        sign_in_audience(app),
        identifier_uri(&at("identifierUris"), app_id),
        scope(&at(keys.scopes), scope_id.is_some()),
        pre_authorized(&at(keys.pre_authorized), scope_id.as_deref()),
        token_version(&at(keys.token_version)),
        optional_claims(&at("optionalClaims.accessToken")),
        graph_permissions(&at("requiredResourceAccess")),
        admin_consent(),
    ]
}

/// Whether a value is a placeholder of developer tooling rather than a value.
fn is_placeholder(value: &str) -> bool {
    value.contains("${") || value.contains("{{") || value.starts_with('<')
}

/// The check that stands for a registration not given.
pub fn not_given() -> Check {
    Check {
        id: "app.registration",
        status: Status::Unknown,
        title: "App registration given",
        found: Value::Null,
        expected: json!("the app registration's manifest"),
        path: String::new(),
        line: None,
        entry: "setup.register-entra-app",
        source: Source::AppRegistration,
        fix_step: 0,
        note: Some(
            "give it with --app: Entra admin center > App registrations > the app > Manifest > \
             Download, or `az ad app show --id <client-id>`"
                .into(),
        ),
    }
}

fn client_id_matches(at: &At, app_id: Option<&str>, client_id: Option<&str>) -> Check {
    let expected = client_id.map_or(Value::Null, Value::from);
    let (status, note) = match (app_id, client_id) {
        (None, _) => (
            Status::Unknown,
            Some("no appId (or a placeholder): a create request or a template, not a downloaded manifest"),
        ),
        (Some(_), None) => (
            Status::Unknown,
            Some("give the server config (--config) to compare its IntuneSettings.ClientId"),
        ),
        (Some(app), Some(client)) if app.eq_ignore_ascii_case(client) => (Status::Pass, None),
        (Some(_), Some(_)) => (
            Status::Fail,
            Some("the server asks for tokens for api://<ClientId>/login.mattermost; this is another app"),
        ),
    };
    let mut check = at.check(
        "app.client-id",
        "Application id is the server's client id",
        "setup.register-entra-app",
        (status, at.found(), expected),
    );
    check.note = note.map(str::to_string);
    check
}

fn sign_in_audience(app: &JsonDoc) -> Check {
    let at = At {
        app,
        path: "signInAudience",
    };
    let found = at.found();
    let status = match (found.as_str(), app.get("availableToOtherTenants")) {
        (Some("AzureADMyOrg"), _) | (None, Some(Value::Bool(false))) => Status::Pass,
        (Some(_), _) | (None, Some(Value::Bool(true))) => Status::Fail,
        (None, _) => Status::Unknown,
    };
    at.check(
        "app.sign-in-audience",
        "Single tenant (accounts in this organisation only)",
        "setup.register-entra-app",
        (status, found, json!("AzureADMyOrg")),
    )
}

fn identifier_uri(at: &At, app_id: Option<&str>) -> Check {
    let expected = app_id.map_or(json!("api://<appId>"), |id| json!(format!("api://{id}")));
    let uris = items(&at.app.value, at.path);
    let api_uris: Vec<&str> = uris
        .iter()
        .filter_map(Value::as_str)
        .filter(|uri| uri.starts_with("api://"))
        .collect();
    let status = match app_id {
        // No id to compare with; still, no api:// URI at all cannot work whatever the id is.
        None if api_uris.is_empty() => Status::Fail,
        None => Status::Unknown,
        // Compared exactly: api://<host>/<appId> holds the id but is another URI.
        Some(id) => {
            let wanted = format!("api://{id}");
            if uris.iter().any(|uri| uri.as_str() == Some(wanted.as_str())) {
                Status::Pass
            } else {
                Status::Fail
            }
        }
    };
    at.check(
        "app.identifier-uri",
        "Application ID URI is api://<appId>",
        "setup.expose-api",
        (status, at.found(), expected),
    )
}

/// The id of the enabled `login.mattermost` scope, if there is one.
fn enabled_scope<'a>(app: &'a JsonDoc, keys: &Keys) -> Option<&'a str> {
    items(&app.value, keys.scopes)
        .iter()
        .find(|scope| {
            text(scope, "value") == Some(SCOPE)
                && get_path(scope, "isEnabled").and_then(Value::as_bool) != Some(false)
        })
        .and_then(|scope| text(scope, "id"))
}

fn scope(at: &At, enabled: bool) -> Check {
    let scopes = items(&at.app.value, at.path);
    let names: Vec<Value> = scopes
        .iter()
        .filter_map(|scope| get_path(scope, "value").cloned())
        .collect();
    let status = if enabled { Status::Pass } else { Status::Fail };
    let mut check = at.check(
        "app.scope",
        "An enabled scope named login.mattermost",
        "setup.expose-api",
        (status, Value::Array(names), json!(SCOPE)),
    );
    let disabled = scopes
        .iter()
        .any(|scope| text(scope, "value") == Some(SCOPE));
    if !enabled && disabled {
        check.note = Some("the scope is there but turned off (isEnabled: false)".into());
    }
    check
}

fn pre_authorized(at: &At, scope_id: Option<&str>) -> Check {
    let clients = items(&at.app.value, at.path);
    let authorised = |client: &str| {
        clients.iter().any(|entry| {
            let ids = ["delegatedPermissionIds", "permissionIds"]
                .iter()
                .flat_map(|key| items(entry, key));
            let mut ids = ids.filter_map(Value::as_str);
            text(entry, "appId").is_some_and(|id| id.eq_ignore_ascii_case(client))
                && scope_id.is_some_and(|scope| ids.any(|id| id.eq_ignore_ascii_case(scope)))
        })
    };
    let missing: Vec<&str> = MOBILE_CLIENTS
        .iter()
        .filter(|(id, _)| !authorised(id))
        .map(|(_, name)| *name)
        .collect();
    let status = match missing.len() {
        0 => Status::Pass,
        n if n < MOBILE_CLIENTS.len() => Status::Warn,
        _ => Status::Fail,
    };
    let found: Vec<Value> = clients
        .iter()
        .filter_map(|entry| get_path(entry, "appId").cloned())
        .collect();
    let expected: Vec<&str> = MOBILE_CLIENTS.iter().map(|(id, _)| *id).collect();
    let mut check = at.check(
        "app.pre-authorized",
        "Mattermost's mobile clients are pre-authorised for login.mattermost",
        "setup.authorize-mobile-client",
        (status, Value::from(found), json!(expected)),
    );
    if !missing.is_empty() {
        check.note = Some(format!(
            "not authorised for the scope: {}",
            missing.join(", ")
        ));
    }
    check
}

fn token_version(at: &At) -> Check {
    let found = at.found();
    let status = if found.as_i64() == Some(2) {
        Status::Pass
    } else {
        Status::Fail
    };
    let mut check = at.check(
        "app.token-version",
        "Access tokens are version 2",
        "setup.access-token-version",
        (status, found.clone(), json!(2)),
    );
    if found.is_null() {
        check.note = Some("null (or no key) means version 1".into());
    }
    check
}

fn optional_claims(at: &At) -> Check {
    let names: Vec<&str> = items(&at.app.value, at.path)
        .iter()
        .filter_map(|claim| text(claim, "name"))
        .collect();
    let missing: Vec<&str> = CLAIMS
        .iter()
        .copied()
        .filter(|claim| !names.contains(claim))
        .collect();
    let status = if missing.is_empty() {
        Status::Pass
    } else {
        Status::Fail
    };
    let mut check = at.check(
        "app.optional-claims",
        "Optional access-token claims",
        "setup.access-token-claims",
        (status, json!(names), json!(CLAIMS)),
    );
    // Claims are per token type: one listed for ID or SAML tokens only is not in the token.
    let elsewhere: Vec<&str> = ["optionalClaims.idToken", "optionalClaims.saml2Token"]
        .iter()
        .flat_map(|path| items(&at.app.value, path))
        .filter_map(|claim| text(claim, "name"))
        .filter(|name| missing.contains(name))
        .collect();
    check.note = match (missing.is_empty(), elsewhere.is_empty()) {
        (false, false) => Some(format!(
            "missing: {}; {} listed for ID or SAML tokens only, not access tokens",
            missing.join(", "),
            elsewhere.join(", ")
        )),
        (false, true) => Some(format!("missing: {}", missing.join(", "))),
        (true, _) => None,
    };
    check
}

fn graph_permissions(at: &At) -> Check {
    let granted: Vec<&str> = items(&at.app.value, at.path)
        .iter()
        .filter(|resource| {
            text(resource, "resourceAppId").is_some_and(|id| id.eq_ignore_ascii_case(GRAPH))
        })
        .flat_map(|resource| items(resource, "resourceAccess"))
        .filter(|access| text(access, "type") == Some("Scope"))
        .filter_map(|access| text(access, "id"))
        .collect();
    let missing: Vec<&str> = GRAPH_SCOPES
        .iter()
        .filter(|(id, _)| !granted.iter().any(|g| g.eq_ignore_ascii_case(id)))
        .map(|(_, name)| *name)
        .collect();
    let status = if missing.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    let expected: Vec<&str> = GRAPH_SCOPES.iter().map(|(_, name)| *name).collect();
    let named: Vec<&str> = granted.iter().map(|id| graph_permission_name(id)).collect();
    let mut check = at.check(
        "app.graph-permissions",
        "Microsoft Graph delegated permissions email and profile",
        "setup.admin-consent",
        (status, json!(named), json!(expected)),
    );
    if !missing.is_empty() {
        check.note = Some(format!("missing: {}", missing.join(", ")));
    }
    // The step that adds the Graph permissions and consents to them.
    check.fix_step = GRAPH_CONSENT_STEP;
    check
}

/// Of `setup.admin-consent`'s steps, the one for the Microsoft Graph permissions.
const GRAPH_CONSENT_STEP: usize = 3;

fn admin_consent() -> Check {
    Check {
        id: "app.admin-consent",
        status: Status::Unknown,
        title: "Tenant-wide admin consent granted",
        found: Value::Null,
        expected: json!("granted"),
        path: String::new(),
        line: None,
        entry: "setup.admin-consent",
        source: Source::AppRegistration,
        fix_step: 0,
        note: Some(
            "consent is not in a manifest: check API permissions (Status column) in the Entra \
             admin center"
                .into(),
        ),
    }
}
