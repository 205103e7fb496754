import pino, { type Logger } from "pino";
import { DataSource } from "typeorm";
import { dataSourceOptions, detectMysqlFlavor } from "../ormconfig";
import type { AppConfig } from "./config";
import { syncConvention } from "./modules/moderation/convention.service";
import { useEngineColumnTypes } from "./shared/columns";
import { mysql2WithSessionSql, runMigrationsWithoutTimeout, statementTimeoutSql } from "./shared/statement-timeout";

export function createLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { service: "zhiyan-api" },
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.refreshToken"], censor: "[redacted]" },
  });
}

/** Opens the database and applies pending migrations (never `synchronize`). */
export async function openDatabase(config: AppConfig, sqlitePath?: string): Promise<DataSource> {
  const flavor = config.databaseUrl ? await detectMysqlFlavor(config.databaseUrl) : undefined;
  const options = dataSourceOptions({ databaseUrl: config.databaseUrl, sqlitePath, poolSize: config.dbPoolSize, flavor });
  const timeoutMs = flavor ? config.statementTimeoutMs : 0;
  // Every pooled MySQL/MariaDB connection gets the statement timeout (SQLite has none).
  const driver = timeoutMs > 0 ? mysql2WithSessionSql(statementTimeoutSql(flavor!, timeoutMs), (err) => process.emitWarning(`statement timeout not set: ${err.message}`)) : undefined;
  const ds = new DataSource(driver ? ({ ...options, driver } as typeof options) : options);
  await ds.initialize();
  useEngineColumnTypes(ds);
  if (timeoutMs > 0) await runMigrationsWithoutTimeout(ds, flavor!, timeoutMs);
  else await ds.runMigrations({ transaction: "each" });
  await syncConvention(ds, new Date());
  return ds;
}
