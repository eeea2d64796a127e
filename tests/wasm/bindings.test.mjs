// The WebAssembly bindings (src/wasm/), loaded the way the extension and the site load them:
// the `--target web` package from pkg/, initialised from the .wasm bytes. Run after `cargo xtask wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { initSync, Engine } = await import(`${root}pkg/vigie.js`);
initSync({ module: readFileSync(`${root}pkg/vigie_bg.wasm`) });
const engine = new Engine();

test('a threat in a conversation is danger, with UTF-16 spans that JavaScript can slice', () => {
  const threat = '😡😡 Je vais envoyer la vidéo à ta famille';
  const verdict = engine.analyzeConversation({
    messages: [
      { id: 'a', text: 'coucou', direction: 'out' },
      { id: 'b', text: threat, direction: 'in', sender: 'X', time: 1000 },
    ],
    options: { sensitivity: 'normal', minorMode: false },
  });
  assert.equal(verdict.level, 'danger');
  assert.equal(verdict.messages.length, 2);
  assert.equal(verdict.messages[0].context_level, 'none');
  const message = verdict.messages[1];
  assert.equal(message.id, 'b');
  assert.equal(message.context_level, 'danger');
  assert.ok(message.signals.length > 0);
  for (const s of message.signals) {
    assert.equal(threat.slice(s.start, s.end), s.text, `span ${s.start}..${s.end} must read back ${s.text}`);
  }
});

test('options are optional and a calm message is none', () => {
  const r = engine.analyzeMessage("On s'appelle ce soir mon amour ?", undefined);
  assert.equal(r.level, 'none');
  assert.deepEqual(r.signals, []);
  assert.equal(r.stage, null);
});

test('bad input is a JavaScript error, not a crash', () => {
  assert.throws(() => engine.analyzeConversation({ messages: 'nope' }), /analyzeConversation/);
  assert.throws(() => engine.analyzeMessage('x', { sensitivity: 'loud' }), /options/);
  // The engine is still usable afterwards.
  assert.equal(engine.analyzeMessage('bonjour', null).level, 'none');
});

test('each input field of the wrong type is named in the error; unknown and missing fields are fine', () => {
  const bad = [
    [{ messages: [{ id: 7, text: 'x' }] }, /messages\[0\]: id must be a string/],
    [{ messages: [{ text: 'a' }, { text: 42 }] }, /messages\[1\]: text must be a string/],
    [{ messages: [{ text: 'x', direction: 'sideways' }] }, /direction must be "in" or "out" or "unknown"/],
    [{ messages: [{ text: 'x', time: 'yesterday' }] }, /time must be a number/],
    [{ messages: ['just text'] }, /messages\[0\]: a message must be an object/],
    [{ messages: [], options: { minorMode: 'yes' } }, /options: minorMode must be true or false/],
    [{ messages: [], options: [] }, /options: options must be an object/],
    ['messages', /must be an object/],
    [null, /must be an object/],
  ];
  for (const [input, message] of bad) {
    assert.throws(() => engine.analyzeConversation(input), message, JSON.stringify(input));
  }
  assert.throws(() => engine.analyzeMessage('x', 'high'), /analyzeMessage options: options must be an object/);
  const loose = engine.analyzeConversation({ messages: [{ text: 'Je vais envoyer la vidéo à ta famille', extra: { deep: 1 }, sender: null, time: null }], v: 2 });
  assert.equal(loose.messages.length, 1);
  assert.equal(loose.messages[0].id, '');
  assert.equal(loose.level, 'danger');
  assert.equal(engine.analyzeConversation({}).messages.length, 0);
  const minor = engine.analyzeMessage('tu es en quelle classe ? tes parents sont là ce soir ?', { minorMode: true, sensitivity: 'high' });
  const adult = engine.analyzeMessage('tu es en quelle classe ? tes parents sont là ce soir ?', { minorMode: false, sensitivity: 'low' });
  assert.ok(minor.score >= adult.score && minor.level !== 'none', `minor ${minor.level} ${minor.score} / adult ${adult.level} ${adult.score}`);
});

test('identifiers carry UTF-16 spans and explanations exist in every UI language', () => {
  const text = '🙂 paie sur 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';
  const ids = engine.identifiers(text);
  assert.equal(ids.length, 1);
  assert.equal(ids[0].kind, 'bitcoin_address');
  assert.equal(text.slice(ids[0].start, ids[0].end), ids[0].value);
  assert.match(engine.explanation('threat_share_video', 'fr'), /chantage/);
  assert.match(engine.explanation('threat_share_video', 'en'), /blackmail/);
  assert.match(engine.explanation('threat_share_video', 'es'), /chantaje/);
  assert.equal(engine.explanation('threat_share_video', 'de'), engine.explanation('threat_share_video', 'en'), 'no German sentences: English');
  assert.match(engine.version(), /^\d+\.\d+\.\d+/);
});

