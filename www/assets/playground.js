// The playground: parse what the visitor pasted or chose, run the engine (the WASM package the
// extension ships) in this page, and show each message's verdict. No network: the text never
// leaves the page; the only requests are for this site's own files.
//
// Every piece of text from the visitor is put in the page as text nodes (el() never parses HTML).
import { el, t, lang, addStrings, onLang, loadAdvice } from './site.js';
import { parseChat, MESSENGER_ME } from './chat.js';
import { SAMPLES } from './samples.js';
import { splitInvisible } from '../shared/invisible.js';

addStrings({
  fr: {
    'input.placeholder': 'Léa: Coucou, tu as un sourire magnifique\nMoi: merci !\nLéa: On continue sur WhatsApp ?',
    'format.auto': 'Automatique',
    'format.whatsapp': 'Export WhatsApp',
    'format.messenger': 'Texte copié de Messenger',
    'format.named': 'Lignes « Nom : texte »',
    'format.lines': 'Un message par ligne',
    'format.single': 'Un seul message',
    'sens.low': 'Basse',
    'sens.normal': 'Normale',
    'sens.high': 'Haute',
    'parsed.as': 'Lu comme : {format}',
    'parsed.whatsapp.android': 'export WhatsApp (Android)',
    'parsed.whatsapp.ios': 'export WhatsApp (iPhone)',
    'parsed.whatsapp': 'export WhatsApp',
    'parsed.messenger': 'texte copié de Messenger',
    'parsed.named': 'lignes « Nom : texte »',
    'parsed.lines': 'un message par ligne',
    'parsed.single': 'un seul message',
    'parsed.messages': '{n} message(s)',
    'parsed.senders': '{n} personne(s)',
    'parsed.skipped': '{n} ligne(s) système ou média ignorée(s)',
    'me.none': 'Je ne sais pas / aucune',
    'me.messengerMe': 'Vous (« Vous avez envoyé »)',
    'sample.tag.scam': 'Exemple · arnaque',
    'sample.tag.benign': 'Exemple · sans danger',
    'sample.loaded': 'Exemple chargé : {title}.',
    'file.loaded': 'Fichier lu dans la page : {name}.',
    'file.error': 'Impossible de lire ce fichier. Choisissez un fichier texte (.txt).',
    'file.tooBig': 'Ce fichier est très gros ({size} Mo) : seuls les 5 premiers Mo sont lus.',
    'engine.loading': 'Chargement du moteur…',
    'engine.ready': 'Moteur Vigie {v}, exécuté dans cette page.',
    'engine.error': 'Le moteur n’a pas pu démarrer dans ce navigateur ({e}). Il faut un navigateur récent avec WebAssembly ; sur le serveur, le paquet se construit avec « cargo xtask wasm ».',
    'status.empty': 'Rien à analyser : collez un texte ou choisissez un exemple.',
    'status.done': 'Analyse terminée : {level}. {flagged} message(s) signalé(s) sur {total}.',
    'level.none': 'aucun signe',
    'level.caution': 'prudence',
    'level.warning': 'alerte',
    'level.danger': 'danger',
    'verdict.none': 'Aucun signe du piège repéré',
    'verdict.caution': 'Quelques signes à surveiller',
    'verdict.warning': 'Plusieurs signes du piège',
    'verdict.danger': 'Danger : chantage ou demande d’argent',
    'verdict.noneText': 'Vigie ne reconnaît que des signes connus du scénario. Si une conversation vous met mal à l’aise, fiez-vous à votre ressenti et parlez-en à quelqu’un.',
    'verdict.stage': 'Étape la plus avancée : {stage}.',
    'verdict.first': 'À faire tout de suite',
    'verdict.evidence': 'À garder comme preuves',
    'verdict.evidenceHint': 'Notez-les avant de bloquer la personne : la police et les plateformes en ont besoin.',
    'link.advice': 'Que faire à cette étape ?',
    'link.tooLate': 'Si c’est déjà arrivé : la liste des gestes',
    'link.report': 'Où signaler, qui peut aider',
    'link.adviceAll': 'Lire les conseils',
    'timeline.title': 'Les étapes du scénario',
    'timeline.reached': 'au message {n}',
    'timeline.notReached': 'non atteinte',
    'timeline.weak': 'indices faibles',
    'level.weak': 'indice faible',
    'escalations.title': 'Ce qui aggrave la situation',
    'escalation.at': 'message {n}',
    'messages.title': 'Les messages',
    'messages.onlyFlagged': 'N’afficher que les messages signalés',
    'messages.noneFlagged': 'Aucun message signalé.',
    'msg.number': 'Message {n}',
    'msg.you': 'vous',
    'msg.stage': 'Étape : {stage}',
    'msg.context': 'Dans le contexte de la conversation : {level}.',
    'msg.prevention': 'Ce message contient des mots de prévention : ils comptent en sa faveur.',
    'msg.truncated': 'Message très long : seul le début a été analysé.',
    'msg.outNote': 'Votre message : il ne compte pas comme indice.',
    'msg.advice': 'Conseils',
    'stage.contact': 'Contact',
    'stage.isolation': 'Isolement',
    'stage.trap': 'Piège',
    'stage.blackmail': 'Chantage',
    'stage.payment': 'Paiement',
    'stage.prevention': 'Prévention',
    'id.bitcoin_address': 'Adresse bitcoin',
    'id.crypto_address': 'Adresse de cryptomonnaie',
    'id.iban': 'IBAN',
    'id.username': 'Pseudo',
    'id.email': 'E-mail',
    'id.phone': 'Téléphone',
    'id.url': 'Lien',
    'id.amount': 'Montant',
    'id.payment_code': 'Code de paiement',
  },
  en: {
    'input.placeholder': 'Lea: Hi, you have a beautiful smile\nMe: thanks!\nLea: Shall we carry on over WhatsApp?',
    'format.auto': 'Automatic',
    'format.whatsapp': 'WhatsApp export',
    'format.messenger': 'Text copied from Messenger',
    'format.named': '“Name: text” lines',
    'format.lines': 'One message per line',
    'format.single': 'A single message',
    'sens.low': 'Low',
    'sens.normal': 'Normal',
    'sens.high': 'High',
    'parsed.as': 'Read as: {format}',
    'parsed.whatsapp.android': 'WhatsApp export (Android)',
    'parsed.whatsapp.ios': 'WhatsApp export (iPhone)',
    'parsed.whatsapp': 'WhatsApp export',
    'parsed.messenger': 'text copied from Messenger',
    'parsed.named': '“Name: text” lines',
    'parsed.lines': 'one message per line',
    'parsed.single': 'a single message',
    'parsed.messages': '{n} message(s)',
    'parsed.senders': '{n} people',
    'parsed.skipped': '{n} system or media line(s) skipped',
    'me.none': 'I don’t know / neither',
    'me.messengerMe': 'You (“You sent”)',
    'sample.tag.scam': 'Example · scam',
    'sample.tag.benign': 'Example · harmless',
    'sample.loaded': 'Example loaded: {title}.',
    'file.loaded': 'File read in the page: {name}.',
    'file.error': 'Could not read this file. Choose a text file (.txt).',
    'file.tooBig': 'This file is very large ({size} MB): only the first 5 MB are read.',
    'engine.loading': 'Loading the engine…',
    'engine.ready': 'Vigie engine {v}, running in this page.',
    'engine.error': 'The engine could not start in this browser ({e}). It needs a recent browser with WebAssembly; on the server, the package is built with “cargo xtask wasm”.',
    'status.empty': 'Nothing to analyse: paste a text or choose an example.',
    'status.done': 'Analysis done: {level}. {flagged} of {total} message(s) flagged.',
    'level.none': 'no sign',
    'level.caution': 'caution',
    'level.warning': 'warning',
    'level.danger': 'danger',
    'verdict.none': 'No sign of the trap found',
    'verdict.caution': 'A few signs to keep an eye on',
    'verdict.warning': 'Several signs of the trap',
    'verdict.danger': 'Danger: blackmail or a demand for money',
    'verdict.noneText': 'Vigie only recognises known signs of the script. If a conversation makes you uneasy, trust your feeling and talk to someone.',
    'verdict.stage': 'Furthest step: {stage}.',
    'verdict.first': 'Do this now',
    'verdict.evidence': 'Keep as evidence',
    'verdict.evidenceHint': 'Write them down before you block the person: the police and the platforms need them.',
    'link.advice': 'What to do at this step?',
    'link.tooLate': 'If it already happened: the checklist',
    'link.report': 'Where to report, who can help',
    'link.adviceAll': 'Read the advice',
    'timeline.title': 'The steps of the script',
    'timeline.reached': 'at message {n}',
    'timeline.notReached': 'not reached',
    'timeline.weak': 'weak signs',
    'level.weak': 'weak sign',
    'escalations.title': 'What makes it worse',
    'escalation.at': 'message {n}',
    'messages.title': 'The messages',
    'messages.onlyFlagged': 'Show flagged messages only',
    'messages.noneFlagged': 'No message flagged.',
    'msg.number': 'Message {n}',
    'msg.you': 'you',
    'msg.stage': 'Step: {stage}',
    'msg.context': 'In the context of the conversation: {level}.',
    'msg.prevention': 'This message contains prevention wording: it counts in its favour.',
    'msg.truncated': 'Very long message: only its beginning was analysed.',
    'msg.outNote': 'Your message: it does not count as evidence.',
    'msg.advice': 'Advice',
    'stage.contact': 'Contact',
    'stage.isolation': 'Isolation',
    'stage.trap': 'Trap',
    'stage.blackmail': 'Blackmail',
    'stage.payment': 'Payment',
    'stage.prevention': 'Prevention',
    'id.bitcoin_address': 'Bitcoin address',
    'id.crypto_address': 'Crypto address',
    'id.iban': 'IBAN',
    'id.username': 'Username',
    'id.email': 'E-mail',
    'id.phone': 'Phone',
    'id.url': 'Link',
    'id.amount': 'Amount',
    'id.payment_code': 'Payment code',
  },
  es: {
    'input.placeholder': 'Lucía: Hola, qué sonrisa tan bonita tienes\nYo: ¡gracias!\nLucía: ¿Seguimos por WhatsApp?',
    'format.auto': 'Automático',
    'format.whatsapp': 'Exportación de WhatsApp',
    'format.messenger': 'Texto copiado de Messenger',
    'format.named': 'Líneas «Nombre: texto»',
    'format.lines': 'Un mensaje por línea',
    'format.single': 'Un solo mensaje',
    'sens.low': 'Baja',
    'sens.normal': 'Normal',
    'sens.high': 'Alta',
    'parsed.as': 'Leído como: {format}',
    'parsed.whatsapp.android': 'exportación de WhatsApp (Android)',
    'parsed.whatsapp.ios': 'exportación de WhatsApp (iPhone)',
    'parsed.whatsapp': 'exportación de WhatsApp',
    'parsed.messenger': 'texto copiado de Messenger',
    'parsed.named': 'líneas «Nombre: texto»',
    'parsed.lines': 'un mensaje por línea',
    'parsed.single': 'un solo mensaje',
    'parsed.messages': '{n} mensaje(s)',
    'parsed.senders': '{n} persona(s)',
    'parsed.skipped': '{n} línea(s) de sistema o de archivos omitida(s)',
    'me.none': 'No lo sé / ninguna',
    'me.messengerMe': 'Usted (sus mensajes enviados)',
    'sample.tag.scam': 'Ejemplo · estafa',
    'sample.tag.benign': 'Ejemplo · sin peligro',
    'sample.loaded': 'Ejemplo cargado: {title}.',
    'file.loaded': 'Archivo leído en la página: {name}.',
    'file.error': 'No se pudo leer este archivo. Elija un archivo de texto (.txt).',
    'file.tooBig': 'Este archivo es muy grande ({size} MB): solo se leen los primeros 5 MB.',
    'engine.loading': 'Cargando el motor…',
    'engine.ready': 'Motor de Vigie {v}, funcionando en esta página.',
    'engine.error': 'El motor no ha podido arrancar en este navegador ({e}). Hace falta un navegador reciente con WebAssembly; en el servidor, el paquete se genera con «cargo xtask wasm».',
    'status.empty': 'No hay nada que analizar: pegue un texto o elija un ejemplo.',
    'status.done': 'Análisis terminado: {level}. {flagged} de {total} mensaje(s) marcado(s).',
    'level.none': 'ninguna señal',
    'level.caution': 'atención',
    'level.warning': 'alerta',
    'level.danger': 'peligro',
    'verdict.none': 'No se ha detectado ninguna señal de la trampa',
    'verdict.caution': 'Algunas señales que conviene vigilar',
    'verdict.warning': 'Varias señales de la trampa',
    'verdict.danger': 'Peligro: chantaje o petición de dinero',
    'verdict.noneText': 'Vigie solo reconoce señales conocidas del guion. Si una conversación le hace sentir incómodo o incómoda, fíese de lo que siente y hable con alguien.',
    'verdict.stage': 'Etapa más avanzada: {stage}.',
    'verdict.first': 'Lo que hay que hacer ya',
    'verdict.evidence': 'Lo que debe guardar como pruebas',
    'verdict.evidenceHint': 'Apúntelos antes de bloquear a la persona: la policía y las plataformas los necesitan.',
    'link.advice': '¿Qué hacer en esta etapa?',
    'link.tooLate': 'Si ya ha pasado: la lista de pasos',
    'link.report': 'Dónde denunciar, quién puede ayudar',
    'link.adviceAll': 'Leer los consejos',
    'timeline.title': 'Las etapas del guion',
    'timeline.reached': 'en el mensaje {n}',
    'timeline.notReached': 'no alcanzada',
    'timeline.weak': 'señales débiles',
    'level.weak': 'señal débil',
    'escalations.title': 'Lo que agrava la situación',
    'escalation.at': 'mensaje {n}',
    'messages.title': 'Los mensajes',
    'messages.onlyFlagged': 'Mostrar solo los mensajes marcados',
    'messages.noneFlagged': 'Ningún mensaje marcado.',
    'msg.number': 'Mensaje {n}',
    'msg.you': 'usted',
    'msg.stage': 'Etapa: {stage}',
    'msg.context': 'En el contexto de la conversación: {level}.',
    'msg.prevention': 'Este mensaje contiene palabras de prevención: cuentan a su favor.',
    'msg.truncated': 'Mensaje muy largo: solo se ha analizado el principio.',
    'msg.outNote': 'Su mensaje: no cuenta como indicio.',
    'msg.advice': 'Consejos',
    'stage.contact': 'Contacto',
    'stage.isolation': 'Aislamiento',
    'stage.trap': 'Trampa',
    'stage.blackmail': 'Chantaje',
    'stage.payment': 'Pago',
    'stage.prevention': 'Prevención',
    'id.bitcoin_address': 'Dirección bitcoin',
    'id.crypto_address': 'Dirección de criptomonedas',
    'id.iban': 'IBAN',
    'id.username': 'Nombre de usuario',
    'id.email': 'Correo electrónico',
    'id.phone': 'Teléfono',
    'id.url': 'Enlace',
    'id.amount': 'Cantidad',
    'id.payment_code': 'Código de pago',
  },
});

