//! What the user can tune: how readily Vigie warns, and minor mode.

use serde::{Deserialize, Serialize};

/// How readily a warning is raised. Maps onto the score thresholds of each level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    /// Fewer warnings: only clear cases.
    Low,
    #[default]
    Normal,
    /// More warnings: earlier signs too.
    High,
}

/// Analysis options. `Options::default()` is what a new user gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    pub sensitivity: Sensitivity,
    /// The user is a child or teenager: grooming signals weigh more and warnings come earlier.
    pub minor_mode: bool,
}

impl Options {
    /// The lowest scores of caution, warning and danger.
    pub(crate) fn thresholds(&self) -> [f32; 3] {
        let shift = match self.sensitivity {
            Sensitivity::Low => 0.1,
            Sensitivity::Normal => 0.0,
            Sensitivity::High => -0.1,
        } - if self.minor_mode { 0.05 } else { 0.0 };
        [0.35 + shift, 0.6 + shift, 0.85 + shift]
    }
}
