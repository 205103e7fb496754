/**
 * npm run fault — under load, the database goes away and comes back.
 *
 * Starts a PRIVATE MariaDB (its own datadir in a temp folder, its own loopback port; the machine's
 * shared server is never touched), seeds it, starts the API server as a child process against
 * it, and runs many users' writes and reads. Meanwhile it kills the database (SIGKILL, a crash),
 * restarts it, later stops it cleanly (SIGTERM) and restarts it again. It polls /readyz all along.
 * Afterwards it checks that the server is still the same process, that it recovered by itself,
 * that every error it sent was clean, and that every write acknowledged to a client is in the
 * database. Exit status 1 when any of that fails.
 *
 *   FAULT_CONNECTIONS=24     concurrent virtual users
 *   FAULT_USERS=40           seeded accounts
 *   FAULT_DOWN_SECONDS=6     how long the database stays down each time
 *   FAULT_WARMUP_SECONDS=8   load before the first stop, and between restarts and the next stop
 *   FAULT_CYCLES=SIGKILL,SIGTERM   how the database is stopped, one cycle each
 *   FAULT_SEED=1
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromGlobalId } from "graphql-relay";
import { envInt, gql, machineLine, prng, sleep, type GqlResponse } from "./lib/common";
import { checkErrors } from "./lib/leaks";
import { chooser, pick, Q, Stats, type MixState, type WeightedOp } from "./lib/mix";
import { PrivateMariaDB } from "./lib/private-mariadb";
import { createMysqlDatabase, loginLoadUsers, publishedArticles, seedForLoad } from "./lib/seed";
import { startServer, type ServerProcess } from "./lib/server-process";

interface Ack {
  kind: "comment" | "article" | "user" | "like";
  id: number;
  userId?: number;
  at: number;
}

const dbId = (globalId: string) => Number(fromGlobalId(globalId).id);

async function main(): Promise<void> {
  const connections = envInt("FAULT_CONNECTIONS", 24);
  const userCount = envInt("FAULT_USERS", 40);
  const downSeconds = envInt("FAULT_DOWN_SECONDS", 6);
  const warmupSeconds = envInt("FAULT_WARMUP_SECONDS", 8);
  const cycles = (process.env.FAULT_CYCLES ?? "SIGKILL,SIGTERM").split(",").map((s) => s.trim()) as ("SIGKILL" | "SIGTERM")[];
  const seed = envInt("FAULT_SEED", 1);
  const dir = mkdtempSync(join(tmpdir(), "zy-fault-"));
  const db = new PrivateMariaDB();
  let server: ServerProcess | undefined;
  let failed = false;
  const fail = (msg: string) => {
    failed = true;
    console.log(`FAIL: ${msg}`);
  };
  try {
    const t0 = Date.now();
    await db.install();
    await db.start();
    const version = (await db.query("SELECT VERSION() AS v"))[0].v as string;
    const databaseUrl = await createMysqlDatabase(db.url, "zy_fault");
    const env = { DATABASE_URL: databaseUrl, RATE_LIMITS: "off", DATA_DIR: dir };
    await seedForLoad(env, userCount);
    server = await startServer(env, join(dir, "server.log"));
    const pid = server.child.pid;
    const users = await loginLoadUsers(server.base, userCount);
    const articles = await publishedArticles(server.base);
    console.log(`private MariaDB ${version} on 127.0.0.1:${db.port} (${db.datadir}); ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`machine: ${machineLine()}`);
    console.log(`load: ${connections} virtual users, ${userCount} accounts, ${articles.length} articles; cycles ${cycles.join(", ")}, ${downSeconds} s down each`);

    const start = performance.now();
    const clock = () => (performance.now() - start) / 1000;
    const acks: Ack[] = [];
    const badErrors: string[] = [];
    const rand = prng(seed);
    const st: MixState = { base: server.base, users, articles, rand };
    let serial = 0;
    const check = (r: GqlResponse) => {
      if (r.json) {
        const c = checkErrors(r.json);
        for (const code of c.badCodes) badErrors.push(`unknown code ${code}`);
        badErrors.push(...c.leaks);
      } else if (!r.networkError) badErrors.push(`HTTP ${r.status} with a non-JSON body: ${String(r.text).slice(0, 200)}`);
      if (r.networkError) badErrors.push(`network error ${r.networkError} (the server dropped a connection)`);
    };
    const mix: WeightedOp[] = [
      {
        name: "addComment",
        weight: 30,
        run: async (s, u) => {
          const r = await gql(s.base, Q.addComment, { i: { articleId: pick(s.rand, s.articles).id, body: `故障测试评论 ${++serial}` } }, u.token);
          const id = r.json?.data?.addComment?.id;
          if (id && !r.json?.errors) acks.push({ kind: "comment", id: dbId(id), at: clock() });
          return r;
        },
      },
      {
        name: "createArticle",
        weight: 10,
        run: async (s, u) => {
          const r = await gql(s.base, Q.createArticle, { i: { title: `故障测试草稿 ${++serial}`, body: "正文", tags: ["故障"] } }, u.token);
          const id = r.json?.data?.createArticle?.id;
          if (id && !r.json?.errors) acks.push({ kind: "article", id: dbId(id), at: clock() });
          return r;
        },
      },
      {
        name: "likeArticle",
        weight: 15,
        run: async (s, u) => {
          const r = await gql(s.base, Q.likeArticle, { id: pick(s.rand, s.articles).id }, u.token);
          const a = r.json?.data?.likeArticle;
          if (a?.viewerHasLiked && !r.json?.errors) acks.push({ kind: "like", id: dbId(a.id), userId: dbId(u.id), at: clock() });
          return r;
        },
      },
      {
        name: "register",
        weight: 5,
        run: async (s) => {
          const n = `${seed}_${++serial}`;
          const r = await gql(s.base, Q.register, { i: { username: `fault_${n}`, email: `fault_${n}@fault.example`, password: "fault-test-password", displayName: `故障${n}` } });
          const id = r.json?.data?.register?.user?.id;
          if (id && !r.json?.errors) acks.push({ kind: "user", id: dbId(id), at: clock() });
          return r;
        },
      },
      { name: "feed", weight: 20, run: (s, u) => gql(s.base, Q.feed, {}, u.token) },
      { name: "articlePage", weight: 10, run: (s, u) => gql(s.base, Q.articlePage, { id: pick(s.rand, s.articles).id }, u.token) },
      { name: "viewer", weight: 5, run: (s, u) => gql(s.base, Q.viewer, {}, u.token) },
      { name: "notifications", weight: 5, run: (s, u) => gql(s.base, Q.notifications, {}, u.token) },
    ];
    const next = chooser(mix, rand);
    const phases: { name: string; stats: Stats }[] = [];
    let current = { name: "before", stats: new Stats() };
    phases.push(current);
    const setPhase = (name: string) => {
      current.stats.ended = performance.now();
      current = { name, stats: new Stats() };
      phases.push(current);
    };

    // Readiness, polled every 200 ms: the transitions are the red → green timeline.
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      let last = -1;
      while (polling) {
        let status = 0;
        try {
          status = (await fetch(`${server!.base}/readyz`, { signal: AbortSignal.timeout(3000) })).status;
        } catch {
          status = 0;
        }
        if (status !== last) readiness.push({ at: clock(), status });
        last = status;
        await sleep(200);
      }
    })();

    const statuses = new Map<string, number>();
    const samples: string[] = [];
    let running = true;
    const workers = Array.from({ length: connections }, async (_, vu) => {
      const user = users[vu % users.length];
      while (running) {
        const op = next();
        const started = current; // a request counts in the phase it started in …
        const startedAt = clock();
        const r = await op.run(st, user);
        // … except one still in flight when the database was stopped again: that one counts as "down".
        const phase = started.name.startsWith("after") && current !== started ? current : started;
        if (phase.name.startsWith("after") && r.json?.errors?.length && samples.length < 10) samples.push(`${op.name} started ${startedAt.toFixed(2)} s, took ${r.ms.toFixed(0)} ms: HTTP ${r.status} ${JSON.stringify(r.json.errors[0].extensions)}`);
        phase.stats.record(op.name, r);
        const key = `${phase.name}: HTTP ${r.status || "none"}${r.json?.errors?.[0]?.extensions?.reason ? " " + r.json.errors[0].extensions.reason : ""}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        check(r);
        if (r.networkError) await sleep(50);
      }
    });

    const events: string[] = [];
    const waitReady = async (want: number, timeoutS: number) => {
      const until = clock() + timeoutS;
      while (clock() < until) {
        const last = readiness[readiness.length - 1];
        if (last && last.status === want) return clock();
        await sleep(100);
      }
      return undefined;
    };
    await sleep(warmupSeconds * 1000);
    for (const signal of cycles) {
      events.push(`${clock().toFixed(1)} s: database stopped (${signal})`);
      setPhase(`db down (${signal})`); // before the stop: a clean shutdown takes a moment
      await db.stop(signal);
      const red = await waitReady(503, downSeconds + 5);
      events.push(red === undefined ? `/readyz never went red` : `${red.toFixed(1)} s: /readyz 503`);
      if (red === undefined) fail("/readyz did not go red while the database was down");
      const remaining = downSeconds - (clock() - Number(events[events.length - 2].split(" ")[0]));
      if (remaining > 0) await sleep(remaining * 1000);
      await db.start();
      events.push(`${clock().toFixed(1)} s: database started again`);
      setPhase(`recovering (${signal})`);
      const green = await waitReady(200, 60);
      events.push(green === undefined ? `/readyz never went green again` : `${green.toFixed(1)} s: /readyz 200`);
      if (green === undefined) fail("/readyz did not go green after the database came back");
      setPhase(`after ${signal}`);
      await sleep(warmupSeconds * 1000);
    }
    running = false;
    await Promise.all(workers);
    current.stats.ended = performance.now();
    polling = false;
    await poller;

    // The server recovered by itself: still the same process, and new writes go through.
    if (!server.alive()) fail(`the server process died (${JSON.stringify(server.exit)})`);
    else if (server.child.pid !== pid) fail("the server process changed");
    const probe = await gql(server.base, Q.addComment, { i: { articleId: articles[0].id, body: "恢复后的评论" } }, users[0].token);
    if (!probe.json?.data?.addComment?.id) fail(`a write after recovery failed: ${JSON.stringify(probe.json ?? probe.text ?? probe.networkError)}`);

    // Every acknowledged write is in the database.
    const tables: Record<Ack["kind"], string> = { comment: "comments", article: "articles", user: "users", like: "article_likes" };
    const missing: Ack[] = [];
    for (const kind of ["comment", "article", "user"] as const) {
      const ids = acks.filter((a) => a.kind === kind).map((a) => a.id);
      if (!ids.length) continue;
      const rows = (await db.query(`SELECT id FROM ${tables[kind]} WHERE id IN (${ids.join(",")})`, "zy_fault")) as { id: number }[];
      const found = new Set(rows.map((r) => Number(r.id)));
      missing.push(...acks.filter((a) => a.kind === kind && !found.has(a.id)));
    }
    const likes = acks.filter((a) => a.kind === "like");
    if (likes.length) {
      const rows = (await db.query(`SELECT userId, articleId FROM article_likes`, "zy_fault")) as { userId: number; articleId: number }[];
      const found = new Set(rows.map((r) => `${r.userId}:${r.articleId}`));
      missing.push(...likes.filter((a) => !found.has(`${a.userId}:${a.id}`)));
    }

    console.log("\ntimeline:");
    for (const e of events) console.log(`  ${e}`);
    console.log(`  /readyz: ${readiness.map((r) => `${r.at.toFixed(1)} s ${r.status || "no answer"}`).join(" → ")}`);
    for (const p of phases) {
      const rep = p.stats.report();
      if (rep.total === 0) continue;
      console.log(`\nphase: ${p.name}\n${rep.text}`);
    }
    console.log("\nanswers by phase, HTTP status and reason:");
    for (const [k, n] of statuses) console.log(`  ${k} × ${n}`);
    const byKind = (k: Ack["kind"]) => acks.filter((a) => a.kind === k).length;
    console.log(`\nacknowledged writes: ${acks.length} (comments ${byKind("comment")}, drafts ${byKind("article")}, registrations ${byKind("user")}, likes ${byKind("like")}); missing from the database: ${missing.length}`);
    if (missing.length) fail(`acknowledged writes missing: ${JSON.stringify(missing.slice(0, 20))}`);
    const uniqueBad = [...new Set(badErrors)];
    console.log(`unclean errors (unknown code, leaked internals, non-JSON, dropped connections): ${badErrors.length}`);
    for (const b of uniqueBad.slice(0, 15)) console.log(`  ${b}`);
    if (badErrors.length) fail("some errors were not clean");
    const afterErrors = phases.filter((p) => p.name.startsWith("after")).reduce((n, p) => n + p.stats.errorCount, 0);
    console.log(`errors after /readyz was green again: ${afterErrors}`);
    for (const x of samples) console.log(`  ${x}`);
    if (afterErrors > 0) fail("errors after recovery");
    console.log(`\nSUMMARY ${failed ? "FAILED" : "PASSED"}: server ${server.alive() ? "stayed up" : "DIED"}, ${acks.length} acknowledged writes, ${missing.length} lost, ${badErrors.length} unclean errors, ${afterErrors} errors after recovery`);
  } finally {
    await server?.stop();
    await db.destroy();
    if (failed) console.log(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    process.exitCode = failed ? 1 : 0;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
