// One browser case per site adapter: where its fixture is served (the real site's URL) and what
// the adapter is expected to read. The fixture pages are tests/e2e/fixtures/<fixture>/index.html.
//
// - url:       the page opened first (the scam thread, or the site's home when `enter` is set)
// - enter:     click the fixture's link to the scam thread first (SPA navigation into the adapter's path)
// - direction: false when the adapter reads no direction (e-mail): the reference uses "unknown"
// - time:      true when the adapter reads message times (they change the engine's timing rules)
// - dark:      the fixture uses a dark theme (the overlay must follow)
// - headers:   the site's kind of extra headers, beside the strict CSP every fixture gets

export const CASES = [
  { name: 'whatsapp', adapter: 'whatsapp', fixture: 'whatsapp', url: 'https://web.whatsapp.com/', lang: 'fr',
    headers: { 'cross-origin-embedder-policy': 'require-corp' } },
  { name: 'messenger', adapter: 'messenger', fixture: 'messenger', url: 'https://www.messenger.com/t/100012345678901', lang: 'fr' },
  { name: 'facebook-messages', adapter: 'messenger', fixture: 'facebook', url: 'https://www.facebook.com/', enter: true, lang: 'en' },
  { name: 'instagram', adapter: 'instagram', fixture: 'instagram', url: 'https://www.instagram.com/direct/t/340282366841710300/', lang: 'en' },
  { name: 'tinder', adapter: 'tinder', fixture: 'tinder', url: 'https://tinder.com/app/messages/5f1a2b3c4d5e6f7a8b9c0d1e', lang: 'fr', time: true },
  { name: 'discord', adapter: 'discord', fixture: 'discord', url: 'https://discord.com/channels/@me/1187000000000000001', lang: 'en', time: true, dark: true,
    // Stricter still: no inline style either (the overlay's styles must not depend on the page's CSP).
    headers: { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" } },
  { name: 'telegram-k', adapter: 'telegram-k', fixture: 'telegram-k', url: 'https://web.telegram.org/k/#@julie_martin', lang: 'fr', time: true },
  { name: 'telegram-a', adapter: 'telegram-a', fixture: 'telegram-a', url: 'https://web.telegram.org/a/#@emma_wilson', lang: 'en', dark: true },
  { name: 'x', adapter: 'x', fixture: 'x', url: 'https://x.com/messages/1450000000-1460000000', lang: 'en', time: true },
  { name: 'snapchat', adapter: 'snapchat', fixture: 'snapchat', url: 'https://web.snapchat.com/julie-m', lang: 'fr' },
  { name: 'bumble', adapter: 'bumble', fixture: 'bumble', url: 'https://bumble.com/app/connections/emma-w', lang: 'en' },
  { name: 'badoo', adapter: 'badoo', fixture: 'badoo', url: 'https://badoo.com/messenger/0123456789', lang: 'fr' },
  { name: 'meetic', adapter: 'meetic', fixture: 'meetic', url: 'https://www.meetic.fr/app/messages/julie78', lang: 'fr' },
  { name: 'linkedin', adapter: 'linkedin', fixture: 'linkedin', url: 'https://www.linkedin.com/messaging/thread/2-ZmVkY2Jh/', lang: 'fr' },
  { name: 'gmail', adapter: 'gmail', fixture: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKtjrHvLc', lang: 'fr', direction: false },
  { name: 'outlook', adapter: 'outlook', fixture: 'outlook', url: 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM0MDAAMS1i', lang: 'en', direction: false },
];
