import DataLoader from "dataloader";
import { In, type ObjectLiteral } from "typeorm";
import type { AppContext } from "../context";

/** A named DataLoader factory; each request gets its own instance on first use. */
export interface LoaderDefinition<K, V> {
  readonly name: string;
  readonly create: (ctx: AppContext) => DataLoader<K, V>;
}

export function defineLoader<K, V>(name: string, create: (ctx: AppContext) => DataLoader<K, V>): LoaderDefinition<K, V> {
  return { name, create };
}

/**
 * Benchmark only (`BENCH_NAIVE_LOADERS=1`, never in production): every loader answers each key
 * with its own statement and hot paths do not fold relations into page queries — the "naive
 * resolvers" baseline of `npm run bench` (docs/benchmarks.md).
 */
export const naiveLoaders = process.env.BENCH_NAIVE_LOADERS === "1";

/** Per-request loader set: fresh caches per request, so one user's view never leaks into another's. */
export class Loaders {
  private readonly instances = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly ctx: AppContext) {}

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V> {
    let loader = this.instances.get(definition as LoaderDefinition<unknown, unknown>);
    if (!loader) {
      loader = (naiveLoaders ? perKey(() => definition.create(this.ctx)) : definition.create(this.ctx)) as DataLoader<unknown, unknown>;
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

/** A loader that sends one batch (one statement) per key: the naive baseline. */
function perKey<K, V>(make: () => DataLoader<K, V>): DataLoader<K, V> {
  return new DataLoader<K, V>(async (keys) => Promise.all(keys.map((k) => make().load(k))));
}

/** Puts rows a page query already read into a loader's cache (no-op for keys it already holds). */
export function primeLoader<K, V>(loader: DataLoader<K, V>, entries: Iterable<[K, V]>): void {
  for (const [k, v] of entries) loader.prime(k, v);
}

const rowLoaders = new Map<Function, LoaderDefinition<number, unknown>>();

/**
 * Rows of `entity` by primary key, one `WHERE id IN (…)` per batch, with one definition (so one
 * cache per request) per entity: `userById`, `articleById`, … and the node(id) fetchers all read
 * through it, so that nodes(ids) of N ids of one type costs one statement. Visibility stays with
 * the caller.
 */
export function rowById<T extends ObjectLiteral & { id: number }>(entity: new () => T): LoaderDefinition<number, T | null> {
  let definition = rowLoaders.get(entity);
  if (!definition) {
    definition = defineLoader(
      `${entity.name[0].toLowerCase()}${entity.name.slice(1)}ById`,
      (ctx) =>
        new DataLoader<number, T | null>(async (ids) => {
          const rows = await ctx.ds.getRepository(entity).findBy({ id: In([...ids]) } as never);
          return byKeys(ids, rows, (row) => row.id, null);
        }),
    );
    rowLoaders.set(entity, definition);
  }
  return definition as LoaderDefinition<number, T | null>;
}
