//! Screens as a user sees them (snapshots on ratatui's TestBackend) and how keys behave.

use super::action::Action;
use super::app::{App, Screen};
use super::draw::draw;
use super::keymap::{action_for_key, KeyBinding, KeyBindings};
use super::settings::Settings;
use mamtriage::knowledge::{KnowledgeBase, Layer, LoadReport, PackFile, Sources};
use mamtriage::search::Searcher;
use mamtriage::walkthrough::StepOutcome;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::path::PathBuf;

fn shipped() -> (KnowledgeBase, LoadReport) {
    KnowledgeBase::load(&Sources::default())
}

fn app(base: &KnowledgeBase, report: &LoadReport) -> App {
    App::new(
        Searcher::new(base.clone()),
        &report.diagnostics,
        Settings::new(PathBuf::from(".")),
    )
}

fn screen(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.set_area(Rect::new(0, 0, width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(app, frame)).unwrap();
    terminal
}

fn press(app: &mut App, code: KeyCode) {
    press_with(app, code, KeyModifiers::NONE);
}

fn press_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = action_for_key(app, KeyEvent::new(code, modifiers)) {
        app.apply(action);
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn empty_start() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    insta::assert_snapshot!(screen(&mut app, 100, 24).backend());
}

#[test]
fn results_for_a_typed_query() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "acct not set up");
    insta::assert_snapshot!(screen(&mut app, 100, 24).backend());
}

#[test]
fn a_pasted_multiline_error_lands_whole_and_fires_no_binding() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    let pasted = "Sign-in Failed\nWe can't sign you in right now. Please try again later.\nq";
    app.apply(Action::InsertText(pasted.to_string()));
    assert!(!app.should_quit());
    assert_eq!(app.input.text(), pasted);
    assert_eq!(app.entry(app.results[0].entry).id, "ios.sign-in-failed");
    insta::assert_snapshot!(screen(&mut app, 100, 24).backend());
}

#[test]
fn pasted_line_breaks_are_normalised() {
    assert_eq!(super::normalize_line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
}

#[test]
fn platform_browse() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.screen(), Screen::Browse);
    insta::assert_snapshot!(screen(&mut app, 100, 24).backend());
}

#[test]
fn walkthrough_mid_way() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('x'));
    let view = *app.current_view().unwrap();
    assert_eq!(
        app.walk(view.entry).unwrap().outcomes()[..2],
        [Some(StepOutcome::Done), Some(StepOutcome::DidNotHelp)]
    );
    insta::assert_snapshot!(screen(&mut app, 100, 30).backend());
}

#[test]
fn help_overlay() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::F(1));
    insta::assert_snapshot!(screen(&mut app, 100, 34).backend());
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
}

#[test]
fn tiny_terminal() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "403");
    insta::assert_snapshot!("tiny_search", screen(&mut app, 20, 6).backend());
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("tiny_entry", screen(&mut app, 20, 6).backend());
    for (width, height) in [(0, 0), (1, 1), (3, 2), (7, 3)] {
        screen(&mut app, width, height);
    }
}

#[test]
fn wide_characters_align() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "サインイン 登录失败 account");
    insta::assert_snapshot!(screen(&mut app, 80, 12).backend());
}

/// Knowledge from one pack with a misspelt kind: its entry is skipped with a problem.
fn broken_pack() -> (KnowledgeBase, LoadReport) {
    let pack = PackFile::yaml(
        "team/broken.yaml",
        Layer::User,
        b"- id: team.x\n  kind: faqq\n".to_vec(),
    );
    let mut report = LoadReport::default();
    let base = KnowledgeBase::from_packs(&[pack], &mut report);
    (base, report)
}

#[test]
fn load_problems_are_shown_not_fatal() {
    let (base, report) = broken_pack();
    let mut app = app(&base, &report);
    insta::assert_snapshot!("problems_start", screen(&mut app, 100, 20).backend());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('!'));
    insta::assert_snapshot!("problems_overlay", screen(&mut app, 100, 20).backend());
}

#[test]
fn escape_sequences_in_a_pack_render_inert() {
    let pack = PackFile::yaml(
        "evil.yaml",
        Layer::User,
        "- id: evil.entry\n  kind: faq\n  platform: any\n  title: \"Evil \\e]0;owned\\a title \\e[2J\"\n  cause: \"clear \\e[2J screen \\u009b31m\"\n  steps: [\"\\e]52;c;aGk=\\a copy\"]\n"
            .as_bytes()
            .to_vec(),
    );
    let mut report = LoadReport::default();
    let base = KnowledgeBase::from_packs(&[pack], &mut report);
    assert!(report.is_clean(), "{:?}", report.diagnostics);
    let mut app = app(&base, &report);
    type_text(&mut app, "evil");
    let terminal = screen(&mut app, 80, 12);
    let shown = terminal.backend().to_string();
    assert!(!shown.contains('\x1b') && !shown.contains('\x07') && !shown.contains('\u{9b}'));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_ten_megabyte_paste_is_cut_and_still_searched() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    let mut paste = "AADSTS650057 ".to_string();
    paste.push_str(&"\0\u{1b}x世".repeat(10 * 1024 * 1024 / 8));
    app.apply(Action::InsertText(paste));
    assert!(app.input.text().len() <= mamtriage::search::MAX_QUERY_BYTES);
    assert!(app
        .status
        .as_deref()
        .unwrap_or_default()
        .contains("left out"));
    let top = app
        .results
        .first()
        .map(|row| &base.entries().get(row.entry).id);
    assert_eq!(top.map(String::as_str), Some("signin.aadsts650057"));
    let shown = screen(&mut app, 80, 12).backend().to_string();
    assert!(!shown.contains('\u{1b}') && !shown.contains('\0'));
}

