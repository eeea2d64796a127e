// The parent PIN. Stored as `pinHash` = hex SHA-256 of the UTF-8 string `pinSalt + pin`, with
// `pinSalt` 16 random bytes in hex (settings schema, extension/README.md). It is a speed bump for a
// child, not a secret against someone with the browser's developer tools.

export const PIN_MIN = 4;
export const PIN_MAX = 12;

export function isValidPin(pin) {
  return typeof pin === 'string' && new RegExp(`^[0-9]{${PIN_MIN},${PIN_MAX}}$`).test(pin);
}

export function newSalt() {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

export async function hashPin(salt, pin) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}${pin}`));
  return toHex(new Uint8Array(digest));
}

/** Settings are locked when minor mode is on and a parent PIN is set. */
export function isLocked(settings) {
  return Boolean(settings?.minorMode && settings?.pinHash);
}

export async function checkPin(settings, pin) {
  if (!settings?.pinHash || !settings?.pinSalt) return true;
  return (await hashPin(settings.pinSalt, String(pin ?? ''))) === settings.pinHash;
}

/** `{pinHash, pinSalt}` for a new PIN. */
export async function pinFields(pin) {
  const pinSalt = newSalt();
  return { pinSalt, pinHash: await hashPin(pinSalt, pin) };
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
