import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArticleStatus } from "../src/modules/articles/article.entity";
import { AuthorApplication } from "../src/modules/author-applications/author-application.entity";
import { ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { Notification } from "../src/modules/notifications/notification.entity";
import { User } from "../src/modules/users/user.entity";
import { isUniqueViolation } from "../src/shared/db";
import { buildAuthor, buildEditor, buildModerator, buildUser } from "./factories";
import { applicationGid, articleGid, buildApplication, buildArticle } from "./factories-content";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const APPLY = `mutation($i: ApplyForAuthorshipInput!) { applyForAuthorship(input: $i) { id status penName bio motivation sampleUrls applicant { id } reviewNote } }`;
const REVIEW = `mutation($i: ReviewAuthorApplicationInput!) { reviewAuthorApplication(input: $i) { id status reviewNote reviewedAt reviewedBy { id } applicant { roles penName } } }`;
const LIST = `query($status: AuthorApplicationStatus, $after: String) { authorApplications(first: 2, status: $status, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } totalCount } }`;
const input = (over: Record<string, unknown> = {}) => ({ penName: "江南笔客", bio: "写了五年技术博客", motivation: "希望把分布式系统的经验分享给更多人", sampleUrls: ["https://blog.example.com/raft"], ...over });
const DAY = 86_400_000;

describe("author applications", () => {
  let app: TestApp;
  let editor: User;
  before(async () => {
    app = await createTestApp();
    editor = await buildEditor(app.ds);
  });
  after(() => app.close());

  it("a reader applies; a second pending application is CONFLICT", async () => {
    const reader = await buildUser(app.ds);
    const a = expectOk(await app.exec(APPLY, { i: input() }, { as: reader })).applyForAuthorship;
    assert.deepEqual([a.status, a.penName, a.sampleUrls], ["PENDING", "江南笔客", ["https://blog.example.com/raft"]]);
    const err = errorOf(await app.exec(APPLY, { i: input({ penName: "另一个" }) }, { as: reader }));
    assert.deepEqual([err.extensions.code, err.extensions.reason], ["CONFLICT", "APPLICATION_PENDING"]);
    assert.equal(await app.ds.getRepository(AuthorApplication).countBy({ userId: reader.id }), 1);
    const mine = expectOk(await app.exec(`{ myAuthorApplication { id status } }`, {}, { as: reader }));
    assert.deepEqual(mine.myAuthorApplication, { id: a.id, status: "PENDING" });
  });

  it("the database itself holds one pending application per user (unique pendingKey)", async () => {
    const reader = await buildUser(app.ds);
    await buildApplication(app.ds, reader);
    await assert.rejects(buildApplication(app.ds, reader), (err) => isUniqueViolation(err));
    await buildApplication(app.ds, reader, { status: "REJECTED" as never });
    await buildApplication(app.ds, reader, { status: "REJECTED" as never });
    assert.equal(await app.ds.getRepository(AuthorApplication).countBy({ userId: reader.id }), 3);
  });

  it("validates the input", async () => {
    const reader = await buildUser(app.ds);
    for (const [over, field] of [
      [{ penName: "" }, "penName"],
      [{ penName: "名".repeat(31) }, "penName"],
      [{ motivation: "" }, "motivation"],
      [{ sampleUrls: ["javascript:alert(1)"] }, "sampleUrls"],
      [{ sampleUrls: Array.from({ length: 6 }, (_, i) => `https://e.example/${i}`) }, "sampleUrls"],
    ] as const) {
      const err = errorOf(await app.exec(APPLY, { i: input(over) }, { as: reader }));
      assert.equal(err.extensions.code, "BAD_USER_INPUT");
      assert.ok(err.extensions.fields.includes(field), field);
    }
    assert.equal(errorOf(await app.exec(APPLY, { i: input() })).extensions.code, "UNAUTHENTICATED");
  });

  it("reviewing needs EDITOR; rejecting needs a note", async () => {
    const reader = await buildUser(app.ds);
    const app1 = await buildApplication(app.ds, reader);
    for (const who of [reader, await buildAuthor(app.ds), await buildModerator(app.ds)]) {
      const err = errorOf(await app.exec(REVIEW, { i: { applicationId: applicationGid(app1), approve: true } }, { as: who }));
      assert.equal(err.extensions.code, "FORBIDDEN");
      assert.equal(errorOf(await app.exec(LIST, {}, { as: who })).extensions.code, "FORBIDDEN");
    }
    const noNote = errorOf(await app.exec(REVIEW, { i: { applicationId: applicationGid(app1), approve: false } }, { as: editor }));
    assert.deepEqual([noNote.extensions.code, noNote.extensions.reason, noNote.extensions.fields], ["BAD_USER_INPUT", "NOTE_REQUIRED", ["note"]]);
    assert.equal((await app.ds.getRepository(AuthorApplication).findOneByOrFail({ id: app1.id })).status, "PENDING");
  });

  it("rejection: notified with the note, logged; re-applying within 30 days is refused with the date, after that allowed", async () => {
    const reader = await buildUser(app.ds);
    const t0 = new Date("2026-03-01T10:00:00.000Z");
    const a = expectOk(await app.exec(APPLY, { i: input() }, { as: reader, now: t0 })).applyForAuthorship;
    const rejected = expectOk(await app.exec(REVIEW, { i: { applicationId: a.id, approve: false, note: "样稿太少，请多写几篇再来" } }, { as: editor, now: t0 })).reviewAuthorApplication;
    assert.deepEqual([rejected.status, rejected.reviewNote, rejected.applicant.roles], ["REJECTED", "样稿太少，请多写几篇再来", ["READER"]]);
    const row = await app.ds.getRepository(AuthorApplication).findOneByOrFail({ userId: reader.id });
    assert.equal(row.pendingKey, null);
    const note = await app.ds.getRepository(Notification).findOneByOrFail({ userId: reader.id, type: "AUTHOR_APPLICATION_REJECTED" as never });
    assert.equal(note.data?.note, "样稿太少，请多写几篇再来");
    const log = await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: a.id });
    assert.deepEqual(log.map((l) => [l.action, l.actorId, l.reason]), [["AUTHOR_APPLICATION_REJECTED", editor.id, "样稿太少，请多写几篇再来"]]);

    const early = errorOf(await app.exec(APPLY, { i: input() }, { as: reader, now: new Date(t0.getTime() + 29 * DAY) })).extensions;
    assert.deepEqual([early.code, early.reason, early.reapplyAllowedAt], ["FORBIDDEN", "REAPPLY_TOO_SOON", new Date(t0.getTime() + 30 * DAY).toISOString()]);
    const later = expectOk(await app.exec(APPLY, { i: input() }, { as: reader, now: new Date(t0.getTime() + 30 * DAY) }));
    assert.equal(later.applyForAuthorship.status, "PENDING");
  });

  it("approval grants AUTHOR, keeps the pen name as byline, is logged and notified; the new author publishes", async () => {
    const reader = await buildUser(app.ds, { displayName: "小明" });
    const draft = await buildArticle(app.ds, { author: reader, status: ArticleStatus.DRAFT });
    const a = expectOk(await app.exec(APPLY, { i: input({ penName: "明月清风" }) }, { as: reader })).applyForAuthorship;
    const approved = expectOk(await app.exec(REVIEW, { i: { applicationId: a.id, approve: true, note: "欢迎加入" } }, { as: editor })).reviewAuthorApplication;
    assert.deepEqual([approved.status, approved.applicant.roles, approved.applicant.penName], ["APPROVED", ["READER", "AUTHOR"], "明月清风"]);
    assert.equal(approved.reviewedBy.id, Buffer.from(`User:${editor.id}`).toString("base64"));
    assert.deepEqual((await app.ds.getRepository(User).findOneByOrFail({ id: reader.id })).roles, ["READER", "AUTHOR"]);
    assert.equal(await app.ds.getRepository(Notification).countBy({ userId: reader.id, type: "AUTHOR_APPLICATION_APPROVED" as never }), 1);
    assert.equal(await app.ds.getRepository(ModerationLogEntry).countBy({ targetId: a.id, action: "AUTHOR_APPLICATION_APPROVED" as never }), 1);

    const published = expectOk(await app.exec(`mutation($id: ID!) { publishArticle(id: $id) { status byline author { displayName penName } } }`, { id: articleGid(draft) }, { as: reader }));
    assert.deepEqual(published.publishArticle, { status: "PUBLISHED", byline: "明月清风", author: { displayName: "小明", penName: "明月清风" } });
    const again = errorOf(await app.exec(APPLY, { i: input() }, { as: reader }));
    assert.deepEqual([again.extensions.code, again.extensions.reason], ["CONFLICT", "ALREADY_AUTHOR"]);
    const twice = errorOf(await app.exec(REVIEW, { i: { applicationId: a.id, approve: false, note: "改主意了" } }, { as: editor }));
    assert.deepEqual([twice.extensions.code, twice.extensions.reason], ["INVALID_STATE", "ALREADY_REVIEWED"]);
    const applicantView = expectOk(await app.exec(`query($id: ID!) { node(id: $id) { ... on AuthorApplication { status reviewedBy { id } } } }`, { id: a.id }, { as: reader }));
    assert.deepEqual(applicantView.node, { status: "APPROVED", reviewedBy: null }, "the applicant does not see which editor decided");
    assert.equal(errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: a.id }, { as: await buildUser(app.ds) })).extensions.code, "NOT_FOUND");
  });

  it("authorApplications: EDITOR, filtered by status, oldest first, paged", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(applicationGid(await buildApplication(app.ds, await buildUser(app.ds))));
    const seen: string[] = [];
    let after: string | null = null;
    for (let more = true; more; ) {
      const page: any = expectOk(await app.exec(LIST, { status: "PENDING", after }, { as: editor })).authorApplications;
      assert.ok(page.edges.every((e: any) => e.node.status === "PENDING"));
      seen.push(...page.edges.map((e: any) => e.node.id));
      [more, after] = [page.pageInfo.hasNextPage, page.pageInfo.endCursor];
    }
    assert.deepEqual(seen.slice(-3), ids);
    assert.equal(seen.length, await app.ds.getRepository(AuthorApplication).countBy({ status: "PENDING" as never }));
  });
});

describe("author applications under concurrency", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("two applications racing: exactly one is accepted, the other is CONFLICT", async () => {
    const reader = await buildUser(app.ds);
    const results = await Promise.all([1, 2, 3].map((n) => app.exec(APPLY, { i: input({ penName: `笔名${n}` }) }, { as: reader })));
    assert.equal(results.filter((r) => !r.errors).length, 1);
    for (const r of results.filter((x) => x.errors)) assert.equal(errorOf(r).extensions.reason, "APPLICATION_PENDING");
    assert.equal(await app.ds.getRepository(AuthorApplication).countBy({ userId: reader.id }), 1);
  });
});
