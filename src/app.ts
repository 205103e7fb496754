import pino, { type Logger } from "pino";
import { DataSource } from "typeorm";
import { dataSourceOptions, detectMysqlFlavor } from "../ormconfig";
import type { AppConfig } from "./config";
import { syncConvention } from "./modules/moderation/convention.service";
import { useEngineColumnTypes } from "./shared/columns";

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
  const ds = new DataSource(dataSourceOptions({ databaseUrl: config.databaseUrl, sqlitePath, poolSize: config.dbPoolSize, flavor }));
  await ds.initialize();
  useEngineColumnTypes(ds);
  await ds.runMigrations({ transaction: "each" });
  await syncConvention(ds, new Date());
  return ds;
}
