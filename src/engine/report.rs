//! What an analysis returns: levels, signals with their evidence, conversation verdicts.

use serde::{Deserialize, Serialize};

use super::options::Options;
use super::tables::{Family, Stage};

/// How worried the user should be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    None,
    /// Early signs worth keeping an eye on.
    Caution,
    /// Several signs of the playbook.
    Warning,
    /// Threats or payment demands: act now.
    Danger,
}

impl Level {
    pub fn from_score(score: f32, options: &Options) -> Level {
        let [caution, warning, danger] = options.thresholds();
        if score >= danger {
            Level::Danger
        } else if score >= warning {
            Level::Warning
        } else if score >= caution {
            Level::Caution
        } else {
            Level::None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Caution => "caution",
            Level::Warning => "warning",
            Level::Danger => "danger",
        }
    }
}

/// One rule that fired, with the evidence: where, in bytes of the original text, and what it read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Signal {
    pub rule: &'static str,
    pub stage: Stage,
    pub family: Family,
    /// Byte offsets into the analysed text, on character boundaries.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Key of the plain-language explanation (see [`crate::explanation`]).
    pub explain: &'static str,
    pub weight: f32,
}

/// The verdict on one message.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MessageReport {
    pub level: Level,
    /// 0 (nothing) to 1 (certain).
    pub score: f32,
    /// The playbook step this message belongs to most, `None` when nothing fired.
    pub stage: Option<Stage>,
    /// Signs of the playbook.
    pub signals: Vec<Signal>,
    /// Signs that the text talks *about* the scam (advice, news): they lower the score.
    pub counter_signals: Vec<Signal>,
    /// The text was longer than [`crate::MAX_TEXT_BYTES`] and only its beginning was read.
    pub truncated: bool,
    /// The languages of rule packs this detector does not have that have words of the text, so
    /// could find more in it: analyse it again with them ([`crate::Detector::with_packs`]).
    /// Always empty with every pack (the native build).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_packs: Vec<&'static str>,
}

/// Who wrote a message, from the user's point of view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the other party: evidence.
    In,
    /// From the user: never evidence against the other party.
    Out,
    /// Not known: treated as from the other party.
    #[default]
    Unknown,
}

/// A message of a conversation, as a chat site or an export shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatMessage {
    pub id: String,
    pub text: String,
    pub direction: Direction,
    pub sender: Option<String>,
    /// Milliseconds since 1970-01-01 UTC, when known.
    pub time: Option<f64>,
}

/// A playbook step the conversation has reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageReached {
    pub stage: Stage,
    /// The first message (by id) that showed it.
    pub first_message: String,
    pub score: f32,
}

/// A pattern of progression between messages that makes the conversation more dangerous than
/// each message alone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Escalation {
    /// `threat_after_trap`, `payment_after_threat`, `trap_after_isolation`, `fast_trap`.
    pub kind: &'static str,
    /// The message that completed it.
    pub message: String,
    pub explain: &'static str,
}

/// One message's verdict inside a conversation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageVerdict {
    pub id: String,
    pub direction: Direction,
    #[serde(flatten)]
    pub report: MessageReport,
    /// The level once what came before is taken into account: a harmless-looking "so, will you
    /// pay?" after a threat is danger.
    pub context_level: Level,
}

/// The verdict on a whole conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConversationReport {
    pub level: Level,
    pub score: f32,
    /// The furthest playbook step reached, if any.
    pub stage: Option<Stage>,
    pub stages: Vec<StageReached>,
    pub escalations: Vec<Escalation>,
    pub messages: Vec<MessageVerdict>,
    /// Every message's [`MessageReport::missing_packs`], once each, in language order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_packs: Vec<&'static str>,
}
