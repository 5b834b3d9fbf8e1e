//! mamtriage: troubleshooting knowledge for Microsoft Intune app protection (MAM) with
//! Mattermost. The library holds the domain: the knowledge model, loading and caching,
//! search, rendering for export, and walkthroughs. The command line and the terminal UI
//! (in the binary) are front ends over it; no terminal code lives here.

pub mod archive;
pub mod cache;
pub mod doctor;
pub mod knowledge;
pub mod render;
pub mod rules;
pub mod scan;
pub mod search;
mod shipped;
pub mod terminal_text;
pub mod user_dirs;
pub mod walkthrough;
mod work;