const LEVELS = ['none', 'caution', 'warning', 'danger'];
const PLAYBOOK = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const MAX_FILE = 5 * 1024 * 1024;
const rank = (level) => Math.max(0, LEVELS.indexOf(level));
const colon = () => (lang() === 'fr' ? '\u00A0: ' : ': ');

const $ = (id) => document.getElementById(id);
const form = $('form');
const input = $('input');
const fileInput = $('file');
const formatSelect = $('format');
const meSelect = $('me');
const sensitivity = $('sensitivity');
const minor = $('minor');
const parsedInfo = $('parsed-info');
const statusLine = $('status');
const results = $('results');
const resultsEmpty = $('results-empty');
const resultsSection = $('results-section');
const engineStatus = $('engine-status');
const samplesList = $('samples');
const dropzone = $('dropzone');

let parsed = parseChat('');
let last = null; // {messages, report, ids}
let onlyFlagged = null; // null: decided by the size of the conversation

// ---- the engine -----------------------------------------------------------------------------

let engineState = { state: 'loading' };
let engineModule = null;
/** lang → bytes of the rule packs read so far (pkg/packs/: the module carries English and French). */
const packs = new Map();
let enginePromise = (async () => {
  engineModule = await import('../pkg/vigie.js');
  await engineModule.default({ module_or_path: new URL('../pkg/vigie_bg.wasm', import.meta.url) });
  return new engineModule.Engine();
})().then(
  (engine) => {
    engineState = { state: 'ready', version: engine.version() };
    showEngineStatus();
    return engine;
  },
  (err) => {
    engineState = { state: 'error', error: String(err?.message ?? err).slice(0, 200) };
    showEngineStatus();
    return null;
  },
);

