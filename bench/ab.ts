/**
 * `node dist/bench/ab.js A_DIR B_DIR [workload…]`: the project built twice (two copies of dist/,
 * e.g. before and after a change) against the bench database, interleaved: each round runs every
 * workload on A then B (order alternating), autocannon at 10 connections. Prints req/s per round,
 * medians and B/A. How each change of docs/benchmarks.md was measured.
 *
 * Environment: BENCH_DATABASE_URL, AB_ROUNDS (default 5), AB_DURATION (s, default 4),
 * AB_NODE_FLAGS_A / AB_NODE_FLAGS_B (extra node flags per side, e.g. --max-semi-space-size=8),
 * AB_ENV_B (KEY=VALUE,… extra environment for B only), AB_PORT_BASE (default 4300).
 */
import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { BENCH, benchDatabaseUrl, benchFixtures, benchTokens } from "./common";
import { workloads } from "./workloads";

const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
const DURATION = Number(process.env.AB_DURATION ?? 4);
const PORT_BASE = Number(process.env.AB_PORT_BASE ?? 4300);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const [dirA, dirB, ...keys] = process.argv.slice(2);
  if (!dirA || !dirB) throw new Error("usage: ab.js A_DIST_DIR B_DIST_DIR [workload…]");
  const url = benchDatabaseUrl();
  const ws = workloads(await benchFixtures(url)).filter(
    (w) => keys.length === 0 || keys.includes(w.key),
  );
  const { viewer, moderator } = await benchTokens();
  const extraB = Object.fromEntries((process.env.AB_ENV_B ?? "").split(",").filter(Boolean).map((kv) => kv.split("=") as [string, string]));
  const sides = [
    { name: "A", dir: resolve(dirA), port: PORT_BASE + 1, flags: (process.env.AB_NODE_FLAGS_A ?? "").split(" ").filter(Boolean), env: {} as Record<string, string> },
    { name: "B", dir: resolve(dirB), port: PORT_BASE + 2, flags: (process.env.AB_NODE_FLAGS_B ?? "").split(" ").filter(Boolean), env: extraB },
  ];
  const procs: ChildProcess[] = [];
  process.on("exit", () => procs.forEach((p) => p.exitCode === null && p.kill("SIGTERM")));
  for (const s of sides) {
    const p = spawn(process.execPath, [...s.flags, `${s.dir}/src/index.js`], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", JWT_SECRET: BENCH.jwtSecret, DATABASE_URL: url, HOST: "127.0.0.1", RATE_LIMITS: "off", BENCH_STATS: "1", PORT: String(s.port), ...s.env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    procs.push(p);
    for (let i = 0; ; i++) {
      const ok = await new Promise<boolean>((r) => request({ host: "127.0.0.1", port: s.port, path: "/debug/stats" }, (res) => (res.resume(), r(res.statusCode === 200))).on("error", () => r(false)).end());
      if (ok) break;
      if (i > 150) throw new Error(`${s.name} did not start`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const run = async (port: number, w: (typeof ws)[number], seconds: number) => {
    const r = await autocannon({
      url: `http://127.0.0.1:${port}/graphql`,
      method: "POST",
      headers: { "content-type": "application/json", ...(w.signedIn ? { authorization: `Bearer ${w.moderator ? moderator : viewer}` } : {}) },
      body: JSON.stringify({ operationName: w.operationName, query: w.query, variables: w.variables }),
      connections: 10,
      duration: seconds,
    });
    if (r.non2xx || r.errors) throw new Error(`${port} ${w.key}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r.requests.average;
  };
  for (const s of sides) for (const w of ws) await run(s.port, w, 1);
  const rps: Record<string, number[]> = {};
  const rss: Record<string, number[]> = { A: [], B: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of ws) {
      const order = round % 2 ? [sides[1], sides[0]] : sides;
      for (const s of order) (rps[`${s.name}|${w.key}`] ??= []).push(await run(s.port, w, DURATION));
    }
    procs.forEach((p, i) => rss[sides[i].name].push(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, "utf8"))![1]) / 1024));
    console.log(`round ${round + 1}/${ROUNDS} (load ${loadavg()[0].toFixed(2)})`);
  }
  console.log(`\nA = ${sides[0].dir} ${sides[0].flags.join(" ")}\nB = ${sides[1].dir} ${sides[1].flags.join(" ")} ${JSON.stringify(extraB)}\n`);
  console.log("| workload | A req/s | B req/s | B/A (medians) | B/A (median of paired rounds) | A rounds | B rounds |\n| --- | --- | --- | --- | --- | --- | --- |");
  for (const w of ws) {
    const a = rps[`A|${w.key}`];
    const b = rps[`B|${w.key}`];
    const paired = median(a.map((x, i) => b[i] / x));
    console.log(`| ${w.key} | ${median(a).toFixed(0)} | ${median(b).toFixed(0)} | ${(median(b) / median(a)).toFixed(2)} | ${paired.toFixed(2)} | ${a.map((x) => x.toFixed(0)).join(" ")} | ${b.map((x) => x.toFixed(0)).join(" ")} |`);
  }
  console.log(`\nRSS after each round (MB): A ${rss.A.map((x) => x.toFixed(0)).join(" → ")}; B ${rss.B.map((x) => x.toFixed(0)).join(" → ")}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