#[test]
fn q_types_in_the_search_box_and_quits_elsewhere() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "q?");
    assert_eq!(app.input.text(), "q?");
    assert!(!app.should_quit() && app.overlay().is_none());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::F(1));
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit());
}

#[test]
fn esc_walks_back_through_related_entries() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    let shown = app.entry(app.current_view().unwrap().entry).id.clone();
    assert_eq!(shown, "setup.admin-consent");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.entry(app.current_view().unwrap().entry).id,
        "signin.aadsts650057"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Search);
    assert_eq!(app.input.text(), "AADSTS650057");
    press(&mut app, KeyCode::Esc);
    assert!(app.input.is_empty());
}

#[test]
fn the_setup_guide_is_followed_in_order() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "register an application in microsoft entra");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.entry(app.current_view().unwrap().entry).order, Some(4));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.entry(app.current_view().unwrap().entry).order, Some(5));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.entry(app.current_view().unwrap().entry).order, Some(3));
}

#[test]
fn export_writes_the_walked_remediation_without_overwriting() {
    let (base, report) = shipped();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Searcher::new(base),
        &report.diagnostics,
        Settings::new(dir.path().to_path_buf()),
    );
    type_text(&mut app, "ios.app-not-set-up");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Char('e'));
    let first =
        std::fs::read_to_string(dir.path().join("mamtriage-ios.app-not-set-up.txt")).unwrap();
    assert!(first.starts_with("App Not Set Up\n"));
    assert!(first.contains("  1. [done] In the Intune admin center"));
    assert!(first.contains("  2. [skipped] "));
    assert!(first.contains("  3. [not tried] "));
    assert!(dir
        .path()
        .join("mamtriage-ios.app-not-set-up-2.txt")
        .exists());
    let status = app.status.clone().unwrap();
    assert!(
        status.starts_with("Exported to ") && status.ends_with("-2.txt"),
        "{status}"
    );
}

#[test]
fn copy_puts_the_export_text_on_the_clipboard_once() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "ios.app-not-set-up");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    let copied = app.take_clipboard().unwrap();
    // The same ticket as an export made now: only the time it was written differs.
    let undated = |text: &str| -> String {
        text.lines()
            .filter(|line| !line.trim_start().starts_with("- Date:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        undated(&copied.text),
        undated(&app.export_text(app.current_view().unwrap().entry))
    );
    assert_eq!(
        copied.fallback,
        PathBuf::from("./mamtriage-ios.app-not-set-up.txt")
    );
    assert!(app.take_clipboard().is_none());
    app.report_copy(Err("xclip exited with 1".to_string()));
    assert_eq!(
        app.status.as_deref(),
        Some("Copy failed: xclip exited with 1")
    );
    assert_eq!(app.messages.last(), app.status.as_ref());
}

#[test]
fn clicking_a_result_selects_it() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "account not set up");
    screen(&mut app, 100, 24);
    // Results start below the 3-line search box, inside the list border.
    app.apply(Action::ClickAt { column: 5, row: 6 });
    assert_eq!(app.selected, 2);
    app.apply(Action::SelectNext);
    assert_eq!(app.selected, 3);
}

#[test]
fn the_browse_list_follows_category_and_kind_filter() {
    use mamtriage::knowledge::{Kind, Platform};
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::Tab);
    let ios = app.browse_entries().to_vec();
    assert!(ios.iter().all(|&e| app.entry(e).platform == Platform::Ios));
    press(&mut app, KeyCode::F(3));
    let dialogs = app.browse_entries().to_vec();
    assert!(!dialogs.is_empty() && dialogs.len() < ios.len());
    assert!(dialogs.iter().all(|&e| app.entry(e).kind == Kind::Dialog));
    press(&mut app, KeyCode::Down);
    let android = app.browse_entries().to_vec();
    assert!(android
        .iter()
        .all(|&e| app.entry(e).platform == Platform::Android && app.entry(e).kind == Kind::Dialog));
}

#[test]
fn config_key_bindings_parse_and_win_over_built_in_keys() {
    let export: KeyBinding = "ctrl-e".parse().unwrap();
    assert!("f13".parse::<KeyBinding>().is_err());
    assert!("ctrl-".parse::<KeyBinding>().is_err());
    assert_eq!("F5".parse::<KeyBinding>().unwrap().code, KeyCode::F(5));
    assert_eq!(
        "alt-space".parse::<KeyBinding>().unwrap().code,
        KeyCode::Char(' ')
    );

    let (base, report) = shipped();
    let mut settings = Settings::new(PathBuf::from("."));
    settings.keys = KeyBindings(vec![(export, Action::ToggleHelp)]);
    let mut app = App::new(Searcher::new(base.clone()), &report.diagnostics, settings);
    let ctrl_e = KeyEvent::new(KeyCode::Char('E'), KeyModifiers::CONTROL);
    assert_eq!(action_for_key(&app, ctrl_e), Some(Action::ToggleHelp));
    // Without the binding, ctrl-e is the built-in cursor-to-end.
    app.settings.keys = KeyBindings::default();
    assert_ne!(action_for_key(&app, ctrl_e), Some(Action::ToggleHelp));
}

