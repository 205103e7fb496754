import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { workloads, type Workload } from "../bench/workloads";
import { ArticleLike } from "../src/modules/articles/article-like.entity";
import type { Article } from "../src/modules/articles/article.entity";
import { AuthorApplicationStatus } from "../src/modules/author-applications/author-application.entity";
import type { User } from "../src/modules/users/user.entity";
import { encodeCursor } from "../src/shared/pagination";
import { processQueryCount } from "../src/shared/query-counter";
import { buildAuthor, buildUser } from "./factories";
import { buildComment } from "./factories-comments";
import { articleGid, buildApplication, buildArticle } from "./factories-content";
import { createTestApp, type TestApp } from "./harness";

/**
 * Every SQL statement the server runs for one HTTP request — the bearer-token check included —
 * for the benchmark's workloads (bench/workloads.ts), at page sizes 5 and 50: the counts are
 * fixed, they cannot grow with the page (docs/benchmarks.md).
 */
describe("SQL statements per request of the benchmark workloads", () => {
  let app: TestApp;
  let url: string;
  let viewer: User;
  let token: string;
  let page: Article;
  let deepCursor: string;

  before(async () => {
    app = await createTestApp();
    url = await app.listen();
    viewer = await buildUser(app.ds);
    const authors: User[] = [];
    for (let i = 0; i < 6; i++) {
      const author = await buildAuthor(app.ds);
      if (i % 2 === 0) await buildApplication(app.ds, author, { status: AuthorApplicationStatus.APPROVED, penName: `笔名${i}` });
      authors.push(author);
    }
    const articles: Article[] = [];
    for (let i = 0; i < 60; i++) {
      const a = await buildArticle(app.ds, { author: authors[i % authors.length], tags: [`标签${i % 7}`, "性能"], publishedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2))) });
      if (i % 3 === 0) await app.ds.getRepository(ArticleLike).insert({ userId: viewer.id, articleId: a.id, createdAt: new Date() });
      articles.push(a);
    }
    const sorted = [...articles].sort((x, y) => y.publishedAt!.getTime() - x.publishedAt!.getTime() || y.id - x.id);
    deepCursor = encodeCursor([sorted[4].publishedAt!.getTime(), sorted[4].id]);
    page = articles[articles.length - 1];
    const commenters = [viewer, ...authors];
    for (let i = 0; i < 52; i++) {
      const top = await buildComment(app.ds, page, commenters[i % commenters.length], { createdAt: new Date(Date.UTC(2026, 0, 2, 0, i)) });
      for (let k = 0; k < (i % 5); k++) {
        await buildComment(app.ds, page, commenters[(i + k + 1) % commenters.length], { parentId: top.id, replyToUserId: commenters[(i + k) % commenters.length].id });
      }
    }
    token = await app.tokenFor(viewer);
  });
  after(() => app.close());

  async function statementsOf(w: Workload): Promise<{ n: number; data: any }> {
    const before = processQueryCount.total;
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(w.signedIn ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ operationName: w.operationName, query: w.query, variables: w.variables }),
    });
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return { n: processQueryCount.total - before, data: body.data };
  }

  it("feed: 1 statement anonymous, 2 signed in (token, session and standing in one); article page: 3; the same at 5 and 50 items", async () => {
    const expected: Record<string, number> = { "W1-anon": 1, "W1-signed": 2, W2: 3, W4: 1 };
    for (const size of [5, 50]) {
      for (const w of workloads({ articleGlobalId: articleGid(page), deepCursor }, size)) {
        const { n, data } = await statementsOf(w);
        assert.equal(n, expected[w.key], `${w.key} at page size ${size}`);
        if (w.key === "W2") {
          assert.equal(data.node.comments.edges.length, Math.min(size, 52));
          assert.ok(data.node.comments.edges.some((e: any) => e.node.replies.edges.length === 3 && e.node.replies.pageInfo.hasNextPage));
          assert.ok(data.node.comments.edges.every((e: any) => e.node.author.username && e.node.replies.edges.every((r: any) => r.node.replyTo.displayName)));
        } else {
          const edges = data.articles.edges;
          assert.equal(edges.length, w.key === "W4" ? Math.min(size, 55) : size);
          assert.ok(edges.every((e: any) => e.node.tags.includes("性能") && e.node.author.username && e.node.byline));
          assert.ok(edges.some((e: any) => e.node.author.penName) && edges.some((e: any) => !e.node.author.penName));
          if (w.signedIn) assert.ok(edges.some((e: any) => e.node.viewerHasLiked) && edges.some((e: any) => !e.node.viewerHasLiked));
          else assert.ok(edges.every((e: any) => !e.node.viewerHasLiked));
        }
      }
    }
  });

  // W3 (moderator report queue): pin "2 + one per target type" here once the reports module is merged.
});