/**
 * The engine with the rule packs of `langs` too, read from this site (a verdict names them in
 * `missing_packs` when a message is in a language the module does not carry). A pack that cannot
 * be read is left out: the verdict is then that of the packs there are.
 */
function engineWithPacks(langs) {
  enginePromise = enginePromise.then(async (engine) => {
    const wanted = langs.filter((l) => /^[a-z]{2,8}$/.test(l) && !packs.has(l));
    await Promise.all(wanted.map(async (lang) => {
      try {
        const response = await fetch(new URL(`../pkg/packs/${lang}.pack`, import.meta.url));
        if (response.ok) packs.set(lang, new Uint8Array(await response.arrayBuffer()));
      } catch {
        // Left out; see above.
      }
    }));
    if (!engine || !wanted.some((l) => packs.has(l))) return engine;
    try {
      return new engineModule.Engine([...packs.values()]);
    } catch {
      return engine;
    }
  });
  return enginePromise;
}

function showEngineStatus() {
  engineStatus.textContent =
    engineState.state === 'ready' ? t('engine.ready', { v: engineState.version })
      : engineState.state === 'error' ? t('engine.error', { e: engineState.error })
        : t('engine.loading');
  engineStatus.classList.toggle('error', engineState.state === 'error');
  engineStatus.dataset.state = engineState.state;
}