test('texts cross whole whatever their length and alphabet (src/wasm/js_text.rs)', () => {
  const threat = 'Je vais envoyer la vidéo à ta famille';
  // Past the first 16 KiB of the engine's text buffer (up to the 64 KiB it reads), in one-, two-
  // and four-byte characters, then a text whose buffer is given back afterwards, then short ones.
  for (const [filler, counts] of [['é', [0, 9000, 30000]], ['😡', [0, 5000, 15000]], ['a', [0, 20000, 60000]]]) {
    for (const count of counts) {
      const text = `${filler.repeat(count)} ${threat}`;
      const r = engine.analyzeMessage(text, null);
      assert.equal(r.level, 'danger', `${count} × ${filler}`);
      for (const s of r.signals) assert.equal(text.slice(s.start, s.end), s.text, `${count} × ${filler}`);
    }
  }
  const huge = engine.analyzeMessage(`${threat} ${'ça va ? '.repeat(40000)}`, null);
  assert.equal(huge.level, 'danger');
  assert.equal(huge.truncated, true);
  const conversation = engine.analyzeConversation({ messages: [{ id: 'a', text: 'é'.repeat(30000) }, { id: 'b', text: threat }] });
  assert.equal(conversation.messages[1].level, 'danger');
  assert.equal(engine.analyzeMessage('', null).level, 'none');
  assert.equal(engine.analyzeMessage('bonjour', null).signals.length, 0);
  for (const notText of [42, null, undefined, { text: threat }, ['x']]) {
    assert.throws(() => engine.analyzeMessage(notText, null), /analyzeMessage: the text must be a string/, String(notText));
  }
});

test('lone surrogates from the DOM do not break anything', () => {
  const r = engine.analyzeMessage('vid\uD800éo à ta famille \uDC00', null);
  assert.ok(['none', 'caution', 'warning', 'danger'].includes(r.level));
});

// The rule packs: English and French in the module, the others read from pkg/packs/ when a
// verdict names them (what the extension's service worker does, extension/background/engine.js).
const { packFiles } = await import(`${root}tests/e2e/support/engine.mjs`);

test('the module reads English and French; a Spanish threat names the packs it needs', () => {
  assert.deepEqual(engine.languages(), ['en', 'fr']);
  assert.deepEqual(Engine.packLanguages(), ['de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
  assert.deepEqual(Engine.compiledLanguages(), ['en', 'fr']);
  const threat = 'Tengo grabada nuestra videollamada. Si no me pagas, envío el vídeo a toda tu familia.';
  const first = engine.analyzeConversation({ messages: [{ id: 'm', text: threat, direction: 'in' }] });
  assert.ok(first.missing_packs?.includes('es'), JSON.stringify(first.missing_packs));
  assert.deepEqual(first.messages[0].missing_packs, first.missing_packs);
  assert.ok(first.messages[0].signals.every((s) => !s.rule.startsWith('es.')));
  // A calm French message names none: the field is absent, not an empty list.
  const calm = engine.analyzeConversation({ messages: [{ id: 'c', text: 'On se voit demain au resto ?', direction: 'in' }] });
  assert.equal('missing_packs' in calm, false);
  assert.equal('missing_packs' in calm.messages[0], false);

  const every = new Engine(packFiles());
  assert.deepEqual(every.languages(), Engine.packLanguages());
  const second = every.analyzeConversation({ messages: [{ id: 'm', text: threat, direction: 'in' }] });
  assert.equal('missing_packs' in second, false);
  assert.ok(second.messages[0].signals.some((s) => s.rule.startsWith('es.')));
  assert.equal(second.level, 'danger');
});

test('a file that is not a rule pack is refused with a readable error', () => {
  assert.throws(() => new Engine([new Uint8Array([1, 2, 3])]), /Engine: not a Vigie rule pack/);
  assert.throws(() => new Engine([packFiles()[0].slice(0, 40)]), /Engine: the pack file is cut short/);
  assert.throws(() => new Engine(['not bytes']), /Engine/);
  // The same pack twice, and packs already compiled in, are read once.
  const twice = new Engine([packFiles()[0], packFiles()[0]]);
  assert.equal(twice.languages().length, 3);
});