#[test]
fn capital_letters_in_bindings_fire_or_are_refused() {
    // `ctrl-E` used to be accepted and never fire: terminals send ctrl-letters in one case.
    let refused = "ctrl-E".parse::<KeyBinding>().unwrap_err();
    assert!(refused.contains("write `ctrl-e`"), "{refused}");
    // Shift is part of a printed character: `shift-e` and `E` are both what a shifted e sends.
    let shifted_e = KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT);
    for spec in ["E", "shift-e", "shift-E"] {
        let binding: KeyBinding = spec.parse().unwrap();
        assert!(binding.matches(shifted_e), "{spec}");
        assert!(
            !binding.matches(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE)),
            "{spec}"
        );
    }
    let alt_capital: KeyBinding = "alt-E".parse().unwrap();
    assert!(alt_capital.matches(KeyEvent::new(
        KeyCode::Char('E'),
        KeyModifiers::ALT | KeyModifiers::SHIFT
    )));
}

#[test]
fn up_and_down_in_the_empty_search_box_recall_recent_searches() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    for search in ["AADSTS650057", "Account Not Set Up"] {
        press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(&mut app, search);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
    }
    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.input.text(), "Account Not Set Up");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.input.text(), "AADSTS650057");
    assert!(!app.results.is_empty());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.input.text(), "");
    // Once typing, Up moves through the results again.
    type_text(&mut app, "intune");
    assert_eq!(
        action_for_key(&app, KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
        Some(Action::SelectPrevious)
    );
}

#[test]
fn the_monochrome_theme_draws_no_colour() {
    use super::theme::ThemeName;
    let (base, report) = shipped();
    let mut settings = Settings::new(PathBuf::from("."));
    settings.theme = ThemeName::Monochrome;
    let mut app = App::new(Searcher::new(base.clone()), &report.diagnostics, settings);
    type_text(&mut app, "AADSTS650057");
    let terminal = screen(&mut app, 100, 20);
    let cells = &terminal.backend().buffer().content;
    assert!(cells
        .iter()
        .all(|cell| cell.fg == ratatui::style::Color::Reset
            && cell.bg == ratatui::style::Color::Reset));
    // Selection still shows, by reverse video.
    assert!(cells
        .iter()
        .any(|cell| cell.modifier.contains(ratatui::style::Modifier::REVERSED)));
    let coloured = screen(&mut app_with_default_theme(&base, &report), 100, 20);
    assert!(coloured
        .backend()
        .buffer()
        .content
        .iter()
        .any(|cell| cell.fg != ratatui::style::Color::Reset));
}

fn app_with_default_theme(base: &KnowledgeBase, report: &LoadReport) -> App {
    let mut app = app(base, report);
    type_text(&mut app, "AADSTS650057");
    app
}

