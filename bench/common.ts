import { createConnection } from "mysql2/promise";
import { loadConfig } from "../src/config";
import { signAccessToken } from "../src/modules/auth/tokens";
import { encodeCursor } from "../src/shared/pagination";
import type { Fixtures } from "./workloads";

/** Shared constants of the benchmark generator and runner. */
export const BENCH = {
  /** Signs the bench viewer's access tokens; every variant verifies with it. */
  jwtSecret: "bench-secret-that-is-long-enough-for-hs256-0123456789",
  password: "zhiyan-bench-2026",
  viewerUsername: "bench_viewer",
  moderatorUsername: "bench_moderator",
  viewerSessionId: 1,
  moderatorSessionId: 2,
};

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/zhiyan_bench";
}

/** Small deterministic PRNG (same data on every run). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The node flags `npm start` runs the server with (package.json), so that the bench measures the
 * process as shipped (docs/benchmarks.md, memory).
 */
export function startNodeFlags(packageJson: string): string[] {
  const start = (JSON.parse(packageJson) as { scripts: Record<string, string> }).scripts.start;
  const m = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/index\.js/.exec(start);
  if (!m) throw new Error(`cannot read the node flags of "npm start": ${start}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** What the workloads need from the bench database (W2's article, W4's cursor). */
export async function benchFixtures(url: string): Promise<Fixtures & { articleId: number }> {
  const conn = await createConnection({ uri: url, timezone: "Z" });
  try {
    const [[count]] = (await conn.query("SELECT COUNT(*) AS n FROM articles")) as any;
    if (count.n < 1000) throw new Error("the bench database looks empty: run `npm run bench:seed` first");
    // W2: the published article with the most top-level comments among the newest (the generator gives the newest 60 threads)
    const [[top]] = (await conn.query(
      "SELECT a.id FROM articles a WHERE a.status = 'PUBLISHED' AND a.moderationState = 'VISIBLE' ORDER BY a.publishedAt DESC, a.id DESC LIMIT 1",
    )) as any;
    const [[deep]] = (await conn.query(
      "SELECT publishedAt, id FROM articles WHERE status = 'PUBLISHED' AND moderationState = 'VISIBLE' ORDER BY publishedAt DESC, id DESC LIMIT 1 OFFSET 49999",
    )) as any;
    return {
      articleId: top.id,
      articleGlobalId: Buffer.from(`Article:${top.id}`).toString("base64"),
      deepCursor: encodeCursor([(deep.publishedAt as Date).getTime(), deep.id]),
    };
  } finally {
    await conn.end();
  }
}

/** Access tokens (valid for a day) of the seeded bench viewer (user 1) and moderator (user 2). */
export async function benchTokens(): Promise<{ viewer: string; moderator: string }> {
  const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: BENCH.jwtSecret, ACCESS_TOKEN_TTL_SECONDS: "86400" });
  const now = new Date();
  return {
    viewer: await signAccessToken(config, { userId: 1, sessionId: BENCH.viewerSessionId }, now),
    moderator: await signAccessToken(config, { userId: 2, sessionId: BENCH.moderatorSessionId }, now),
  };
}
