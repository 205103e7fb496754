import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildModerator, buildUser } from "./factories";
import { buildComment } from "./factories-comments";
import { buildArticle } from "./factories-content";
import { buildReport, commentTarget } from "./factories-reports";
import { createTestApp, expectOk, type TestApp } from "./harness";

const QUEUE = `{ reportQueue(status: OPEN, first: 20) { edges { node { targetId reporters { username } reports { reporter { username } } } } } }`;

describe("reporters stay private from the reported party", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("a moderator whose own comment is reported sees the entry but not who reported it; a colleague does", async () => {
    const reportedMod = await buildModerator(app.ds);
    const colleague = await buildModerator(app.ds);
    const reporter = await buildUser(app.ds);
    const article = await buildArticle(app.ds, {});
    const comment = await buildComment(app.ds, article, reportedMod);
    await buildReport(app.ds, { reporter, target: commentTarget(comment) });

    const entryOf = (data: any) => data.reportQueue.edges.map((e: any) => e.node).find((n: any) => n.reports.length > 0);
    const own = entryOf(expectOk(await app.exec(QUEUE, {}, { as: reportedMod })));
    assert.deepEqual(own.reporters, []);
    assert.deepEqual(own.reports.map((r: any) => r.reporter), [null]);
    const other = entryOf(expectOk(await app.exec(QUEUE, {}, { as: colleague })));
    assert.deepEqual(other.reporters.map((u: any) => u.username), [reporter.username]);
    assert.deepEqual(other.reports.map((r: any) => r.reporter.username), [reporter.username]);
  });
});