proptest::proptest! {
    #[test]
    fn any_key_spec_parses_or_says_why(spec in "\\PC{0,12}") {
        match spec.parse::<KeyBinding>() {
            Ok(_) => {}
            Err(message) => proptest::prop_assert!(message.contains("is not a key")),
        }
    }

    #[test]
    fn ctrl_with_any_character_binds_that_character(c in proptest::char::range('a', 'z')) {
        let binding: KeyBinding = format!("CTRL-{c}").parse().unwrap();
        proptest::prop_assert_eq!(binding.code, KeyCode::Char(c));
        proptest::prop_assert!(binding.matches(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
        proptest::prop_assert!(!binding.matches(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }

    /// Every binding that parses fires for the key a terminal sends for it (with the letter in
    /// either case for ctrl, as terminals report it); one that cannot fire is refused.
    #[test]
    fn every_accepted_letter_binding_fires(
        c in proptest::sample::select(('a'..='z').chain('A'..='Z').collect::<Vec<char>>()),
        ctrl: bool,
        alt: bool,
        shift: bool,
    ) {
        let mut spec = String::new();
        let mut sent = KeyModifiers::NONE;
        for (on, prefix, modifier) in [(ctrl, "ctrl-", KeyModifiers::CONTROL), (alt, "alt-", KeyModifiers::ALT), (shift, "shift-", KeyModifiers::SHIFT)] {
            if on {
                spec.push_str(prefix);
                sent |= modifier;
            }
        }
        spec.push(c);
        let typed = if shift || c.is_ascii_uppercase() { c.to_ascii_uppercase() } else { c };
        if c.is_ascii_uppercase() || shift {
            sent |= KeyModifiers::SHIFT;
        }
        match spec.parse::<KeyBinding>() {
            Ok(binding) => {
                proptest::prop_assert!(binding.matches(KeyEvent::new(KeyCode::Char(typed), sent)), "{spec}");
            }
            Err(message) => {
                proptest::prop_assert!(ctrl && (shift || c.is_ascii_uppercase()), "{spec}: {message}");
            }
        }
    }
}

/// Browse, the setup guide (the sixth category), its first step, as a user reaches it.
fn open_first_setup_step(app: &mut App) {
    press(app, KeyCode::Tab);
    for _ in 0..5 {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
}

/// The rows of the steps box on an entry screen `width` columns wide, tall enough for all of
/// them, without the borders and the selection marker.
fn step_rows(base: &KnowledgeBase, report: &LoadReport, id: &str, width: u16) -> Vec<String> {
    let mut app = app(base, report);
    app.open_entry(base.index_of(id).unwrap(), Screen::Search);
    let terminal = screen(&mut app, width, 250);
    let steps = app.regions_for(Rect::new(0, 0, width, 250)).steps.unwrap();
    let inside = super::layout::inner(steps);
    // The selection marker takes the first two columns.
    text_in(
        &terminal,
        inside.x + 2..inside.x + inside.width,
        inside.y..inside.y + inside.height,
    )
}

/// The text of a rectangle of the screen, a row a line.
fn text_in(
    terminal: &Terminal<TestBackend>,
    columns: std::ops::Range<u16>,
    rows: std::ops::Range<u16>,
) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    rows.map(|y| columns.clone().map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn wrapped_steps_keep_every_character_at_every_width() {
    let (base, report) = shipped();
    for width in [40, 80, 120] {
        for id in base.ids() {
            let entry = base.get(id).unwrap();
            let rows = step_rows(&base, &report, id, width);
            let shown = squeezed(&rows.concat());
            let mut expected = String::new();
            for (n, step) in entry.steps.iter().enumerate() {
                // Each step starts with its (blank) outcome mark and its number.
                expected.push_str(&format!("{}.{}", n + 1, squeezed(step)));
            }
            assert_eq!(
                shown,
                expected,
                "{id} at {width} columns:\n{}",
                rows.join("\n")
            );
        }
    }
}

#[test]
fn scrolling_stops_at_the_end_of_the_text() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    app.apply(Action::InsertText("ios.account-not-set-up".into()));
    app.apply(Action::Open);
    screen(&mut app, 80, 24);
    let entry = app.current_view().unwrap().entry;
    let limit = app.about_scroll_limit(entry);
    assert!(limit > 10, "the text is longer than its box: {limit}");
    for _ in 0..20 {
        app.apply(Action::PageDown);
    }
    assert_eq!(app.current_view().unwrap().about_scroll, limit);
    let at_end = screen(&mut app, 80, 24).backend().to_string();
    // The first PgUp after overshooting moves the text at once.
    app.apply(Action::PageUp);
    assert_eq!(app.current_view().unwrap().about_scroll, limit - 10);
    assert_ne!(screen(&mut app, 80, 24).backend().to_string(), at_end);
    // A taller window shows more, so the end comes sooner.
    screen(&mut app, 80, 60);
    assert_eq!(
        app.current_view().unwrap().about_scroll,
        (limit - 10).min(app.about_scroll_limit(entry))
    );
}

#[test]
fn an_export_folder_that_is_not_there_yet_is_created() {
    let (base, report) = shipped();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("tickets").join("2026");
    let mut app = App::new(
        Searcher::new(base.clone()),
        &report.diagnostics,
        Settings::new(folder.clone()),
    );
    app.apply(Action::InsertText("ios.app-not-set-up".into()));
    app.apply(Action::Open);
    app.apply(Action::ExportToFile);
    assert!(
        folder.join("mamtriage-ios.app-not-set-up.txt").exists(),
        "{:?}",
        app.status
    );

    // Under a file, no folder can be made: the message says which and why.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "x").unwrap();
    app.settings.export_dir = blocked.join("tickets");
    app.apply(Action::ExportToFile);
    let status = app.status.clone().unwrap();
    assert!(
        status.starts_with(&format!(
            "Export failed: cannot create the export folder {}",
            blocked.join("tickets").display()
        )),
        "{status}"
    );
}

#[test]
fn a_long_message_is_cut_at_a_word_on_the_status_line_and_is_whole_under_bang() {
    let (base, report) = shipped();
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a-file");
    std::fs::write(&deep, "x").unwrap();
    let mut settings = Settings::new(deep.join("very").join("long").join("folder").join("name"));
    settings.export_format = super::ExportFormat::Markdown;
    let mut app = App::new(Searcher::new(base.clone()), &report.diagnostics, settings);
    app.apply(Action::InsertText("ios.app-not-set-up".into()));
    app.apply(Action::Open);
    app.apply(Action::ExportToFile);
    let message = app.status.clone().unwrap();
    let shown = screen(&mut app, 60, 24).backend().to_string();
    let status_line = shown.lines().nth(22).unwrap().to_string();
    let status_line = status_line.trim_matches('"').trim_end();
    assert!(
        status_line.starts_with("Export failed: cannot"),
        "{status_line}"
    );
    assert!(status_line.ends_with('…'), "{status_line}");
    app.apply(Action::ToggleProblems);
    // The popup is 72 columns wide in the middle of a 200-column screen.
    let terminal = screen(&mut app, 200, 30);
    let overlay = squeezed(&text_in(&terminal, 65..135, 0..30).concat());
    assert!(
        overlay.contains(&squeezed(&message)),
        "{message}\n{overlay}"
    );
}

/// Text without its white space, to compare text however it was wrapped.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Scans `path` (relative to the crate) as the event loop does: on a thread of its own,
/// its updates applied as actions until the report arrives.
fn scan_in_app(app: &mut App, path: &str) {
    app.scan(vec![PathBuf::from(path)]);
    let request = app.take_scan_request().expect("a scan is asked for");
    let task = super::scan_task::ScanTask::start(app.searcher.shared_base(), request);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while app.scan.running {
        assert!(std::time::Instant::now() < deadline, "the scan never ended");
        match task.next_update() {
            Some(action) => app.apply(action),
            None => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
}

#[test]
fn a_scan_opens_on_its_findings_and_enter_walks_the_entry_with_its_evidence() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    scan_in_app(&mut app, "tests/data/evidence/mattermost.log");
    assert_eq!(app.screen(), Screen::Findings);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Scan finished: "), "{status}");
    insta::assert_snapshot!(screen(&mut app, 110, 30).backend());

    let first = app.scan.report.as_ref().unwrap().findings[0].clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Entry);
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.entry(entry).id, first.id);
    let about: Vec<String> = app
        .about_rows(entry, 100)
        .iter()
        .map(ToString::to_string)
        .collect();
    let evidence = about.iter().position(|row| row == "Evidence");
    let evidence = evidence.expect("an Evidence heading");
    assert!(evidence < 6, "the evidence is near the top: {about:?}");
    let sample = &first.samples[0];
    let place = format!("{}:{}", sample.file, sample.line);
    assert!(about.iter().any(|row| row.contains(&place)), "{about:?}");

    // The ticket carries it too, and Esc goes back to the findings.
    let exported = app.export_text(entry);
    assert!(exported.contains("Evidence:"), "{exported}");
    assert!(exported.contains(&place), "{exported}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Findings);
}

#[test]
fn an_unrecognised_group_opens_as_a_search() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    scan_in_app(&mut app, "tests/data/evidence/mattermost.log");
    let report = app.scan.report.clone().unwrap();
    let group = report.unrecognised.first().expect("the fixture has one");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Search);
    // What the error says, not its raw JSON line; and nothing pretends to know it.
    assert_eq!(app.input.text(), group.signature);
    assert_eq!(
        app.results.first().map(|row| row.confidence),
        Some(mamtriage::search::Confidence::Low)
    );
    let shown = screen(&mut app, 100, 24);
    assert!(
        format!("{:?}", shown.backend()).contains("No confident match"),
        "the list says it holds the closest entries, not answers"
    );
}

#[test]
fn the_scan_prompt_keeps_a_wrong_path_and_scans_a_right_one() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press_with(&mut app, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(app.overlay(), Some(super::app::Overlay::ScanPrompt));
    type_text(&mut app, "'tests/data/evidence/missing.log'");
    // Typed letters are the path's, not keys: `q` does not quit, `?` opens no help.
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay(), Some(super::app::Overlay::ScanPrompt));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("No such file or folder"), "{status}");
    insta::assert_snapshot!(screen(&mut app, 80, 16).backend());

    press_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    app.apply(Action::InsertText("tests/data/evidence".into()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.screen(), Screen::Findings);
    let request = app.take_scan_request().expect("a scan is asked for");
    assert_eq!(
        request.inputs,
        vec![mamtriage::scan::Input::Path("tests/data/evidence".into())]
    );
    assert_eq!(app.input.text(), "", "the search box is untouched");
}

#[test]
fn progress_shows_on_the_status_line_without_wiping_a_message() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    app.scan(vec![PathBuf::from("big.log")]);
    app.apply(Action::ScanProgress(mamtriage::scan::Progress {
        name: "big.log".into(),
        read: 300 << 20,
        total: Some(1200 << 20),
    }));
    let terminal = screen(&mut app, 100, 12);
    let status: String = (0..100)
        .map(|x| terminal.backend().buffer()[(x, 10)].symbol().to_string())
        .collect();
    assert!(
        status.starts_with("Scanning big.log: 300 of 1200 MiB (25%)"),
        "{status}"
    );
    app.tell("Exported to x.txt".into());
    app.apply(Action::ScanProgress(mamtriage::scan::Progress {
        name: "big.log".into(),
        read: 400 << 20,
        total: Some(1200 << 20),
    }));
    assert_eq!(app.status.as_deref(), Some("Exported to x.txt"));
}

#[test]
fn redacted_evidence_names_no_one() {
    let (base, report) = shipped();
    let mut settings = Settings::new(PathBuf::from("."));
    settings.redact = true;
    let mut app = App::new(Searcher::new(base.clone()), &report.diagnostics, settings);
    scan_in_app(&mut app, "tests/data/evidence/signins-graph.json");
    let finding = app.scan.report.as_ref().unwrap().findings[0].clone();
    press(&mut app, KeyCode::Enter);
    let exported = app.export_text(app.current_view().unwrap().entry);
    assert!(exported.contains(&finding.samples[0].text), "{exported}");
    assert!(!exported.contains("contoso.com"), "{exported}");
}

/// Doctor's checks of the constructed config and the old-format manifest (tests/data/doctor).
fn doctor_checks() -> Vec<mamtriage::doctor::Check> {
    use mamtriage::doctor::{read_input, Expected, Report};
    let read = |name: &str, expected| {
        let path = format!("{}/tests/data/doctor/{name}", env!("CARGO_MANIFEST_DIR"));
        read_input(name, &std::fs::read(path).unwrap(), expected).unwrap()
    };
    let inputs = [
        read("config.json", Expected::Config),
        read("manifest-old-format.json", Expected::App),
    ];
    Report::of(&inputs).checks
}

#[test]
fn doctor_marks_the_setup_guide_and_opens_on_the_first_failed_step() {
    let (base, report) = shipped();
    let mut app = app(&base, &report).with_setup_checks(doctor_checks());
    assert_eq!(app.screen(), Screen::Browse);
    insta::assert_snapshot!(screen(&mut app, 100, 22).backend());
    press(&mut app, KeyCode::Enter);
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.entry(entry).id, "setup.access-token-claims");
    let about: Vec<String> = app
        .about_rows(entry, 100)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        about.iter().any(|row| row == "Checked by doctor"),
        "{about:?}"
    );
    let exported = app.export_text(entry);
    assert!(
        exported.contains("✗ Optional access-token claims: found"),
        "{exported}"
    );
    // Without checks the guide carries no marks and the UI opens on search.
    let plain = self::app(&base, &report).with_setup_checks(Vec::new());
    assert_eq!(plain.screen(), Screen::Search);
}

