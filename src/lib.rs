//! mamtriage: troubleshooting knowledge for Microsoft Intune app protection (MAM) with
//! Mattermost. The library holds the knowledge model, loading, search and export; the
//! command line and the terminal UI are front ends over it.

pub mod cache;
pub mod config;
pub mod display;
pub mod export;
pub mod knowledge;
pub mod render;
pub mod search;
pub mod walkthrough;
