import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArticleStatus } from "../src/modules/articles/article.entity";
import { Comment } from "../src/modules/comments/comment.entity";
import { SanctionLevel } from "../src/modules/moderation/moderation.enums";
import { toGlobalId } from "../src/shared/global-id";
import { buildAuthor, buildUser } from "./factories";
import { buildComment } from "./factories-comments";
import { articleGid, buildArticle } from "./factories-content";
import { buildSanction, daysAfter } from "./factories-safety";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

/** The mute guard on every write path SPEC 2 names, through the real schema, and its expiry by clock. */
describe("mute guards on publishing and comments", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  const start = new Date("2026-03-01T08:00:00Z");

  it("a muted author cannot publish, submit, comment or edit a comment; can still read, like and delete", async () => {
    const author = await buildAuthor(app.ds);
    await buildSanction(app.ds, { user: author, level: SanctionLevel.MUTE_7D, startsAt: start });
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    const other = await buildArticle(app.ds, { author: await buildAuthor(app.ds), status: ArticleStatus.PUBLISHED, publishedAt: start });
    const comment = await buildComment(app.ds, other, author);
    const now = daysAfter(start, 2);
    const until = daysAfter(start, 7).toISOString();

    const attempts: [string, Record<string, unknown>][] = [
      [`mutation($id: ID!) { publishArticle(id: $id) { id } }`, { id: articleGid(draft) }],
      [`mutation($id: ID!) { submitArticle(id: $id) { id } }`, { id: articleGid(draft) }],
      [`mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`, { i: { articleId: articleGid(other), body: "禁言中还想说话" } }],
      [`mutation($i: EditCommentInput!) { editComment(input: $i) { id } }`, { i: { id: toGlobalId("Comment", comment.id), body: "改一下" } }],
    ];
    for (const [query, variables] of attempts) {
      const err = errorOf(await app.exec(query, variables, { as: author, now }));
      assert.equal(err.extensions.code, "ACCOUNT_MUTED", query);
      assert.equal(err.extensions.mutedUntil, until, query);
    }
    assert.equal((await app.ds.getRepository(Comment).findOneByOrFail({ id: comment.id })).body, comment.body);

    expectOk(await app.exec(`mutation($id: ID!) { likeArticle(id: $id) { likeCount } }`, { id: articleGid(other) }, { as: author, now }));
    expectOk(await app.exec(`query($id: ID!) { article(id: $id) { title } }`, { id: articleGid(other) }, { as: author, now }));
    expectOk(await app.exec(`mutation($id: ID!) { deleteComment(id: $id) { state } }`, { id: toGlobalId("Comment", comment.id) }, { as: author, now }));
  });

  it("the mute ends by itself at endsAt: the same token works again when the clock passes it", async () => {
    const author = await buildAuthor(app.ds);
    await buildSanction(app.ds, { user: author, level: SanctionLevel.MUTE_1D, startsAt: start });
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    const token = `Bearer ${await app.tokenFor(author, start)}`;
    const publish = `mutation($id: ID!) { publishArticle(id: $id) { status } }`;
    assert.equal(errorOf(await app.exec(publish, { id: articleGid(draft) }, { authorization: token, now: new Date(start.getTime() + 60_000) })).extensions.code, "ACCOUNT_MUTED");
    const later = new Date(start.getTime() + 86_400_000 + 60_000);
    const fresh = `Bearer ${await app.tokenFor(author, later)}`;
    assert.equal(expectOk(await app.exec(publish, { id: articleGid(draft) }, { authorization: fresh, now: later })).publishArticle.status, "PUBLISHED");
  });

  it("a permanent mute reports mutedUntil null; a banned user gets ACCOUNT_BANNED", async () => {
    const muted = await buildUser(app.ds);
    await buildSanction(app.ds, { user: muted, level: SanctionLevel.MUTE_PERMANENT, startsAt: start });
    const banned = await buildUser(app.ds);
    await buildSanction(app.ds, { user: banned, level: SanctionLevel.BAN, startsAt: start });
    const article = await buildArticle(app.ds, { author: await buildAuthor(app.ds), status: ArticleStatus.PUBLISHED, publishedAt: start });
    const add = `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`;
    const vars = { i: { articleId: articleGid(article), body: "你好" } };
    const m = errorOf(await app.exec(add, vars, { as: muted, now: daysAfter(start, 400) }));
    assert.equal(m.extensions.code, "ACCOUNT_MUTED");
    assert.equal(m.extensions.mutedUntil, null);
    assert.equal(errorOf(await app.exec(add, vars, { as: banned, now: daysAfter(start, 1) })).extensions.code, "ACCOUNT_BANNED");
  });
});

describe("editing published text follows the publishing rule", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());
  const UPDATE = `mutation($i: UpdateArticleInput!) { updateArticle(input: $i) { id body status } }`;

  it("a contributor whose submission was accepted cannot rewrite it live (AUTHOR_REQUIRED); an author can", async () => {
    const reader = await buildUser(app.ds);
    const accepted = await buildArticle(app.ds, { author: reader, status: ArticleStatus.PUBLISHED, publishedAt: new Date() });
    const err = errorOf(await app.exec(UPDATE, { i: { id: articleGid(accepted), body: "偷偷改成广告" } }, { as: reader }));
    assert.equal(err.extensions.code, "AUTHOR_REQUIRED");
    assert.deepEqual(err.extensions.alternatives, ["unpublishArticle", "submitArticle"]);
    const author = await buildAuthor(app.ds);
    const own = await buildArticle(app.ds, { author, status: ArticleStatus.PUBLISHED, publishedAt: new Date() });
    assert.equal(expectOk(await app.exec(UPDATE, { i: { id: articleGid(own), body: "修订版" } }, { as: author })).updateArticle.body, "修订版");
  });

  it("a muted author cannot change published text but can still edit a draft", async () => {
    const author = await buildAuthor(app.ds);
    const now = new Date("2026-05-01T00:00:00Z");
    await buildSanction(app.ds, { user: author, level: SanctionLevel.MUTE_7D, startsAt: now });
    const published = await buildArticle(app.ds, { author, status: ArticleStatus.PUBLISHED, publishedAt: now });
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    assert.equal(errorOf(await app.exec(UPDATE, { i: { id: articleGid(published), body: "x" } }, { as: author, now: daysAfter(now, 1) })).extensions.code, "ACCOUNT_MUTED");
    expectOk(await app.exec(UPDATE, { i: { id: articleGid(draft), body: "草稿照写" } }, { as: author, now: daysAfter(now, 1) }));
  });

  it("content held by reports cannot be changed by its owner until a moderator decides", async () => {
    const author = await buildAuthor(app.ds);
    const held = await buildArticle(app.ds, { author, status: ArticleStatus.PUBLISHED, publishedAt: new Date(), moderationState: "HIDDEN_PENDING_REVIEW" as never });
    const err = errorOf(await app.exec(UPDATE, { i: { id: articleGid(held), body: "先改掉证据" } }, { as: author }));
    assert.equal(err.extensions.code, "INVALID_STATE");
    assert.equal(err.extensions.reason, "UNDER_MODERATION");
  });
});
