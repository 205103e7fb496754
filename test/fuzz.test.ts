import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fuzzIds, fuzzTokens } from "../bench/fuzz";
import { runFuzz, summariseFailures } from "../bench/lib/fuzz-run";
import { getSchema } from "../src/schema";
import { createTestApp, type TestApp } from "./harness";
import { seedDemo } from "./support/demo-data";

/** A small, fixed-seed run of the fuzzer (npm run fuzz runs thousands): regressions show up in npm test. */
describe("fuzz (a few hundred generated operations over HTTP)", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp();
    await seedDemo(app);
    base = await app.listen();
  });
  after(() => app.close());

  it("no 5xx, no internal error, every error code from the spec, no stack, SQL or driver text", async () => {
    const tokens = await fuzzTokens(base);
    const ids = await fuzzIds(base, tokens[4]);
    assert.ok(ids.length > 5, "the fuzzer aims at real ids too");
    const seed = Number(process.env.FUZZ_SEED ?? 20260);
    const result = await runFuzz({ base, schema: await getSchema(), seed, count: Number(process.env.FUZZ_COUNT ?? 400), timeLimitMs: 90_000, tokens, ids, concurrency: 4 });
    assert.equal(result.failures.length, 0, `seed ${seed}:\n${summariseFailures(result.failures)}`);
    assert.ok(result.serverUp);
    assert.ok(result.sent >= 100, `only ${result.sent} operations were sent in time`);
    assert.ok((result.byStatus["200"] ?? 0) > result.sent / 3, "most operations get past validation");
  });
});
