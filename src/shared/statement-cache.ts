import type { DataSource, ObjectLiteral, QueryRunner, SelectQueryBuilder } from "typeorm";

/** Statement texts per data source and shape (a shape's text never changes while the process runs). */
const texts = new WeakMap<DataSource, Map<string, string>>();
/** Enough for every shape the hot reads can take; beyond it, texts are built per call again. */
const MAX_SHAPES_PER_SOURCE = 500;
let verifying = false;

/**
 * Tests turn this on: every cache hit then also builds the statement and fails loudly if the text
 * differs, so a shape key that misses something the SQL depends on cannot go unnoticed.
 */
export function verifyStatementCache(on: boolean): void {
  verifying = on;
}

/**
 * `qb.getRawMany()` with the statement's text built once per `shape`. TypeORM turns a
 * QueryBuilder into SQL on every call — selections, aliases, escaping, property names replaced
 * over the whole text — which costs more CPU than the rest of a small feed request. The caller
 * builds the QueryBuilder as usual (parameters included) and names its shape: a string that
 * determines the SQL text completely (which optional clauses are present, sort order, LIMIT). The
 * parameters are bound from the QueryBuilder exactly as TypeORM binds them
 * (`driver.escapeQueryWithParameters` on the text and the builder's parameters).
 * Only for SELECTs whose rows are read raw (no result cache, no locking).
 */
export async function rawManyByShape<R = Record<string, unknown>>(qb: SelectQueryBuilder<ObjectLiteral>, shape: string): Promise<R[]> {
  const ds = qb.connection;
  let perSource = texts.get(ds);
  if (!perSource) texts.set(ds, (perSource = new Map()));
  let text = perSource.get(shape);
  if (text === undefined) {
    text = qb.getQuery();
    if (perSource.size < MAX_SHAPES_PER_SOURCE) perSource.set(shape, text);
  } else if (verifying) {
    const fresh = qb.getQuery();
    if (fresh !== text) throw new Error(`statement cache: the shape "${shape}" stands for two statements:\n${text}\n${fresh}`);
  }
  const [sql, parameters] = ds.driver.escapeQueryWithParameters(text, qb.getParameters());
  // The builder's own query runner when it has one (inside a transaction), as getRawMany would.
  const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  return (await (runner ? runner.query(sql, parameters) : ds.query(sql, parameters))) as R[];
}
