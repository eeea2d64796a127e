// The benchmark corpus: deterministic (seeded) chat-like messages in French and English, mostly
// everyday text (with the words scams also use: video, photos, famille, payer, code…), a small
// fraction carrying trigger phrases, some of them obfuscated the way scammers do (l33t, spaced
// letters, look-alike letters, zero-width characters, emoji). Pure integer PRNG: node and the
// browser generate byte-identical corpora from the same seed.
//
// Two random streams: the base stream decides every message and where triggers go; a second stream
// draws the rule-derived trigger phrases from the compiled rule tables. So the everyday text and
// the positions of triggers stay identical when rules are added; only rule-derived phrases change.

export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const r = () => next() / 4294967296;
  r.int = (n) => Math.floor(r() * n);
  r.pick = (a) => a[Math.floor(r() * a.length)];
  r.chance = (p) => r() < p;
  return r;
}

const FR = [
  'salut ça va ?', 'coucou toi', 'on se voit demain après le boulot ?', "t'es où là ?", "j'arrive dans 10 min",
  "n'oublie pas d'acheter du pain en rentrant stp", 'trop bien la soirée hier, merci encore pour l\'invitation',
  'maman demande si tu viens dimanche pour le repas de famille', "j'ai envoyé les photos du mariage à toute la famille",
  'tu peux m\'envoyer la vidéo de la fête de Léa ?', 'le train a encore 20 minutes de retard, je suis dégoûté',
  'on fait un appel vidéo ce soir avec les enfants ?', 'ma carte bancaire ne passe plus, je dois appeler la banque',
  "j'ai payé le loyer, tu me rembourses ta part quand tu peux", 'le code du portail a changé : 4821B',
  'tu as vu le match hier ? incroyable la fin', "c'est l'anniversaire de papa samedi, on lui offre quoi ?",
  'je suis crevé, grosse journée au taf', 'on commande des pizzas ce soir ?', 'rdv à 18h30 devant la gare',
  'bisous à demain', 'haha trop drôle 😂', 'ok ça marche', 'je te rappelle plus tard, je suis en réunion',
  "est-ce que quelqu'un a le numéro du plombier ?", 'la réunion de parents d\'élèves est jeudi à 17h',
  'mon téléphone est presque mort, je te vois tout à l\'heure', 'il fait super beau, on va à la plage ?',
  "j'ai perdu mes clés, t'aurais un double ?", 'le colis est arrivé, merci !', 'tu peux venir me chercher à l\'école ?',
  'je t\'envoie le lien de la vidéo, elle est trop mignonne', 'on partage l\'essence pour le trajet ? 40 euros chacun',
  'les photos de vacances sont sur le drive de la famille', 'je suis passé chez ta mère, elle va bien',
  "j'ai regardé le film que tu m'as conseillé, génial", 'tu veux qu\'on aille courir dimanche matin ?',
  'le prof a mis les notes en ligne', 'on se fait une visio avec mamie ce week-end ?', 'je paie le resto, tu paies le ciné',
  'ma sœur a eu son bébé !! une petite fille 3,2 kg', 'le wifi ne marche plus à la maison', 'qui vient au foot mercredi ?',
  "je t'aime mon cœur ❤️", 'bonne nuit, dors bien', 'tu as fini tes devoirs ?', 'je serai en retard, commence sans moi',
  'merci pour le virement, bien reçu', 'la facture EDF est de 87,40 €', 'on se retrouve au café en bas de chez toi',
  "n'oublie pas ton rendez-vous chez le dentiste à 9h", 'je crois que j\'ai attrapé la grippe', 'trop hâte de te voir !!',
];
const EN = [
  'hey how are you?', "what's up", 'did you see the match last night, unbelievable ending', "I'll call you when I get home",
  'the train is late again, ugh', 'can you send me the photos from the trip when you have time', 'love you, see you tonight',
  'mom says dinner is at 7', 'just landed ✈️', 'can you pick up milk on your way back?', "I'm stuck in traffic, 15 min",
  'happy birthday!! 🎉🎉', 'let\'s do a video call with grandma on Sunday', 'I sent the wedding video to the whole family',
  'my card got declined at the store, calling the bank now', 'I paid the rent, send me your half whenever',
  'the wifi password is on the fridge', 'who is coming to the game on Saturday?', 'thanks for the gift card, so sweet of you',
  'running late, start without me', 'lol that meme 😂', 'ok sounds good', 'in a meeting, call you later',
  'does anyone have the plumber\'s number?', 'parent-teacher meeting is Thursday at 5pm', 'my phone is about to die',
  'beach tomorrow if the weather holds?', 'found your keys in my bag', 'package arrived, thanks!', 'can you get the kids from school?',
  'check out this video, the puppy is adorable', 'splitting gas for the road trip, $40 each?', 'photos are in the shared album',
  'stopped by your mom\'s, she\'s doing great', 'watched the movie you recommended, amazing', 'want to go for a run Sunday morning?',
  'grades are posted online', 'my sister had her baby!! 7 lbs 2 oz', 'internet is down at home again', 'good night, sleep well',
  'did you finish your homework?', 'thanks for the transfer, got it', 'the electric bill is $87.40', 'meet you at the coffee shop downstairs',
  'dentist appointment at 9, don\'t forget', 'I think I caught the flu', 'can\'t wait to see you!!', 'the code for the gate changed: 4821B',
  'I\'ll bring snacks for the movie night', 'are we still on for lunch?', 'congrats on the new job!!', 'the meeting moved to 3:30',
];
const FR_LONG = [
  'Bonjour à tous, vous trouverez ci-joint le compte rendu de la réunion de mardi.', 'Merci de me faire un retour avant vendredi.',
  'Le budget prévisionnel a été revu à la hausse de 12 % suite aux devis reçus.', 'Pensez à mettre à jour vos mots de passe sur l\'intranet.',
  'Les photos de la journée d\'équipe sont disponibles sur le partage.', 'La vidéo de présentation sera diffusée en interne la semaine prochaine.',
  'Nous vous rappelons que la cantine sera fermée le 14.', 'Pour toute question, contactez le secrétariat au 01 23 45 67 89.',
  'Votre commande n° 58213 a bien été expédiée et sera livrée sous 48 heures.', 'Cordialement,', 'Bien à vous,',
];
const EN_LONG = [
  'Hi all, please find attached the minutes from Tuesday\'s meeting.', 'Please get back to me before Friday.',
  'The projected budget was revised up by 12% after the quotes came in.', 'Remember to update your passwords on the intranet.',
  'Photos from the team day are available on the shared drive.', 'The presentation video will be shared internally next week.',
  'Reminder: the cafeteria will be closed on the 14th.', 'For any question, contact the office at +1 555 0134.',
  'Your order #58213 has shipped and will arrive within 48 hours.', 'Best regards,', 'Kind regards,',
];
const FR_SCAM = [
  "j'ai tout enregistré, je vais envoyer la vidéo à ta famille", 'envoie les codes PCS de 250 euros avant ce soir',
  'ajoute moi sur snapchat c\'est notre secret', 'mets ta cam et enlève ton haut bébé', 'si tu paies pas 500€ je diffuse la vidéo à tes amis',
  "j'ai filmé notre appel, tout le monde va voir", 'tu as 24h pour payer par western union', 'envoie moi des photos de toi nue',
  'achète des cartes transcash et envoie moi les codes', 'personne ne doit savoir, supprime nos messages', 'on passe sur whatsapp mon amour',
  'je suis militaire en mission en Syrie, veuf avec une fille', 'paie en bitcoin sinon je publie tout sur facebook',
];
const EN_SCAM = [
  'pay 500 dollars in bitcoin within 48 hours or I send it to your contacts', 'take off your clothes on cam for me baby',
  'I recorded you, I will send the video to your family', 'buy google play gift cards and send me the codes',
  'add me on snapchat, this is our little secret', 'send me a nude pic first', 'I hacked your webcam and I know your password',
  'you have 24 hours to pay or everyone sees it', 'let\'s move to whatsapp, I don\'t use this app much', 'I am a soldier on a peace mission, widower',
  'send the money by western union today', 'don\'t tell your parents about us', 'I have your video, your friends will all get it',
];
const EMOJI = ['😂', '❤️', '👍', '🙏', '😅', '🎉', '😘', '🔥', '😭', '🤔', '📷', '📹', '💰', '🤫', '✨', '🥰', '😊', '👀'];
const FILLER = ['vraiment', 'tout', 'bien', 'la', 'de', 'really', 'all', 'the', 'just', 'now', 'vite', 'stp', 'please', 'bb', 'ok'];
const SUFFIX = ['', 'e', 'er', 'es', 'ee', 'ait', 'ing', 'ed', 's'];

