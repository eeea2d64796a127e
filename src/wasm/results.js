// The engine's answers, built on the JavaScript side (see src/wasm/output.rs): one call per object,
// levels and stages passed as numbers, instead of one crossing into JavaScript per field.
// The orders below are those of `Level` and `Stage` in the Rust engine.

const LEVELS = ['none', 'caution', 'warning', 'danger'];
const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment', 'prevention'];

/** A stage number, or -1 for none. */
const stage = (index) => (index < 0 ? null : STAGES[index]);

export function vigie_signal(rule, stageIndex, start, end, text, explain) {
  return { rule, stage: stage(stageIndex), start, end, text, explain };
}

/** `missingPacks`: languages whose rule packs the engine has not loaded and the text has words of. */
export function vigie_message(id, level, contextLevel, score, stageIndex, signals, prevention, truncated, missingPacks) {
  const message = {
    id,
    level: LEVELS[level],
    context_level: LEVELS[contextLevel],
    score,
    stage: stage(stageIndex),
    signals,
    prevention,
    truncated,
  };
  if (missingPacks !== undefined) message.missing_packs = missingPacks;
  return message;
}

export function vigie_stage_reached(stageIndex, firstMessage) {
  return { stage: stage(stageIndex), first_message: firstMessage };
}

export function vigie_escalation(kind, message, explain) {
  return { kind, message, explain };
}

export function vigie_conversation(level, score, stageIndex, stages, escalations, messages, missingPacks) {
  const conversation = { level: LEVELS[level], score, stage: stage(stageIndex), stages, escalations, messages };
  if (missingPacks !== undefined) conversation.missing_packs = missingPacks;
  return conversation;
}

export function vigie_identifier(kind, value, start, end) {
  return { kind, value, start, end };
}
