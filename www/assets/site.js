// What every page shares: the language switch, the strings written by scripts, a DOM builder that
// only ever creates text nodes, and the loaders of the guidance data (same files as the extension).

const STRINGS = {
  fr: {
    'title.home': 'Vigie — protection contre l’arnaque à la sextape',
    'title.advice': 'Conseils — Vigie',
    'title.report': 'Où signaler, qui peut aider — Vigie',
    'title.playground': 'Essayer le détecteur — Vigie',
    nav: 'Navigation principale',
    langs: 'Langue du site',
    toc: 'Sommaire des conseils',
    'downloads.chromium': 'Pour Chrome, Edge, Brave (Chromium)',
    'downloads.firefox': 'Pour Firefox',
    'downloads.other': 'Paquet',
    'downloads.kb': 'Ko',
    'load.error': 'Impossible de charger les données : {what}. Rechargez la page.',
    'advice.stages': 'Les étapes du piège',
    'advice.more': 'Aller plus loin',
    'advice.first': 'Les trois premiers gestes',
    'advice.report': 'Où signaler et trouver de l’aide',
    'advice.top': 'Retour au sommaire',
    'report.country': 'Votre pays',
    'report.emergency': 'Urgence, danger immédiat :',
    'report.international': 'Partout dans le monde',
    'report.platforms': 'Signaler le compte sur la plateforme',
    'report.platformsIntro': 'Signalez aussi le profil sur le site ou l’application où il vous a contacté. Chaque lien ouvre la page d’aide officielle de la plateforme.',
    'report.site': 'Site officiel',
    'report.news': 'Article de presse sur ce service',
    'report.phone': 'Téléphone',
    'report.hours': 'Horaires',
    'report.cost': 'Coût',
    'report.free': 'gratuit',
    'report.languages': 'Langues',
    'report.verified': 'Informations vérifiées le {d}.',
    'report.region': 'Région : {r}',
    'report.choose': 'Choisissez votre pays',
    'report.chooseIntro': 'Votre navigateur n’indique pas un pays de l’annuaire. Choisissez votre pays dans la liste ; en attendant, voici les services qui aident partout dans le monde.',
    'kind.report_platform': 'Signalement en ligne',
    'kind.helpline': 'Écoute et conseil',
    'kind.police_complaint': 'Police, plainte',
    'kind.removal': 'Retrait d’images',
    'kind.victim_support': 'Aide aux victimes',
    'audience.all': 'Tout public',
    'audience.minors': 'Mineurs',
    'audience.adults': 'Adultes',
  },
  en: {
    'title.home': 'Vigie — protection from sextortion',
    'title.advice': 'Advice — Vigie',
    'title.report': 'Where to report, who can help — Vigie',
    'title.playground': 'Try the detector — Vigie',
    nav: 'Main navigation',
    langs: 'Site language',
    toc: 'Advice contents',
    'downloads.chromium': 'For Chrome, Edge, Brave (Chromium)',
    'downloads.firefox': 'For Firefox',
    'downloads.other': 'Package',
    'downloads.kb': 'KB',
    'load.error': 'Could not load the data: {what}. Please reload the page.',
    'advice.stages': 'The steps of the trap',
    'advice.more': 'Going further',
    'advice.first': 'The first three steps',
    'advice.report': 'Where to report and find help',
    'advice.top': 'Back to contents',
    'report.country': 'Your country',
    'report.emergency': 'Emergency, immediate danger:',
    'report.international': 'Worldwide',
    'report.platforms': 'Report the account to the platform',
    'report.platformsIntro': 'Also report the profile on the site or app where it contacted you. Each link opens the platform’s official help page.',
    'report.site': 'Official site',
    'report.news': 'News article about this service',
    'report.phone': 'Phone',
    'report.hours': 'Hours',
    'report.cost': 'Cost',
    'report.free': 'free',
    'report.languages': 'Languages',
    'report.verified': 'Information checked on {d}.',
    'report.region': 'Region: {r}',
    'report.choose': 'Choose your country',
    'report.chooseIntro': 'Your browser does not name a country of the directory. Pick your country in the list; meanwhile, here are the services that help worldwide.',
    'kind.report_platform': 'Online reporting',
    'kind.helpline': 'Helpline',
    'kind.police_complaint': 'Police, complaint',
    'kind.removal': 'Image removal',
    'kind.victim_support': 'Victim support',
    'audience.all': 'Everyone',
    'audience.minors': 'Minors',
    'audience.adults': 'Adults',
  },
  es: {
    'title.home': 'Vigie — protección contra la sextorsión',
    'title.advice': 'Consejos — Vigie',
    'title.report': 'Dónde denunciar, quién puede ayudar — Vigie',
    'title.playground': 'Probar el detector — Vigie',
    nav: 'Navegación principal',
    langs: 'Idioma del sitio',
    toc: 'Índice de los consejos',
    'downloads.chromium': 'Para Chrome, Edge, Brave (Chromium)',
    'downloads.firefox': 'Para Firefox',
    'downloads.other': 'Paquete',
    'downloads.kb': 'KB',
    'load.error': 'No se pudieron cargar los datos: {what}. Recargue la página.',
    'advice.stages': 'Las etapas de la trampa',
    'advice.more': 'Para saber más',
    'advice.first': 'Lo primero, tres cosas',
    'advice.report': 'Dónde denunciar y encontrar ayuda',
    'advice.top': 'Volver al índice',
    'report.country': 'Su país',
    'report.emergency': 'Emergencias, peligro inmediato:',
    'report.international': 'En cualquier parte del mundo',
    'report.platforms': 'Denunciar la cuenta en la plataforma',
    'report.platformsIntro': 'Denuncie también el perfil en la web o la aplicación donde se puso en contacto con usted. Cada enlace abre la página de ayuda oficial de la plataforma.',
    'report.site': 'Web oficial',
    'report.news': 'Artículo de prensa sobre este servicio',
    'report.phone': 'Teléfono',
    'report.hours': 'Horario',
    'report.cost': 'Coste',
    'report.free': 'gratuito',
    'report.languages': 'Idiomas',
    'report.verified': 'Información comprobada el {d}.',
    'report.region': 'Región: {r}',
    'report.choose': 'Elija su país',
    'report.chooseIntro': 'Su navegador no indica ningún país de la lista. Elija su país; mientras tanto, estos son los servicios que ayudan en cualquier parte del mundo.',
    'kind.report_platform': 'Avisar en línea',
    'kind.helpline': 'Hablar con alguien, recibir consejo',
    'kind.police_complaint': 'Policía y denuncias',
    'kind.removal': 'Retirar imágenes',
    'kind.victim_support': 'Ayuda a las víctimas',
    'audience.all': 'Para todos',
    'audience.minors': 'Menores',
    'audience.adults': 'Adultos',
  },
};

