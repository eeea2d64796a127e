//! Turns the signals of one message into a score: each rule is an independent piece of evidence
//! (noisy-or), counter-evidence (the text explains the scam rather than runs it) scales it down.

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

pub fn score_message(signals: &[Signal], counter: &[Signal], options: &Options) -> MessageScore {
    let keep = 1.0 - noisy_or(counter.iter().map(|s| s.weight));
    let mut stages = [0.0f32; 5];
    for stage in Stage::PLAYBOOK {
        stages[stage.index()] = noisy_or(signals.iter().filter(|s| s.stage == stage).map(|s| effective_weight(s, options)));
    }
    // Counter-evidence scales the combined score, not each step before combining: an article that
    // quotes a threat and a payment demand is one text about the scam, not two pieces of evidence.
    let score = noisy_or(stages) * keep;
    MessageScore { score, stages: stages.map(|s| s * keep) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noisy_or_combines_independent_evidence() {
        assert_eq!(noisy_or([]), 0.0);
        assert!((noisy_or([0.5, 0.5]) - 0.75).abs() < 1e-6);
        assert_eq!(noisy_or([1.0, 0.2]), 1.0);
    }
}