/// Searches for `query` and opens the best match.
fn open_first_result(app: &mut App, query: &str) {
    type_text(app, query);
    press(app, KeyCode::Enter);
}

/// The whole screen as text, one string.
fn screen_text(app: &mut App, width: u16, height: u16) -> String {
    let terminal = screen(app, width, height);
    text_in(&terminal, 0..width, 0..height).join("\n")
}

#[test]
fn q_and_ctrl_c_with_marked_steps_ask_first_alike() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_result(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("q or Ctrl-C again quits"), "{status}");
    // Anything else in between asks again.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());

    // Ctrl-C is the same guard, on every screen; without marks it quits at once.
    let mut app = self::app(&base, &report);
    open_first_result(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Esc);
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!app.should_quit());
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit());
    let mut app = self::app(&base, &report);
    press_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit());
}

#[test]
fn z_undoes_the_last_mark() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_result(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('z'));
    let entry = app.current_view().unwrap().entry;
    let walk = app.walk(entry).unwrap();
    assert_eq!(walk.outcomes()[..2], [Some(StepOutcome::Done), None]);
    assert_eq!(walk.current(), 1);
}

#[test]
fn the_last_step_of_a_setup_step_leads_on_and_esc_returns_to_it_in_browse() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_setup_step(&mut app);
    assert_eq!(app.entry(app.current_view().unwrap().entry).order, Some(1));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('n'));
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.entry(entry).order, Some(3));
    let text = screen_text(&mut app, 120, 30);
    assert!(text.contains("setup step 3 of 14"), "{text}");
    for _ in 0..app.entry(entry).steps.len() {
        press(&mut app, KeyCode::Char(' '));
    }
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("n goes on to setup step 4"), "{status}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Browse);
    assert_eq!(
        app.entry(app.browse_entries()[app.browse_selected]).order,
        Some(3)
    );
}

