//! Conversation analysis: the playbook is a sequence, so a threat after a webcam call, or a payment
//! demand after a threat, is more dangerous than either message alone. Only the other party's
//! messages are evidence; the user's own messages are never held against anyone.

use super::detector::Detector;
use super::options::Options;
use super::report::{ChatMessage, ConversationReport, Direction, Escalation, Level, MessageReport, MessageVerdict, StageReached};
use super::scoring::noisy_or;
use super::tables::Stage;

/// A step counts as reached when one message shows it at least this strongly.
const STAGE_REACHED: f32 = 0.3;
/// A webcam or photo request this soon after the first message is a known sign of the scam.
const FAST_TRAP_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// Without timestamps, "soon" means within this many messages of the other party.
const FAST_TRAP_MESSAGES: usize = 12;
/// The score a completed escalation guarantees (danger for threats, warning for a trap).
const THREAT_AFTER_TRAP: f32 = 0.92;
const PAYMENT_AFTER_THREAT: f32 = 0.95;
const TRAP_AFTER_ISOLATION: f32 = 0.62;
const FAST_TRAP_BONUS: f32 = 0.1;

impl Detector {
    /// Analyses an ordered conversation. Stateless: the same messages always give the same report.
    pub fn analyze_conversation(&self, messages: &[ChatMessage], options: &Options) -> ConversationReport {
        let mut out = ConversationReport::default();
        // Highest score of each step so far, and where each step was first reached.
        let mut best = [0.0f32; 5];
        let mut first_at: [Option<usize>; 5] = [None; 5];
        let mut cumulative = 0.0f32;
        let first_incoming_time = messages.iter().find(|m| m.direction != Direction::Out).and_then(|m| m.time);
        let mut incoming_seen = 0usize;

        for (i, message) in messages.iter().enumerate() {
            if message.direction == Direction::Out {
                out.messages.push(MessageVerdict {
                    id: message.id.clone(),
                    direction: message.direction,
                    report: MessageReport { truncated: message.text.len() > crate::text::MAX_TEXT_BYTES, ..Default::default() },
                    context_level: Level::None,
                });
                continue;
            }
            incoming_seen += 1;
            let (report, score) = self.analyze_remembered(&message.text, options);
            let mut newly_reached = Vec::new();
            for stage in Stage::PLAYBOOK {
                let s = score.stages[stage.index()];
                best[stage.index()] = best[stage.index()].max(s);
                if s >= STAGE_REACHED && first_at[stage.index()].is_none() {
                    first_at[stage.index()] = Some(i);
                    newly_reached.push(stage);
                    out.stages.push(StageReached { stage, first_message: message.id.clone(), score: s });
                }
            }
            let reached = |s: Stage| first_at[s.index()].is_some();
            let before = |a: Stage, b: Stage| match (first_at[a.index()], first_at[b.index()]) {
                (Some(x), Some(y)) => x < y || (x == y && a < b),
                _ => false,
            };
            let mut floor = 0.0f32;
            let mut escalate = |kind: &'static str, explain: &'static str, at_least: f32| {
                floor = floor.max(at_least);
                out.escalations.push(Escalation { kind, message: message.id.clone(), explain });
            };
            for &stage in &newly_reached {
                match stage {
                    Stage::Blackmail if before(Stage::Trap, Stage::Blackmail) => {
                        escalate("threat_after_trap", "escalation_threat_after_trap", THREAT_AFTER_TRAP)
                    }
                    Stage::Payment if reached(Stage::Blackmail) => {
                        escalate("payment_after_threat", "escalation_payment_after_threat", PAYMENT_AFTER_THREAT)
                    }
                    Stage::Trap => {
                        if before(Stage::Isolation, Stage::Trap) {
                            escalate("trap_after_isolation", "escalation_trap_after_isolation", TRAP_AFTER_ISOLATION);
                        }
                        let fast = match (first_incoming_time, message.time) {
                            (Some(t0), Some(t)) => t - t0 <= FAST_TRAP_MS,
                            _ => incoming_seen <= FAST_TRAP_MESSAGES,
                        };
                        if fast && incoming_seen > 1 {
                            escalate("fast_trap", "escalation_fast_trap", 0.0);
                            cumulative = (cumulative + FAST_TRAP_BONUS).min(1.0);
                        }
                    }
                    _ => {}
                }
            }
            cumulative = cumulative.max(noisy_or(best)).max(floor);
            // Past a threat, anything that pushes the playbook on (payment, more threats, another
            // call) is read in that light; a compliment is still only a compliment.
            let pushes_on = matches!(report.stage, Some(Stage::Trap | Stage::Blackmail | Stage::Payment));
            let context_score = if pushes_on { cumulative.max(score.score) } else { score.score };
            out.messages.push(MessageVerdict {
                id: message.id.clone(),
                direction: message.direction,
                context_level: Level::from_score(context_score, options),
                report,
            });
        }
        out.score = cumulative;
        out.level = Level::from_score(cumulative, options);
        out.stage = Stage::PLAYBOOK.into_iter().rev().find(|s| first_at[s.index()].is_some());
        for &lang in out.messages.iter().flat_map(|m| &m.report.missing_packs) {
            super::pack::insert_sorted(&mut out.missing_packs, lang, |l| *l);
        }
        out
    }
}
