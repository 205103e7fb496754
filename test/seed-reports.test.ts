import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Report } from "../src/modules/reports/report.entity";
import { seedComments } from "../src/scripts/seed-comments";
import { seedContent } from "../src/scripts/seed-content";
import { seedReports } from "../src/scripts/seed-reports";
import { seedSafety } from "../src/scripts/seed-safety";
import { seedUsers } from "../src/scripts/seed-users";
import { createTestApp, expectOk, type TestApp } from "./harness";

describe("seed: an open report", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("two readers report a comment by qian_qi under rule 2.6; seeding twice adds nothing; moderators see it in the queue", async () => {
    const ctx = { ...app.deps, now: new Date(), viewer: null };
    const users = await seedUsers(ctx);
    await seedContent(ctx, users);
    await seedComments(ctx, users);
    await seedSafety(ctx, users);
    assert.equal(await seedReports(ctx, users), 2);
    assert.equal(await seedReports(ctx, users), 0);
    assert.equal(await app.ds.getRepository(Report).countBy({ status: "OPEN" as never }), 2);
    const queue = expectOk(await app.exec(`{ reportQueue { edges { node { count categories reporters { username } target { ... on Comment { author { username } } } } } } }`, {}, { as: users.moderator })).reportQueue;
    assert.deepEqual(queue.edges.map((e: any) => e.node), [{ count: 2, categories: ["UNFRIENDLY"], reporters: [{ username: "wang_wu" }, { username: "zhao_liu" }], target: { author: { username: "qian_qi" } } }]);
  });
});
