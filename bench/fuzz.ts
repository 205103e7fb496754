/**
 * npm run fuzz — generated operations from the schema against the real server (a child process).
 *
 *   FUZZ_COUNT=5000          operations to send
 *   FUZZ_SECONDS=240         stop earlier when the time is up
 *   FUZZ_SEED=<n>            reproduce a run (printed at the start; default: random)
 *   FUZZ_CONCURRENCY=8
 *   DATABASE_URL=mysql://…   run on MySQL/MariaDB (a fresh database zy_fuzz_<pid> on that server,
 *                            dropped afterwards); unset = SQLite in a temp folder
 *
 * Fails (exit 1) on a 5xx, a non-JSON answer, an INTERNAL_SERVER_ERROR, an error code outside the
 * spec, any stack, SQL or driver text in an error, or the server dying.
 */
import "reflect-metadata";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getSchema } from "../src/schema";
import { DEMO_PASSWORD } from "../src/scripts/seed-users";
import { envInt, gql, machineLine } from "./lib/common";
import { runFuzz, summariseFailures } from "./lib/fuzz-run";
import { createMysqlDatabase, dropMysqlDatabase, seedForLoad } from "./lib/seed";
import { startServer, type ServerProcess } from "./lib/server-process";

export const FUZZ_USERS = ["wang_wu", "zhang_san", "editor_lin", "mod_zhou", "admin", "qian_qi"];

/** Tokens of the demo users (reader, author, editor, moderator, admin, a muted reader). */
export async function fuzzTokens(base: string): Promise<string[]> {
  const tokens: string[] = [];
  for (const login of FUZZ_USERS) {
    const r = await gql(base, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { login, password: DEMO_PASSWORD } });
    const t = r.json?.data?.login?.accessToken;
    if (!t) throw new Error(`login ${login} failed: ${JSON.stringify(r.json)}`);
    tokens.push(t);
  }
  return tokens;
}

/** Global ids of seeded objects of every kind the API lists, for the fuzzer to aim at. */
export async function fuzzIds(base: string, adminToken: string): Promise<string[]> {
  const r = await gql(
    base,
    `{ articles(first: 50) { edges { node { id author { id } comments(first: 10) { edges { node { id } } } } } }
       notifications(first: 10) { edges { node { id } } } appeals(first: 10) { edges { node { id sanction { id } } } }
       viewer { id } apiTokens(first: 5) { edges { node { id } } } }`,
    {},
    adminToken,
  );
  const ids = new Set<string>();
  if (r.json?.errors) throw new Error(`could not list ids: ${JSON.stringify(r.json.errors)}`);
  JSON.stringify(r.json?.data ?? {}, (k, v) => {
    if (k === "id" && typeof v === "string") ids.add(v);
    return v;
  });
  return [...ids];
}

async function main(): Promise<void> {
  const count = envInt("FUZZ_COUNT", 5000);
  const seconds = envInt("FUZZ_SECONDS", 240);
  const seed = process.env.FUZZ_SEED ? envInt("FUZZ_SEED", 1) : Math.floor(Math.random() * 2 ** 31);
  const concurrency = envInt("FUZZ_CONCURRENCY", 8);
  const dir = mkdtempSync(join(tmpdir(), "zy-fuzz-"));
  let databaseUrl: string | undefined;
  let server: ServerProcess | undefined;
  let ok = false;
  try {
    if (process.env.DATABASE_URL) databaseUrl = await createMysqlDatabase(process.env.DATABASE_URL, `zy_fuzz_${process.pid}`);
    // Rate limits off: one IP sending thousands of requests is the point here. The webhook
    // dispatcher is slowed to once an hour, so no generated webhook URL is ever called.
    const env = { DATA_DIR: dir, DATABASE_URL: databaseUrl, RATE_LIMITS: "off", WEBHOOK_POLL_INTERVAL_MS: "3600000", INTROSPECTION: "on" };
    await seedForLoad(env, 0);
    server = await startServer(env, join(dir, "server.log"));
    const tokens = await fuzzTokens(server.base);
    const ids = await fuzzIds(server.base, tokens[4]);
    const schema = await getSchema();
    console.log(`fuzz: seed ${seed}, ${count} operations, at most ${seconds} s, ${concurrency} in flight, engine ${databaseUrl ? "MySQL/MariaDB" : "SQLite"}, ${ids.length} known ids`);
    console.log(`machine: ${machineLine()}`);
    const result = await runFuzz({ base: server.base, schema, seed, count, timeLimitMs: seconds * 1000, tokens, ids, concurrency });
    const alive = server.alive() && result.serverUp;
    console.log(`sent ${result.sent} in ${result.seconds.toFixed(1)} s (${(result.sent / result.seconds).toFixed(0)}/s)`);
    console.log(`HTTP status: ${JSON.stringify(result.byStatus)}`);
    console.log(`error codes: ${JSON.stringify(result.byCode)}`);
    if (result.failures.length) {
      const file = join(process.cwd(), `fuzz-failures-${seed}.json`);
      writeFileSync(file, JSON.stringify(result.failures, null, 2));
      console.log(`FAILURES (${result.failures.length}, all in ${file}):\n${summariseFailures(result.failures)}`);
    }
    const crashes = alive ? 0 : 1;
    const leaks = result.failures.filter((f) => f.problem.startsWith("leak")).length;
    console.log(`SUMMARY seed ${seed}: ${result.sent} operations, ${crashes} crashes, ${result.failures.filter((f) => f.status >= 500).length} HTTP 5xx, ${result.byCode.INTERNAL_SERVER_ERROR ?? 0} internal errors, ${leaks} leaked stacks/SQL/driver text, ${result.failures.length} problems in all`);
    ok = alive && result.failures.length === 0;
  } finally {
    await server?.stop();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl).catch(() => undefined);
    if (ok) rmSync(dir, { recursive: true, force: true });
    else console.log(`server log kept in ${dir}`);
    process.exitCode = ok ? 0 : 1;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