// ---- input ------------------------------------------------------------------------------------

function reparse() {
  parsed = parseChat(input.value, formatSelect.value);
  renderParsedInfo();
  renderMeOptions();
}

function renderParsedInfo() {
  if (!parsed.messages.length) {
    parsedInfo.textContent = '';
    return;
  }
  const format = parsed.variant ? t(`parsed.${parsed.format}.${parsed.variant}`) : t(`parsed.${parsed.format}`);
  const parts = [t('parsed.as', { format }), t('parsed.messages', { n: parsed.messages.length })];
  if (parsed.senders.length) parts.push(t('parsed.senders', { n: parsed.senders.length }));
  if (parsed.skipped) parts.push(t('parsed.skipped', { n: parsed.skipped }));
  parsedInfo.textContent = parts.join(' · ');
}

const senderLabel = (s) => (s === MESSENGER_ME ? t('me.messengerMe') : s);

function renderMeOptions(preferred) {
  const current = preferred !== undefined ? preferred : meSelect.value;
  const senders = parsed.senders;
  let pick = senders.includes(current) ? current : '';
  if (!pick && preferred === undefined) {
    // Obvious names for oneself: Messenger's "You sent", or a sender called "me"/"moi"/"yo".
    pick = senders.find((s) => s === MESSENGER_ME || /^(me|moi|vous|you|myself|yo)$/i.test(s)) ?? '';
  }
  meSelect.replaceChildren(
    el('option', { value: '' }, t('me.none')),
    ...senders.map((s) => el('option', { value: s }, senderLabel(s))),
  );
  meSelect.value = pick;
}