/** The site's languages, in the order of the language switch. */
export const LANGS = Object.freeze(['fr', 'en', 'es']);

/** Adds a page's own strings (`{fr: {...}, en: {...}, es: {...}}`). */
export function addStrings(more) {
  for (const lang of Object.keys(STRINGS)) Object.assign(STRINGS[lang], more[lang]);
  applyStatic();
}

export const lang = () => (LANGS.includes(document.documentElement.lang) ? document.documentElement.lang : 'en');

/** The keys of the script-built strings that language `l` lacks (English has them all; the tests check). */
export const missingStrings = (l) => Object.keys(STRINGS.en).filter((k) => !Object.hasOwn(STRINGS[l] ?? {}, k));

/** The string `key` in the page language, `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const s = STRINGS[lang()][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/**
 * Builds an element. `attrs` are set as attributes (never `innerHTML`), except `class`, `text`
 * (textContent) and `on*` functions; children are nodes or strings (made text nodes).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

const root = new URL('../', import.meta.url);
const cache = new Map();

/** A JSON file of this site (relative to the site root), fetched once. */
export function loadJSON(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, root)).then((r) => {
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return r.json();
    }));
  }
  return cache.get(path);
}

export const loadAdvice = (l = lang()) => loadJSON(`guidance/advice/${LANGS.includes(l) ? l : 'en'}.json`);
export const loadContacts = () => loadJSON('guidance/contacts.json');

const listeners = [];
/** Calls `fn(lang)` now and after each language switch. */
export function onLang(fn) {
  listeners.push(fn);
  fn(lang());
}

function applyStatic() {
  const page = document.documentElement.dataset.page;
  if (page) document.title = t(`title.${page}`);
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  for (const button of document.querySelectorAll('.lang-switch [data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang()));
}

function setLang(next) {
  document.documentElement.lang = next;
  try {
    localStorage.setItem('vigie-lang', next);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
  }
  applyStatic();
  for (const fn of listeners) fn(next);
}

for (const button of document.querySelectorAll('.lang-switch [data-lang]')) {
  button.addEventListener('click', () => {
    if (LANGS.includes(button.dataset.lang) && button.dataset.lang !== lang()) setLang(button.dataset.lang);
  });
}
applyStatic();

/** Scrolls to the `#fragment` once content it names has been rendered by script. */
export function revealHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target) target.scrollIntoView();
}

/** A message in `container` saying some data could not be loaded. */
export function showLoadError(container, what) {
  container.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('load.error', { what }) }));
}
