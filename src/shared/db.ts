import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export function isSqlite(ds: DataSource): boolean {
  return ds.options.type === "better-sqlite3";
}

/**
 * Runs `work` in one transaction. SQLite has a single connection, so transactions are queued
 * rather than interleaved on it; MySQL uses a pooled connection per transaction.
 */
export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (!isSqlite(ds)) return withDeadlockRetry(() => ds.transaction(work));
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}

/**
 * InnoDB resolves a deadlock by rolling one transaction back whole; running it again is safe
 * because side effects happen only after commit. A few attempts, then the error stands.
 */
async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}

export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  return (e?.driverError?.code ?? e?.code) === "ER_LOCK_DEADLOCK" || (e?.driverError?.errno ?? e?.errno) === 1213;
}

/**
 * Reads a row inside a write transaction, taking its row lock first on MySQL/MariaDB so concurrent
 * writers of the same row queue up (SQLite already serialises transactions; see inTransaction).
 */
export function lockRowForWrite<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, id: number): Promise<T | null> {
  const qb = em.getRepository(entity).createQueryBuilder("row").where("row.id = :id", { id });
  if (!isSqlite(em.connection)) qb.setLock("pessimistic_write");
  return qb.getOne();
}

/** Recognises a unique-index violation on either engine (the database enforcing an invariant). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === "ER_DUP_ENTRY" || errno === 1062 || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
