/**
 * `npm run bench`: the project against the naive resolvers, the raw-SQL floor and the ceiling, on
 * loopback, in one run. Every variant runs in its own fresh process, started once; rounds are
 * interleaved (each round runs every workload on every variant, rotating the order) and figures
 * are medians over rounds. Before timing, every variant must return the same `data`.
 *
 * Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/zhiyan_bench, made by
 * `npm run bench:seed`), BENCH_QUICK=1 (about 2 minutes instead of about 8), BENCH_ROUNDS,
 * BENCH_DURATION (seconds per measurement at 10 connections), BENCH_PORT_BASE (default 4200),
 * BENCH_WRITE_DOCS=0 (do not rewrite docs/benchmarks.md).
 */
import "reflect-metadata";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import { createConnection } from "mysql2/promise";
import { BENCH, benchDatabaseUrl, benchFixtures, benchTokens, startNodeFlags } from "./common";
import { workloads, type Workload } from "./workloads";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 4));
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 4));
const SINGLE_SECONDS = QUICK ? 0.8 : 1.5;
const CONNECTIONS = 10;
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4200);
const ROOT = join(__dirname, "..", "..");

type VariantKey = "project" | "naive" | "floor" | "ceiling";
interface Variant {
  key: VariantKey;
  title: string;
  port: number;
  script: string;
  env: Record<string, string>;
  /** Node flags (the project's: those of `npm start`). */
  flags?: string[];
  proc?: ChildProcess;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
/** The bench moderator's access token (user 2), sent by the moderator's workloads (W3). */
let moderatorToken = "";

function post(port: number, w: Workload, token: string, body = JSON.stringify({ operationName: w.operationName, query: w.query, variables: w.variables })): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: headersFor(w, token) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function headersFor(w: Workload, token: string): Record<string, string> {
  return { "content-type": "application/json", "x-bench-workload": w.key, ...(w.signedIn ? { authorization: `Bearer ${w.moderator ? moderatorToken : token}` } : {}) };
}

function getJson(port: number, path: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
}

async function waitReady(v: Variant): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (v.proc!.exitCode !== null) throw new Error(`${v.key} exited with ${v.proc!.exitCode}`);
    try {
      await getJson(v.port, "/debug/stats");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${v.key} did not start`);
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const MB = (b: number) => (b / 1048576).toFixed(0);


async function machine(url: string): Promise<Record<string, string>> {
  const conn = await createConnection({ uri: url });
  const [[v]] = (await conn.query("SELECT VERSION() AS v, @@innodb_buffer_pool_size AS bp")) as any;
  await conn.end();
  return {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
    memory: `${(totalmem() / 1073741824).toFixed(1)} GiB`,
    mariadb: `${v.v} (innodb_buffer_pool_size ${MB(Number(v.bp))} MB)`,
    node: process.version,
    os: execFileSync("uname", ["-sr"]).toString().trim(),
  };
}

/**
 * Statements per request: the server's process-wide counter around sequential requests, everything
 * included (token check, page, relations). The least of three tries, so that a statement of a
 * background job (the webhook outbox poll, once a second) cannot slip into the figure.
 */
async function sqlPerRequest(v: Variant, w: Workload, token: string, n = 4): Promise<number> {
  const tries: number[] = [];
  for (let t = 0; t < 3; t++) {
    const before = (await getJson(v.port, "/debug/stats")).statements;
    for (let i = 0; i < n; i++) await post(v.port, w, token);
    const after = (await getJson(v.port, "/debug/stats")).statements;
    tries.push((after - before) / n);
  }
  return Math.min(...tries);
}

async function singleClient(v: Variant, w: Workload, token: string, seconds: number): Promise<number> {
  const body = JSON.stringify({ operationName: w.operationName, query: w.query, variables: w.variables });
  const times: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t = process.hrtime.bigint();
    await post(v.port, w, token, body);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/** The CPU time (user + system, ms) a process has used so far, all its threads (GC helpers included). */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function load(v: Variant, w: Workload, token: string, seconds: number) {
  const cpu0 = cpuMs(v.proc!.pid!);
  const r = await autocannon({
    url: `http://127.0.0.1:${v.port}/graphql`,
    method: "POST",
    headers: headersFor(w, token),
    body: JSON.stringify({ operationName: w.operationName, query: w.query, variables: w.variables }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (r.non2xx || r.errors) throw new Error(`${v.key} ${w.key}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu: (cpuMs(v.proc!.pid!) - cpu0) / Math.max(1, r.requests.total) };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  single: number;
  /** Server CPU (all threads) per request at 10 connections, ms. */
  cpu: number;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const url = benchDatabaseUrl();
  const fx = await benchFixtures(url);
  const info = await machine(url);
  const load0 = loadavg();
  const tokens = await benchTokens();
  const token = tokens.viewer;
  moderatorToken = tokens.moderator;
  const ws = workloads(fx);
  const dir = mkdtempSync(join(tmpdir(), "zhiyan-bench-"));
  const ceilingFile = join(dir, "ceiling.json");

  const projectEnv = {
    NODE_ENV: "production",
    JWT_SECRET: BENCH.jwtSecret,
    DATABASE_URL: url,
    HOST: "127.0.0.1",
    RATE_LIMITS: "off",
    BENCH_STATS: "1",
  };
  const flags = startNodeFlags(readFileSync(join(ROOT, "package.json"), "utf8"));
  const variants: Variant[] = [
    { key: "project", title: "project (as shipped)", port: PORT_BASE + 1, script: "dist/src/index.js", env: projectEnv, flags },
    { key: "naive", title: "naive (per-row queries)", port: PORT_BASE + 2, script: "dist/src/index.js", env: { ...projectEnv, BENCH_NAIVE_LOADERS: "1" }, flags },
    { key: "floor", title: "raw-SQL floor", port: PORT_BASE + 3, script: "dist/bench/floor-server.js", env: { JWT_SECRET: BENCH.jwtSecret, DATABASE_URL: url } },
    { key: "ceiling", title: "ceiling (precomputed bytes)", port: PORT_BASE + 4, script: "dist/bench/ceiling-server.js", env: { BENCH_CEILING_FILE: ceilingFile } },
  ];
  const start = (v: Variant) => {
    v.proc = spawn(process.execPath, [...(v.flags ?? []), join(ROOT, v.script)], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...v.env, PORT: String(v.port) }, stdio: ["ignore", "ignore", "inherit"] });
  };
  const stopAll = () => variants.forEach((v) => v.proc && v.proc.exitCode === null && v.proc.kill("SIGTERM"));
  process.on("exit", stopAll);
  process.on("SIGINT", () => process.exit(130));

  try {
    // ---- 1. the project, naive and floor answer; all must return the same data
    // one after the other: the project applies pending migrations when it starts
    for (const v of variants.slice(0, 3)) {
      start(v);
      await waitReady(v);
    }
    const ceilingBodies: Record<string, string> = {};
    for (const w of ws) {
      const answers = await Promise.all(variants.slice(0, 3).map(async (v) => ({ v, res: await post(v.port, w, token) })));
      const reference = JSON.parse(answers[0].res.text);
      if (answers[0].res.status !== 200 || reference.errors) throw new Error(`project failed ${w.key}: ${answers[0].res.text.slice(0, 500)}`);
      for (const { v, res } of answers.slice(1)) {
        const data = JSON.parse(res.text).data;
        if (!isDeepStrictEqual(data, reference.data)) {
          writeFileSync(join(dir, `${w.key}-project.json`), JSON.stringify(reference.data, null, 1));
          writeFileSync(join(dir, `${w.key}-${v.key}.json`), JSON.stringify(data, null, 1));
          throw new Error(`${v.key} returns other data than the project for ${w.key} (see ${dir})`);
        }
      }
      ceilingBodies[w.key] = answers[0].res.text;
    }
    writeFileSync(ceilingFile, JSON.stringify(ceilingBodies));
    start(variants[3]);
    await waitReady(variants[3]);
    for (const w of ws) {
      const res = await post(variants[3].port, w, token);
      if (!isDeepStrictEqual(JSON.parse(res.text).data, JSON.parse(ceilingBodies[w.key]).data)) throw new Error(`ceiling differs for ${w.key}`);
    }
    console.log(`same data from every variant for ${ws.map((w) => w.key).join(", ")}`);

    // ---- 2. SQL statements per request, at page sizes 5, 20 and 50
    const sql: Record<string, Record<string, number>> = {};
    const w3Types: Record<number, number> = {};
    for (const size of [5, 20, 50]) {
      for (const w of workloads(fx, size)) {
        if (w.key === "W3") {
          const answer = JSON.parse((await post(variants[0].port, w, token)).text);
          w3Types[size] = new Set(answer.data.reportQueue.edges.map((e: any) => e.node.targetType)).size;
        }
        for (const v of variants) {
          const key = `${v.key}|${w.key}|${size}`;
          sql[key] = { n: await sqlPerRequest(v, w, token) };
        }
      }
    }

    // ---- 3. warm-up, then interleaved rounds
    for (const v of variants) for (const w of ws) await load(v, w, token, QUICK ? 1 : 2);
    const samples: Record<string, Sample[]> = {};
    const rssAfterRound: Record<VariantKey, number[]> = { project: [], naive: [], floor: [], ceiling: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of ws) {
        const order = variants.map((_, i) => variants[(i + round) % variants.length]);
        for (const v of order) {
          const l = await load(v, w, token, DURATION);
          const single = await singleClient(v, w, token, SINGLE_SECONDS);
          (samples[`${v.key}|${w.key}`] ??= []).push({ ...l, single });
        }
      }
      await new Promise((r) => setTimeout(r, 500));
      for (const v of variants) rssAfterRound[v.key].push(memory(v.proc!.pid!).rss);
      console.log(`round ${round + 1}/${ROUNDS} done (load average ${loadavg()[0].toFixed(2)})`);
    }
    const peaks = Object.fromEntries(variants.map((v) => [v.key, memory(v.proc!.pid!).peak])) as Record<VariantKey, number>;
    const load1 = loadavg();

    // ---- 4. figures
    const med = (v: VariantKey, w: string, f: keyof Sample) => median(samples[`${v}|${w}`].map((s) => s[f]));
    const rows: string[][] = [];
    const header = ["workload", "variant", "req/s (c10)", "p50 ms", "p99 ms", "single p50 ms", "server CPU ms/req", "SQL/req (5/20/50)", "project/variant"];
    for (const w of ws) {
      for (const v of variants) {
        const sqls = [5, 20, 50].map((s) => sql[`${v.key}|${w.key}|${s}`].n);
        const ratio = med("project", w.key, "rps") / med(v.key, w.key, "rps");
        rows.push([
          w.key,
          v.key,
          med(v.key, w.key, "rps").toFixed(0),
          med(v.key, w.key, "p50").toFixed(0),
          med(v.key, w.key, "p99").toFixed(0),
          med(v.key, w.key, "single").toFixed(2),
          med(v.key, w.key, "cpu").toFixed(2),
          sqls.map((n) => (Number.isInteger(n) ? String(n) : n.toFixed(1))).join(" / "),
          v.key === "project" ? "" : `${ratio.toFixed(2)}×`,
        ]);
      }
    }
    const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
    const memRows = variants
      .map((v) => `| ${v.key} | ${rssAfterRound[v.key].map(MB).join(" → ")} | ${MB(peaks[v.key])} | ${(((rssAfterRound[v.key].at(-1)! - rssAfterRound[v.key][0]) / rssAfterRound[v.key][0]) * 100).toFixed(1)} % |`)
      .join("\n");

    // ---- 5. targets
    const ratio = (w: string, other: VariantKey) => med("project", w, "rps") / med(other, w, "rps");
    const sqlOf = (w: string, s: number) => sql[`project|${w}|${s}`].n;
    const checks: [string, boolean, string][] = [];
    const check = (name: string, ok: boolean, detail: string) => checks.push([name, ok, detail]);
    for (const w of ["W1-anon", "W1-signed", "W4"]) check(`SQL/request ${w} ≤ 3, equal at 5 and 50`, sqlOf(w, 5) <= 3 && sqlOf(w, 50) === sqlOf(w, 5), `${sqlOf(w, 5)} / ${sqlOf(w, 50)}`);
    check("SQL/request W2 ≤ 4, equal at 5 and 50", sqlOf("W2", 5) <= 4 && sqlOf("W2", 50) === sqlOf("W2", 5), `${sqlOf("W2", 5)} / ${sqlOf("W2", 50)}`);
    for (const w of ["W1-anon", "W1-signed"]) {
      check(`${w} throughput ≥ 0.55 × floor`, ratio(w, "floor") >= 0.55, `${ratio(w, "floor").toFixed(2)} × floor`);
      check(`${w} throughput ≥ 6 × naive`, ratio(w, "naive") >= 6, `${ratio(w, "naive").toFixed(2)} × naive`);
      check(`${w} p99 ≤ 50 ms at 10 connections`, med("project", w, "p99") <= 50, `${med("project", w, "p99")} ms`);
    }
    check("W2 throughput ≥ 0.5 × floor", ratio("W2", "floor") >= 0.5, `${ratio("W2", "floor").toFixed(2)} × floor`);
    // W3: 2 + one per target type on the page, plus the token check (as every signed-in figure here)
    check(
      "SQL/request W3 ≤ 1 (token) + 2 + one per target type, equal at 5 and 50",
      sqlOf("W3", 5) <= 3 + w3Types[5] && sqlOf("W3", 50) <= 3 + w3Types[50] && sqlOf("W3", 50) === sqlOf("W3", 5),
      `${sqlOf("W3", 5)} / ${sqlOf("W3", 50)} (target types on the page: ${w3Types[5]} / ${w3Types[50]})`,
    );
    check("W3 throughput ≥ 0.5 × floor", ratio("W3", "floor") >= 0.5, `${ratio("W3", "floor").toFixed(2)} × floor`);
    const w4 = med("project", "W4", "single") / med("project", "W1-anon", "single");
    const w4c = med("project", "W4", "p50") / Math.max(1, med("project", "W1-anon", "p50"));
    check("W4 p50 ≤ 1.5 × page one", w4 <= 1.5, `${w4.toFixed(2)} × (single client), ${w4c.toFixed(2)} × (10 connections)`);
    const steady = rssAfterRound.project.at(-1)!;
    const growth = (steady - rssAfterRound.project[0]) / rssAfterRound.project[0];
    check("project steady RSS ≤ 200 MB", steady <= 200 * 1048576, `${MB(steady)} MB (peak ${MB(peaks.project)} MB)`);
    check("project RSS grows < 10 % across rounds", growth < 0.1, `${(growth * 100).toFixed(1)} %`);
    const checkTable = ["| target | met | measured |", "| --- | --- | --- |", ...checks.map(([n, ok, d]) => `| ${n} | ${ok ? "yes" : "**no**"} | ${d} |`)].join("\n");

    const minutes = ((Date.now() - startedAt.getTime()) / 60000).toFixed(1);
    const report = `Run of ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${QUICK ? "quick mode, " : ""}${ROUNDS} interleaved rounds × ${DURATION} s per variant and workload at ${CONNECTIONS} connections, then ${SINGLE_SECONDS} s single-client; medians over rounds; ${minutes} min).

Machine: ${info.cpus}; ${info.memory}; ${info.os}; MariaDB ${info.mariadb}; Node ${info.node}; project and naive run with \`node ${flags.join(" ")}\` (as \`npm start\`). Load average before/after: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)} (other work on the machine shares these cores: compare the ratios of one run, not absolute numbers across runs).

${table}

Memory (RSS after each round → MB; peak = VmHWM):

| variant | RSS after each round (MB) | peak MB | growth first → last round |
| --- | --- | --- | --- |
${memRows}

Targets:

${checkTable}
`;
    console.log(`\n${report}`);
    if (process.env.BENCH_WRITE_DOCS !== "0") {
      const file = join(ROOT, "docs", "benchmarks.md");
      const doc = readFileSync(file, "utf8");
      const startMark = "<!-- bench:results:start -->";
      const endMark = "<!-- bench:results:end -->";
      const i = doc.indexOf(startMark);
      const j = doc.indexOf(endMark);
      if (i < 0 || j < 0) throw new Error("docs/benchmarks.md lacks the results markers");
      writeFileSync(file, `${doc.slice(0, i + startMark.length)}\n${report}\n${doc.slice(j)}`);
      console.log("docs/benchmarks.md updated");
    }
  } finally {
    stopAll();
    agent.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
