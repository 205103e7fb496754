import type { GraphQLSchema } from "graphql";
import { prng } from "./common";
import { Fuzzer, type FuzzCase } from "./fuzz-gen";
import { checkErrors } from "./leaks";

export interface FuzzOptions {
  base: string;
  schema: GraphQLSchema;
  seed: number;
  count: number;
  timeLimitMs: number;
  tokens: string[];
  ids: string[];
  concurrency?: number;
}

export interface FuzzFailure {
  index: number;
  label: string;
  problem: string;
  status: number;
  response: string;
  body: string;
}

export interface FuzzResult {
  sent: number;
  seconds: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  failures: FuzzFailure[];
  serverUp: boolean;
}

const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/**
 * Sends `count` generated requests (or fewer when the time is up) and checks each answer: no 5xx,
 * JSON, every error with a known code, no internal error, no leaked stack, SQL or driver text.
 */
export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const fuzzer = new Fuzzer(o.schema, prng(o.seed), { ids: o.ids, tokens: o.tokens.length });
  const cases: FuzzCase[] = Array.from({ length: o.count }, () => fuzzer.next());
  const result: FuzzResult = { sent: 0, seconds: 0, byStatus: {}, byCode: {}, failures: [], serverUp: true };
  const started = performance.now();
  const deadline = started + o.timeLimitMs;
  let nextIndex = 0;
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const worker = async () => {
    while (nextIndex < cases.length && performance.now() < deadline) {
      const index = nextIndex++;
      const c = cases[index];
      const headers = { ...c.headers };
      if (c.as >= 0 && !headers.authorization) headers.authorization = `Bearer ${o.tokens[c.as]}`;
      const fail = (problem: string, status: number, response: string) => result.failures.push({ index, label: c.label, problem, status, response: clip(response), body: clip(c.body, 2000) });
      let status = 0;
      let text = "";
      try {
        const res = await fetch(`${o.base}/graphql`, { method: "POST", headers, body: c.body, signal: AbortSignal.timeout(30_000) });
        status = res.status;
        text = await res.text();
      } catch (err) {
        fail(`no answer: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`, 0, "");
        continue;
      } finally {
        result.sent++;
      }
      bump(result.byStatus, String(status));
      if (status >= 500) fail(`HTTP ${status}`, status, text);
      let json: { data?: unknown; errors?: { message?: string; extensions?: Record<string, unknown> }[] };
      try {
        json = JSON.parse(text);
      } catch {
        fail("the answer is not JSON", status, text);
        continue;
      }
      for (const e of json.errors ?? []) {
        const code = String(e.extensions?.code);
        bump(result.byCode, code);
        if (code === "INTERNAL_SERVER_ERROR") fail("INTERNAL_SERVER_ERROR (an unexpected exception in the server)", status, text);
      }
      const check = checkErrors(json, c.sent);
      for (const bad of check.badCodes) fail(`error code not in the spec: ${bad}`, status, text);
      for (const leak of check.leaks) fail(`leak: ${leak}`, status, text);
      if (!json.errors?.length && json.data === undefined) fail("neither data nor errors", status, text);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 8 }, worker));
  result.seconds = (performance.now() - started) / 1000;
  try {
    result.serverUp = (await fetch(`${o.base}/healthz`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    result.serverUp = false;
  }
  return result;
}

/** Distinct problems with one example each, for a readable report. */
export function summariseFailures(failures: FuzzFailure[]): string {
  const groups = new Map<string, FuzzFailure[]>();
  for (const f of failures) {
    const key = `${f.problem.slice(0, 120)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([problem, fs]) => `- ${problem} × ${fs.length}\n  e.g. case #${fs[0].index}: ${fs[0].body.slice(0, 400)}\n  → HTTP ${fs[0].status} ${fs[0].response.slice(0, 400)}`)
    .join("\n");
}
