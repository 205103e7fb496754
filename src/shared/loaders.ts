import DataLoader from "dataloader";
import type { AppContext } from "../context";

/** A named DataLoader factory; each request gets its own instance on first use. */
export interface LoaderDefinition<K, V> {
  readonly name: string;
  readonly create: (ctx: AppContext) => DataLoader<K, V>;
}

export function defineLoader<K, V>(name: string, create: (ctx: AppContext) => DataLoader<K, V>): LoaderDefinition<K, V> {
  return { name, create };
}

/** Per-request loader set: fresh caches per request, so one user's view never leaks into another's. */
export class Loaders {
  private readonly instances = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly ctx: AppContext) {}

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V> {
    let loader = this.instances.get(definition as LoaderDefinition<unknown, unknown>);
    if (!loader) {
      loader = definition.create(this.ctx) as DataLoader<unknown, unknown>;
      this.instances.set(definition as LoaderDefinition<unknown, unknown>, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results to match the keys (DataLoader's contract); missing keys map to `fallback`. */
export function byKeys<K, V, F>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: F): (V | F)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => (map.has(k) ? map.get(k)! : fallback));
}

/** Groups batch results per key, in key order (for to-many relations). */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
