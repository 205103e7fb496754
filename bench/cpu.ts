/**
 * `npm run bench:cpu`: the Node CPU time one operation costs, in process (no HTTP, no Express,
 * one client, so no queueing), through the real Apollo server and schema against the bench
 * database: `process.cpuUsage()` around N sequential `executeOperation` calls, each with a fresh
 * request context (the bearer-token check included when signed in). Both executors run in the
 * same process on the same connection pool, interleaved over rounds; medians are printed.
 *
 * This is the steadiest figure this shared 2-core machine gives (the HTTP runs of `npm run bench`
 * vary by up to 2× between rounds): it shows what a request costs the server's one thread, and
 * how that splits between a fixed part (`{ __typename }`, a feed of 1) and a part per item.
 *
 * Environment: BENCH_DATABASE_URL, CPU_ROUNDS (default 5), CPU_N (operations per measurement,
 * default 300), CPU_ONLY (run only the operations whose name contains this text, e.g. "W2";
 * with `node --cpu-prof` this profiles one operation).
 */
import "reflect-metadata";
import type { ApolloServer } from "@apollo/server";
import pino from "pino";
import { openDatabase } from "../src/app";
import { loadConfig } from "../src/config";
import { buildContext, type AppContext, type AppDeps } from "../src/context";
import { createHttpApp } from "../src/server";
import { BENCH, benchDatabaseUrl, benchFixtures, benchTokens } from "./common";
import { FEED_QUERY, workloads } from "./workloads";

const ROUNDS = Number(process.env.CPU_ROUNDS ?? 5);
const N = Number(process.env.CPU_N ?? 300);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Case {
  key: string;
  query: string;
  variables: Record<string, unknown>;
  token?: string;
}

async function main(): Promise<void> {
  const url = benchDatabaseUrl();
  const config = loadConfig({ NODE_ENV: "production", JWT_SECRET: BENCH.jwtSecret, DATABASE_URL: url, RATE_LIMITS: "off", ACCESS_TOKEN_TTL_SECONDS: "86400", LOG_LEVEL: "silent" });
  const deps: AppDeps = { ds: await openDatabase(config), config, log: pino({ level: "silent" }) };
  const { viewer, moderator } = await benchTokens();
  const cases: Case[] = [
    { key: "{ __typename }", query: "{ __typename }", variables: {} },
    { key: "W1 feed of 1, anonymous", query: FEED_QUERY, variables: { first: 1, after: null } },
    ...workloads(await benchFixtures(url)).map((w) => ({ key: w.title, query: w.query, variables: w.variables, token: w.signedIn ? (w.moderator ? moderator : viewer) : undefined })),
  ];
  const only = process.env.CPU_ONLY;
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => c.key.includes(only)));
  const executors: Record<string, ApolloServer<AppContext>> = {};
  for (const executor of ["jit", "graphql-js"] as const) executors[executor] = (await createHttpApp({ ...deps, config: { ...config, executor } })).apollo;

  const measure = async (apollo: ApolloServer<AppContext>, c: Case, n: number): Promise<number> => {
    const authorization = c.token ? `Bearer ${c.token}` : undefined;
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const contextValue = await buildContext(deps, { authorization, requestId: "bench-cpu" });
      const res = await apollo.executeOperation({ query: c.query, variables: c.variables }, { contextValue });
      if (res.body.kind !== "single" || res.body.singleResult.errors) throw new Error(`${c.key}: ${JSON.stringify(res.body)}`);
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / n;
  };
  for (const apollo of Object.values(executors)) for (const c of cases) await measure(apollo, c, Math.ceil(N / 3)); // warm-up
  const figures: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ["graphql-js", "jit"] : ["jit", "graphql-js"];
    for (const c of cases) for (const e of order) (figures[`${e}|${c.key}`] ??= []).push(await measure(executors[e], c, N));
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
  }
  console.log(`\nNode CPU per operation, in process, ${N} sequential operations × ${ROUNDS} rounds (medians, ms):\n`);
  console.log("| operation | jit (shipped) | graphql-js | jit / graphql-js |\n| --- | --- | --- | --- |");
  for (const c of cases) {
    const jit = median(figures[`jit|${c.key}`]);
    const js = median(figures[`graphql-js|${c.key}`]);
    console.log(`| ${c.key} | ${jit.toFixed(2)} | ${js.toFixed(2)} | ${(jit / js).toFixed(2)} |`);
  }
  for (const apollo of Object.values(executors)) await apollo.stop();
  await deps.ds.destroy();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