let reparseTimer = 0;
input.addEventListener('input', () => {
  clearTimeout(reparseTimer);
  reparseTimer = setTimeout(reparse, 150);
});
formatSelect.addEventListener('change', () => {
  reparse();
  if (last) analyze();
});
for (const control of [meSelect, sensitivity, minor]) {
  control.addEventListener('change', () => {
    if (last) analyze();
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(reparseTimer);
  reparse();
  analyze({ reveal: true });
});

$('clear').addEventListener('click', () => {
  input.value = '';
  fileInput.value = '';
  formatSelect.value = 'auto';
  reparse();
  last = null;
  onlyFlagged = null;
  results.hidden = true;
  results.replaceChildren();
  resultsEmpty.hidden = false;
  statusLine.textContent = '';
  input.focus();
});

async function readFile(file) {
  if (!file) return;
  try {
    const blob = file.size > MAX_FILE ? file.slice(0, MAX_FILE) : file;
    const text = await blob.text();
    input.value = text.replace(/^\uFEFF/, '');
    formatSelect.value = 'auto';
    onlyFlagged = null;
    reparse();
    const note = file.size > MAX_FILE ? ` ${t('file.tooBig', { size: Math.round(file.size / 1048576) })}` : '';
    await analyze({ reveal: true, prefix: `${t('file.loaded', { name: file.name })}${note} ` });
  } catch {
    statusLine.textContent = t('file.error');
  }
}

fileInput.addEventListener('change', () => readFile(fileInput.files?.[0]));

// Dropping a file on the text area (or anywhere on the form) reads it; elsewhere, the browser must
// not navigate away to the file.
const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
for (const type of ['dragenter', 'dragover']) {
  form.addEventListener(type, (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dropzone.classList.add('dragging');
  });
}
form.addEventListener('dragleave', (event) => {
  if (!form.contains(event.relatedTarget)) dropzone.classList.remove('dragging');
});
form.addEventListener('drop', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dropzone.classList.remove('dragging');
  readFile(event.dataTransfer.files[0]);
});
for (const type of ['dragover', 'drop']) {
  window.addEventListener(type, (event) => {
    if (hasFiles(event)) event.preventDefault();
  });
}

