import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Article, ArticleStatus, ArticleTag, ModerationState } from "../src/modules/articles/article.entity";
import { ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { Notification } from "../src/modules/notifications/notification.entity";
import { buildAuthor, buildEditor, buildModerator, buildUser } from "./factories";
import { articleGid, buildArticle } from "./factories-content";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const FIELDS = `id title summary body bodyHtml status tags originality sourceName sourceUrl reprintPolicy commentsEnabled publishedAt submittedAt reviewNote author { id }`;
const CREATE = `mutation($i: CreateArticleInput!) { createArticle(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($i: UpdateArticleInput!) { updateArticle(input: $i) { ${FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishArticle(id: $id) { id status publishedAt } }`;
const SUBMIT = `mutation($id: ID!) { submitArticle(id: $id) { id status submittedAt } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { id status } }`;
const DELETE = `mutation($id: ID!) { deleteArticle(id: $id) { id status } }`;
const REVIEW = `mutation($i: ReviewSubmissionInput!) { reviewSubmission(input: $i) { id status reviewNote publishedAt author { id } } }`;
const GET = `query($id: ID!) { article(id: $id) { id status title reviewNote } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Article { title } } }`;
const FEED = `{ articles(first: 100) { edges { node { id } } } }`;

describe("articles: drafting, publishing, submissions, visibility", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  const draftInput = (over: Record<string, unknown> = {}) => ({ title: "我的第一篇文章", summary: "摘要", body: "# 标题\n\n正文", tags: ["  #Go语言 ", "后端", "go语言", "ＡＩ"], ...over });

  it("any user writes a draft: tags normalized and deduplicated, Markdown rendered, FORBIDDEN reprint policy by default", async () => {
    const reader = await buildUser(app.ds);
    const a = expectOk(await app.exec(CREATE, { i: draftInput() }, { as: reader })).createArticle;
    assert.equal(a.status, "DRAFT");
    assert.deepEqual(a.tags, ["ai", "go语言", "后端"]);
    assert.equal(a.originality, "ORIGINAL");
    assert.equal(a.reprintPolicy, "FORBIDDEN");
    assert.equal(a.commentsEnabled, true);
    assert.match(a.bodyHtml, /<h1>标题<\/h1>/);
    assert.equal(a.publishedAt, null);
    const tags = await app.ds.getRepository(ArticleTag).find({ where: { articleId: Number(Buffer.from(a.id, "base64").toString().split(":")[1]) } });
    assert.equal(tags.length, 3);
  });

  it("validates SPEC 3 limits with BAD_USER_INPUT naming the fields", async () => {
    const user = await buildUser(app.ds);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "" }, "title"],
      [{ title: "   " }, "title"],
      [{ title: "字".repeat(101) }, "title"],
      [{ summary: "字".repeat(301) }, "summary"],
      [{ body: "a".repeat(100_001) }, "body"],
      [{ tags: ["a", "b", "c", "d", "e", "f"] }, "tags"],
      [{ tags: ["长".repeat(31)] }, "tags"],
      [{ originality: "REPRINT" }, "sourceName"],
      [{ originality: "REPRINT", sourceName: "某报", sourceUrl: "javascript:alert(1)" }, "sourceUrl"],
    ];
    for (const [over, field] of cases) {
      const err = errorOf(await app.exec(CREATE, { i: draftInput(over) }, { as: user }));
      assert.equal(err.extensions.code, "BAD_USER_INPUT", JSON.stringify(over).slice(0, 80));
      assert.ok(err.extensions.fields.includes(field), `${field} in ${err.extensions.fields}`);
    }
    const reprintErr = errorOf(await app.exec(CREATE, { i: draftInput({ originality: "REPRINT" }) }, { as: user }));
    assert.equal(reprintErr.extensions.reason, "REPRINT_SOURCE_REQUIRED");
    assert.deepEqual(reprintErr.extensions.fields, ["sourceName", "sourceUrl"]);
    assert.equal(await app.ds.getRepository(Article).countBy({ authorId: user.id }), 0);
    const ok = expectOk(await app.exec(CREATE, { i: draftInput({ body: "字".repeat(100_000), title: "字".repeat(100), summary: "字".repeat(300) }) }, { as: user }));
    assert.equal(ok.createArticle.body.length, 100_000);
  });

  it("a reprint keeps its source; switching to ORIGINAL clears it", async () => {
    const author = await buildAuthor(app.ds);
    const a = expectOk(await app.exec(CREATE, { i: draftInput({ originality: "REPRINT", sourceName: "人民日报", sourceUrl: "https://example.com/a", reprintPolicy: "WITH_ATTRIBUTION" }) }, { as: author })).createArticle;
    assert.deepEqual([a.originality, a.sourceName, a.sourceUrl, a.reprintPolicy], ["REPRINT", "人民日报", "https://example.com/a", "WITH_ATTRIBUTION"]);
    const missing = errorOf(await app.exec(UPDATE, { i: { id: a.id, sourceUrl: "" } }, { as: author }));
    assert.equal(missing.extensions.reason, "REPRINT_SOURCE_REQUIRED");
    const u = expectOk(await app.exec(UPDATE, { i: { id: a.id, originality: "ORIGINAL" } }, { as: author })).updateArticle;
    assert.deepEqual([u.originality, u.sourceName, u.sourceUrl], ["ORIGINAL", null, null]);
  });

  it("a hostile Markdown body loses scripts, event handlers and javascript: URLs; links get rel=nofollow noopener", async () => {
    const user = await buildUser(app.ds);
    const body = [
      "正常段落 [链接](https://example.com)",
      "<script>alert('xss')</script>",
      '<img src="x" onerror="alert(1)">',
      "[点我](javascript:alert(1))",
      '<a href="JaVaScRiPt:alert(2)" onclick="steal()">坏链接</a>',
      '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
      '<div onmouseover="x()">悬停</div>',
      "![图](data:image/png;base64,AAAA)",
    ].join("\n\n");
    const a = expectOk(await app.exec(CREATE, { i: draftInput({ body }) }, { as: user })).createArticle;
    const row = await app.ds.getRepository(Article).findOneByOrFail({ title: "我的第一篇文章", authorId: user.id });
    for (const html of [a.bodyHtml, row.bodyHtml]) {
      assert.doesNotMatch(html, /<script|alert\('xss'\)|onerror|onclick|onmouseover|javascript:|<iframe|<style|data:image/i);
      assert.match(html, /<a href="https:\/\/example\.com" rel="nofollow noopener">链接<\/a>/);
    }
    assert.equal(a.body, body, "the Markdown source is kept as written");
    const updated = expectOk(await app.exec(UPDATE, { i: { id: a.id, body: "<script>x()</script>\n\n[a](http://x.example)" } }, { as: user })).updateArticle;
    assert.equal(updated.bodyHtml, '<p><a href="http://x.example" rel="nofollow noopener">a</a></p>\n');
  });

  it("a reader who publishes gets AUTHOR_REQUIRED pointing to submitting or applying; an author publishes", async () => {
    const reader = await buildUser(app.ds);
    const draft = await buildArticle(app.ds, { author: reader, status: ArticleStatus.DRAFT });
    const err = errorOf(await app.exec(PUBLISH, { id: articleGid(draft) }, { as: reader }));
    assert.equal(err.extensions.code, "AUTHOR_REQUIRED");
    assert.match(err.message, /submitArticle/);
    assert.match(err.message, /applyForAuthorship/);
    assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: draft.id })).status, "DRAFT");

    const author = await buildAuthor(app.ds);
    const mine = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    const now = new Date("2026-03-01T08:00:00.000Z");
    const pub = expectOk(await app.exec(PUBLISH, { id: articleGid(mine) }, { as: author, now })).publishArticle;
    assert.deepEqual([pub.status, pub.publishedAt], ["PUBLISHED", now.toISOString()]);
    const again = errorOf(await app.exec(PUBLISH, { id: articleGid(mine) }, { as: author }));
    assert.deepEqual([again.extensions.code, again.extensions.reason], ["INVALID_STATE", "ALREADY_PUBLISHED"]);
    const editor = await buildEditor(app.ds);
    const editorsOwn = await buildArticle(app.ds, { author: editor, status: ArticleStatus.DRAFT });
    assert.equal(expectOk(await app.exec(PUBLISH, { id: articleGid(editorsOwn) }, { as: editor })).publishArticle.status, "PUBLISHED");
  });

  it("someone else's article: NOT_FOUND when they cannot see it, FORBIDDEN when they can", async () => {
    const owner = await buildAuthor(app.ds);
    const other = await buildAuthor(app.ds);
    const editor = await buildEditor(app.ds);
    const draft = await buildArticle(app.ds, { author: owner, status: ArticleStatus.DRAFT });
    const published = await buildArticle(app.ds, { author: owner });
    for (const [doc, vars] of [
      [PUBLISH, { id: articleGid(draft) }],
      [SUBMIT, { id: articleGid(draft) }],
      [DELETE, { id: articleGid(draft) }],
      [UPDATE, { i: { id: articleGid(draft), title: "改" } }],
    ] as const) {
      assert.equal(errorOf(await app.exec(doc, vars, { as: other })).extensions.code, "NOT_FOUND");
      const seen = errorOf(await app.exec(doc, vars, { as: editor }));
      assert.deepEqual([seen.extensions.code, seen.extensions.reason], ["FORBIDDEN", "NOT_OWNER"]);
    }
    for (const [doc, vars] of [
      [UNPUBLISH, { id: articleGid(published) }],
      [UPDATE, { i: { id: articleGid(published), title: "改" } }],
    ] as const) {
      const err = errorOf(await app.exec(doc, vars, { as: other }));
      assert.deepEqual([err.extensions.code, err.extensions.reason], ["FORBIDDEN", "NOT_OWNER"]);
    }
    assert.equal(errorOf(await app.exec(PUBLISH, { id: articleGid(draft) })).extensions.code, "UNAUTHENTICATED");
    const row = await app.ds.getRepository(Article).findOneByOrFail({ id: published.id });
    assert.deepEqual([row.status, row.title], ["PUBLISHED", "测试文章"]);
  });

  it("drafts are NOT_FOUND to others via article(id), node(id) and the feed; owner, editors and moderators see them", async () => {
    const owner = await buildUser(app.ds);
    const stranger = await buildUser(app.ds);
    const editor = await buildEditor(app.ds);
    const moderator = await buildModerator(app.ds);
    for (const status of [ArticleStatus.DRAFT, ArticleStatus.SUBMITTED, ArticleStatus.REJECTED, ArticleStatus.UNPUBLISHED, ArticleStatus.REMOVED]) {
      const a = await buildArticle(app.ds, { author: owner, status, title: `不可见-${status}` });
      for (const as of [undefined, stranger]) {
        assert.equal(errorOf(await app.exec(GET, { id: articleGid(a) }, { as })).extensions.code, "NOT_FOUND", status);
        assert.equal(errorOf(await app.exec(NODE, { id: articleGid(a) }, { as })).extensions.code, "NOT_FOUND", status);
        const feed = expectOk(await app.exec(FEED, {}, { as }));
        assert.ok(!feed.articles.edges.some((e: any) => e.node.id === articleGid(a)), status);
      }
      for (const as of [owner, editor, moderator]) {
        assert.equal(expectOk(await app.exec(GET, { id: articleGid(a) }, { as })).article.status, status);
        assert.equal(expectOk(await app.exec(NODE, { id: articleGid(a) }, { as })).node.title, `不可见-${status}`);
      }
    }
    const hidden = await buildArticle(app.ds, { author: owner, moderationState: ModerationState.HIDDEN_PENDING_REVIEW });
    assert.equal(errorOf(await app.exec(GET, { id: articleGid(hidden) }, { as: stranger })).extensions.code, "NOT_FOUND");
    assert.ok(!expectOk(await app.exec(FEED)).articles.edges.some((e: any) => e.node.id === articleGid(hidden)));
    assert.equal(expectOk(await app.exec(GET, { id: articleGid(hidden) }, { as: moderator })).article.id, articleGid(hidden));
  });

  it("投稿: a reader submits, an editor rejects with a note, the reader resubmits, the editor accepts under the contributor's name", async () => {
    const reader = await buildUser(app.ds);
    const editor = await buildEditor(app.ds);
    const author = await buildAuthor(app.ds);
    const a = expectOk(await app.exec(CREATE, { i: draftInput({ title: "读者投稿" }) }, { as: reader })).createArticle;
    const t0 = new Date("2026-04-01T00:00:00.000Z");
    const sub = expectOk(await app.exec(SUBMIT, { id: a.id }, { as: reader, now: t0 })).submitArticle;
    assert.deepEqual([sub.status, sub.submittedAt], ["SUBMITTED", t0.toISOString()]);

    const twice = errorOf(await app.exec(SUBMIT, { id: a.id }, { as: reader }));
    assert.deepEqual([twice.extensions.code, twice.extensions.reason], ["INVALID_STATE", "ALREADY_SUBMITTED"]);
    const edit = errorOf(await app.exec(UPDATE, { i: { id: a.id, title: "偷偷改" } }, { as: reader }));
    assert.deepEqual([edit.extensions.code, edit.extensions.reason], ["INVALID_STATE", "UNDER_REVIEW"]);
    const selfPublish = errorOf(await app.exec(PUBLISH, { id: a.id }, { as: reader }));
    assert.equal(selfPublish.extensions.code, "AUTHOR_REQUIRED");

    for (const who of [reader, author]) {
      const err = errorOf(await app.exec(REVIEW, { i: { articleId: a.id, accept: true } }, { as: who }));
      assert.equal(err.extensions.code, "FORBIDDEN");
    }
    const noNote = errorOf(await app.exec(REVIEW, { i: { articleId: a.id, accept: false, note: "  " } }, { as: editor }));
    assert.deepEqual([noNote.extensions.code, noNote.extensions.reason, noNote.extensions.fields], ["BAD_USER_INPUT", "NOTE_REQUIRED", ["note"]]);

    const rejected = expectOk(await app.exec(REVIEW, { i: { articleId: a.id, accept: false, note: "论据不足，请补充数据来源" } }, { as: editor })).reviewSubmission;
    assert.deepEqual([rejected.status, rejected.reviewNote], ["REJECTED", "论据不足，请补充数据来源"]);
    assert.equal(expectOk(await app.exec(GET, { id: a.id }, { as: reader })).article.reviewNote, "论据不足，请补充数据来源");
    const note = await app.ds.getRepository(Notification).findOneByOrFail({ userId: reader.id, type: "SUBMISSION_REJECTED" as never });
    assert.equal(note.subjectId, a.id);
    assert.equal(note.data?.note, "论据不足，请补充数据来源");
    assert.match(note.message, /读者投稿/);
    const again = errorOf(await app.exec(REVIEW, { i: { articleId: a.id, accept: true } }, { as: editor }));
    assert.deepEqual([again.extensions.code, again.extensions.reason], ["INVALID_STATE", "NOT_SUBMITTED"]);

    expectOk(await app.exec(UPDATE, { i: { id: a.id, summary: "补充了数据来源" } }, { as: reader }));
    expectOk(await app.exec(SUBMIT, { id: a.id }, { as: reader }));
    assert.equal(expectOk(await app.exec(GET, { id: a.id }, { as: reader })).article.reviewNote, null, "resubmitting clears the old note");
    const t1 = new Date("2026-04-03T00:00:00.000Z");
    const accepted = expectOk(await app.exec(REVIEW, { i: { articleId: a.id, accept: true, note: "写得好" } }, { as: editor, now: t1 })).reviewSubmission;
    assert.deepEqual([accepted.status, accepted.author.id, accepted.publishedAt], ["PUBLISHED", Buffer.from(`User:${reader.id}`).toString("base64"), t1.toISOString()]);
    assert.equal(expectOk(await app.exec(GET, { id: a.id })).article.reviewNote, null, "the note is not public");
    assert.equal(await app.ds.getRepository(Notification).countBy({ userId: reader.id, type: "SUBMISSION_ACCEPTED" as never }), 1);
    const log = await app.ds.getRepository(ModerationLogEntry).find({ where: { targetId: a.id }, order: { id: "ASC" } });
    assert.deepEqual(log.map((l) => [l.action, l.actorId, l.reason]), [
      ["SUBMISSION_REJECTED", editor.id, "论据不足，请补充数据来源"],
      ["SUBMISSION_ACCEPTED", editor.id, "写得好"],
    ]);
  });

  it("an editor does not review their own contribution", async () => {
    const editor = await buildEditor(app.ds);
    const own = await buildArticle(app.ds, { author: editor, status: ArticleStatus.SUBMITTED });
    const err = errorOf(await app.exec(REVIEW, { i: { articleId: articleGid(own), accept: true } }, { as: editor }));
    assert.deepEqual([err.extensions.code, err.extensions.reason], ["FORBIDDEN", "CONFLICT_OF_INTEREST"]);
  });

  it("unpublish by the owner; publishing again keeps the first publication date", async () => {
    const author = await buildAuthor(app.ds);
    const first = new Date("2026-01-01T00:00:00.000Z");
    const a = await buildArticle(app.ds, { author, publishedAt: first });
    expectOk(await app.exec(UNPUBLISH, { id: articleGid(a) }, { as: author }));
    assert.equal(errorOf(await app.exec(GET, { id: articleGid(a) })).extensions.code, "NOT_FOUND");
    const twice = errorOf(await app.exec(UNPUBLISH, { id: articleGid(a) }, { as: author }));
    assert.deepEqual([twice.extensions.code, twice.extensions.reason], ["INVALID_STATE", "NOT_PUBLISHED"]);
    const re = expectOk(await app.exec(PUBLISH, { id: articleGid(a) }, { as: author, now: new Date("2026-02-01T00:00:00Z") })).publishArticle;
    assert.equal(re.publishedAt, first.toISOString());
  });

  it("delete: drafts only, by the owner; other states are INVALID_STATE", async () => {
    const author = await buildAuthor(app.ds);
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT, tags: ["临时"] });
    const gone = expectOk(await app.exec(DELETE, { id: articleGid(draft) }, { as: author })).deleteArticle;
    assert.deepEqual(gone, { id: articleGid(draft), status: "DRAFT" });
    assert.equal(await app.ds.getRepository(Article).countBy({ id: draft.id }), 0);
    assert.equal(await app.ds.getRepository(ArticleTag).countBy({ articleId: draft.id }), 0);
    for (const status of [ArticleStatus.PUBLISHED, ArticleStatus.SUBMITTED, ArticleStatus.REJECTED, ArticleStatus.UNPUBLISHED, ArticleStatus.REMOVED]) {
      const a = await buildArticle(app.ds, { author, status });
      const err = errorOf(await app.exec(DELETE, { id: articleGid(a) }, { as: author }));
      assert.deepEqual([err.extensions.code, err.extensions.reason], ["INVALID_STATE", "NOT_A_DRAFT"], status);
    }
  });

  it("a removed article cannot be edited, published or submitted", async () => {
    const author = await buildAuthor(app.ds);
    const a = await buildArticle(app.ds, { author, status: ArticleStatus.REMOVED });
    for (const [doc, vars] of [[UPDATE, { i: { id: articleGid(a), title: "复活" } }], [PUBLISH, { id: articleGid(a) }], [SUBMIT, { id: articleGid(a) }]] as const) {
      const err = errorOf(await app.exec(doc, vars, { as: author }));
      assert.deepEqual([err.extensions.code, err.extensions.reason], ["INVALID_STATE", "ARTICLE_REMOVED"]);
    }
  });

  it("updates keep omitted fields and replace tags", async () => {
    const author = await buildAuthor(app.ds);
    const a = expectOk(await app.exec(CREATE, { i: draftInput() }, { as: author })).createArticle;
    const u = expectOk(await app.exec(UPDATE, { i: { id: a.id, tags: ["数据库"], commentsEnabled: false, summary: "" } }, { as: author })).updateArticle;
    assert.deepEqual([u.title, u.tags, u.commentsEnabled, u.summary, u.body], [a.title, ["数据库"], false, null, a.body]);
    assert.equal(errorOf(await app.exec(UPDATE, { i: { id: "bad", title: "x" } }, { as: author })).extensions.code, "BAD_USER_INPUT");
    assert.equal(errorOf(await app.exec(UPDATE, { i: { id: Buffer.from("User:1").toString("base64"), title: "x" } }, { as: author })).extensions.code, "NOT_FOUND");
  });
});
