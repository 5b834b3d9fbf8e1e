//! The knowledge model: what one entry of a pack says.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One troubleshooting entry: a dialog, an error, an admin issue, a FAQ, a setup step or a workflow.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id, lowercase letters, digits, `.`, `_` and `-` (used by `show`, `export`, `related`).
    pub id: String,
    pub kind: Kind,
    pub platform: Platform,
    pub title: String,
    /// Texts exactly as the app, server or portal shows them, so that a pasted string matches.
    #[serde(default)]
    pub messages: Vec<String>,
    /// Error ids, AADSTS numbers, exception names, HTTP statuses, SDK status names.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Plain words a user would type to describe the problem.
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// Why it happens (for a FAQ: the answer; for a setup step: why it is needed).
    pub cause: String,
    /// Ordered remediation (or, for a setup step, the actions to take).
    #[serde(default)]
    pub steps: Vec<String>,
    /// How to confirm the fix or the setup step worked.
    #[serde(default)]
    pub verify: Vec<String>,
    /// Caveats a reader would otherwise miss.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Position in the ordered setup guide (setup steps only).
    #[serde(default)]
    pub order: Option<u32>,
    /// Details of a Mattermost server error.
    #[serde(default)]
    pub server: Option<ServerError>,
    /// Ids of entries on other layers: the server error behind a dialog, the admin fix behind it.
    #[serde(default)]
    pub related: Vec<String>,
    /// Where the facts come from: a document name, with its address where it is public.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What the entry recognises shows a layer working (an enrollment that succeeded, a
    /// sign-in that passed): `scan` reports it as what went right, never as a problem.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub healthy: bool,
}

impl Entry {
    /// Whether the entry warns how to read others: Mattermost's caveats and the dialogs that
    /// only look like Intune's.
    pub fn is_caveat(&self) -> bool {
        self.id.starts_with("caveat.") || self.id == "mobile.emm-look-alikes"
    }

    /// The message a person most likely saw, if the entry has one.
    pub fn primary_message(&self) -> Option<&str> {
        self.messages.first().map(String::as_str)
    }
}

/// What a Mattermost server error does, as the error catalog records it.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct ServerError {
    pub http_status: u16,
    /// The text the mobile app shows; `None` when the error is silent.
    #[serde(default)]
    pub user_message: Option<String>,
    pub retry: Retry,
    pub fallback: Fallback,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Retry {
    /// No retry is offered.
    No,
    /// The app offers one retry.
    Once,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Fallback {
    /// No fallback: the sign-in stops here.
    None,
    /// The app falls back to web single sign-on.
    WebSso,
}

/// What sort of entry this is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[rkyv(derive(Clone, Copy), compare(PartialEq))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Dialog,
    ServerError,
    SigninError,
    AdminIssue,
    Faq,
    SetupStep,
    Workflow,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Dialog,
        Kind::ServerError,
        Kind::SigninError,
        Kind::AdminIssue,
        Kind::Faq,
        Kind::SetupStep,
        Kind::Workflow,
    ];

    /// The name used in YAML, JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dialog => "dialog",
            Kind::ServerError => "server-error",
            Kind::SigninError => "signin-error",
            Kind::AdminIssue => "admin-issue",
            Kind::Faq => "faq",
            Kind::SetupStep => "setup-step",
            Kind::Workflow => "workflow",
        }
    }

    /// A heading for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Dialog => "App dialog",
            Kind::ServerError => "Server error",
            Kind::SigninError => "Sign-in / enrollment error",
            Kind::AdminIssue => "Admin issue",
            Kind::Faq => "FAQ",
            Kind::SetupStep => "Setup step",
            Kind::Workflow => "End-user workflow",
        }
    }

    /// What the `cause` field means for this kind of entry.
    pub fn cause_label(self) -> &'static str {
        match self {
            Kind::Faq => "Answer",
            Kind::SetupStep => "Why",
            Kind::Workflow => "What happens",
            _ => "Cause",
        }
    }

    /// What the `steps` field means for this kind of entry.
    pub fn steps_label(self) -> &'static str {
        match self {
            Kind::Faq => "What to do",
            Kind::SetupStep => "Do this",
            Kind::Workflow => "What the user does",
            _ => "Fix",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the entry shows up or is fixed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[rkyv(derive(Clone, Copy), compare(PartialEq))]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    Ios,
    Android,
    Server,
    /// Microsoft Entra ID and the Intune admin center.
    Entra,
    /// Not tied to one platform.
    Any,
}

impl Platform {
    pub const ALL: [Platform; 5] = [
        Platform::Ios,
        Platform::Android,
        Platform::Server,
        Platform::Entra,
        Platform::Any,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
            Platform::Server => "server",
            Platform::Entra => "entra",
            Platform::Any => "any",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Platform::Ios => "iOS",
            Platform::Android => "Android",
            Platform::Server => "Mattermost server",
            Platform::Entra => "Entra / Intune",
            Platform::Any => "Any platform",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! from_name {
    ($ty:ident, $archived:ident) => {
        impl $archived {
            /// The value as archived, read back: `ALL` lists the variants in declaration order.
            pub fn native(self) -> $ty {
                $ty::ALL[self as usize]
            }
        }

        impl $ty {
            /// Every name accepted on the command line and in packs.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.name()).collect()
            }

            /// Parses a name as written in packs and on the command line.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.name() == name)
            }
        }
    };
}
from_name!(Kind, ArchivedKind);
from_name!(Platform, ArchivedPlatform);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_kinds_and_platforms_read_back_as_themselves() {
        for kind in Kind::ALL {
            let archived = rkyv::to_bytes::<rkyv::rancor::Error>(&kind).expect("archives");
            let read = rkyv::access::<ArchivedKind, rkyv::rancor::Error>(&archived).expect("valid");
            assert_eq!(read.native(), kind);
        }
        for platform in Platform::ALL {
            let archived = rkyv::to_bytes::<rkyv::rancor::Error>(&platform).expect("archives");
            let read =
                rkyv::access::<ArchivedPlatform, rkyv::rancor::Error>(&archived).expect("valid");
            assert_eq!(read.native(), platform);
        }
    }
}
