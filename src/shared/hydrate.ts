import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { DriverUtils } from "typeorm/driver/DriverUtils";

type Hydrate<T> = (raw: Record<string, unknown>) => T | null;

const cache = new WeakMap<DataSource, Map<unknown, Map<string, Hydrate<ObjectLiteral>>>>();

/**
 * Entities from the raw rows of a QueryBuilder (`getRawMany`), for hot list reads whose joins are
 * all to-one: each selected column of `alias` is converted by the driver exactly as TypeORM does
 * (`prepareHydratedValue`), but without TypeORM's generic transformer, which groups the rows by
 * primary key and walks every join and relation-id map (10 % of the CPU of an article page in a
 * profile). Returns null when the row has no such entity (a LEFT JOIN that found nothing).
 * Unselected columns stay unset, as with `getMany`.
 */
export function rawHydrator<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, alias: string): Hydrate<T> {
  let perTarget = cache.get(ds);
  if (!perTarget) cache.set(ds, (perTarget = new Map()));
  let perAlias = perTarget.get(target);
  if (!perAlias) perTarget.set(target, (perAlias = new Map()));
  const known = perAlias.get(alias);
  if (known) return known as Hydrate<T>;
  const meta = ds.getMetadata(target);
  const driver = ds.driver;
  const columns = meta.columns
    .filter((c) => !c.isVirtual && !c.isVirtualProperty)
    .map((c) => ({ key: DriverUtils.buildAlias(driver, undefined, alias, c.databaseName), column: c }));
  const primary = meta.primaryColumns.map((c) => DriverUtils.buildAlias(driver, undefined, alias, c.databaseName));
  const hydrate: Hydrate<T> = (raw) => {
    if (primary.some((k) => raw[k] === null || raw[k] === undefined)) return null;
    const entity = meta.create() as T;
    for (const { key, column } of columns) {
      const value = raw[key];
      if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  };
  perAlias.set(alias, hydrate as Hydrate<ObjectLiteral>);
  return hydrate;
}
