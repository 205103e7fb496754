import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Article } from "../src/modules/articles/article.entity";
import { AuthorApplication } from "../src/modules/author-applications/author-application.entity";
import { seedContent } from "../src/scripts/seed-content";
import { seedUsers } from "../src/scripts/seed-users";
import { createTestApp, expectOk, type TestApp } from "./harness";

describe("seed: publishing demo content", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("creates Chinese articles in every state and a pending application, idempotently", async () => {
    const ctx = { ...app.deps, now: new Date("2026-06-01T00:00:00Z"), viewer: null };
    const users = await seedUsers(ctx);
    const first = await seedContent(ctx, users);
    await seedContent(ctx, users);
    assert.equal(await app.ds.getRepository(Article).count(), Object.keys(first).length);
    const statuses = (await app.ds.getRepository(Article).find()).map((a) => a.status).sort();
    assert.deepEqual([...new Set(statuses)], ["DRAFT", "PUBLISHED", "REJECTED", "SUBMITTED"]);
    assert.equal(first.uxReprint.originality, "REPRINT");
    assert.equal(await app.ds.getRepository(AuthorApplication).countBy({ status: "PENDING" as never }), 1);
    const feed = expectOk(await app.exec(`{ articles(search: "共识") { edges { node { title tags likeCount byline } } } }`));
    assert.deepEqual(feed.articles.edges[0].node, { title: "从零理解 Raft 共识算法", tags: ["go语言", "分布式", "算法"], likeCount: 4, byline: "张三" });
  });
});
