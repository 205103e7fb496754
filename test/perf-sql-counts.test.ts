import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { workloads, type Workload } from "../bench/workloads";
import { ArticleLike } from "../src/modules/articles/article-like.entity";
import type { Article } from "../src/modules/articles/article.entity";
import { AuthorApplicationStatus } from "../src/modules/author-applications/author-application.entity";
import type { User } from "../src/modules/users/user.entity";
import { ReportStatus } from "../src/modules/reports/report.enums";
import { encodeCursor } from "../src/shared/pagination";
import { processQueryCount } from "../src/shared/query-counter";
import { buildAuthor, buildModerator, buildUser } from "./factories";
import { buildComment } from "./factories-comments";
import { articleGid, buildApplication, buildArticle } from "./factories-content";
import { articleTarget, buildReport, commentTarget, userTarget } from "./factories-reports";
import { ReportCategory } from "../src/modules/moderation/moderation.enums";
import type { Comment } from "../src/modules/comments/comment.entity";
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
  let moderatorToken: string;
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
    const tops: Comment[] = [];
    for (let i = 0; i < 52; i++) {
      const top = await buildComment(app.ds, page, commenters[i % commenters.length], { createdAt: new Date(Date.UTC(2026, 0, 2, 0, i)) });
      for (let k = 0; k < (i % 5); k++) {
        await buildComment(app.ds, page, commenters[(i + k + 1) % commenters.length], { parentId: top.id, replyToUserId: commenters[(i + k) % commenters.length].id });
      }
      tops.push(top);
    }
    token = await app.tokenFor(viewer);
    // W3: 60 reported targets (articles, comments, users in turn), 1–4 reporters each, some decided
    const moderator = await buildModerator(app.ds);
    moderatorToken = await app.tokenFor(moderator);
    const reporters: User[] = [];
    for (let i = 0; i < 5; i++) reporters.push(await buildUser(app.ds));
    const categories = [ReportCategory.SPAM, ReportCategory.UNFRIENDLY, ReportCategory.CLICKBAIT];
    for (let i = 0; i < 60; i++) {
      const target = i % 3 === 0 ? articleTarget(articles[i]) : i % 3 === 1 ? commentTarget(tops[i % tops.length]) : userTarget(await buildUser(app.ds));
      for (let k = 0; k <= i % 4; k++) {
        await buildReport(app.ds, { reporter: reporters[(i + k) % reporters.length], target, category: categories[(i + k) % 3], createdAt: new Date(Date.UTC(2026, 0, 3, 0, i, k)) });
      }
      if (i % 5 === 0) await buildReport(app.ds, { reporter: reporters[(i + 4) % reporters.length], target, status: ReportStatus.DISMISSED, createdAt: new Date(Date.UTC(2025, 11, 1, 0, i)) });
    }
  });
  after(() => app.close());

  async function statementsOf(w: Workload): Promise<{ n: number; data: any }> {
    const before = processQueryCount.total;
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(w.signedIn ? { authorization: `Bearer ${w.moderator ? moderatorToken : token}` } : {}) },
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
        if (w.key === "W3") continue;
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

  it("report queue: 1 (token) + 2 (groups; reports with reporters) + one per target type, the same at 5 and 50 entries", async () => {
    for (const size of [5, 50]) {
      const w = workloads({ articleGlobalId: articleGid(page), deepCursor }, size).find((x) => x.key === "W3")!;
      const { n, data } = await statementsOf(w);
      const edges = data.reportQueue.edges;
      assert.equal(edges.length, size);
      assert.equal(data.reportQueue.pageInfo.hasNextPage, true);
      const types = new Set(edges.map((e: any) => e.node.target.__typename));
      assert.deepEqual([...types].sort(), ["Article", "Comment", "User"], `types at page size ${size}`);
      assert.equal(n, 1 + 2 + types.size, `W3 at page size ${size}`);
      for (const e of edges) {
        assert.equal(e.node.reports.length, e.node.reportCount);
        assert.equal(e.node.reporters.length, e.node.count);
        assert.ok(e.node.reporters.every((u: any) => u.username));
        assert.ok(e.node.target.__typename === "User" ? e.node.target.username : e.node.target.author.username);
      }
      assert.equal(edges[0].node.count, 4);
    }
  });
});
