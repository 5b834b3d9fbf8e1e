//! Everything the UI can do, as named actions. Which keys trigger them is `keymap.rs`.

use mamtriage::scan::{Progress, Report};

/// A change to the app state. Keys, pastes and mouse events all become actions. Config key
/// bindings name them in kebab case (`export-to-file`); those that carry data cannot be bound.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Leave the app (q, Ctrl-C); with marked steps not exported yet, say so first (they are
    /// saved either way) and leave on the second press.
    Quit,
    /// Leave the app at once (for a key binding).
    QuitNow,
    /// Forget every mark of the entry's walk and start it again.
    StartOver,
    /// Go back one screen, close an overlay, or clear the search box.
    Back,
    /// Show or hide the key help.
    ToggleHelp,
    /// Show or hide the knowledge load problems.
    ToggleProblems,
    /// Type or paste text into the search box (from any screen).
    #[serde(skip)]
    InsertText(String),
    /// Delete the character before the cursor.
    DeleteBefore,
    /// Delete the character under the cursor.
    DeleteAfter,
    /// Delete back to the start of the word before the cursor.
    DeleteWordBefore,
    /// Empty the search box.
    ClearQuery,
    /// Move the cursor one character left.
    CursorLeft,
    /// Move the cursor one character right.
    CursorRight,
    /// Move the cursor to the start of the search box.
    CursorHome,
    /// Move the cursor to the end of the search box.
    CursorEnd,
    /// Select the next row (or step).
    SelectNext,
    /// Select the previous row (or step).
    SelectPrevious,
    /// Move a page down the list, or scroll an entry's text down.
    PageDown,
    /// Move a page up the list, or scroll an entry's text up.
    PageUp,
    /// Select the first row.
    SelectFirst,
    /// Select the last row.
    SelectLast,
    /// Open the selected entry (or category).
    Open,
    /// Switch focus between the panes of a screen.
    FocusNext,
    /// Show only the next platform (cycles through all, then none).
    CyclePlatform,
    /// Show only the next kind (cycles through all, then none).
    CycleKind,
    /// Browse the entries by platform.
    OpenBrowse,
    /// Go to the search box.
    OpenSearch,
    /// Mark the current step done and move on.
    MarkDone,
    /// Mark the current step skipped and move on.
    MarkSkipped,
    /// Mark the current step as tried without helping, and move on.
    MarkDidNotHelp,
    /// Take the mark off the current step.
    ClearMark,
    /// Take back the last mark (or clear) of this entry's steps.
    UndoMark,
    /// Open the next step of the setup guide.
    NextSetupStep,
    /// Open the previous step of the setup guide.
    PreviousSetupStep,
    /// Write the remediation, with the walked outcomes, to a file.
    ExportToFile,
    /// Copy the remediation to the clipboard (OSC 52).
    CopyToClipboard,
    /// Recall the previous search (Up in the empty search box).
    OlderSearch,
    /// Recall the next search, then an empty box.
    NewerSearch,
    /// Ask for a file or folder to scan.
    OpenScanPrompt,
    /// Show what the last scan found (or ask for something to scan).
    OpenFindings,
    /// On the findings screen, show the incidents (attempts followed across layers) instead
    /// of the problems, or back.
    ToggleIncidents,
    /// A running scan has read further.
    #[serde(skip)]
    ScanProgress(Progress),
    /// A scan has finished with this report.
    #[serde(skip)]
    ScanFinished(Box<Report>),
    /// Scroll the pane under the pointer (mouse wheel).
    #[serde(skip)]
    WheelAt {
        /// Screen column of the pointer.
        column: u16,
        /// Screen row of the pointer.
        row: u16,
        /// Towards the end (wheel down) rather than the start.
        down: bool,
    },
    /// Select the list row at a screen position (mouse click).
    #[serde(skip)]
    ClickAt {
        /// Screen column of the click.
        column: u16,
        /// Screen row of the click.
        row: u16,
    },
}