// ---- samples ----------------------------------------------------------------------------------

function renderSamples() {
  const l = lang();
  // The visitor's language first.
  const ordered = [...SAMPLES].sort((a, b) => (a.lang === l ? 0 : 1) - (b.lang === l ? 0 : 1));
  samplesList.replaceChildren(
    ...ordered.map((s) => el('li', {},
      el('button', { type: 'button', 'data-sample': s.id, onclick: () => loadSample(s) },
        el('span', { class: `tag ${s.kind}` }, t(`sample.tag.${s.kind}`)),
        ' ',
        el('span', {}, s.title[l])))),
  );
}

function loadSample(sample) {
  input.value = sample.text;
  fileInput.value = '';
  formatSelect.value = sample.format;
  minor.checked = Boolean(sample.minor);
  parsed = parseChat(input.value, formatSelect.value);
  renderParsedInfo();
  renderMeOptions(sample.me ?? '');
  onlyFlagged = null;
  analyze({ reveal: true, prefix: `${t('sample.loaded', { title: sample.title[lang()] })} ` });
}

// ---- analysis ---------------------------------------------------------------------------------

function engineMessages() {
  const me = meSelect.value;
  return parsed.messages.map((m, i) => ({
    id: String(i + 1),
    text: m.text,
    direction: me && m.sender ? (m.sender === me ? 'out' : 'in') : 'unknown',
    sender: m.sender === MESSENGER_ME ? null : m.sender,
    time: m.time,
  }));
}

let runId = 0;
async function analyze({ reveal = false, prefix = '' } = {}) {
  const id = ++runId;
  let engine = await enginePromise;
  if (id !== runId) return;
  if (!engine) {
    statusLine.textContent = t('engine.error', { e: engineState.error });
    return;
  }
  if (!parsed.messages.length) {
    last = null;
    results.hidden = true;
    resultsEmpty.hidden = false;
    statusLine.textContent = t('status.empty');
    return;
  }
  const messages = engineMessages();
  const options = { sensitivity: sensitivity.value, minorMode: minor.checked };
  let report;
  try {
    report = engine.analyzeConversation({ messages, options });
    if (report.missing_packs) {
      engine = await engineWithPacks(report.missing_packs);
      if (id !== runId) return;
      report = engine.analyzeConversation({ messages, options });
    }
  } catch (err) {
    statusLine.textContent = t('engine.error', { e: String(err?.message ?? err).slice(0, 200) });
    return;
  }
  const ids = messages.map((m) => (m.direction === 'out' ? [] : safeIdentifiers(engine, m.text)));
  last = { messages, report, ids, prefix };
  await render();
  if (id !== runId) return;
  if (reveal && resultsSection.getBoundingClientRect().top > window.innerHeight * 0.6) {
    resultsSection.scrollIntoView({ block: 'start' });
  }
}

function safeIdentifiers(engine, text) {
  try {
    return engine.identifiers(text);
  } catch {
    return [];
  }
}

const flaggedCount = (report) => report.messages.filter((m) => rank(m.level) > 0 || rank(m.context_level) > 0).length;

async function render() {
  if (!last) return;
  const l = lang();
  const engine = await enginePromise;
  let advice = null;
  try {
    advice = await loadAdvice(l);
  } catch {
    // The verdict still shows; only the stage labels and first steps are missing.
  }
  const { messages, report, ids } = last;
  const explain = (key) => (key ? engine.explanation(key, l) : '');
  const flagged = flaggedCount(report);
  if (onlyFlagged === null) onlyFlagged = messages.length > 60;

  results.replaceChildren(...[
    verdict(report, advice, ids, messages),
    timeline(report),
    report.escalations.length ? escalations(report, explain) : null,
    messageList(report, messages, advice, explain),
  ].filter(Boolean));
  results.hidden = false;
  resultsEmpty.hidden = true;
  statusLine.textContent = `${last.prefix ?? ''}${t('status.done', { level: t(`level.${report.level}`), flagged, total: messages.length })}`;
  last.prefix = '';
}

