// Home page: the three first steps (from the advice data) and the download links (from the server).
import { el, t, onLang, loadAdvice, loadJSON } from './site.js';

const firstSteps = document.getElementById('first-steps');
const downloads = document.getElementById('downloads');
const empty = document.getElementById('downloads-empty');

onLang(async (lang) => {
  try {
    const advice = await loadAdvice(lang);
    firstSteps.replaceChildren(...advice.first_steps.map((s) => el('li', { text: s })));
  } catch {
    firstSteps.replaceChildren();
  }
  renderDownloads();
});

let files = null;
async function renderDownloads() {
  if (files === null) {
    try {
      files = (await loadJSON('downloads/index.json')).files ?? [];
    } catch {
      files = []; // a static host without the index: show how to build
    }
  }
  empty.hidden = files.length > 0;
  downloads.replaceChildren(
    ...files.map((f) => {
      const kind = /firefox|gecko|\.xpi$/i.test(f.name) ? 'firefox' : /chrom/i.test(f.name) ? 'chromium' : 'other';
      const size = f.size ? ` · ${Math.max(1, Math.round(f.size / 1024))} ${t('downloads.kb')}` : '';
      return el('li', {}, el('a', { class: 'button download', href: f.url, download: f.name, 'data-kind': kind },
        el('strong', {}, t(`downloads.${kind}`)),
        el('span', { class: 'file' }, `${f.name}${size}`)));
    }),
  );
}
