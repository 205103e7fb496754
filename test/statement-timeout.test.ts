import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { statementTimeoutSql } from "../src/shared/statement-timeout";
import { createTestApp, type TestApp } from "./harness";

describe("statement timeout (MySQL/MariaDB)", () => {
  const onMysql = Boolean(process.env.TEST_DATABASE_URL);
  let app: TestApp;
  before(async () => {
    if (onMysql) app = await createTestApp({ DB_STATEMENT_TIMEOUT_MS: "500", DB_POOL_SIZE: "3" });
  });
  after(() => app?.close());

  it("speaks each engine's dialect", () => {
    assert.equal(statementTimeoutSql("mariadb", 500), "SET SESSION max_statement_time = 0.500");
    assert.equal(statementTimeoutSql("mysql", 500), "SET SESSION max_execution_time = 500");
  });

  it("every pooled connection cuts off a slow SELECT", { skip: onMysql ? false : "needs TEST_DATABASE_URL" }, async () => {
    const runners = await Promise.all([0, 1, 2].map(async () => {
      const r = app.ds.createQueryRunner();
      await r.connect();
      return r;
    }));
    try {
      const started = Date.now();
      const outcomes = await Promise.all(
        runners.map((r) =>
          r.query("SELECT SLEEP(5) AS slept").then(
            (rows: { slept: number }[]) => ({ ok: true as const, slept: Number(rows[0].slept) }),
            (err: { message?: string; driverError?: { errno?: number } }) => ({ ok: false as const, errno: err.driverError?.errno, message: String(err.message) }),
          ),
        ),
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 3000, `three 5-second sleeps ended after ${elapsed} ms`);
      for (const o of outcomes) {
        // MariaDB aborts with ER_STATEMENT_TIMEOUT (1969); MySQL interrupts SLEEP, which then returns 1.
        if (o.ok) assert.equal(o.slept, 1);
        else assert.match(`${o.errno} ${o.message}`, /1969|max_statement_time|maximum statement execution time/i);
      }
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
    // The pool still answers afterwards.
    assert.deepEqual(await app.ds.query("SELECT 1 AS one"), [{ one: 1 }]);
  });
});
