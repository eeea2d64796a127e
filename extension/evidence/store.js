// Where evidence lives: one IndexedDB database of the extension's origin, shared by the background
// (which writes captures) and the extension pages (which list, export, add e-mail headers and
// delete). Nothing here talks to the network; nothing is ever sent anywhere.
//
// Database "vigie-evidence", version 1:
//   captures   keyPath id — the full immutable record (capture.js), screenshot bytes included
//   summaries  keyPath id — what the options page lists (no text, no image); written with the capture
//   addenda    keyPath id, index captureId — text added later (the e-mail's full headers)
//
// Immutable: records are written with add() (never put()), there is no update function, and a
// capture and its summary are written in one transaction (both or neither). Writes ask for
// "strict" durability (flushed to disk before they report success) and are read back before
// success is reported. Every failure becomes a StorageError whose `code` the UI explains:
// storage-full (quota), storage-unavailable (IndexedDB cannot be opened), storage-failed (other).
// Other open pages hear about changes on the BroadcastChannel "vigie-evidence".

export const DB_NAME = 'vigie-evidence';
export const DB_VERSION = 1;
export const CHANNEL = 'vigie-evidence';

export class StorageError extends Error {
  constructor(code, cause) {
    super(`${code}: ${cause?.name ?? ''} ${cause?.message ?? cause ?? ''}`.trim());
    this.code = code;
    this.cause = cause;
  }
}

function codeOf(e) {
  if (e instanceof StorageError) return e.code;
  const name = e?.name ?? '';
  if (name === 'QuotaExceededError' || /quota/i.test(String(e?.message ?? ''))) return 'storage-full';
  return 'storage-failed';
}

const wrap = (e) => (e instanceof StorageError ? e : new StorageError(codeOf(e), e));

let opening = null;

/** The database, opened once per context (reopened after the browser closes it). */
export function openDb() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    let req;
    try {
      if (!globalThis.indexedDB) throw new Error('IndexedDB is not available');
      req = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(new StorageError('storage-unavailable', e));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('captures')) db.createObjectStore('captures', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('summaries')) db.createObjectStore('summaries', { keyPath: 'id' }).createIndex('capturedAt', 'capturedAt');
      if (!db.objectStoreNames.contains('addenda')) db.createObjectStore('addenda', { keyPath: 'id' }).createIndex('captureId', 'captureId');
    };
    req.onsuccess = () => {
      const db = req.result;
      const forget = () => {
        opening = null;
      };
      db.onclose = forget;
      db.onversionchange = () => {
        db.close();
        forget();
      };
      resolve(db);
    };
    req.onerror = () => reject(new StorageError('storage-unavailable', req.error));
    req.onblocked = () => reject(new StorageError('storage-unavailable', new Error('blocked')));
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/**
 * Runs `work(stores)` in one transaction; resolves with what it returned once the transaction
 * committed (an IDBRequest returned by `work` then has its `result`).
 */
async function transaction(names, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    let tx;
    let result;
    try {
      tx = db.transaction(names, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
      const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
      result = work(stores, tx);
    } catch (e) {
      try {
        tx?.abort();
      } catch {
        // already finished
      }
      reject(wrap(e));
      return;
    }
    tx.oncomplete = () => resolve(result);
    tx.onerror = (event) => {
      event.preventDefault?.();
      reject(wrap(tx.error ?? event.target?.error));
    };
    tx.onabort = () => reject(wrap(tx.error ?? new Error('transaction aborted')));
  });
}

function announce(message) {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No BroadcastChannel: other pages refresh when they are opened again.
  }
}

/** Stores a new capture and its summary (both or neither), then reads it back. */
export async function addCapture(record, summary) {
  try {
    await transaction(['captures', 'summaries'], 'readwrite', (s) => {
      s.captures.add(record);
      s.summaries.add(summary);
    });
    const back = (await transaction(['captures'], 'readonly', (s) => s.captures.get(record.id))).result;
    if (!back || back.sha256 !== record.sha256) throw new StorageError('storage-failed', new Error('the capture could not be read back'));
  } catch (e) {
    throw wrap(e);
  }
  announce({ type: 'added', id: record.id });
  return record.id;
}

/** Every capture's summary, newest first. */
export async function listSummaries() {
  const all = (await transaction(['summaries'], 'readonly', (s) => s.summaries.getAll())).result ?? [];
  return all.sort((a, b) => String(b.capturedAt).localeCompare(String(a.capturedAt)));
}

export async function getCapture(id) {
  return (await transaction(['captures'], 'readonly', (s) => s.captures.get(String(id)))).result ?? null;
}

export async function addAddendum(addendum) {
  await transaction(['addenda'], 'readwrite', (s) => {
    s.addenda.add(addendum);
  });
  announce({ type: 'addendum', id: addendum.captureId });
  return addendum.id;
}

/** A capture's addenda, oldest first. */
export async function listAddenda(captureId) {
  const all = (await transaction(['addenda'], 'readonly', (s) => s.addenda.index('captureId').getAll(String(captureId)))).result ?? [];
  return all.sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)));
}

/** Deletes a capture, its summary and its addenda (the pages ask for confirmation first). */
export async function deleteCapture(id) {
  await transaction(['captures', 'summaries', 'addenda'], 'readwrite', (s) => {
    s.captures.delete(String(id));
    s.summaries.delete(String(id));
    const cursor = s.addenda.index('captureId').openKeyCursor(IDBKeyRange.only(String(id)));
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      s.addenda.delete(c.primaryKey);
      c.continue();
    };
  });
  announce({ type: 'deleted', id: String(id) });
}

/** Calls `callback(message)` when another context adds or deletes evidence. Returns an unsubscribe. */
export function onEvidenceChanged(callback) {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event) => callback(event.data);
    return () => channel.close();
  } catch {
    return () => {};
  }
}