#[test]
fn help_is_sized_on_wrapped_lines_and_scrolls_to_its_end() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay(), Some(super::app::Overlay::Help));
    let top = screen_text(&mut app, 80, 24);
    assert!(top.contains("scroll"), "{top}");
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown);
    }
    let end = screen_text(&mut app, 80, 24);
    assert!(end.contains("copy it to the clipboard"), "{end}");
    // With text typed, ? is text.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "why?");
    assert_eq!(app.input.text(), "why?");
    assert_eq!(app.overlay(), None);
}

#[test]
fn a_ticket_carries_the_search_its_ids_the_date_and_the_outcome() {
    let (base, report) = shipped();
    let mut settings = Settings::new(PathBuf::from("."));
    settings.export_format = super::settings::ExportFormat::Markdown;
    let mut app = App::new(Searcher::new(base.clone()), &report.diagnostics, settings);
    app.apply(Action::InsertText(
        "AADSTS650057: Invalid resource.\nTrace ID: 0a0a0a0a-0000-4000-8000-000000000001\nCorrelation ID: 0b0b0b0b-0000-4000-8000-000000000002\nBearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln"
            .into(),
    ));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('x'));
    let entry = app.current_view().unwrap().entry;
    let ticket = app.export_text(entry);
    assert!(ticket.contains("**Ticket**"), "{ticket}");
    assert!(ticket.contains("- Date: 20"), "{ticket}");
    assert!(
        ticket.contains("Trace ID: 0a0a0a0a-0000-4000-8000-000000000001"),
        "{ticket}"
    );
    assert!(ticket.contains("Correlation ID: 0b0b0b0b"), "{ticket}");
    assert!(ticket.contains("Codes: AADSTS650057"), "{ticket}");
    assert!(
        !ticket.contains("eyJhbGciOiJub25lIn0"),
        "the token is masked: {ticket}"
    );
    assert!(ticket.contains("- [x] 1. "), "{ticket}");
    assert!(
        ticket.contains("- [ ] 2. ") && ticket.contains("*(didn't help)*"),
        "{ticket}"
    );
    let next = &app.entry(entry).related[0];
    assert!(
        ticket.contains(&format!("step 2 didn't help: next, `{next}`"))
            || ticket.contains(&format!(
                "step 2 didn't help: next, \\`{}\\`",
                next.replace('_', "\\_")
            )),
        "{ticket}"
    );
}

#[test]
fn a_filter_never_adds_results_and_says_how_many_it_hides() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "not set up");
    let all = app.results.len();
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::F(2));
    assert_eq!(
        app.filter.platform,
        Some(mamtriage::knowledge::Platform::Server)
    );
    assert!(app.results.len() <= all, "{} > {all}", app.results.len());
    assert_eq!(app.hidden_by_filter, all - app.results.len());
    let text = screen_text(&mut app, 120, 20);
    let hidden = format!("{} more: F2/F3", app.hidden_by_filter);
    assert!(text.contains(&hidden), "{text}");
    // Where the border has room, the title says what the count is.
    let text = screen_text(&mut app, 200, 20);
    assert!(text.contains("more without the filters: F2/F3"), "{text}");
}