function levelBadge(level) {
  return el('span', { class: `badge lvl-${level}`, 'data-level': level }, t(`level.${level}`));
}

function verdict(report, advice, ids, messages) {
  const level = report.level;
  const stage = report.stage && PLAYBOOK.includes(report.stage) ? report.stage : null;
  const box = el('div', { class: `verdict lvl-${level}`, id: 'verdict', 'data-level': level },
    el('h3', {}, t(`verdict.${level}`)),
  );
  if (stage) {
    box.append(el('p', {}, t('verdict.stage', { stage: t(`stage.${stage}`) }), ' ', advice?.stage_labels?.[stage] ? el('em', {}, `${advice.stage_labels[stage]}.`) : null));
  }
  if (rank(level) >= 2 && advice) {
    box.append(
      el('h4', {}, t('verdict.first')),
      el('ol', { class: 'first-steps' }, advice.first_steps.map((s) => el('li', { text: s }))),
    );
  }
  if (rank(level) >= 1) {
    const evidence = [];
    const seen = new Set();
    ids.forEach((list) => {
      for (const i of list) {
        const key = `${i.kind}:${i.value}`;
        if (!seen.has(key)) {
          seen.add(key);
          evidence.push(i);
        }
      }
    });
    if (evidence.length) {
      box.append(
        el('h4', {}, t('verdict.evidence')),
        el('p', { class: 'small' }, t('verdict.evidenceHint')),
        el('ul', { class: 'evidence' }, evidence.slice(0, 30).map((i) => el('li', {}, `${t(`id.${i.kind}`)}${colon()}`, el('code', {}, i.value)))),
      );
    }
  }
  if (level === 'none') box.append(el('p', {}, t('verdict.noneText')));
  const links = [];
  if (stage) links.push(el('a', { href: `advice.html#${stage}` }, t('link.advice')));
  if (rank(level) >= 3) links.push(el('a', { href: 'advice.html#too-late' }, t('link.tooLate')));
  if (rank(level) >= 2) links.push(el('a', { href: 'report.html' }, t('link.report')));
  if (!links.length) links.push(el('a', { href: 'advice.html' }, t('link.adviceAll')));
  box.append(el('p', { class: 'verdict-links' }, links.flatMap((a, i) => (i ? [' · ', a] : [a]))));
  return box;
}

function timeline(report) {
  const reached = new Map(report.stages.map((s) => [s.stage, s.first_message]));
  const weak = new Set(report.messages.flatMap((m) => m.signals.map((s) => s.stage)));
  return el('div', { class: 'timeline-block' },
    el('h3', { id: 'timeline-title' }, t('timeline.title')),
    el('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' },
      PLAYBOOK.map((stage) => {
        const at = reached.get(stage);
        const state = at ? el('a', { href: `#msg-${at}` }, t('timeline.reached', { n: at })) : t(weak.has(stage) ? 'timeline.weak' : 'timeline.notReached');
        return el('li', { class: `stage-${stage}${at ? ' reached' : weak.has(stage) ? ' weak' : ''}`, 'data-stage': stage, 'data-reached': at ? 'true' : 'false' },
          el('span', {}, t(`stage.${stage}`)),
          el('span', { class: 'state' }, state));
      })),
  );
}

function escalations(report, explain) {
  return el('div', { class: 'escalations' },
    el('h3', {}, t('escalations.title')),
    el('ul', {}, report.escalations.map((e) => el('li', { 'data-kind': e.kind },
      explain(e.explain) || e.kind, ' (', el('a', { href: `#msg-${e.message}` }, t('escalation.at', { n: e.message })), ')'))),
  );
}

