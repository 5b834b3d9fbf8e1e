//! Doctor's checks in the UI: the setup guide marks each step ✓ / ✗ / ! / ?, an opened step
//! shows what was found and expected, and the UI opens on the first step that failed.

use super::app::{App, Category, Pane, Screen};
use mamtriage::doctor::{step_status, Check, Status};

impl App {
    /// Takes doctor's checks (`tui --config/--app`) and opens the setup guide on the first
    /// step that failed, or on its first step when none did.
    pub fn with_setup_checks(mut self, checks: Vec<Check>) -> Self {
        if checks.is_empty() {
            return self;
        }
        let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
        self.setup_checks = checks;
        self.category = Category::ALL
            .iter()
            .position(|category| *category == Category::SetupGuide)
            .expect("the setup guide is a category");
        self.refresh_browse();
        let first_failed = self
            .browse_list
            .iter()
            .position(|&entry| self.step_status(&self.entry(entry).id) == Some(Status::Fail));
        self.browse_selected = first_failed.unwrap_or(0);
        self.browse_focus = Pane::Second;
        self.screen = Screen::Browse;
        self.tell(match (failed, first_failed) {
            (0, _) => "doctor: no check failed; the marks show each step".to_string(),
            (n, Some(position)) => format!(
                "doctor: {n} check{} failed; the first is at step {} (Enter walks it)",
                if n == 1 { "" } else { "s" },
                position + 1
            ),
            (n, None) => {
                format!("doctor: {n} checks failed outside the setup guide (! lists them)")
            }
        });
        for check in self.setup_checks.clone() {
            if check.setup_step().is_none() && check.status != Status::Pass {
                self.keep_message(format!("doctor: {}", check.describe()));
            }
        }
        self
    }

    /// Doctor's checks of the setup step `id`.
    pub fn step_checks(&self, id: &str) -> Vec<&Check> {
        self.setup_checks
            .iter()
            .filter(|check| check.setup_step() == Some(id))
            .collect()
    }

    /// How the checks of the setup step `id` came out together, if any check it.
    pub fn step_status(&self, id: &str) -> Option<Status> {
        step_status(self.step_checks(id))
    }
}
