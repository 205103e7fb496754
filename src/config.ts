import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadLimitsConfig, type LimitsConfig } from "./limits/limits.config";

/** A configuration problem: the process prints this one line and exits. */
export class ConfigError extends Error {}

export interface AppConfig {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** `mysql://…`, or undefined for the embedded SQLite file. */
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: Uint8Array;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  corsOrigins: string[] | true;
  logLevel: string;
  bootstrapAdmin?: { email: string; password: string };
  graphiql: boolean;
  introspection: boolean;
  trustProxy: boolean;
  redisUrl?: string;
  bodyLimit: string;
  dbPoolSize: number;
  /** Outgoing webhook deliveries (see docs/api.md). */
  webhooks: { pollIntervalMs: number; timeoutMs: number; maxAttempts: number; backoffBaseMs: number };
  /** MySQL: statements slower than this are cancelled (ms); 0 = off. */
  statementTimeoutMs: number;
  /** Query caps and rate limits (src/limits, docs/limits.md). */
  limits: LimitsConfig;
  /** GRAPHQL_EXECUTOR: `jit` (compiled operations, graphql-jit) or `graphql-js` (the reference executor). */
  executor: "jit" | "graphql-js";
  /** BENCH_STATS=1: serve GET /debug/stats (statement counter, memory) for `npm run bench`. Never in production. */
  benchStats: boolean;
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return n;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

/** Checks that a DATABASE_URL names a MySQL/MariaDB server; anything else is refused at start. */
export function validateDatabaseUrl(raw: string | undefined, name = "DATABASE_URL"): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL; expected mysql://user:password@host:3306/database`);
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") {
    throw new ConfigError(`${name} must start with mysql:// (got ${url.protocol}//); unset it to use the embedded SQLite database`);
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new ConfigError(`${name} must name a host and a database: mysql://user:password@host:3306/database`);
  }
  return raw;
}

/** In development a missing JWT secret is generated once and kept in the data folder. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Reads and validates the environment once; throws ConfigError with one clear line. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? "development";
  if (!["development", "production", "test"].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const prod = nodeEnv === "production";
  const dataDir = resolve(env.DATA_DIR ?? "data");
  const databaseUrl = validateDatabaseUrl(env.DATABASE_URL);

  let secret = env.JWT_SECRET;
  if (!secret) {
    if (prod) throw new ConfigError("JWT_SECRET is required when NODE_ENV=production (at least 32 characters)");
    secret = nodeEnv === "test" ? randomBytes(48).toString("base64url") : developmentSecret(dataDir);
  }
  if (secret.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters long");

  const adminEmail = env.BOOTSTRAP_ADMIN_EMAIL;
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together");
  }
  if (adminPassword && adminPassword.length < 8) {
    throw new ConfigError("BOOTSTRAP_ADMIN_PASSWORD must be at least 8 characters long");
  }

  const cors = (env.CORS_ORIGINS ?? "").trim();
  const introspection = boolVar(env, "INTROSPECTION", true);
  const redisUrl = env.REDIS_URL || undefined;
  const executor = env.GRAPHQL_EXECUTOR || "jit";
  if (executor !== "jit" && executor !== "graphql-js") throw new ConfigError(`GRAPHQL_EXECUTOR must be jit or graphql-js (got "${executor}")`);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError("REDIS_URL must start with redis:// or rediss://");

  return {
    env: nodeEnv as AppConfig["env"],
    port: intVar(env, "PORT", 4000, 0, 65535),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl,
    dataDir,
    jwtSecret: new TextEncoder().encode(secret),
    jwtIssuer: env.JWT_ISSUER ?? "zhiyan-api",
    jwtAudience: env.JWT_AUDIENCE ?? "zhiyan-clients",
    accessTokenTtlSeconds: intVar(env, "ACCESS_TOKEN_TTL_SECONDS", 15 * 60, 30, 24 * 3600),
    refreshTokenTtlSeconds: intVar(env, "REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600, 60, 365 * 24 * 3600),
    corsOrigins: cors === "" ? (prod ? [] : true) : cors === "*" ? true : cors.split(",").map((s) => s.trim()),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === "test" ? "silent" : "info"),
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    graphiql: boolVar(env, "GRAPHIQL", !prod),
    introspection,
    trustProxy: boolVar(env, "TRUST_PROXY", false),
    redisUrl,
    bodyLimit: env.BODY_LIMIT ?? "1mb",
    dbPoolSize: intVar(env, "DB_POOL_SIZE", 10, 1, 200),
    webhooks: {
      pollIntervalMs: intVar(env, "WEBHOOK_POLL_INTERVAL_MS", 1000, 50, 3600_000),
      timeoutMs: intVar(env, "WEBHOOK_TIMEOUT_MS", 10_000, 100, 120_000),
      maxAttempts: intVar(env, "WEBHOOK_MAX_ATTEMPTS", 10, 1, 50),
      backoffBaseMs: intVar(env, "WEBHOOK_BACKOFF_BASE_MS", 60_000, 1, 86400_000),
    },
    statementTimeoutMs: intVar(env, "DB_STATEMENT_TIMEOUT_MS", 5000, 0, 600000),
    limits: loadLimitsConfig(env, introspection),
    executor,
    benchStats: boolVar(env, "BENCH_STATS", false),
  };
}