#[test]
fn clicks_select_steps_and_related_rows_and_the_wheel_scrolls_what_is_under_it() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_result(&mut app, "AADSTS650057");
    let terminal = screen(&mut app, 120, 40);
    let rows = text_in(&terminal, 0..120, 0..40);
    let step_row = rows
        .iter()
        .position(|r| r.contains(" 3. Grant"))
        .expect("step 3 drawn") as u16;
    app.apply(Action::ClickAt {
        column: 10,
        row: step_row,
    });
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.walk(entry).unwrap().current(), 2);
    let related_row = rows
        .iter()
        .position(|r| r.contains("setup.admin-consent"))
        .expect("related drawn") as u16;
    app.apply(Action::ClickAt {
        column: 10,
        row: related_row + 1,
    });
    let view = *app.current_view().unwrap();
    assert_eq!(view.focus, super::app::Pane::Second);
    assert_eq!(view.related_selected, 1);
    // The wheel over the text scrolls the text, not the steps.
    let about_row = rows
        .iter()
        .position(|r| r.contains("What and why"))
        .unwrap() as u16
        + 2;
    app.apply(Action::WheelAt {
        column: 10,
        row: about_row,
        down: true,
    });
    assert_eq!(app.current_view().unwrap().about_scroll, 1);
    assert_eq!(app.walk(entry).unwrap().current(), 2);
}

/// The screens of the TUI, each reached as a user reaches it.
fn screens(base: &KnowledgeBase, report: &LoadReport) -> Vec<(&'static str, App)> {
    let fresh = || app(base, report);
    let mut results = fresh();
    type_text(&mut results, "AADSTS650057");
    let mut browse = fresh();
    press(&mut browse, KeyCode::Tab);
    press(&mut browse, KeyCode::Char('j'));
    press(&mut browse, KeyCode::Enter);
    press(&mut browse, KeyCode::Char('j'));
    let mut entry = fresh();
    open_first_result(&mut entry, "AADSTS650057");
    press(&mut entry, KeyCode::Char(' '));
    let mut setup = fresh();
    open_first_setup_step(&mut setup);
    press(&mut setup, KeyCode::Char('n'));
    press(&mut setup, KeyCode::Char('n'));
    let mut help = fresh();
    press(&mut help, KeyCode::F(1));
    vec![
        ("search", fresh()),
        ("results", results),
        ("browse", browse),
        ("entry", entry),
        ("setup", setup),
        ("help", help),
    ]
}

#[test]
fn every_screen_at_every_size_shows_what_matters_most_there() {
    let (base, report) = shipped();
    let (problems_base, problems_report) = broken_pack();
    let mut problems = app(&problems_base, &problems_report);
    press(&mut problems, KeyCode::Tab);
    press(&mut problems, KeyCode::Char('!'));
    let mut all = screens(&base, &report);
    all.push(("problems", problems));
    // What must show at every size: the text that is the point of each screen.
    let most_important = |name: &str| -> &'static [&'static str] {
        match name {
            "search" => &["> type or paste"],
            "results" => &["▶ AADSTS650057"],
            "browse" => &["Android", "▶   "],
            "entry" => &["▶   2. Under"],
            "setup" => &["step 3 of 14", "▶   1. Mattermost"],
            "help" => &["Search", "type or paste"],
            _ => &["team/broken.yaml"],
        }
    };
    for (name, mut app) in all {
        for (width, height) in [(20, 6), (40, 12), (80, 24), (120, 40), (200, 60)] {
            let terminal = screen(&mut app, width, height);
            let rows = text_in(&terminal, 0..width, 0..height);
            let text = rows.join("\n");
            for wanted in most_important(name) {
                assert!(text.contains(wanted), "{name} at {width}x{height}:\n{text}");
            }
            // A title that reaches its box's corner was cut: it must say so with "…" (every
            // title ends with a space when whole).
            for row in &rows {
                for (at, _) in row.match_indices('┐') {
                    let before = row[..at].chars().last();
                    assert!(
                        matches!(before, Some('─' | ' ' | '…' | '┌')),
                        "{name} at {width}x{height}: a title cut without an ellipsis: {row}"
                    );
                }
            }
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn an_android_paste_shows_the_ios_only_caveat_on_the_search_screen() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    // After github.com/microsoftconnect/ms-intune-app-sdk-android/issues/158.
    type_text(
        &mut app,
        "Received MAM enrollment result for package : NOT_LICENSED",
    );
    let shown = format!("{:?}", screen(&mut app, 120, 35).backend());
    assert!(shown.contains("⚠ iOS only"), "the row says it:\n{shown}");
    assert!(
        shown.contains("⚠ Intune MAM for Mattermost is iOS only"),
        "the preview shows the caveat before the fix:\n{shown}"
    );
}

#[test]
fn browse_puts_a_platforms_caveat_first() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    press(&mut app, KeyCode::Tab);
    // The Android category: the second.
    press(&mut app, KeyCode::Down);
    let first = app.browse_entries()[0];
    assert!(app.entry(first).is_caveat(), "{}", app.entry(first).id);
}

#[test]
fn esc_goes_back_to_where_the_search_came_from() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    // Browse, then `/`: Esc goes back to Browse.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screen(), Screen::Browse);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.screen(), Screen::Search);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Browse);
    // The findings, Enter on an unrecognised error: Esc goes back to the findings.
    scan_in_app(&mut app, "tests/data/evidence/mattermost.log");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Search);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Findings);
    // A search typed on the search screen: Esc clears it, as before.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "pin");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Search);
    assert!(app.input.is_empty());
}