const LEET = { a: '4', e: '3', i: '1', o: '0', s: '$', t: '7' };
const LOOK = { a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441', x: '\u0445', i: '\u0456' };
const ACCENT = { e: 'é', a: 'à', u: 'ù', i: 'î', o: 'ô', c: 'ç' };

/** One obfuscation of a phrase, the ones the normaliser undoes. */
function obfuscate(r, text) {
  const words = text.split(' ');
  const i = r.int(words.length);
  const w = words[i];
  switch (r.int(8)) {
    case 0: // l33t inside a word
      words[i] = w.replace(/[aeiost]/g, (c) => (r.chance(0.6) ? LEET[c] : c));
      break;
    case 1: // spaced or dotted letters
      if (/^[a-zA-Z]{3,}$/.test(w)) words[i] = w.split('').join(r.pick([' ', '.', '-']));
      break;
    case 2: // look-alike letters
      words[i] = w.replace(/[aeopcxi]/g, (c) => (r.chance(0.5) ? LOOK[c] : c));
      break;
    case 3: // zero-width characters
      words[i] = w.split('').join('\u200b');
      break;
    case 4: // repeated letters
      words[i] = w.replace(/([aeiou])/, '$1$1$1$1');
      break;
    case 5: // capitals and accents
      return text.toUpperCase().replace(/[EAU]/g, (c) => (r.chance(0.2) ? ACCENT[c.toLowerCase()].toUpperCase() : c));
    case 6: // full-width
      words[i] = w.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      break;
    default: // an emoji in place of a word
      return text.replace(/\bvid[eé]o\b/, '📹').replace(/\bphotos?\b/, '📷') + ' ' + r.pick(EMOJI);
  }
  return words.join(' ');
}

/** A phrase built from one pattern of a rule: one alternative per term, filler words in gaps. */
function fromRule(r, tables) {
  const rules = tables.rules.filter((x) => x.patterns.length > 0);
  if (rules.length === 0) return null;
  const rule = r.pick(rules);
  const pattern = r.pick(rule.patterns);
  const out = [];
  pattern.forEach((term, k) => {
    if (k > 0) for (let g = r.int(term.gap + 1); g > 0; g--) out.push(r.pick(FILLER));
    for (const id of r.pick(term.alts)) {
      const w = tables.words[id];
      out.push(w.kind === 'exact' ? w.text : w.kind === 'prefix' ? w.text + r.pick(SUFFIX) : String(10 + r.int(990)));
    }
  });
  return out.join(' ');
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One message from the base stream `r`; `q` draws rule-derived phrases; `scamRate`: share with a trigger. */
function message(r, q, tables, scamRate) {
  const fr = r.chance(0.55);
  const pool = fr ? FR : EN;
  const kind = r();
  const parts = [];
  if (kind < 0.5) {
    parts.push(r.pick(pool));
    if (r.chance(0.35)) parts.push(r.pick(pool));
  } else if (kind < 0.85) {
    for (let n = 2 + r.int(5); n > 0; n--) parts.push(r.pick(pool));
  } else {
    parts.push(fr ? 'Objet : ' + r.pick(FR_LONG) : 'Subject: ' + r.pick(EN_LONG));
    for (let n = 8 + r.int(24); n > 0; n--) parts.push(r.chance(0.7) ? r.pick(fr ? FR_LONG : EN_LONG) : capitalise(r.pick(pool)));
  }
  // Draw everything from the base stream before deciding on rule-derived content.
  const scam = r.chance(scamRate);
  const useRule = r.chance(0.5);
  const scamPhrase = r.pick(fr ? FR_SCAM : EN_SCAM);
  const obf = r.chance(0.3);
  const at = r.int(parts.length + 1);
  const seedObf = r.int(1 << 30);
  if (scam) {
    let phrase = (useRule && tables && fromRule(q, tables)) || scamPhrase;
    if (obf) phrase = obfuscate(rng(seedObf), phrase);
    parts.splice(at, 0, phrase);
  }
  let text = parts.join(kind < 0.85 ? r.pick([' ', '. ', ' ', '\n']) : r.pick(['\n', ' ']));
  const style = r();
  if (style < 0.3) text = capitalise(text);
  else if (style < 0.33) text = text.replace(/([aeiou])\b/, '$1$1$1$1');
  else if (style < 0.35) text = text.toUpperCase();
  if (r.chance(0.2)) text += ' ' + r.pick(EMOJI);
  return text;
}

export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** ~`targetBytes` of UTF-8 text in chat messages; ~3 % carry a trigger phrase. */
export function generateCorpus({ seed = 0x5eed, targetBytes = 10_000_000, tables = null, scamRate = 0.03 } = {}) {
  const r = rng(seed);
  const q = rng(seed ^ 0x9e3779b9);
  const messages = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const m = message(r, q, tables, scamRate);
    messages.push(m);
    bytes += utf8Length(m);
  }
  return { messages, bytes };
}

/** `count` messages of exactly `length` UTF-16 units (no split surrogate pair), ~5 % with a trigger. */
export function generateLatencySet({ seed = 0x200, count = 2000, length = 200, tables = null, scamRate = 0.05 } = {}) {
  const r = rng(seed);
  const q = rng(seed ^ 0x9e3779b9);
  const out = [];
  while (out.length < count) {
    let text = message(r, q, tables, scamRate);
    while (text.length < length) text += ' ' + message(r, q, tables, 0);
    text = text.slice(0, length);
    if ((text.charCodeAt(length - 1) & 0xfc00) === 0xd800) text = text.slice(0, length - 1) + '.';
    out.push(text);
  }
  return out;
}

/** Short random strings over the characters the normaliser treats specially (equivalence only). */
export function generateFuzz({ seed = 0xf022, count = 20000 } = {}) {
  const r = rng(seed);
  const atoms = [
    'a', 'b', 'e', 'o', 'i', 's', 't', 'x', 'A', 'E', 'O', '0', '1', '3', '4', '5', '7', '8', '9', '@', '$', '!', '€', '£', '₿',
    ' ', ' ', ' ', '  ', '.', '-', '_', '*', '/', '+', '|', ',', "'", '\n', 'é', 'È', 'ç', 'œ', 'Æ', 'ß', 'þ', 'ł', 'ș', 'ƒ',
    '\u0301', '\u200b', '\ufeff', '\u00ad', 'а', 'е', 'о', 'р', 'с', 'и', 'д', 'ο', 'α', 'ν', 'ｗ', 'ｅ', '．', '𝐯', '𝐢', '𝟏',
    'ⓐ', '🅰', '🇦', 'ℎ', 'ℯ', '📹', '📷', '💰', '🤫', '😀', '中', '文', '٣', '½', '²', 'aaa', 'ooo', '###', 'vid3o',
    'w e b c a m', 'b.i.t.c.o.i.n', 'video', 'famille', 'jve', 'westernunion', 'western union', 'ta famille', 'your family',
  ];
  const out = [];
  for (let n = 0; n < count; n++) {
    let t = '';
    for (let k = 1 + r.int(30); k > 0; k--) t += r.pick(atoms);
    out.push(t);
  }
  // Texts past the 64 KiB cut, with multi-byte characters across the cut.
  out.push('é'.repeat(40000) + ' video famille');
  out.push('ta famille 📹 '.repeat(6000));
  out.push('a '.repeat(40000));
  out.push('a2'.repeat(35000)); // more than 32,768 words in the first 64 KiB
  return out;
}

/**
 * Rule phrases with their letters spaced out (equivalence only): the normaliser joins 3+ spaced
 * letters and the engine cuts them back into rule words (`cut_joined`), which the generated corpus
 * and the fuzz strings reach only a few times. Each text: 1 to 4 parts (a rule alternative, a rule
 * word, or a filler), endings added at random, letters spaced by one separator (phrases sometimes
 * split by a wider gap), some capitals, some plain words around.
 */
export function generateSpaced({ seed = 0x5ace, count = 5000, tables } = {}) {
  const r = rng(seed);
  const text = (id) => tables.words[id].text;
  const isLetters = (w) => w !== undefined && /^[a-z]+$/.test(w);
  const words = tables.words.map((w) => w.text).filter(isLetters);
  const alts = [];
  for (const rule of tables.rules) {
    for (const terms of rule.patterns) for (const t of terms) for (const a of t.alts) if (a.every((id) => isLetters(text(id)))) alts.push(a.map(text));
  }
  const fillers = ['a', 'x', 'le', 'ta', 'de', 'ok', 'lol', 'mdr', 'zzz', 'es', 's'];
  const endings = ['s', 'e', 'es', 'er', 'ez', 'ing'];
  const seps = [' ', ' ', '.', '-', '_', '*', '/', '+', '|'];
  const out = [];
  for (let n = 0; n < count; n++) {
    const parts = [];
    for (let k = 1 + r.int(4); k > 0; k--) {
      const x = r();
      if (x < 0.5) parts.push(...r.pick(alts));
      else if (x < 0.8) parts.push(r.pick(words));
      else parts.push(r.pick(fillers));
      if (r.chance(0.25)) parts[parts.length - 1] += r.pick(endings);
    }
    const sep = r.pick(seps);
    const gap = r.chance(0.3) ? r.pick(['  ', ', ', ' / ']) : '';
    let t = parts.map((p) => p.split('').map((c) => (r.chance(0.1) ? c.toUpperCase() : c)).join(sep)).join(gap || sep);
    if (r.chance(0.3)) t = r.pick(['envoie ', 'send me ', 'Salut ']) + t + r.pick([' maintenant', ' now', ' 😘', '']);
    out.push(t);
  }
  return out;
}
