import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArticleLike } from "../src/modules/articles/article-like.entity";
import { Article, ArticleStatus } from "../src/modules/articles/article.entity";
import type { User } from "../src/modules/users/user.entity";
import { buildAuthor, buildEditor, buildUser } from "./factories";
import { articleGid, buildArticle, userGid } from "./factories-content";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const PAGE = `query($first: Int, $after: String, $tag: String, $authorId: ID, $search: String, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, tag: $tag, authorId: $authorId, search: $search, orderBy: $orderBy) {
    edges { cursor node { id title likeCount } } pageInfo { hasNextPage endCursor } totalCount } }`;

describe("the feed, drafts, submissions and query counts", () => {
  let app: TestApp;
  let author: User;
  before(async () => {
    app = await createTestApp();
    author = await buildAuthor(app.ds, { displayName: "作者甲" });
  });
  after(() => app.close());

  /** Follows endCursor until the end; returns the ids in order. */
  async function walk(vars: Record<string, unknown>, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const data: any = expectOk(await app.exec(PAGE, { ...vars, first, after }));
      ids.push(...data.articles.edges.map((e: any) => e.node.id));
      if (!data.articles.pageInfo.hasNextPage) return ids;
      after = data.articles.pageInfo.endCursor;
    }
    throw new Error("pagination did not end");
  }

  it("keyset paging stays exact across rows sharing a timestamp (NEWEST) and a like count (POPULAR)", async () => {
    const tag = "同一时刻";
    const same = new Date("2026-05-01T12:00:00.000Z");
    const rows = [];
    for (let i = 0; i < 7; i++) rows.push(await buildArticle(app.ds, { author, tags: [tag], publishedAt: i < 5 ? same : new Date(same.getTime() + i * 1000), likeCount: i % 2 }));
    const expectedNewest = [...rows].sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || b.id - a.id).map(articleGid);
    for (const size of [1, 2, 3, 7]) assert.deepEqual(await walk({ tag }, size), expectedNewest, `page size ${size}`);
    const expectedPopular = [...rows].sort((a, b) => b.likeCount - a.likeCount || b.id - a.id).map(articleGid);
    for (const size of [2, 3]) assert.deepEqual(await walk({ tag, orderBy: "POPULAR" }, size), expectedPopular, `popular, page size ${size}`);
    const data = expectOk(await app.exec(PAGE, { tag, first: 2 }));
    assert.equal(data.articles.totalCount, 7);
  });

  it("filters by tag (normalized), author and Chinese search on title or summary; wildcards are literal", async () => {
    const other = await buildAuthor(app.ds);
    const a1 = await buildArticle(app.ds, { author: other, title: "分布式系统的一致性", summary: "浅谈 Raft", tags: ["分布式", "go语言"] });
    const a2 = await buildArticle(app.ds, { author: other, title: "数据库索引", summary: "B+树与分布式事务", tags: ["数据库"] });
    await buildArticle(app.ds, { author: other, title: "分布式草稿", status: ArticleStatus.DRAFT });
    const a4 = await buildArticle(app.ds, { author: other, title: "折扣 100% 真实", summary: "下划线_测试" });
    const ids = (d: any) => d.articles.edges.map((e: any) => e.node.id).sort();
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "分布式" }))), [articleGid(a1), articleGid(a2)].sort());
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "一致性", authorId: userGid(other) }))), [articleGid(a1)]);
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { tag: " #Go语言" }))), [articleGid(a1)]);
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { authorId: userGid(other) }))), [a1, a2, a4].map(articleGid).sort());
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "100%" }))), [articleGid(a4)]);
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "%" }))), [articleGid(a4)]);
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "_" }))), [articleGid(a4)]);
    assert.deepEqual(ids(expectOk(await app.exec(PAGE, { search: "!" }))), []);
    assert.equal(errorOf(await app.exec(PAGE, { first: 101 })).extensions.code, "BAD_USER_INPUT");
    assert.equal(errorOf(await app.exec(PAGE, { after: "nonsense" })).extensions.reason, "INVALID_CURSOR");
  });

  it("User.articles lists published work; viewer.drafts is the owner's only (FORBIDDEN to others)", async () => {
    const writer = await buildUser(app.ds);
    const stranger = await buildUser(app.ds);
    const pub = await buildArticle(app.ds, { author: writer });
    const d1 = await buildArticle(app.ds, { author: writer, status: ArticleStatus.DRAFT, updatedAt: new Date("2026-01-01T00:00:00Z") });
    const d2 = await buildArticle(app.ds, { author: writer, status: ArticleStatus.SUBMITTED, updatedAt: new Date("2026-01-02T00:00:00Z") });
    const mine = expectOk(await app.exec(`{ viewer { drafts(first: 10) { edges { node { id status } } totalCount } articles { edges { node { id } } } } }`, {}, { as: writer }));
    assert.deepEqual(mine.viewer.drafts.edges.map((e: any) => e.node.id), [articleGid(d2), articleGid(d1)]);
    assert.equal(mine.viewer.drafts.totalCount, 2);
    assert.deepEqual(mine.viewer.articles.edges.map((e: any) => e.node.id), [articleGid(pub)]);
    const onlyDrafts = expectOk(await app.exec(`{ viewer { drafts(status: DRAFT) { edges { node { id } } } } }`, {}, { as: writer }));
    assert.deepEqual(onlyDrafts.viewer.drafts.edges.map((e: any) => e.node.id), [articleGid(d1)]);
    const q = `query($id: ID!) { node(id: $id) { ... on User { articles { totalCount } drafts { totalCount } } } }`;
    const err = errorOf(await app.exec(q, { id: userGid(writer) }, { as: stranger }));
    assert.deepEqual([err.extensions.code, err.extensions.reason], ["FORBIDDEN", "NOT_OWNER"]);
    assert.equal(errorOf(await app.exec(q, { id: userGid(writer) }, { as: await buildEditor(app.ds) })).extensions.code, "FORBIDDEN");
    assert.equal(errorOf(await app.exec(q, { id: userGid(writer) })).extensions.code, "UNAUTHENTICATED");
  });

  it("submissions: EDITOR only, SUBMITTED articles oldest first", async () => {
    const editor = await buildEditor(app.ds);
    const reader = await buildUser(app.ds);
    const late = await buildArticle(app.ds, { status: ArticleStatus.SUBMITTED, submittedAt: new Date("2026-02-02T00:00:00Z") });
    const early = await buildArticle(app.ds, { status: ArticleStatus.SUBMITTED, submittedAt: new Date("2026-02-01T00:00:00Z") });
    await buildArticle(app.ds, { status: ArticleStatus.DRAFT });
    const Q = `query($after: String) { submissions(first: 1, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let more = true; more; ) {
      const page: any = expectOk(await app.exec(Q, { after: cursor }, { as: editor })).submissions;
      seen.push(...page.edges.map((e: any) => e.node));
      [more, cursor] = [page.pageInfo.hasNextPage, page.pageInfo.endCursor];
    }
    assert.ok(seen.every((n) => n.status === "SUBMITTED"));
    const order = seen.map((n) => n.id);
    assert.ok(order.includes(articleGid(early)) && order.indexOf(articleGid(early)) < order.indexOf(articleGid(late)), "oldest first");
    for (const as of [reader, await buildAuthor(app.ds)]) assert.equal(errorOf(await app.exec(Q, {}, { as })).extensions.code, "FORBIDDEN");
  });

  it("likes are idempotent, one row per user and article, counted in likeCount; viewerHasLiked follows", async () => {
    const reader = await buildUser(app.ds);
    const a = await buildArticle(app.ds, { author });
    const LIKE = `mutation($id: ID!) { likeArticle(id: $id) { likeCount viewerHasLiked } }`;
    const UNLIKE = `mutation($id: ID!) { unlikeArticle(id: $id) { likeCount viewerHasLiked } }`;
    assert.deepEqual(expectOk(await app.exec(LIKE, { id: articleGid(a) }, { as: reader })).likeArticle, { likeCount: 1, viewerHasLiked: true });
    assert.deepEqual(expectOk(await app.exec(LIKE, { id: articleGid(a) }, { as: reader })).likeArticle, { likeCount: 1, viewerHasLiked: true });
    assert.equal(await app.ds.getRepository(ArticleLike).countBy({ articleId: a.id }), 1);
    const anon = expectOk(await app.exec(`query($id: ID!) { article(id: $id) { likeCount viewerHasLiked } }`, { id: articleGid(a) }));
    assert.deepEqual(anon.article, { likeCount: 1, viewerHasLiked: false });
    assert.deepEqual(expectOk(await app.exec(UNLIKE, { id: articleGid(a) }, { as: reader })).unlikeArticle, { likeCount: 0, viewerHasLiked: false });
    assert.deepEqual(expectOk(await app.exec(UNLIKE, { id: articleGid(a) }, { as: reader })).unlikeArticle, { likeCount: 0, viewerHasLiked: false });
    assert.equal(await app.ds.getRepository(ArticleLike).countBy({ articleId: a.id }), 0);
    await assert.rejects(
      app.ds.getRepository(ArticleLike).insert([{ userId: reader.id, articleId: a.id, createdAt: new Date() }, { userId: reader.id, articleId: a.id, createdAt: new Date() }]),
      "the primary key holds one like per user and article",
    );
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    assert.equal(errorOf(await app.exec(LIKE, { id: articleGid(draft) }, { as: reader })).extensions.code, "NOT_FOUND");
    const own = errorOf(await app.exec(LIKE, { id: articleGid(draft) }, { as: author }));
    assert.deepEqual([own.extensions.code, own.extensions.reason], ["INVALID_STATE", "NOT_PUBLISHED"]);
    assert.equal(errorOf(await app.exec(LIKE, { id: articleGid(a) })).extensions.code, "UNAUTHENTICATED");
  });

  it("article(id) counts a view for readers other than the owner; node(id) and lists do not", async () => {
    const reader = await buildUser(app.ds);
    const a = await buildArticle(app.ds, { author });
    const GET = `query($id: ID!) { article(id: $id) { viewCount } }`;
    assert.equal(expectOk(await app.exec(GET, { id: articleGid(a) }, { as: reader })).article.viewCount, 1);
    assert.equal(expectOk(await app.exec(GET, { id: articleGid(a) })).article.viewCount, 2);
    assert.equal(expectOk(await app.exec(GET, { id: articleGid(a) }, { as: author })).article.viewCount, 2);
    expectOk(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: articleGid(a) }));
    const res = await app.exec(GET, { id: articleGid(a) }, { as: reader, recordSql: true });
    assert.equal(expectOk(res).article.viewCount, 3);
    assert.equal(res.statements!.filter((s) => /^UPDATE/i.test(s)).length, 1, "one UPDATE per counted view");
  });

  it("the feed with author, pen name, tags and counters runs the same fixed number of statements for 5 and 20 items", async () => {
    const tag = "计数";
    const reader = await buildUser(app.ds);
    for (let i = 0; i < 25; i++) {
      const writer = i % 3 === 0 ? author : await buildAuthor(app.ds);
      const a = await buildArticle(app.ds, { author: writer, tags: [tag, `标签${i % 4}`], publishedAt: new Date(Date.UTC(2026, 5, 1, 0, 0, i)) });
      if (i % 2 === 0) await app.ds.getRepository(ArticleLike).insert({ userId: reader.id, articleId: a.id, createdAt: new Date() });
    }
    const Q = `query($n: Int!, $tag: String) { articles(first: $n, tag: $tag) { edges { node { id title byline likeCount commentCount viewCount viewerHasLiked tags author { id displayName penName } } } } }`;
    const five = await app.exec(Q, { n: 5, tag }, { as: reader, recordSql: true });
    const twenty = await app.exec(Q, { n: 20, tag }, { as: reader, recordSql: true });
    assert.equal(expectOk(five).articles.edges.length, 5);
    assert.equal(expectOk(twenty).articles.edges.length, 20);
    assert.ok(twenty.data!.articles.edges.some((e: any) => e.node.viewerHasLiked) && twenty.data!.articles.edges.some((e: any) => !e.node.viewerHasLiked));
    // one statement: the page with authors, pen names, tags and the viewer's likes folded in
    assert.equal(five.queries, 1, five.statements!.join("\n"));
    assert.equal(twenty.queries, five.queries, twenty.statements!.join("\n"));
    const anon = await app.exec(Q, { n: 20, tag });
    assert.equal(anon.queries, 1);
    assert.ok(anon.data!.articles.edges.every((e: any) => e.node.viewerHasLiked === false));
  });
});

describe("concurrent likes", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("many readers and repeated likes at once: no deadlock, one row each, exact likeCount", async () => {
    const a = await buildArticle(app.ds);
    const readers = await Promise.all(Array.from({ length: 6 }, () => buildUser(app.ds)));
    const LIKE = `mutation($id: ID!) { likeArticle(id: $id) { likeCount } }`;
    const results = await Promise.all(readers.flatMap((r) => [r, r].map((as) => app.exec(LIKE, { id: articleGid(a) }, { as }))));
    for (const r of results) expectOk(r);
    assert.equal(await app.ds.getRepository(ArticleLike).countBy({ articleId: a.id }), 6);
    const row = await app.ds.getRepository(ArticleLike).manager.findOneByOrFail(Article, { id: a.id });
    assert.equal(row.likeCount, 6);
    const unlikes = await Promise.all(readers.map((as) => app.exec(`mutation($id: ID!) { unlikeArticle(id: $id) { likeCount } }`, { id: articleGid(a) }, { as })));
    for (const r of unlikes) expectOk(r);
    assert.equal((await app.ds.getRepository(ArticleLike).manager.findOneByOrFail(Article, { id: a.id })).likeCount, 0);
  });
});