function messageList(report, messages, advice, explain) {
  const byId = new Map(report.messages.map((m) => [m.id, m]));
  // Long exports: items are built when first shown, and the "flagged only" view holds only those.
  const built = new Array(messages.length);
  const item = (i) => (built[i] ??= messageItem(messages[i], byId.get(messages[i].id), parsed.messages[i], advice, explain));
  const isFlagged = (i) => {
    const v = byId.get(messages[i].id);
    return Boolean(v && (rank(v.level) > 0 || rank(v.context_level) > 0));
  };
  const list = el('ol', { class: 'messages', id: 'messages' });
  const toggle = el('input', { type: 'checkbox', id: 'only-flagged', checked: onlyFlagged });
  const none = el('p', { class: 'muted', id: 'none-flagged', text: t('messages.noneFlagged') });
  const apply = () => {
    const shown = [];
    for (let i = 0; i < messages.length; i++) if (!toggle.checked || isFlagged(i)) shown.push(item(i));
    list.replaceChildren(...shown);
    none.hidden = shown.length > 0;
  };
  toggle.addEventListener('change', () => {
    onlyFlagged = toggle.checked;
    apply();
  });
  apply();
  return el('div', { class: 'messages-block' },
    el('h3', {}, t('messages.title')),
    el('div', { class: 'filter' }, toggle, el('label', { for: 'only-flagged' }, t('messages.onlyFlagged'))),
    none,
    list,
  );
}

function messageItem(msg, verdictFor, source, advice, explain) {
  const v = verdictFor ?? { level: 'none', context_level: 'none', signals: [], stage: null };
  const out = msg.direction === 'out';
  const shownLevel = LEVELS[Math.max(rank(v.level), rank(v.context_level))];
  const flagged = rank(shownLevel) > 0;
  const who = source?.sender ? senderLabel(source.sender) : t('msg.number', { n: msg.id });
  const header = el('header', {},
    el('span', { class: 'who' }, who),
    out ? el('span', { class: 'you' }, `(${t('msg.you')})`) : null,
    source?.stamp ? el('span', { class: 'when' }, source.stamp) : null,
    source?.sender ? el('span', { class: 'num visually-hidden' }, t('msg.number', { n: msg.id })) : null,
    flagged ? levelBadge(shownLevel) : !out && v.signals.length ? el('span', { class: 'badge lvl-weak' }, t('level.weak')) : null,
  );
  const body = el('p', { class: 'text' }, highlight(msg.text, v.signals));
  const article = el('article', { class: `msg lvl-${shownLevel}${out ? ' out' : ''}`, id: `msg-${msg.id}`, tabindex: '-1', 'data-level': v.level, 'data-context-level': v.context_level, 'data-direction': msg.direction },
    header, body);
  const stage = v.stage;
  if (stage && PLAYBOOK.includes(stage)) {
    article.append(el('p', { class: 'stage' }, el('strong', {}, t('msg.stage', { stage: t(`stage.${stage}`) })), advice?.stage_labels?.[stage] ? ` — ${advice.stage_labels[stage]}` : ''));
  }
  const sentences = [...new Set(v.signals.map((s) => explain(s.explain)).filter(Boolean))];
  if (sentences.length) article.append(el('ul', { class: 'explain' }, sentences.map((s) => el('li', { text: s }))));
  if (rank(v.context_level) > rank(v.level)) article.append(el('p', { class: 'more' }, t('msg.context', { level: t(`level.${v.context_level}`) })));
  if (v.prevention) article.append(el('p', { class: 'more muted' }, t('msg.prevention')));
  if (v.truncated) article.append(el('p', { class: 'more muted' }, t('msg.truncated')));
  if (stage && PLAYBOOK.includes(stage) && flagged) {
    article.append(el('p', { class: 'more' }, el('a', { href: `advice.html#${stage}` }, `${t('msg.advice')}${colon()}${t(`stage.${stage}`)}`)));
  }
  return el('li', { 'data-flagged': flagged ? 'true' : 'false' }, article);
}

/** The text as nodes, with the signals' spans (UTF-16 offsets) in <mark>; overlaps merged. */
function highlight(text, signals) {
  const ranges = signals
    .map((s) => [Math.max(0, s.start), Math.min(text.length, s.end)])
    .filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && b > a)
    .sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const merged = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([...r]);
  }
  const nodes = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) nodes.push(...visible(text.slice(pos, a)));
    nodes.push(el('mark', {}, ...visible(text.slice(a, b))));
    pos = b;
  }
  if (pos < text.length) nodes.push(...visible(text.slice(pos)));
  return nodes;
}

/** Text nodes, with bidi overrides and zero-width characters shown as markers, not obeyed. */
function visible(text) {
  return splitInvisible(text).map((p) => (p.code ? el('span', { class: 'ctl' }, `[${p.code}]`) : document.createTextNode(p.text)));
}

// ---- language ---------------------------------------------------------------------------------

onLang(() => {
  showEngineStatus();
  renderSamples();
  renderParsedInfo();
  renderMeOptions(meSelect.value);
  if (last) render();
});
