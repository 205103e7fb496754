import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { In } from "typeorm";
import { Article, ArticleStatus, ModerationState } from "../src/modules/articles/article.entity";
import { Comment, CommentState } from "../src/modules/comments/comment.entity";
import { ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { SanctionLevel } from "../src/modules/moderation/moderation.enums";
import { Sanction, SanctionReport } from "../src/modules/moderation/sanction.entity";
import { Notification } from "../src/modules/notifications/notification.entity";
import { Report, ReportEvidence } from "../src/modules/reports/report.entity";
import { ReportStatus } from "../src/modules/reports/report.enums";
import { WebhookDelivery } from "../src/modules/webhooks/webhook.entity";
import { WebhookEvent } from "../src/modules/webhooks/webhook-event";
import type { User } from "../src/modules/users/user.entity";
import { toGlobalId } from "../src/shared/global-id";
import { buildAdmin, buildModerator, buildUser } from "./factories";
import { buildArticle, buildComment } from "./factories-comments";
import { buildApiToken, buildWebhook } from "./factories-partners";
import { ApiScope } from "../src/modules/api-tokens/api-scope";
import { articleTarget, buildReport, commentTarget, userTarget } from "./factories-reports";
import { buildSanction } from "./factories-safety";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const T0 = new Date("2026-04-01T08:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const gid = (type: string, row: { id: number }) => toGlobalId(type, row.id);

const REPORT = `mutation($i: ReportContentInput!) { reportContent(input: $i) { id status category ruleCode details createdAt targetType
  target { __typename ... on Comment { id } ... on Article { id } ... on User { id } } reporter { id } } }`;
const RESOLVE = `mutation($i: ResolveReportInput!) { resolveReport(input: $i) { id status decision resolutionNote resolvedAt
  evidence { targetType targetId authorId authorUsername title body contentStatus capturedAt } sanction { id level ruleCode } } }`;
const QUEUE = `query($s: ReportStatus, $c: ReportCategory, $first: Int, $after: String) { reportQueue(status: $s, category: $c, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { targetId targetType status count reportCount firstReportedAt categories
    reporters { username } reports { id category details reporter { username } }
    target { __typename ... on Article { title articleBody: body moderationState } ... on Comment { body state author { username } } ... on User { username } } } } } }`;
const MY = `query($first: Int, $after: String) { myReports(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id status decision resolvedAt resolutionNote category reporter { username } resolvedBy { username } evidence { body } sanction { id }
    target { __typename } } } } }`;

describe("reports", () => {
  let app: TestApp;
  let author: User;
  let moderator: User;
  let readers: User[];
  before(async () => {
    app = await createTestApp();
    author = await buildUser(app.ds, { roles: ["AUTHOR" as never] });
    moderator = await buildModerator(app.ds);
    readers = [];
    for (let i = 0; i < 7; i++) readers.push(await buildUser(app.ds));
  });
  after(() => app.close());

  const report = (as: User, targetId: string, extra: Record<string, unknown> = {}, now = T0) =>
    app.exec(REPORT, { i: { targetId, category: "UNFRIENDLY", ruleCode: "2.6", details: "辱骂其他读者", ...extra } }, { as, now });
  const resolve = (as: User, input: Record<string, unknown>, now = at(60)) => app.exec(RESOLVE, { i: input }, { as, now });

  describe("reportContent", () => {
    it("a reader reports a comment, an article and a user; the row holds the open key", async () => {
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, author);
      const r = expectOk(await report(readers[0], gid("Comment", comment))).reportContent;
      assert.equal(r.status, "OPEN");
      assert.equal(r.category, "UNFRIENDLY");
      assert.equal(r.ruleCode, "2.6");
      assert.equal(r.details, "辱骂其他读者");
      assert.equal(r.targetType, "COMMENT");
      assert.deepEqual(r.target, { __typename: "Comment", id: gid("Comment", comment) });
      assert.equal(r.reporter.id, gid("User", readers[0]), "the reporter sees themself");
      const row = await app.ds.getRepository(Report).findOneByOrFail({ reporterId: readers[0].id, targetId: comment.id });
      assert.equal(row.openKey, `Comment:${comment.id}:${readers[0].id}`);
      assert.equal(row.targetOwnerId, author.id);
      const onArticle = expectOk(await report(readers[0], gid("Article", article), { category: "SPAM", ruleCode: "3.1" })).reportContent;
      assert.equal(onArticle.target.__typename, "Article");
      const onUser = expectOk(await report(readers[0], gid("User", author), { ruleCode: null, details: null })).reportContent;
      assert.equal(onUser.target.__typename, "User");
      assert.equal(onUser.ruleCode, null, "ruleCode is optional");
    });

    it("ruleCode must belong to the category; details at most 1,000 characters", async () => {
      const article = await buildArticle(app.ds, author);
      const wrong = errorOf(await report(readers[1], gid("Article", article), { category: "SPAM", ruleCode: "2.7" }));
      assert.equal(wrong.extensions.code, "BAD_USER_INPUT");
      assert.equal(wrong.extensions.reason, "RULE_NOT_IN_CATEGORY");
      assert.deepEqual(wrong.extensions.fields, ["ruleCode"]);
      const unknown = errorOf(await report(readers[1], gid("Article", article), { ruleCode: "9.9" }));
      assert.equal(unknown.extensions.reason, "UNKNOWN_RULE");
      assert.deepEqual(unknown.extensions.fields, ["ruleCode"]);
      const long = errorOf(await report(readers[1], gid("Article", article), { details: "长".repeat(1001) }));
      assert.equal(long.extensions.code, "BAD_USER_INPUT");
      assert.deepEqual(long.extensions.fields, ["details"]);
      expectOk(await report(readers[1], gid("Article", article), { details: "长".repeat(1000) }));
      assert.equal(await app.ds.getRepository(Report).countBy({ reporterId: readers[1].id }), 1);
    });

    it("reporting yourself (your article, your comment, your account) is BAD_USER_INPUT", async () => {
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, readers[2]);
      for (const [as, id] of [[author, gid("Article", article)], [readers[2], gid("Comment", comment)], [readers[2], gid("User", readers[2])]] as const) {
        const err = errorOf(await report(as, id));
        assert.equal(err.extensions.code, "BAD_USER_INPUT");
        assert.equal(err.extensions.reason, "CANNOT_REPORT_SELF");
        assert.deepEqual(err.extensions.fields, ["targetId"]);
      }
    });

    it("targets: other types, missing or invisible objects are NOT_FOUND; a malformed ID is BAD_USER_INPUT; removed content INVALID_STATE", async () => {
      const draft = await buildArticle(app.ds, author, { status: ArticleStatus.DRAFT, publishedAt: null });
      const hidden = await buildArticle(app.ds, author, { moderationState: ModerationState.HIDDEN_PENDING_REVIEW });
      const article = await buildArticle(app.ds, author);
      const deleted = await buildComment(app.ds, article, author, { state: CommentState.DELETED, body: null });
      const onHidden = await buildComment(app.ds, hidden, author);
      const removed = await buildArticle(app.ds, author, { status: ArticleStatus.REMOVED });
      for (const id of [toGlobalId("Notification", 1), toGlobalId("Sanction", 1), gid("Article", { id: 999999 }), gid("User", { id: 999999 }), gid("Article", draft), gid("Article", hidden), gid("Comment", deleted), gid("Comment", onHidden), gid("Article", removed)]) {
        const err = errorOf(await report(readers[3], id));
        assert.equal(err.extensions.code, "NOT_FOUND", id);
      }
      const bad = errorOf(await report(readers[3], "not-an-id"));
      assert.equal(bad.extensions.code, "BAD_USER_INPUT");
      assert.deepEqual(bad.extensions.fields, ["targetId"]);
      const staff = errorOf(await report(moderator, gid("Article", removed)));
      assert.equal(staff.extensions.code, "INVALID_STATE");
      assert.equal(staff.extensions.reason, "ALREADY_REMOVED");
      const anonymous = errorOf(await app.exec(REPORT, { i: { targetId: gid("Article", article), category: "SPAM" } }));
      assert.equal(anonymous.extensions.code, "UNAUTHENTICATED");
    });

    it("one open report per reporter and target: a second is CONFLICT; after a decision a new one is allowed", async () => {
      const article = await buildArticle(app.ds, author);
      const first = expectOk(await report(readers[4], gid("Article", article))).reportContent;
      const again = errorOf(await report(readers[4], gid("Article", article), { category: "SPAM", ruleCode: null }));
      assert.equal(again.extensions.code, "CONFLICT");
      assert.equal(again.extensions.reason, "REPORT_EXISTS");
      expectOk(await resolve(moderator, { reportId: first.id, decision: "DISMISS", note: "未发现违规" }));
      expectOk(await report(readers[4], gid("Article", article), {}, at(120)));
      assert.equal(await app.ds.getRepository(Report).countBy({ targetId: article.id, targetType: "Article" as never }), 2);
    });

    it("20 simultaneous identical reports leave one report", async () => {
      const article = await buildArticle(app.ds, author);
      const results = await Promise.all(Array.from({ length: 20 }, () => report(readers[5], gid("Article", article))));
      const ok = results.filter((r) => !r.errors);
      assert.equal(ok.length, 1);
      for (const r of results.filter((x) => x.errors)) assert.equal(errorOf(r).extensions.code, "CONFLICT");
      assert.equal(await app.ds.getRepository(Report).countBy({ reporterId: readers[5].id, targetId: article.id }), 1);
    });

    it("users reporting each other at the same time: no deadlock, every report filed", async () => {
      const pairs = [];
      for (let i = 0; i < 5; i++) pairs.push([await buildUser(app.ds), await buildUser(app.ds)]);
      const results = await Promise.all(pairs.flatMap(([a, b]) => [report(a, gid("User", b)), report(b, gid("User", a))]));
      for (const r of results) expectOk(r);
      assert.equal(await app.ds.getRepository(Report).countBy({ reporterId: In(pairs.flat().map((u) => u.id)) }), 10);
    });

    it("a muted user can report; a banned user cannot (ACCOUNT_BANNED)", async () => {
      const article = await buildArticle(app.ds, author);
      const muted = await buildUser(app.ds);
      await buildSanction(app.ds, { user: muted, issuer: moderator, level: SanctionLevel.MUTE_7D, startsAt: at(-60) });
      expectOk(await report(muted, gid("Article", article)));
      const banned = await buildUser(app.ds);
      await buildSanction(app.ds, { user: banned, issuer: moderator, level: SanctionLevel.BAN, startsAt: at(-60) });
      assert.equal(errorOf(await report(banned, gid("Article", article))).extensions.code, "ACCOUNT_BANNED");
    });
  });

  describe("hiding at five reporters", () => {
    it("the fifth distinct reporter hides an article pending review (log row without actor); it leaves the feed until a moderator decides; DISMISS restores it", async () => {
      const article = await buildArticle(app.ds, author, { title: "被举报的文章" });
      for (let i = 0; i < 4; i++) expectOk(await report(readers[i], gid("Article", article), { category: "SPAM", ruleCode: "3.1" }, at(i)));
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).moderationState, "VISIBLE", "four reporters do not hide");
      expectOk(await report(readers[4], gid("Article", article), { category: "SPAM", ruleCode: "3.1" }, at(5)));
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).moderationState, "HIDDEN_PENDING_REVIEW");
      const log = await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: gid("Article", article), action: "CONTENT_HIDDEN" as never });
      assert.equal(log.length, 1);
      assert.equal(log[0].actorId, null);
      const feed = expectOk(await app.exec(`{ articles(first: 100) { edges { node { id } } } }`, {}, { as: readers[6] })).articles;
      assert.ok(!feed.edges.some((e: { node: { id: string } }) => e.node.id === gid("Article", article)), "hidden articles leave the feed");
      assert.equal(errorOf(await app.exec(`query($id: ID!) { article(id: $id) { id } }`, { id: gid("Article", article) }, { as: readers[6] })).extensions.code, "NOT_FOUND");
      assert.equal(errorOf(await report(readers[6], gid("Article", article))).extensions.code, "NOT_FOUND", "a hidden article cannot be reported by readers");
      const any = await app.ds.getRepository(Report).findOneByOrFail({ targetId: article.id, targetType: "Article" as never, reporterId: readers[0].id });
      const dismissed = expectOk(await resolve(moderator, { reportId: gid("Report", any), decision: "DISMISS", note: "属正常推广信息" })).resolveReport;
      assert.equal(dismissed.status, "DISMISSED");
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).moderationState, "VISIBLE");
      const actions = (await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: gid("Article", article) })).map((l) => l.action).sort();
      assert.deepEqual(actions, ["CONTENT_HIDDEN", "CONTENT_RESTORED", "REPORTS_DISMISSED"]);
      assert.equal(await app.ds.getRepository(Report).countBy({ targetId: article.id, targetType: "Article" as never, status: ReportStatus.DISMISSED }), 5);
    });

    it("a hidden comment keeps its place in the thread but its text is shown only to its author and moderators; users are never hidden", async () => {
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, readers[6], { body: "违规评论" });
      await Promise.all(readers.slice(0, 5).map((r, i) => report(r, gid("Comment", comment), {}, at(i))));
      assert.equal((await app.ds.getRepository(Comment).findOneByOrFail({ id: comment.id })).state, "HIDDEN_PENDING_REVIEW");
      assert.equal(await app.ds.getRepository(ModerationLogEntry).countBy({ targetId: gid("Comment", comment), action: "CONTENT_HIDDEN" as never }), 1, "hidden exactly once");
      const THREAD = `query($id: ID!) { article(id: $id) { comments(first: 10) { edges { node { id state body } } } } }`;
      const seen = (as: User) => app.exec(THREAD, { id: gid("Article", article) }, { as }).then((r) => expectOk(r).article.comments.edges[0].node);
      assert.deepEqual(await seen(author), { id: gid("Comment", comment), state: "HIDDEN_PENDING_REVIEW", body: null });
      assert.equal((await seen(readers[6])).body, "违规评论");
      assert.equal((await seen(moderator)).body, "违规评论");
      const target = await buildUser(app.ds);
      for (let i = 0; i < 5; i++) expectOk(await report(readers[i], gid("User", target)));
      assert.equal(await app.ds.getRepository(ModerationLogEntry).countBy({ targetId: gid("User", target) }), 0);
    });
  });

  describe("reportQueue", () => {
    it("groups by target, most reporters first then the oldest report, with reports, reporters, count and content; keyset pages; category and status filters", async () => {
      const queueApp = await createTestApp();
      try {
        const ds = queueApp.ds;
        const mod = await buildModerator(ds);
        const w = await buildUser(ds, { roles: ["AUTHOR" as never] });
        const rs: User[] = [];
        for (let i = 0; i < 4; i++) rs.push(await buildUser(ds, { username: `reader_q${i}` }));
        const a1 = await buildArticle(ds, w, { title: "文章一", body: "正文一" });
        const a2 = await buildArticle(ds, w, { title: "文章二" });
        const c1 = await buildComment(ds, a1, w, { body: "评论一" });
        // a2: 3 reporters; c1: 2 reporters (older); user w: 2 reporters (newer); a1: 1 SPAM
        for (let i = 0; i < 3; i++) await buildReport(ds, { reporter: rs[i], target: articleTarget(a2), category: "UNFRIENDLY" as never, createdAt: at(10 + i) });
        for (let i = 0; i < 2; i++) await buildReport(ds, { reporter: rs[i], target: commentTarget(c1), category: "UNFRIENDLY" as never, createdAt: at(1 + i) });
        for (let i = 0; i < 2; i++) await buildReport(ds, { reporter: rs[i + 2], target: userTarget(w), category: "SPAM" as never, createdAt: at(20 + i) });
        await buildReport(ds, { reporter: rs[3], target: articleTarget(a1), createdAt: at(0) });
        await buildReport(ds, { reporter: rs[0], target: articleTarget(a1), status: ReportStatus.DISMISSED, createdAt: at(-100) });

        const all = expectOk(await queueApp.exec(QUEUE, {}, { as: mod })).reportQueue;
        assert.equal(all.totalCount, 4);
        assert.deepEqual(all.edges.map((e: any) => [e.node.targetType, e.node.count]), [["ARTICLE", 3], ["COMMENT", 2], ["USER", 2], ["ARTICLE", 1]]);
        const top = all.edges[0].node;
        assert.equal(top.targetId, gid("Article", a2));
        assert.deepEqual(top.reporters.map((u: any) => u.username), ["reader_q0", "reader_q1", "reader_q2"], "moderators see who reported");
        assert.equal(top.reports.length, 3);
        assert.equal(top.reports[0].reporter.username, "reader_q0");
        assert.equal(top.target.__typename, "Article");
        assert.equal(top.target.title, "文章二");
        assert.equal(top.firstReportedAt, at(10).toISOString());
        assert.deepEqual(top.categories, ["UNFRIENDLY"]);
        assert.deepEqual(all.edges[1].node.target, { __typename: "Comment", body: "评论一", state: "VISIBLE", author: { username: w.username } });
        assert.equal(all.edges[2].node.target.__typename, "User");
        assert.equal(all.edges[3].node.target.articleBody, "正文一");

        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = expectOk(await queueApp.exec(QUEUE, { first: 1, after }, { as: mod })).reportQueue;
          seen.push(...page.edges.map((e: any) => e.node.targetId));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
        } while (after);
        assert.deepEqual(seen, all.edges.map((e: any) => e.node.targetId), "paging one by one gives the same order, no gaps or repeats");

        const spam = expectOk(await queueApp.exec(QUEUE, { c: "SPAM" }, { as: mod })).reportQueue;
        assert.deepEqual(spam.edges.map((e: any) => e.node.targetType), ["USER", "ARTICLE"]);
        const dismissed = expectOk(await queueApp.exec(QUEUE, { s: "DISMISSED" }, { as: mod })).reportQueue;
        assert.deepEqual(dismissed.edges.map((e: any) => [e.node.targetId, e.node.status]), [[gid("Article", a1), "DISMISSED"]]);

        // Statements do not grow with the page: groups, reports, one per target type, users (+ the count).
        const small = await queueApp.exec(QUEUE, { first: 2 }, { as: mod, recordSql: true });
        const large = await queueApp.exec(QUEUE, { first: 10 }, { as: mod, recordSql: true });
        assert.ok(large.queries <= 8, `queue page cost ${large.queries} statements: ${large.statements?.join("\n")}`);
        assert.ok(large.queries - small.queries <= 1, "one more target type at most");

        const reader = errorOf(await queueApp.exec(QUEUE, {}, { as: rs[0] }));
        assert.equal(reader.extensions.code, "FORBIDDEN");
        assert.equal(errorOf(await queueApp.exec(QUEUE, {})).extensions.code, "UNAUTHENTICATED");
      } finally {
        await queueApp.close();
      }
    });
  });

  describe("resolveReport", () => {
    it("REMOVE_CONTENT on a comment: every open report resolved, REMOVED, commentCount down, author and each reporter notified (never told who else reported), log and evidence", async () => {
      const article = await buildArticle(app.ds, author);
      const offender = await buildUser(app.ds);
      const comment = await buildComment(app.ds, article, offender, { body: "垃圾广告 加微信" });
      const r1 = expectOk(await report(readers[0], gid("Comment", comment), { category: "SPAM", ruleCode: "3.1" })).reportContent;
      expectOk(await report(readers[1], gid("Comment", comment), { category: "SPAM", ruleCode: null }, at(1)));
      const before = (await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).commentCount;
      const res = expectOk(await resolve(moderator, { reportId: r1.id, decision: "REMOVE_CONTENT", note: "广告引流，已删除" })).resolveReport;
      assert.equal(res.status, "RESOLVED");
      assert.equal(res.decision, "REMOVE_CONTENT");
      assert.equal(res.evidence.body, "垃圾广告 加微信");
      assert.equal(res.evidence.authorUsername, offender.username);
      assert.equal(res.evidence.contentStatus, "VISIBLE");
      assert.equal(res.sanction, null);
      assert.equal((await app.ds.getRepository(Comment).findOneByOrFail({ id: comment.id })).state, "REMOVED");
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).commentCount, before - 1);
      const rows = await app.ds.getRepository(Report).findBy({ targetId: comment.id, targetType: "Comment" as never });
      assert.ok(rows.every((r) => r.status === "RESOLVED" && r.openKey === null && r.evidenceId === rows[0].evidenceId));
      const authorNote = await app.ds.getRepository(Notification).findOneByOrFail({ userId: offender.id, type: "CONTENT_REMOVED" as never });
      assert.equal(authorNote.subjectId, gid("Comment", comment));
      for (const reader of [readers[0], readers[1]]) {
        const n = await app.ds.getRepository(Notification).findBy({ userId: reader.id, type: "REPORT_RESOLVED" as never, subjectId: In(rows.map((r) => r.globalId)) });
        assert.equal(n.length, 1);
        assert.match(n[0].message, /已被删除/);
        const other = reader === readers[0] ? readers[1] : readers[0];
        assert.ok(!JSON.stringify(n[0]).includes(other.username) && !JSON.stringify(n[0].data).includes(gid("User", other)), "never tells who else reported");
      }
      const actions = (await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: gid("Comment", comment) })).map((l) => l.action).sort();
      assert.deepEqual(actions, ["CONTENT_REMOVED", "REPORTS_RESOLVED"]);
      const again = errorOf(await resolve(moderator, { reportId: r1.id, decision: "DISMISS" }));
      assert.equal(again.extensions.code, "INVALID_STATE");
      assert.equal(again.extensions.reason, "REPORT_ALREADY_RESOLVED");
    });

    it("REMOVE_AND_SANCTION on an article: REMOVED, article.removed webhook, a ladder sanction linked to every report, evidence on the sanction kept for the appeal", async () => {
      const admin = await buildAdmin(app.ds);
      await buildWebhook(app.ds, admin, { events: [WebhookEvent.ARTICLE_REMOVED] });
      const offender = await buildUser(app.ds, { roles: ["AUTHOR" as never] });
      const article = await buildArticle(app.ds, offender, { title: "谣言文章", body: "编造的疫情消息" });
      const reports = [];
      for (let i = 0; i < 3; i++) reports.push(expectOk(await report(readers[i], gid("Article", article), { category: "FALSE_INFORMATION", ruleCode: null }, at(i))).reportContent);
      const res = expectOk(await resolve(moderator, { reportId: reports[1].id, decision: "REMOVE_AND_SANCTION", sanction: { ruleCode: "2.6" }, note: "散布谣言" })).resolveReport;
      assert.equal(res.sanction.level, "MUTE_1D", "the ladder decides when level is omitted");
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: article.id })).status, "REMOVED");
      const sanction = await app.ds.getRepository(Sanction).findOneByOrFail({ userId: offender.id });
      const links = await app.ds.getRepository(SanctionReport).findBy({ sanctionId: sanction.id });
      assert.deepEqual(links.map((l) => gid("Report", { id: l.reportId })).sort(), reports.map((r) => r.id).sort());
      const hooks = await app.ds.getRepository(WebhookDelivery).findBy({ event: WebhookEvent.ARTICLE_REMOVED });
      assert.equal(hooks.length, 1);
      assert.equal(JSON.parse(hooks[0].body).data.article.id, gid("Article", article));
      const actions = (await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: gid("Article", article) })).map((l) => l.action).sort();
      assert.deepEqual(actions, ["CONTENT_REMOVED", "REPORTS_RESOLVED"]);
      assert.equal(await app.ds.getRepository(ModerationLogEntry).countBy({ targetId: sanction.globalId, action: "SANCTION_ISSUED" as never }), 1);
      const notes = (await app.ds.getRepository(Notification).findBy({ userId: offender.id })).map((n) => n.type).sort();
      assert.deepEqual(notes, ["CONTENT_REMOVED", "SANCTION_ISSUED"]);
      const EVIDENCE = `query($id: ID!) { sanction(id: $id) { evidence { title body authorUsername targetId contentStatus } } }`;
      const mine = expectOk(await app.exec(EVIDENCE, { id: sanction.globalId }, { as: offender, now: at(120) })).sanction.evidence;
      assert.deepEqual(mine, { title: "谣言文章", body: "编造的疫情消息", authorUsername: offender.username, targetId: gid("Article", article), contentStatus: "PUBLISHED/VISIBLE" });
    });

    it("SANCTION leaves the content; the evidence keeps what was judged after the author edits it", async () => {
      const offender = await buildUser(app.ds);
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, offender, { body: "你这种人就是傻子" });
      const r = expectOk(await report(readers[0], gid("Comment", comment))).reportContent;
      const res = expectOk(await resolve(moderator, { reportId: r.id, decision: "SANCTION", sanction: { ruleCode: "2.6", level: "MUTE_7D" }, note: "人身攻击" })).resolveReport;
      assert.equal(res.sanction.level, "MUTE_7D");
      assert.equal((await app.ds.getRepository(Comment).findOneByOrFail({ id: comment.id })).state, "VISIBLE");
      // mute ended: the author edits the comment
      await app.ds.getRepository(Comment).update({ id: comment.id }, { body: "已修改" });
      const sanction = await app.ds.getRepository(Sanction).findOneByOrFail({ userId: offender.id });
      const ev = expectOk(await app.exec(`query($id: ID!) { node(id: $id) { ... on Sanction { evidence { body } } } }`, { id: sanction.globalId }, { as: offender })).node.evidence;
      assert.equal(ev.body, "你这种人就是傻子");
      const stranger = errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: r.id }, { as: readers[3] }));
      assert.equal(stranger.extensions.code, "NOT_FOUND", "a report is visible to its reporter and moderators only");
    });

    it("refusals: SANCTION without sanction, a bad rule, removing a user, not a moderator, unknown report, own content", async () => {
      const article = await buildArticle(app.ds, author);
      const r = expectOk(await report(readers[2], gid("Article", article), {}, at(3))).reportContent;
      const missing = errorOf(await resolve(moderator, { reportId: r.id, decision: "SANCTION" }));
      assert.equal(missing.extensions.code, "BAD_USER_INPUT");
      assert.equal(missing.extensions.reason, "SANCTION_REQUIRED");
      assert.deepEqual(missing.extensions.fields, ["sanction"]);
      const badRule = errorOf(await resolve(moderator, { reportId: r.id, decision: "SANCTION", sanction: { ruleCode: "0.0" } }));
      assert.deepEqual(badRule.extensions.fields, ["sanction.ruleCode"]);
      const extra = errorOf(await resolve(moderator, { reportId: r.id, decision: "DISMISS", sanction: { ruleCode: "2.6" } }));
      assert.deepEqual(extra.extensions.fields, ["sanction"]);
      const onUser = expectOk(await report(readers[2], gid("User", author), {}, at(4))).reportContent;
      const nothing = errorOf(await resolve(moderator, { reportId: onUser.id, decision: "REMOVE_CONTENT" }));
      assert.equal(nothing.extensions.reason, "NOTHING_TO_REMOVE");
      assert.equal(errorOf(await resolve(readers[0], { reportId: r.id, decision: "DISMISS" })).extensions.code, "FORBIDDEN");
      assert.equal(errorOf(await resolve(moderator, { reportId: gid("Report", { id: 999999 }), decision: "DISMISS" })).extensions.code, "NOT_FOUND");
      const modArticle = await buildArticle(app.ds, moderator);
      const onMod = expectOk(await report(readers[2], gid("Article", modArticle), {}, at(5))).reportContent;
      const own = errorOf(await resolve(moderator, { reportId: onMod.id, decision: "DISMISS" }));
      assert.equal(own.extensions.code, "FORBIDDEN");
      assert.equal(own.extensions.reason, "CONFLICT_OF_INTEREST");
      assert.equal((await app.ds.getRepository(Report).findOneByOrFail({ id: Number(Buffer.from(r.id, "base64").toString().split(":")[1]) })).status, "OPEN", "refusals change nothing");
    });

    it("two moderators deciding at once: one wins, the other gets INVALID_STATE", async () => {
      const other = await buildModerator(app.ds);
      const article = await buildArticle(app.ds, author);
      const r = expectOk(await report(readers[3], gid("Article", article), {}, at(6))).reportContent;
      const [a, b] = await Promise.all([resolve(moderator, { reportId: r.id, decision: "DISMISS" }), resolve(other, { reportId: r.id, decision: "REMOVE_CONTENT" })]);
      const outcomes = [a, b].map((x) => (x.errors ? errorOf(x).extensions.code : "OK")).sort();
      assert.deepEqual(outcomes, ["INVALID_STATE", "OK"]);
      assert.equal(await app.ds.getRepository(ReportEvidence).countBy({ targetId: article.id, targetType: "Article" as never }), 1);
    });
  });

  describe("failures inside resolveReport leave no partial state", () => {
    async function assertUntouched(comment: Comment, reportIds: number[], offenderId: number) {
      assert.equal((await app.ds.getRepository(Comment).findOneByOrFail({ id: comment.id })).state, "VISIBLE", "no removal");
      assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: comment.articleId })).commentCount, 1, "counter unchanged");
      assert.ok((await app.ds.getRepository(Report).findBy({ id: In(reportIds) })).every((r) => r.status === "OPEN" && r.openKey !== null && r.evidenceId === null), "reports still open");
      assert.equal(await app.ds.getRepository(Sanction).countBy({ userId: offenderId }), 0, "no sanction");
      assert.equal(await app.ds.getRepository(SanctionReport).countBy({ reportId: In(reportIds) }), 0);
      assert.equal(await app.ds.getRepository(ReportEvidence).countBy({ targetId: comment.id, targetType: "Comment" as never }), 0, "no evidence");
      assert.equal(await app.ds.getRepository(ModerationLogEntry).countBy({ targetId: gid("Comment", comment) }), 0, "no log rows");
      assert.equal(await app.ds.getRepository(Notification).countBy({ userId: offenderId }), 0, "nobody notified");
    }

    it("the sanction step failing after it wrote its rows (monkeypatched) rolls back the removal, the resolution and the sanction", async () => {
      const sanctionService = require("../src/modules/moderation/sanction.service") as typeof import("../src/modules/moderation/sanction.service");
      const real = sanctionService.recordSanction;
      const offender = await buildUser(app.ds);
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, offender);
      const r = expectOk(await report(readers[5], gid("Comment", comment), {}, at(7))).reportContent;
      (sanctionService as { recordSanction: typeof real }).recordSanction = async (...args) => {
        const recorded = await real(...args);
        assert.equal(await args[0].getRepository(Sanction).countBy({ userId: offender.id }), 1, "the sanction row was written inside the transaction");
        throw new Error("injected failure after the sanction");
      };
      try {
        const err = errorOf(await resolve(moderator, { reportId: r.id, decision: "REMOVE_AND_SANCTION", sanction: { ruleCode: "2.6" } }));
        assert.equal(err.extensions.code, "INTERNAL_SERVER_ERROR");
      } finally {
        (sanctionService as { recordSanction: typeof real }).recordSanction = real;
      }
      const row = await app.ds.getRepository(Report).findOneByOrFail({ reporterId: readers[5].id, targetId: comment.id });
      await assertUntouched(comment, [row.id], offender.id);
      expectOk(await resolve(moderator, { reportId: r.id, decision: "REMOVE_AND_SANCTION", sanction: { ruleCode: "2.6" } }));
    });

    it("a sanction the policy refuses (the author is an admin) after the removal rolls everything back", async () => {
      const admin = await buildAdmin(app.ds);
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, article, admin);
      const r = expectOk(await report(readers[6], gid("Comment", comment), {}, at(8))).reportContent;
      const err = errorOf(await resolve(moderator, { reportId: r.id, decision: "REMOVE_AND_SANCTION", sanction: { ruleCode: "2.6" } }));
      assert.equal(err.extensions.code, "FORBIDDEN");
      assert.equal(err.extensions.reason, "CANNOT_SANCTION_ADMIN");
      const row = await app.ds.getRepository(Report).findOneByOrFail({ reporterId: readers[6].id, targetId: comment.id });
      await assertUntouched(comment, [row.id], admin.id);
    });
  });

  describe("myReports", () => {
    it("a reporter sees their reports and outcomes, never who else reported nor the moderator", async () => {
      const me = await buildUser(app.ds);
      const other = await buildUser(app.ds);
      const article = await buildArticle(app.ds, author);
      const comment = await buildComment(app.ds, await buildArticle(app.ds, author), author);
      const mine1 = expectOk(await report(me, gid("Article", article), {}, at(1))).reportContent;
      expectOk(await report(other, gid("Article", article), {}, at(2)));
      expectOk(await report(me, gid("Comment", comment), { category: "SPAM", ruleCode: null }, at(3)));
      expectOk(await resolve(moderator, { reportId: mine1.id, decision: "REMOVE_CONTENT", note: "违反公约第 2.6 条" }, at(10)));
      const list = expectOk(await app.exec(MY, { first: 10 }, { as: me, now: at(20) })).myReports;
      assert.equal(list.totalCount, 2);
      const [latest, first] = list.edges.map((e: any) => e.node);
      assert.equal(latest.status, "OPEN");
      assert.equal(latest.target.__typename, "Comment");
      assert.deepEqual(
        { status: first.status, decision: first.decision, resolvedAt: first.resolvedAt, note: first.resolutionNote, reporter: first.reporter.username, resolvedBy: first.resolvedBy, evidence: first.evidence, sanction: first.sanction, target: first.target },
        { status: "RESOLVED", decision: "REMOVE_CONTENT", resolvedAt: at(10).toISOString(), note: "违反公约第 2.6 条", reporter: me.username, resolvedBy: null, evidence: null, sanction: null, target: null },
      );
      assert.ok(!JSON.stringify(list).includes(other.username));
      const page1 = expectOk(await app.exec(MY, { first: 1 }, { as: me })).myReports;
      const page2 = expectOk(await app.exec(MY, { first: 1, after: page1.pageInfo.endCursor }, { as: me })).myReports;
      assert.equal(page2.edges[0].node.id, first.id);
      assert.equal(page2.pageInfo.hasNextPage, false);
      assert.equal(errorOf(await app.exec(MY, {})).extensions.code, "UNAUTHENTICATED");
    });
  });

  describe("API token scopes", () => {
    it("reportContent needs write_content, myReports read_content, reportQueue read_moderation, resolveReport moderate", async () => {
      const article = await buildArticle(app.ds, author);
      const reader = await buildUser(app.ds);
      const readOnly = await buildApiToken(app, reader, { scopes: [ApiScope.READ_CONTENT] });
      const writer = await buildApiToken(app, reader, { scopes: [ApiScope.WRITE_CONTENT] });
      const input = { i: { targetId: gid("Article", article), category: "SPAM" } };
      const refused = errorOf(await app.exec(REPORT, input, { authorization: readOnly.authorization }));
      assert.deepEqual([refused.extensions.code, refused.extensions.requiredScope], ["FORBIDDEN", "write_content"]);
      const filed = expectOk(await app.exec(REPORT, input, { authorization: writer.authorization })).reportContent;
      expectOk(await app.exec(MY, {}, { authorization: readOnly.authorization }));
      const modRead = await buildApiToken(app, moderator, { scopes: [ApiScope.READ_MODERATION] });
      expectOk(await app.exec(QUEUE, {}, { authorization: modRead.authorization }));
      const cannot = errorOf(await app.exec(RESOLVE, { i: { reportId: filed.id, decision: "DISMISS" } }, { authorization: modRead.authorization }));
      assert.deepEqual([cannot.extensions.code, cannot.extensions.requiredScope], ["FORBIDDEN", "moderate"]);
      const modWrite = await buildApiToken(app, moderator, { scopes: [ApiScope.MODERATE] });
      expectOk(await app.exec(RESOLVE, { i: { reportId: filed.id, decision: "DISMISS" } }, { authorization: modWrite.authorization }));
    });
  });

  describe("sanctions and transparency", () => {
    it("issueSanction refuses report IDs that do not exist (NOT_FOUND) and links existing ones", async () => {
      const user = await buildUser(app.ds);
      const ISSUE = `mutation($i: IssueSanctionInput!) { issueSanction(input: $i) { id } }`;
      const err = errorOf(await app.exec(ISSUE, { i: { userId: gid("User", user), ruleCode: "2.6", reportIds: [gid("Report", { id: 999999 })] } }, { as: moderator }));
      assert.equal(err.extensions.code, "NOT_FOUND");
      assert.equal(await app.ds.getRepository(Sanction).countBy({ userId: user.id }), 0);
      const r = await buildReport(app.ds, { reporter: readers[0], target: userTarget(user) });
      expectOk(await app.exec(ISSUE, { i: { userId: gid("User", user), ruleCode: "2.6", reportIds: [r.globalId] } }, { as: moderator }));
      assert.equal(await app.ds.getRepository(SanctionReport).countBy({ reportId: r.id }), 1);
    });

    it("transparencyReport counts reports filed in the window by category (every category listed)", async () => {
      const from = new Date("2031-01-01T00:00:00.000Z");
      const to = new Date("2031-02-01T00:00:00.000Z");
      const target = userTarget(author);
      await buildReport(app.ds, { reporter: readers[0], target, category: "SPAM" as never, createdAt: new Date("2031-01-02T00:00:00Z"), status: ReportStatus.DISMISSED });
      await buildReport(app.ds, { reporter: readers[1], target, category: "SPAM" as never, createdAt: new Date("2031-01-03T00:00:00Z"), status: ReportStatus.DISMISSED });
      await buildReport(app.ds, { reporter: readers[2], target, category: "COPYRIGHT" as never, createdAt: new Date("2031-01-31T23:59:59.999Z"), status: ReportStatus.DISMISSED });
      await buildReport(app.ds, { reporter: readers[3], target, category: "SPAM" as never, createdAt: to, status: ReportStatus.DISMISSED });
      const r = expectOk(await app.exec(`query($f: DateTimeISO!, $t: DateTimeISO!) { transparencyReport(from: $f, to: $t) { reportsByCategory { category count } } }`, { f: from.toISOString(), t: to.toISOString() })).transparencyReport;
      assert.equal(r.reportsByCategory.length, 10);
      const counts = Object.fromEntries(r.reportsByCategory.map((c: { category: string; count: number }) => [c.category, c.count]));
      assert.equal(counts.SPAM, 2);
      assert.equal(counts.COPYRIGHT, 1);
      assert.equal(counts.ILLEGAL, 0);
    });
  });
});
