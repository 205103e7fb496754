import "reflect-metadata";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { createConnection } from "mysql2/promise";
import pino from "pino";
import type { DataSource } from "typeorm";
import { openDatabase } from "../src/app";
import { loadConfig, type AppConfig } from "../src/config";
import { buildContext, type AppContext, type AppDeps } from "../src/context";
import { AuthSession } from "../src/modules/auth/session.entity";
import { signAccessToken } from "../src/modules/auth/tokens";
import type { User } from "../src/modules/users/user.entity";
import { createHttpApp, makeFormatError } from "../src/server";
import { runWithQueryTally, type QueryTally } from "../src/shared/query-counter";
import { verifyStatementCache } from "../src/shared/statement-cache";

// Every cached statement text is checked against a fresh build in the suite (src/shared/statement-cache.ts).
verifyStatementCache(true);

export interface ExecOptions {
  /** Run as this user (a real session and access token are made for them). */
  as?: User;
  /** A raw Authorization header value. */
  authorization?: string;
  /** The request clock. */
  now?: Date;
  /** Record the SQL statements run. */
  recordSql?: boolean;
  /** The client's IP address (per-IP limits). */
  ip?: string;
}

export interface ExecResult<T = Record<string, any>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
  /** The response's `extensions` (e.g. `cost`). */
  extensions?: Record<string, any>;
  /** The HTTP status the server would answer with (undefined = 200). */
  status?: number;
  /** SQL statements run while answering (transaction control excluded). */
  queries: number;
  statements?: string[];
}

export interface TestApp {
  ds: DataSource;
  /** The MySQL database URL of this app (undefined on SQLite). */
  databaseUrl?: string;
  config: AppConfig;
  deps: AppDeps;
  apollo: ApolloServer<AppContext>;
  exec<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: ExecOptions): Promise<ExecResult<T>>;
  tokenFor(user: User, now?: Date): Promise<string>;
  /** Starts the real HTTP server on a loopback port. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const TEST_ENV = {
  NODE_ENV: "test",
  JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-0123456789",
  LOG_LEVEL: "silent",
  // Suites share one IP and few users: rate limits are tested where asked for (createTestApp({ RATE_LIMITS: "on" })).
  RATE_LIMITS: "off",
};

/** A fresh database per test file: in-memory SQLite, or a new MySQL database when TEST_DATABASE_URL is set. */
async function freshDatabaseUrl(): Promise<{ url?: string; drop?: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return {};
  const url = new URL(base);
  const name = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export interface TestAppOptions {
  /** Reopen an earlier app's database (restart tests): a SQLite file path, or its MySQL `databaseUrl`. */
  database?: { sqlitePath?: string; databaseUrl?: string };
  /** Keep the MySQL database on close, to reopen it. */
  keepDatabase?: boolean;
}

/** An existing database to reopen; on MySQL it is dropped by the app that closes last. */
function reopenedDatabase(database: NonNullable<TestAppOptions["database"]>): { url?: string; drop?: () => Promise<void> } {
  if (!database.databaseUrl) return {};
  const url = new URL(database.databaseUrl);
  const drop = async () => {
    const c = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    await c.query(`DROP DATABASE IF EXISTS \`${url.pathname.slice(1)}\``);
    await c.end();
  };
  return { url: database.databaseUrl, drop };
}

export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ? reopenedDatabase(options.database) : await freshDatabaseUrl();
  const config = loadConfig({ ...TEST_ENV, ...(db.url ? { DATABASE_URL: db.url } : {}), ...env });
  const log = pino({ level: "silent" });
  const ds = await openDatabase(config, options.database?.sqlitePath ?? ":memory:");
  const deps: AppDeps = { ds, config, log };
  const { app, apollo } = await createHttpApp(deps);
  const formatError = makeFormatError(log);
  let server: Server | undefined;

  async function tokenFor(user: User, now = new Date()): Promise<string> {
    const session = await ds.getRepository(AuthSession).save({
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 86400_000),
      revokedAt: null,
      revokeReason: null,
      userAgent: "test",
      ip: "127.0.0.1",
    });
    return signAccessToken(config, { userId: user.id, sessionId: session.id }, now);
  }

  async function exec<T>(query: string, variables?: Record<string, unknown>, options: ExecOptions = {}): Promise<ExecResult<T>> {
    const authorization = options.as ? `Bearer ${await tokenFor(options.as, options.now)}` : options.authorization;
    const tally: QueryTally = { count: 0, statements: options.recordSql ? [] : undefined };
    return runWithQueryTally(tally, async () => {
      let contextValue: AppContext;
      try {
        contextValue = await buildContext(deps, { authorization, now: options.now, requestId: "test", ip: options.ip });
      } catch (err) {
        const e = err instanceof GraphQLError ? err : new GraphQLError(String(err));
        return { errors: [formatError(e.toJSON(), e)], queries: tally.count };
      }
      tally.count = 0; // count what answering costs, not the token check
      const response = await apollo.executeOperation<T>({ query, variables }, { contextValue });
      if (response.body.kind !== "single") throw new Error("incremental delivery is not used");
      const result = response.body.singleResult;
      return { data: result.data ? JSON.parse(JSON.stringify(result.data)) : result.data, errors: result.errors, extensions: result.extensions, status: response.http.status, queries: tally.count, statements: tally.statements };
    });
  }

  return {
    ds,
    databaseUrl: db.url,
    config,
    deps,
    apollo,
    exec,
    tokenFor,
    async listen() {
      server = createServer(app);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await apollo.stop();
      await ds.destroy();
      if (!options.keepDatabase) await db.drop?.();
    },
  };
}

/** Fails with the response's errors when a call that should succeed did not. */
export function expectOk<T>(result: ExecResult<T>): T {
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

/** The single error of a refused call. */
export function errorOf(result: ExecResult): GraphQLFormattedError & { extensions: Record<string, any> } {
  if (!result.errors?.length) throw new Error(`expected an error, got data: ${JSON.stringify(result.data)}`);
  return result.errors[0] as GraphQLFormattedError & { extensions: Record<string, any> };
}
