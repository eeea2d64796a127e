// The notice a page shows when the stored settings could not be used as they were: repaired field
// by field (shared/settings.js wrote `settingsNotice`), or unreadable (storage.local itself failed,
// so Vigie runs on its defaults). Without it a reset would go unnoticed: a parent's minor mode or
// PIN silently gone, dismissed warnings back. The popup and the options page both show it; the
// first one opened takes it.
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * The notice element, or null. `notice`: what store.js takeSettingsNotice() returned;
 * `link`: the options page's URL when the notice should point there (the popup), else null.
 */
export function settingsNotice(notice, { link = null } = {}) {
  if (!notice) return null;
  const unreadable = notice.unreadable === true;
  const everything = Array.isArray(notice.repaired) && notice.repaired.includes('*');
  return h('div', { class: 'notice warn', role: 'status', id: 'settings-notice', dataset: { notice: unreadable ? 'unreadable' : everything ? 'reset' : 'repaired' } },
    h('strong', { text: t(unreadable ? 'notice.settingsUnreadable' : 'notice.settingsRepaired') }), ' ',
    t(unreadable ? 'notice.settingsUnreadableHelp' : everything ? 'notice.settingsResetHelp' : 'notice.settingsRepairedHelp'),
    link ? [' ', h('a', { href: link, text: t('notice.checkSettings') })] : null);
}
