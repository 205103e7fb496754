/**
 * npm run loadtest — a bounded load test against a freshly started server on loopback.
 *
 *   LOADTEST_SECONDS=30       how long the load runs
 *   LOADTEST_CONNECTIONS=32   concurrent virtual users (each one keeps one request in flight)
 *   LOADTEST_USERS=60         seeded accounts the virtual users sign in as
 *   LOADTEST_SEED=1           seed of the operation mix
 *   DATABASE_URL=mysql://…    run on MySQL/MariaDB: a fresh database zy_load_<pid> is created on
 *                             that server and dropped afterwards; unset = SQLite in a temp folder
 *   DATABASE_URL=private      run on a private MariaDB started for the run (as npm run fault does),
 *                             so a shared database server is not loaded
 *   LOADTEST_ENV='K=V,K=V'    extra server environment (e.g. RATE_LIMITS=on)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envInt, machineLine, prng, sleep } from "./lib/common";
import { chooser, READ_WRITE_MIX, Stats, type MixState } from "./lib/mix";
import { PrivateMariaDB } from "./lib/private-mariadb";
import { createMysqlDatabase, dropMysqlDatabase, loginLoadUsers, publishedArticles, seedForLoad } from "./lib/seed";
import { startServer, type ServerProcess } from "./lib/server-process";

async function main(): Promise<void> {
  const seconds = envInt("LOADTEST_SECONDS", 30);
  const connections = envInt("LOADTEST_CONNECTIONS", 32);
  const userCount = envInt("LOADTEST_USERS", 60);
  const seed = envInt("LOADTEST_SEED", 1);
  const dir = mkdtempSync(join(tmpdir(), "zy-loadtest-"));
  const extra = Object.fromEntries((process.env.LOADTEST_ENV ?? "").split(",").filter(Boolean).map((kv) => kv.split("=") as [string, string]));
  let databaseUrl: string | undefined;
  let server: ServerProcess | undefined;
  let privateDb: PrivateMariaDB | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (serverUrl === "private") {
      privateDb = new PrivateMariaDB();
      await privateDb.install();
      await privateDb.start();
      serverUrl = privateDb.url;
    }
    if (serverUrl) databaseUrl = await createMysqlDatabase(serverUrl, `zy_load_${process.pid}`);
    const env = { DATA_DIR: dir, DATABASE_URL: databaseUrl, RATE_LIMITS: "off", ...extra };
    const t0 = Date.now();
    await seedForLoad(env, userCount);
    server = await startServer(env, join(dir, "server.log"));
    const users = await loginLoadUsers(server.base, userCount);
    const articles = await publishedArticles(server.base);
    console.log(`engine ${privateDb ? "private MariaDB" : databaseUrl ? "MySQL/MariaDB" : "SQLite"}; seeded ${userCount} users, ${articles.length} published articles in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`machine: ${machineLine()}`);
    console.log(`load: ${connections} virtual users for ${seconds} s (seed ${seed}) against ${server.base}`);

    const rand = prng(seed);
    const st: MixState = { base: server.base, users, articles, rand };
    const next = chooser(READ_WRITE_MIX, rand);
    const stats = new Stats();
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async (_, vu) => {
        const user = users[vu % users.length];
        while (performance.now() < deadline) {
          const op = next();
          stats.record(op.name, await op.run(st, user));
        }
      }),
    );
    stats.ended = performance.now();
    await sleep(100);
    const report = stats.report();
    console.log(report.text);
    console.log(`SUMMARY throughput ${report.rps.toFixed(1)} req/s, p50 ${report.p50.toFixed(1)} ms, p99 ${report.p99.toFixed(1)} ms, errors ${report.errors}, server ${server.alive() ? "up" : "DIED"}`);
    if (!server.alive()) process.exitCode = 1;
    if (report.errors > 0) process.exitCode = 1;
  } finally {
    await server?.stop();
    if (databaseUrl && !privateDb) await dropMysqlDatabase(databaseUrl).catch(() => undefined);
    await privateDb?.destroy();
    if (process.exitCode && !process.env.LOADTEST_KEEP) console.log(`server log kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
