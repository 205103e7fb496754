import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DataSource, type DataSourceOptions } from "typeorm";
import { CountingLogger } from "./src/shared/query-counter";

export interface DataSourceSettings {
  /** `mysql://…`; undefined selects the embedded SQLite file. */
  databaseUrl?: string;
  /** SQLite file path, or ":memory:" (tests). */
  sqlitePath?: string;
  poolSize?: number;
  /** MariaDB reports some schema details differently: TypeORM must know which server it talks to. */
  flavor?: "mysql" | "mariadb";
}

/** Asks a MySQL-protocol server whether it is MariaDB. */
export async function detectMysqlFlavor(databaseUrl: string): Promise<"mysql" | "mariadb"> {
  const { createConnection } = await import("mysql2/promise");
  const conn = await createConnection({ uri: databaseUrl.replace(/^mariadb:/, "mysql:"), connectTimeout: 10000 });
  try {
    const [rows] = await conn.query("SELECT VERSION() AS v");
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? "mariadb" : "mysql";
  } finally {
    await conn.end();
  }
}

/** The one set of DataSource options for the app, the TypeORM CLI and the tests. */
export function dataSourceOptions(settings: DataSourceSettings = {}): DataSourceOptions {
  const common = {
    entities: [join(__dirname, "src/modules/**/*.entity.js")],
    migrations: [join(__dirname, "migrations/*.js")],
    migrationsTableName: "migrations",
    synchronize: false,
    logging: true as const,
    logger: new CountingLogger(process.env.LOG_SQL === "1"),
  };
  if (settings.databaseUrl) {
    return {
      ...common,
      type: settings.flavor ?? (settings.databaseUrl.startsWith("mariadb:") ? "mariadb" : "mysql"),
      url: settings.databaseUrl.replace(/^mariadb:/, "mysql:"),
      charset: "utf8mb4_unicode_ci",
      timezone: "Z",
      supportBigNumbers: true,
      bigNumberStrings: false,
      poolSize: settings.poolSize ?? 10,
      extra: { connectionLimit: settings.poolSize ?? 10, enableKeepAlive: true },
    };
  }
  const file = settings.sqlitePath ?? resolve(process.env.DATA_DIR ?? "data", "dev.sqlite");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: "better-sqlite3",
    database: file,
    enableWAL: file !== ":memory:",
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
    },
  };
}

/** The DataSource the TypeORM CLI uses (`npm run migration:*`), configured by DATABASE_URL. */
export const AppDataSource = new DataSource(dataSourceOptions({ databaseUrl: process.env.DATABASE_URL || undefined }));
