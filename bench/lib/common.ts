import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";

/** The repository root (this file runs from dist/bench/lib). */
export const ROOT = resolve(__dirname, "../../..");

export interface GqlResponse<T = any> {
  status: number;
  ms: number;
  json?: { data?: T | null; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
  /** The raw body when it was not JSON. */
  text?: string;
  /** Network error (connection refused, reset, timeout). */
  networkError?: string;
}

/** POSTs one GraphQL operation; never throws (network errors are reported in the result). */
export async function gql<T = any>(base: string, query: string, variables?: Record<string, unknown>, token?: string, timeoutMs = 15_000): Promise<GqlResponse<T>> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    try {
      return { status: res.status, ms, json: JSON.parse(text) };
    } catch {
      return { status: res.status, ms, text };
    }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { status: 0, ms: performance.now() - started, networkError: e.cause?.code ?? e.name ?? String(err) };
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Deterministic PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
}

/** One line describing the machine, for the recorded results. */
export function machineLine(): string {
  const load = require("node:os").loadavg() as number[];
  return `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, load average ${load.map((l) => l.toFixed(2)).join(" / ")}`;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => (typeof cell === "number" ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join("  ")).join("\n");
}
