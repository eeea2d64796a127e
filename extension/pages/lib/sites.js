// The supported sites, from core's adapters (sites/index.json lists the ids in matching order,
// sites/<id>.json carries the name), as [{id, name}], without the generic adapter. An empty list
// when they cannot be read: the options page says so.
const dir = new URL('../../sites/', import.meta.url);
const get = (name) => fetch(new URL(name, dir)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${name}: ${r.status}`))));

export async function loadSites() {
  try {
    const index = await get('index.json');
    const adapters = await Promise.all((index.adapters ?? []).map((id) => get(`${id}.json`).catch(() => ({ id, name: id }))));
    return adapters.filter((a) => a.kind !== 'generic').map((a) => ({ id: a.id, name: a.name ?? a.id }));
  } catch {
    return [];
  }
}