#[test]
fn with_related_focused_space_marks_no_step() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_result(&mut app, "AADSTS650057");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.walk(entry).map_or(0, |walk| walk.walked()), 0);
    assert!(app
        .status
        .clone()
        .unwrap_or_default()
        .contains("Tab goes back"));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.walk(entry).map_or(0, |walk| walk.walked()), 1);
}

#[test]
fn the_wheel_scrolls_what_is_under_it_and_a_click_selects_a_browse_entry() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    type_text(&mut app, "AADSTS650057");
    screen(&mut app, 120, 30);
    // Over the preview the wheel scrolls it; the selected result stays.
    app.apply(Action::WheelAt {
        column: 100,
        row: 10,
        down: true,
    });
    assert_eq!(app.selected, 0);
    assert_eq!(app.preview_scroll, 1);

    // Browse: the wheel over the entries moves among them, not among the categories.
    press(&mut app, KeyCode::Tab);
    let rows = text_in(&screen(&mut app, 120, 30), 0..120, 0..30);
    let category = app.category;
    app.apply(Action::WheelAt {
        column: 60,
        row: 5,
        down: true,
    });
    assert_eq!(app.category, category);
    assert_eq!(app.browse_selected, 1);
    // A click on an entry's row selects it (headings are rows too).
    let target = app.entry(app.browse_entries()[3]).title.clone();
    let row = rows
        .iter()
        .position(|r| r.contains(&format!("  {target}")))
        .expect("the entry is drawn") as u16;
    app.apply(Action::ClickAt { column: 60, row });
    assert_eq!(app.browse_selected, 3, "{target}");
}

#[test]
fn understood_names_the_code_of_an_msal_paste_and_no_dictionary_keys() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    // After github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/223.
    type_text(
        &mut app,
        "Error Domain=MSALErrorDomain Code=-50004 \"(null)\" UserInfo={MSALCorrelationIDKey=1A2B, MSALOAuthErrorKey=unauthorized_client, MSALErrorDescriptionKey=AADSTS53005: Application needs to enforce Intune protection policies., MSALOAuthSubErrorKey=protection_policy_required}",
    );
    assert_eq!(
        app.understood.first().map(String::as_str),
        Some("AADSTS53005")
    );
    assert!(
        !app.understood
            .iter()
            .any(|u| u.ends_with("Key") || u == "MSALErrorDomain"),
        "{:?}",
        app.understood
    );
}

#[test]
fn the_status_line_counts_what_the_filters_leave() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    let total = base.len();
    let text = screen_text(&mut app, 120, 30);
    assert!(
        text.contains(&format!("{total} entries · all platforms")),
        "{text}"
    );
    press(&mut app, KeyCode::F(2));
    let ios = base
        .filtered_positions(Some(mamtriage::knowledge::Platform::Ios), None)
        .count();
    let text = screen_text(&mut app, 120, 30);
    assert!(
        text.contains(&format!("{ios} of {total} entries · iOS")),
        "{text}"
    );
}

#[test]
fn the_setup_guide_marks_a_step_walked_by_hand_and_says_what_marks_mean() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    open_first_setup_step(&mut app);
    let entry = app.current_view().unwrap().entry;
    let steps = app.entry(entry).steps.len();
    for _ in 0..steps {
        press(&mut app, KeyCode::Char(' '));
    }
    let title = app.entry(entry).title.clone();
    press(&mut app, KeyCode::Esc);
    let text = screen_text(&mut app, 120, 30);
    let row = text
        .lines()
        .find(|line| line.contains(&title))
        .expect("the step is listed");
    assert!(row.contains(&format!("✓ 1. {title}")), "{row}");
    assert!(text.contains("✓ done or passes · ✗ fails"), "{text}");
}

#[test]
fn t_shows_the_incidents_and_an_event_on_a_timeline_opens_its_entry_for_the_ticket() {
    let (base, report) = shipped();
    let mut app = app(&base, &report);
    scan_in_app(&mut app, "tests/data/incidents");
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("5 attempts across layers (t shows them)"),
        "{status}"
    );
    press(&mut app, KeyCode::Char('t'));
    assert!(app.incidents_shown());
    // The second attempt: Entra signed jane in, the server refused, the app reported it.
    press(&mut app, KeyCode::Down);
    insta::assert_snapshot!(screen(&mut app, 120, 30).backend());

    press(&mut app, KeyCode::Tab);
    let incident = app.scan.incidents()[1].clone();
    let first_failed = incident.events.iter().position(|e| !e.worked);
    assert_eq!(app.scan.event_selected, first_failed);
    assert_eq!(incident.events[1].layer, mamtriage::scan::Layer::Server);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Entry);
    let entry = app.current_view().unwrap().entry;
    assert_eq!(app.entry(entry).id, incident.events[1].entry);
    let exported = app.export_text(entry);
    assert!(
        exported.contains("Incident: incident-2 · 2026-03-02 10:20:01 to 10:20:03 UTC"),
        "{exported}"
    );
    assert!(exported.contains(&incident.verdict), "{exported}");

    // Esc goes back to the timeline, then to the incident list.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Findings);
    assert_eq!(app.scan.event_selected, first_failed);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.scan.event_selected, None);
    assert_eq!(app.screen(), Screen::Findings);
    press(&mut app, KeyCode::Char('t'));
    assert!(!app.incidents_shown());
}
