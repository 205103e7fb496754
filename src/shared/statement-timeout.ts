import { DataSource, MigrationExecutor } from "typeorm";

export type MysqlFlavor = "mysql" | "mariadb";

/**
 * The session setting that cancels slow statements. MariaDB: `max_statement_time` in seconds (it
 * covers every statement, writes included). MySQL 8: `max_execution_time` in ms (read-only
 * SELECTs only). 0 switches it off.
 */
export function statementTimeoutSql(flavor: MysqlFlavor, ms: number): string {
  return flavor === "mariadb" ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}` : `SET SESSION max_execution_time = ${Math.round(ms)}`;
}

interface PoolConnection {
  query(sql: string, cb: (err: Error | null) => void): void;
}
interface Pool {
  on(event: "connection", listener: (conn: PoolConnection) => void): unknown;
}
type Mysql2 = { createPool(options: unknown): Pool } & Record<string, unknown>;

/**
 * The mysql2 module handed to TypeORM as its `driver`, whose pools run `sql` on every new
 * connection before it is first handed out (mysql2 queues commands in order), so no pooled
 * connection ever runs without the timeout.
 */
export function mysql2WithSessionSql(sql: string, onError: (err: Error) => void): Mysql2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql2 = require("mysql2") as Mysql2;
  return {
    ...mysql2,
    createPool(options: unknown) {
      const pool = mysql2.createPool(options);
      pool.on("connection", (conn) => conn.query(sql, (err) => err && onError(err)));
      return pool;
    },
  };
}

/**
 * Runs pending migrations on one connection with the timeout switched off (an index build on a big
 * table may take minutes), then switches it back on before the connection returns to the pool.
 */
export async function runMigrationsWithoutTimeout(ds: DataSource, flavor: MysqlFlavor, ms: number): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(statementTimeoutSql(flavor, 0));
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = "each";
    await executor.executePendingMigrations();
  } finally {
    await runner.query(statementTimeoutSql(flavor, ms)).catch(() => undefined);
    await runner.release();
  }
}
