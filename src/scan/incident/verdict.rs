//! The verdict of an incident: which layer said no first, what worked before it, and so where
//! the fix is. The app's log only reports what the others decided, so it decides only when no
//! other layer recorded the attempt.

use super::Layer;
use crate::scan::time;

/// One record of the story, in time order.
pub struct Step<'a> {
    pub layer: Layer,
    pub worked: bool,
    /// Milliseconds UTC, where known.
    pub at: Option<i64>,
    pub title: &'a str,
}

/// Where the fix is when `layer` said no.
fn where_to_fix(layer: Layer) -> &'static str {
    match layer {
        Layer::Entra => {
            "so fix it in Entra (Conditional Access, consent, assignment or the user's sign-in), \
             not on the Mattermost server"
        }
        Layer::Server => {
            "so fix the Mattermost server's side (its Intune settings, or the user's account), \
             not Entra"
        }
        Layer::Sdk => {
            "so fix it in Intune (app protection policy, licence or the device's enrollment), \
             not on the server or in Entra"
        }
        Layer::Mobile => {
            "only the app recorded it; add the server log and the Entra sign-ins of that time \
             to learn which layer said no"
        }
    }
}

fn said_no(layer: Layer) -> &'static str {
    match layer {
        Layer::Entra => "Entra refused the sign-in",
        Layer::Server => "the server refused it",
        Layer::Sdk => "Intune enrollment failed",
        Layer::Mobile => "the app reported",
    }
}

/// "Entra issued the token at 10:02:10; the server refused it 1.4 s later: …, so …".
pub fn verdict(steps: &[Step]) -> String {
    let failed = |step: &&Step| !step.worked;
    let decided = steps
        .iter()
        .filter(failed)
        .find(|step| step.layer != Layer::Mobile)
        .or_else(|| steps.iter().find(failed));
    let Some(decided) = decided else {
        return "every layer worked".to_string();
    };
    let signed_in = steps.iter().find(|step| {
        step.worked
            && step.layer == Layer::Entra
            && decided.layer != Layer::Entra
            && matches!((step.at, decided.at), (Some(a), Some(b)) if a <= b)
    });
    let failure = format!("{}: {}", said_no(decided.layer), decided.title);
    let sentence = match (signed_in, decided.at) {
        (Some(sign_in), Some(at)) => format!(
            "Entra issued the token at {}; {} later, {failure}",
            clock(sign_in.at),
            elapsed(at - sign_in.at.unwrap_or(at))
        ),
        (None, at) => format!("at {}, {failure}", clock(at)),
        (Some(_), None) => failure,
    };
    let mut sentence = capitalised(&sentence);
    sentence.push_str(", ");
    sentence.push_str(where_to_fix(decided.layer));
    sentence
}

fn clock(at: Option<i64>) -> String {
    match at {
        Some(at) => {
            let full = time::rfc3339(at);
            // `2026-03-02T10:15:42.118Z` → `10:15:42 UTC`
            let clock = full.get(11..19).unwrap_or(&full);
            format!("{clock} UTC")
        }
        None => "an unknown time".to_string(),
    }
}

fn elapsed(millis: i64) -> String {
    if millis < 60_000 {
        format!("{:.1} s", millis as f64 / 1000.0)
    } else {
        format!("{} min {} s", millis / 60_000, (millis % 60_000) / 1000)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(layer: Layer, worked: bool, at: i64, title: &str) -> Step<'_> {
        Step {
            layer,
            worked,
            at: Some(at),
            title,
        }
    }

    #[test]
    fn a_server_refusal_after_a_sign_in_blames_the_server() {
        let steps = [
            step(Layer::Entra, true, 1_772_445_730_000, "Sign-in succeeded"),
            step(Layer::Server, false, 1_772_445_731_400, "Invalid tenant id"),
            step(Layer::Mobile, false, 1_772_445_732_000, "Invalid tenant id"),
        ];
        assert_eq!(
            verdict(&steps),
            "Entra issued the token at 10:02:10 UTC; 1.4 s later, the server refused it: \
             Invalid tenant id, so fix the Mattermost server's side (its Intune settings, or \
             the user's account), not Entra"
        );
    }

    #[test]
    fn an_entra_refusal_decides_even_when_the_app_logged_first() {
        let steps = [
            step(Layer::Mobile, false, 1_000, "Blocked"),
            step(Layer::Entra, false, 2_000, "Conditional Access blocked it"),
        ];
        let said = verdict(&steps);
        assert!(
            said.starts_with(
                "At 00:00:02 UTC, Entra refused the sign-in: Conditional Access blocked it, so"
            ),
            "{said}"
        );
        assert!(said.contains("fix it in Entra"), "{said}");
    }

    #[test]
    fn the_app_alone_says_what_else_to_gather() {
        let steps = [step(Layer::Mobile, false, 1_000, "Account Not Set Up")];
        assert!(verdict(&steps).contains("add the server log"));
    }
}
