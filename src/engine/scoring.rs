//! Turns the signals of one message into a score: each rule is an independent piece of evidence
//! (noisy-or), counter-evidence (the text explains the scam rather than runs it) scales it down.
//! One rule written in several language packs is one piece of evidence when its versions match the
//! same words: "manda nudes" fires the Spanish and the Portuguese nudes rules, and counting both
//! made a joke a warning.

use super::options::Options;
use super::report::Signal;
use super::tables::{Family, Stage};

/// How much more a grooming signal weighs in minor mode.
const MINOR_MODE_BOOST: f32 = 1.5;
/// No single piece of evidence is certainty.
const MAX_WEIGHT: f32 = 0.98;

/// The score of one message, and of each playbook step in it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MessageScore {
    pub score: f32,
    /// Per playbook step (index = `Stage as usize`), after counter-evidence.
    pub stages: [f32; 5],
}

impl MessageScore {
    /// The step with the highest score (the later one on a tie), if any.
    pub fn dominant(&self) -> Option<Stage> {
        let mut best: Option<(Stage, f32)> = None;
        for stage in Stage::PLAYBOOK {
            let s = self.stages[stage.index()];
            if s > 0.0 && best.is_none_or(|(_, b)| s >= b) {
                best = Some((stage, s));
            }
        }
        best.map(|(stage, _)| stage)
    }
}

pub fn effective_weight(signal: &Signal, options: &Options) -> f32 {
    let boost = if options.minor_mode && signal.family == Family::Grooming { MINOR_MODE_BOOST } else { 1.0 };
    (signal.weight * boost).min(MAX_WEIGHT)
}

pub fn noisy_or(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights.into_iter().fold(1.0, |miss, w| miss * (1.0 - w.clamp(0.0, 1.0)))
}

/// What a rule looks for, without its pack: `trap.nudes` for `es.trap.nudes` and `pt.trap.nudes`.
fn rule_kind(rule: &str) -> &str {
    rule.split_once('.').map_or(rule, |(_, kind)| kind)
}

/// Two packs' versions of one rule on overlapping words.
fn same_evidence(a: &Signal, b: &Signal) -> bool {
    a.start < b.end && b.start < a.end && rule_kind(a.rule) == rule_kind(b.rule)
}

/// The noisy-or of `stage`'s signals, one piece of evidence per rule however many packs found it
/// (the strongest version counts). No allocation: a message has a handful of signals at most.
fn stage_score(signals: &[Signal], stage: Stage, options: &Options) -> f32 {
    let of_stage = || signals.iter().filter(move |s| s.stage == stage);
    let mut miss = 1.0f32;
    for (i, signal) in of_stage().enumerate() {
        if of_stage().take(i).any(|earlier| same_evidence(earlier, signal)) {
            continue;
        }
        let weight = of_stage().filter(|other| same_evidence(other, signal)).map(|other| effective_weight(other, options)).fold(0.0f32, f32::max);
        miss *= 1.0 - weight.clamp(0.0, 1.0);
    }
    1.0 - miss
}

pub fn score_message(signals: &[Signal], counter: &[Signal], options: &Options) -> MessageScore {
    let keep = 1.0 - noisy_or(counter.iter().map(|s| s.weight));
    let mut stages = [0.0f32; 5];
    for stage in Stage::PLAYBOOK {
        stages[stage.index()] = stage_score(signals, stage, options);
    }
    // Counter-evidence scales the combined score, not each step before combining: an article that
    // quotes a threat and a payment demand is one text about the scam, not two pieces of evidence.
    let score = noisy_or(stages) * keep;
    MessageScore { score, stages: stages.map(|s| s * keep) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(rule: &'static str, start: usize, end: usize, weight: f32) -> Signal {
        Signal { rule, stage: Stage::Trap, family: Family::Sextortion, start, end, text: String::new(), explain: "", weight }
    }

    #[test]
    fn one_rule_in_two_packs_on_the_same_words_counts_once() {
        let options = Options::default();
        let alone = score_message(&[signal("es.trap.nudes", 0, 11, 0.4)], &[], &options).score;
        let twice = score_message(&[signal("es.trap.nudes", 0, 11, 0.4), signal("pt.trap.nudes", 0, 11, 0.4)], &[], &options).score;
        assert_eq!(alone, twice);
        // The strongest version is kept, whichever comes first.
        let mixed = score_message(&[signal("de.contact.fake_profile_job", 0, 20, 0.2), signal("fr.contact.fake_profile_job", 5, 25, 0.25)], &[], &options);
        assert!((mixed.score - 0.25).abs() < 1e-6, "{mixed:?}");
    }

    #[test]
    fn other_rules_or_other_words_still_add_up() {
        let options = Options::default();
        let apart = score_message(&[signal("es.trap.nudes", 0, 11, 0.4), signal("pt.trap.nudes", 20, 31, 0.4)], &[], &options).score;
        let different = score_message(&[signal("es.trap.nudes", 0, 11, 0.4), signal("es.trap.undress", 0, 11, 0.4)], &[], &options).score;
        assert!((apart - 0.64).abs() < 1e-6 && (different - 0.64).abs() < 1e-6, "{apart} {different}");
    }

    #[test]
    fn noisy_or_combines_independent_evidence() {
        assert_eq!(noisy_or([]), 0.0);
        assert!((noisy_or([0.5, 0.5]) - 0.75).abs() < 1e-6);
        assert_eq!(noisy_or([1.0, 0.2]), 1.0);
    }
}
