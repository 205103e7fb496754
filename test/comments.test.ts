import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Article, ArticleStatus, ModerationState } from "../src/modules/articles/article.entity";
import { Comment, CommentState } from "../src/modules/comments/comment.entity";
import { Notification, NotificationType } from "../src/modules/notifications/notification.entity";
import type { User } from "../src/modules/users/user.entity";
import { decodeGlobalId, toGlobalId } from "../src/shared/global-id";
import { buildAuthor, buildModerator, buildUser } from "./factories";
import { buildArticle, buildComment } from "./factories-comments";
import pino from "pino";
import { seedComments } from "../src/scripts/seed-comments";
import { seedUsers } from "../src/scripts/seed-users";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

// Until the articles module registers Article for node(id) in this branch, the tests read articles
// through a plain fetcher (published only); the real one, once merged, takes precedence.

const ADD = `mutation($i: AddCommentInput!) { addComment(input: $i) {
  id body state replyCount createdAt editedAt author { username } replyTo { username } parent { id } article { id commentCount } } }`;
const EDIT = `mutation($i: EditCommentInput!) { editComment(input: $i) { id body state editedAt } }`;
const DELETE = `mutation($id: ID!) { deleteComment(id: $id) { id body state replyCount } }`;
const COMMENTS = `query($id: ID!, $first: Int, $after: String, $order: CommentOrder) { node(id: $id) { ... on Article {
  commentCount
  comments(first: $first, after: $after, orderBy: $order) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id body state replyCount author { username } } } } } } }`;
const THREAD = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Comment {
  id body state replyCount
  replies(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id body state author { username } replyTo { username } parent { id } } } } } } }`;
const NODE_COMMENT = `query($id: ID!) { node(id: $id) { ... on Comment { id body state article { id } } } }`;

const gid = (type: string, id: number) => toGlobalId(type, id);
const rowId = (globalId: string) => decodeGlobalId(globalId).id;
const T0 = new Date("2026-03-01T08:00:00Z");

describe("comments (跟帖评论)", () => {
  let app: TestApp;
  let writer: User;
  let alice: User;
  let bob: User;
  let carol: User;
  before(async () => {
    app = await createTestApp();
    writer = await buildAuthor(app.ds, { displayName: "作者老张" });
    alice = await buildUser(app.ds, { displayName: "爱丽丝" });
    bob = await buildUser(app.ds, { displayName: "小鲍" });
    carol = await buildUser(app.ds, { displayName: "卡罗" });
  });
  after(() => app.close());

  const add = (as: User, articleId: string, body: string, parentId?: string, now = T0) =>
    app.exec(ADD, { i: { articleId, body, parentId } }, { as, now });
  const notificationsOf = (user: User) => app.ds.getRepository(Notification).find({ where: { userId: user.id }, order: { id: "ASC" } });

  it("adds a top-level comment: plain text trimmed and stored as written, counted on the article", async () => {
    const article = await buildArticle(app.ds, writer);
    const data = expectOk(await add(alice, gid("Article", article.id), "  <b>写得好！</b> 😀\n第二行  "));
    const c = data.addComment;
    assert.equal(c.body, "<b>写得好！</b> 😀\n第二行");
    assert.equal(c.state, "VISIBLE");
    assert.equal(c.replyCount, 0);
    assert.equal(c.author.username, alice.username);
    assert.equal(c.replyTo, null);
    assert.equal(c.parent, null);
    assert.equal(c.editedAt, null);
    assert.equal(c.createdAt, T0.toISOString());
    assert.deepEqual(c.article, { id: gid("Article", article.id), commentCount: 1 });
    const row = await app.ds.getRepository(Comment).findOneByOrFail({ articleId: article.id });
    assert.equal(row.body, "<b>写得好！</b> 😀\n第二行");
    assert.equal(row.authorId, alice.id);
  });

  it("threads have two levels: a reply to a reply joins the top-level thread and records replyTo", async () => {
    const article = await buildArticle(app.ds, writer);
    const aid = gid("Article", article.id);
    const top = expectOk(await add(alice, aid, "一楼")).addComment;
    const r1 = expectOk(await add(bob, aid, "回复一楼", top.id)).addComment;
    assert.equal(r1.parent.id, top.id);
    assert.equal(r1.replyTo.username, alice.username);
    const r2 = expectOk(await add(carol, aid, "回复小鲍", r1.id)).addComment;
    assert.equal(r2.parent.id, top.id, "a reply to a reply hangs under the same top-level comment");
    assert.equal(r2.replyTo.username, bob.username);
    assert.equal(r2.article.commentCount, 3);

    const thread = expectOk(await app.exec(THREAD, { id: top.id })).node;
    assert.equal(thread.replyCount, 2);
    assert.equal(thread.replies.totalCount, 2);
    assert.deepEqual(thread.replies.edges.map((e: any) => [e.node.body, e.node.replyTo.username]), [["回复一楼", alice.username], ["回复小鲍", bob.username]]);
    const rows = await app.ds.getRepository(Comment).find({ where: { articleId: article.id }, order: { id: "ASC" } });
    assert.deepEqual(rows.map((r) => r.parentId), [null, rowId(top.id), rowId(top.id)]);
    const lists = expectOk(await app.exec(COMMENTS, { id: aid })).node;
    assert.equal(lists.comments.totalCount, 1, "replies are not listed as top-level comments");
  });

  it("notifies the article's author and the user answered, never the commenter, once per person", async () => {
    const article = await buildArticle(app.ds, writer);
    const aid = gid("Article", article.id);
    const [w0, a0, b0] = [(await notificationsOf(writer)).length, (await notificationsOf(alice)).length, (await notificationsOf(bob)).length];

    const top = expectOk(await add(alice, aid, "好文")).addComment;
    let w = (await notificationsOf(writer)).slice(w0);
    assert.deepEqual(w.map((n) => [n.type, n.subjectId]), [[NotificationType.ARTICLE_COMMENTED, top.id]]);
    assert.match(w[0].message, /爱丽丝 评论了你的文章《/);

    const reply = expectOk(await add(bob, aid, "同意", top.id)).addComment;
    const a = (await notificationsOf(alice)).slice(a0);
    assert.deepEqual(a.map((n) => [n.type, n.subjectId]), [[NotificationType.COMMENT_REPLIED, reply.id]]);
    assert.match(a[0].message, /小鲍 在《.*》中回复了你：同意/);
    w = (await notificationsOf(writer)).slice(w0);
    assert.equal(w.length, 2, "the author hears about replies in their article's threads too");

    // the author replying to a reply: bob is answered, nobody else hears, the author not about themself
    expectOk(await add(writer, aid, "谢谢", reply.id));
    assert.equal((await notificationsOf(writer)).slice(w0).length, 2);
    assert.deepEqual((await notificationsOf(bob)).slice(b0).map((n) => n.type), [NotificationType.COMMENT_REPLIED]);

    // answering the author's own comment: the author gets one notification (the reply), not two
    const own = expectOk(await add(writer, aid, "作者补充一句")).addComment;
    assert.equal((await notificationsOf(writer)).slice(w0).length, 2, "no notification for one's own comment");
    const answer = expectOk(await add(carol, aid, "收到", own.id)).addComment;
    const forAnswer = (await notificationsOf(writer)).filter((n) => n.subjectId === answer.id);
    assert.deepEqual(forAnswer.map((n) => n.type), [NotificationType.COMMENT_REPLIED]);

    // replying to oneself notifies only the article's author
    const before = (await notificationsOf(carol)).length;
    const self = expectOk(await add(carol, aid, "自己补充", answer.id)).addComment;
    assert.equal((await notificationsOf(carol)).length, before);
    assert.deepEqual((await app.ds.getRepository(Notification).findBy({ subjectId: self.id })).map((n) => [n.userId, n.type]), [[writer.id, NotificationType.ARTICLE_COMMENTED]]);
  });

  it("refuses drafts, unpublished, hidden and unknown articles with NOT_FOUND", async () => {
    for (const overrides of [{ status: ArticleStatus.DRAFT }, { status: ArticleStatus.UNPUBLISHED }, { status: ArticleStatus.SUBMITTED }, { moderationState: ModerationState.HIDDEN_PENDING_REVIEW }]) {
      const article = await buildArticle(app.ds, writer, overrides);
      for (const who of [alice, writer]) {
        const err = errorOf(await add(who, gid("Article", article.id), "你好"));
        assert.equal(err.extensions.code, "NOT_FOUND", JSON.stringify(overrides));
        assert.equal(err.extensions.reason, "ARTICLE_NOT_FOUND");
      }
    }
    assert.equal(errorOf(await add(alice, gid("Article", 999999), "你好")).extensions.code, "NOT_FOUND");
    assert.equal(errorOf(await add(alice, gid("User", alice.id), "你好")).extensions.code, "NOT_FOUND");
    assert.equal(errorOf(await add(alice, "garbage", "你好")).extensions.code, "BAD_USER_INPUT");
    assert.equal(await app.ds.getRepository(Comment).countBy({ authorId: alice.id, body: "你好" }), 0);
  });

  it("refuses a thread with comments disabled with FORBIDDEN / COMMENTS_DISABLED", async () => {
    const article = await buildArticle(app.ds, writer, { commentsEnabled: false });
    const err = errorOf(await add(writer, gid("Article", article.id), "作者也不行"));
    assert.equal(err.extensions.code, "FORBIDDEN");
    assert.equal(err.extensions.reason, "COMMENTS_DISABLED");
    assert.equal(await app.ds.getRepository(Comment).countBy({ articleId: article.id }), 0);
  });

  it("refuses an empty, blank or too long body with BAD_USER_INPUT naming the field; 2,000 characters (emoji count once) pass", async () => {
    const article = await buildArticle(app.ds, writer);
    const aid = gid("Article", article.id);
    for (const body of ["", "   \n\t ", "长".repeat(2001), "😀".repeat(2001)]) {
      const res = await add(alice, aid, body);
      const err = errorOf(res);
      assert.equal(err.extensions.code, "BAD_USER_INPUT", `body of length ${body.length}`);
      assert.deepEqual(err.extensions.fields, ["body"]);
    }
    expectOk(await add(alice, aid, "长".repeat(2000)));
    const emoji = expectOk(await add(alice, aid, "😀".repeat(2000))).addComment;
    assert.equal(emoji.body, "😀".repeat(2000));
    const edit = errorOf(await app.exec(EDIT, { i: { id: emoji.id, body: "  " } }, { as: alice }));
    assert.equal(edit.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(edit.extensions.fields, ["body"]);
  });

  it("refuses a parent from another article (NOT_FOUND) and a deleted or removed one (INVALID_STATE)", async () => {
    const article = await buildArticle(app.ds, writer);
    const other = await buildArticle(app.ds, writer);
    const aid = gid("Article", article.id);
    const foreign = await buildComment(app.ds, other, bob);
    let err = errorOf(await add(alice, aid, "串楼了", gid("Comment", foreign.id)));
    assert.equal(err.extensions.code, "NOT_FOUND");
    assert.equal(err.extensions.reason, "PARENT_NOT_FOUND");
    assert.equal(errorOf(await add(alice, aid, "无", gid("Comment", 999999))).extensions.code, "NOT_FOUND");

    const deleted = await buildComment(app.ds, article, bob, { state: CommentState.DELETED, body: null });
    err = errorOf(await add(alice, aid, "回复已删除", gid("Comment", deleted.id)));
    assert.equal(err.extensions.code, "INVALID_STATE");
    assert.equal(err.extensions.reason, "COMMENT_DELETED");

    const removed = await buildComment(app.ds, article, bob, { state: CommentState.REMOVED });
    err = errorOf(await add(alice, aid, "回复已移除", gid("Comment", removed.id)));
    assert.equal(err.extensions.code, "INVALID_STATE");
    assert.equal(err.extensions.reason, "COMMENT_UNAVAILABLE");
    const replyUnderRemoved = await buildComment(app.ds, article, carol, { parentId: removed.id, replyToUserId: bob.id });
    err = errorOf(await add(alice, aid, "楼已被移除", gid("Comment", replyUnderRemoved.id)));
    assert.equal(err.extensions.reason, "COMMENT_UNAVAILABLE");
  });

  it("requires a signed-in user for every comment mutation (UNAUTHENTICATED)", async () => {
    const article = await buildArticle(app.ds, writer);
    const c = await buildComment(app.ds, article, alice);
    for (const [query, vars] of [
      [ADD, { i: { articleId: gid("Article", article.id), body: "匿名" } }],
      [EDIT, { i: { id: gid("Comment", c.id), body: "匿名" } }],
      [DELETE, { id: gid("Comment", c.id) }],
    ] as const) {
      const err = errorOf(await app.exec(query, vars));
      assert.equal(err.extensions.code, "UNAUTHENTICATED");
    }
  });

  it("lets only the author edit (editedAt set) or delete; others get FORBIDDEN", async () => {
    const article = await buildArticle(app.ds, writer);
    const c = expectOk(await add(alice, gid("Article", article.id), "初稿")).addComment;
    const later = new Date(T0.getTime() + 60_000);
    for (const [query, vars] of [[EDIT, { i: { id: c.id, body: "改写" } }], [DELETE, { id: c.id }]] as const) {
      for (const who of [bob, writer, await buildModerator(app.ds)]) {
        const err = errorOf(await app.exec(query, vars, { as: who }));
        assert.equal(err.extensions.code, "FORBIDDEN");
        assert.equal(err.extensions.reason, "NOT_COMMENT_AUTHOR");
      }
    }
    const edited = expectOk(await app.exec(EDIT, { i: { id: c.id, body: "  改写后  " } }, { as: alice, now: later })).editComment;
    assert.deepEqual(edited, { id: c.id, body: "改写后", state: "VISIBLE", editedAt: later.toISOString() });
    assert.equal(errorOf(await app.exec(EDIT, { i: { id: gid("Comment", 999999), body: "x" } }, { as: alice })).extensions.code, "NOT_FOUND");
  });

  it("soft-deletes: the thread stays, the body is gone, counts follow; a deleted comment cannot be edited or deleted again", async () => {
    const article = await buildArticle(app.ds, writer);
    const aid = gid("Article", article.id);
    const top = expectOk(await add(alice, aid, "楼主")).addComment;
    const reply = expectOk(await add(bob, aid, "沙发", top.id)).addComment;
    expectOk(await add(carol, aid, "板凳", reply.id));

    const gone = expectOk(await app.exec(DELETE, { id: reply.id }, { as: bob })).deleteComment;
    assert.deepEqual(gone, { id: reply.id, body: null, state: "DELETED", replyCount: 0 });
    const deletedTop = expectOk(await app.exec(DELETE, { id: top.id }, { as: alice })).deleteComment;
    assert.equal(deletedTop.replyCount, 2, "replyCount keeps the deleted reply: it stays listed");

    const page = expectOk(await app.exec(COMMENTS, { id: aid })).node;
    assert.equal(page.commentCount, 1, "commentCount counts live comments");
    assert.deepEqual(page.comments.edges.map((e: any) => [e.node.state, e.node.body]), [["DELETED", null]]);
    const thread = expectOk(await app.exec(THREAD, { id: top.id }, { as: alice })).node;
    assert.deepEqual(thread.replies.edges.map((e: any) => [e.node.state, e.node.body, e.node.replyTo.username]), [
      ["DELETED", null, alice.username],
      ["VISIBLE", "板凳", bob.username],
    ]);
    const row = await app.ds.getRepository(Comment).findOneByOrFail({ id: rowId(reply.id) });
    assert.equal(row.body, null);

    for (const [query, vars] of [[EDIT, { i: { id: reply.id, body: "复活" } }], [DELETE, { id: reply.id }]] as const) {
      const err = errorOf(await app.exec(query, vars, { as: bob }));
      assert.equal(err.extensions.code, "INVALID_STATE");
      assert.equal(err.extensions.reason, "COMMENT_DELETED");
    }
    // a reply to a reply still works in a thread whose top-level comment was deleted
    expectOk(await add(alice, aid, "还能回复", thread.replies.edges[1].node.id));
  });

  it("hides the body of a hidden or removed comment from everyone but its author and moderators", async () => {
    const article = await buildArticle(app.ds, writer);
    const moderator = await buildModerator(app.ds);
    for (const state of [CommentState.REMOVED, CommentState.HIDDEN_PENDING_REVIEW]) {
      const c = await buildComment(app.ds, article, alice, { state, body: "违规内容" });
      const id = gid("Comment", c.id);
      for (const [who, expected] of [[undefined, null], [bob, null], [writer, null], [alice, "违规内容"], [moderator, "违规内容"]] as const) {
        const node = expectOk(await app.exec(NODE_COMMENT, { id }, { as: who })).node;
        assert.equal(node.body, expected, `${state} as ${who?.username ?? "anonymous"}`);
        assert.equal(node.state, state);
      }
      const err = errorOf(await app.exec(EDIT, { i: { id, body: "改一改" } }, { as: alice }));
      assert.equal(err.extensions.code, "INVALID_STATE");
      assert.equal(err.extensions.reason, "COMMENT_UNDER_MODERATION");
    }
  });

  it("node(id) shows a comment with the visibility of its article", async () => {
    const article = await buildArticle(app.ds, writer);
    const c = await buildComment(app.ds, article, alice);
    const id = gid("Comment", c.id);
    assert.equal(expectOk(await app.exec(NODE_COMMENT, { id })).node.article.id, gid("Article", article.id));
    await app.ds.getRepository(Article).update({ id: article.id }, { status: ArticleStatus.UNPUBLISHED });
    assert.equal(errorOf(await app.exec(NODE_COMMENT, { id })).extensions.code, "NOT_FOUND");
    assert.equal(errorOf(await app.exec(NODE_COMMENT, { id }, { as: alice })).extensions.code, "NOT_FOUND");
    assert.equal(expectOk(await app.exec(NODE_COMMENT, { id }, { as: writer })).node.id, id, "the article's owner still sees it");
    const err = errorOf(await app.exec(EDIT, { i: { id, body: "改" } }, { as: alice }));
    assert.equal(err.extensions.code, "NOT_FOUND", "a comment on an article one cannot see cannot be reached");
  });

  describe("orderings and pagination", () => {
    let article: Article;
    let tops: Comment[];
    before(async () => {
      article = await buildArticle(app.ds, writer);
      const same = new Date("2026-03-02T10:00:00Z");
      const earlier = new Date("2026-03-02T09:00:00Z");
      // three at the same instant, two earlier ones inserted later; reply counts 2, 0, 2, 1, 0
      tops = [];
      for (const createdAt of [same, same, same, earlier, earlier]) tops.push(await buildComment(app.ds, article, alice, { createdAt }));
      for (const [i, n] of [[0, 2], [2, 2], [3, 1]]) {
        for (let k = 0; k < n; k++) await buildComment(app.ds, article, bob, { parentId: tops[i].id, replyToUserId: alice.id });
      }
    });

    async function walk(order: string, first: number): Promise<number[]> {
      const seen: number[] = [];
      let after: string | undefined;
      for (let guard = 0; guard < 10; guard++) {
        const c = expectOk(await app.exec(COMMENTS, { id: gid("Article", article.id), first, after, order })).node.comments;
        assert.equal(c.totalCount, 5);
        seen.push(...c.edges.map((e: any) => rowId(e.node.id)));
        if (!c.pageInfo.hasNextPage) return seen;
        after = c.pageInfo.endCursor;
      }
      throw new Error("did not finish");
    }

    it("OLDEST and NEWEST page through equal timestamps without skipping or repeating", async () => {
      const [a, b, c, d, e] = tops.map((t) => t.id);
      for (const first of [1, 2, 3, 20]) {
        assert.deepEqual(await walk("OLDEST", first), [d, e, a, b, c], `OLDEST first=${first}`);
        assert.deepEqual(await walk("NEWEST", first), [c, b, a, e, d], `NEWEST first=${first}`);
      }
    });

    it("TOP orders by replies, newest first among equals, across pages", async () => {
      const [a, b, c, d, e] = tops.map((t) => t.id);
      for (const first of [1, 2, 4]) assert.deepEqual(await walk("TOP", first), [c, a, d, e, b], `TOP first=${first}`);
    });

    it("refuses a cursor of another order or a forged one with BAD_USER_INPUT on `after`", async () => {
      const page = expectOk(await app.exec(COMMENTS, { id: gid("Article", article.id), first: 1, order: "TOP" })).node.comments;
      for (const after of [page.pageInfo.endCursor, "bm90LWEtY3Vyc29y"]) {
        const err = errorOf(await app.exec(COMMENTS, { id: gid("Article", article.id), first: 1, after, order: "OLDEST" }));
        assert.equal(err.extensions.code, "BAD_USER_INPUT");
        assert.deepEqual(err.extensions.fields, ["after"]);
      }
      const tooMany = errorOf(await app.exec(COMMENTS, { id: gid("Article", article.id), first: 101 }));
      assert.deepEqual(tooMany.extensions.fields, ["first"]);
    });

    it("pages replies oldest first", async () => {
      const top = gid("Comment", tops[0].id);
      const first = expectOk(await app.exec(THREAD, { id: top, first: 1 })).node.replies;
      assert.equal(first.edges.length, 1);
      assert.equal(first.pageInfo.hasNextPage, true);
      assert.equal(first.totalCount, 2);
      const second = expectOk(await app.exec(THREAD, { id: top, first: 1, after: first.pageInfo.endCursor })).node.replies;
      assert.equal(second.edges.length, 1);
      assert.equal(second.pageInfo.hasNextPage, false);
      assert.ok(second.edges[0].node.id !== first.edges[0].node.id);
      const all = expectOk(await app.exec(THREAD, { id: top })).node.replies;
      assert.deepEqual(all.edges.map((e: any) => e.node.id), [first.edges[0].node.id, second.edges[0].node.id]);
    });
  });

  it("an article page with 20 threads and their first replies costs the same statements whatever the page sizes", async () => {
    const article = await buildArticle(app.ds, writer);
    // repliers differ from top-level authors, so every page size needs the replies' users batch
    const people = [alice, bob, carol, writer, await buildUser(app.ds), await buildUser(app.ds)];
    const repliers = await Promise.all([1, 2, 3, 4, 5].map(() => buildUser(app.ds)));
    for (let i = 0; i < 20; i++) {
      const top = await buildComment(app.ds, article, people[i % people.length]);
      for (let k = 0; k < 12; k++) {
        await buildComment(app.ds, article, repliers[(i + k + 1) % repliers.length], { parentId: top.id, replyToUserId: repliers[(i + k) % repliers.length].id });
      }
    }
    const PAGE = `query($id: ID!, $n: Int!, $r: Int!) { node(id: $id) { ... on Article { id comments(first: $n) { edges { node {
      id body author { username displayName } replyCount
      replies(first: $r) { pageInfo { hasNextPage } edges { node { id body author { username } replyTo { username } } } } } } } } } }`;
    const id = gid("Article", article.id);
    const articleOnly = (await app.exec(`query($id: ID!) { node(id: $id) { ... on Article { id } } }`, { id })).queries;
    const counts: Record<string, number> = {};
    for (const [n, r] of [[5, 3], [20, 3], [20, 1], [20, 10], [5, 20]]) {
      const res = await app.exec(PAGE, { id, n, r }, { recordSql: true });
      if (process.env.SHOW_SQL) console.log(n, r, res.statements);
      const data = expectOk(res);
      assert.equal(data.node.comments.edges.length, n);
      for (const e of data.node.comments.edges) {
        assert.equal(e.node.replies.edges.length, Math.min(r, 12));
        assert.equal(e.node.replies.pageInfo.hasNextPage, r < 12);
        assert.ok(e.node.replies.edges.every((x: any) => x.node.author.username && x.node.replyTo.username));
      }
      counts[`${n}/${r}`] = res.queries;
    }
    // the article, the page of comments with their authors, all first replies with their authors and replyTo users
    const expected = articleOnly + 2;
    assert.deepEqual(counts, { "5/3": expected, "20/3": expected, "20/1": expected, "20/10": expected, "5/20": expected });
  });

  it("the seed adds Chinese threads to published articles without comments, once", async () => {
    const ctx = { ds: app.ds, config: app.config, log: pino({ level: "silent" }), now: T0, viewer: null };
    const users = await seedUsers(ctx);
    const published = await buildArticle(app.ds, users.authorZhang);
    const draft = await buildArticle(app.ds, users.authorZhang, { status: ArticleStatus.DRAFT });
    const closed = await buildArticle(app.ds, users.authorZhang, { commentsEnabled: false });
    const added = await seedComments(ctx, users);
    assert.ok(added > 0);
    const rows = await app.ds.getRepository(Comment).find({ where: { articleId: published.id }, order: { id: "ASC" } });
    assert.ok(rows.length > 0);
    assert.match(rows[0].body ?? "", /[\u4e00-\u9fff]/);
    assert.equal((await app.ds.getRepository(Article).findOneByOrFail({ id: published.id })).commentCount, rows.length);
    assert.equal(await app.ds.getRepository(Comment).countBy({ articleId: draft.id }), 0);
    assert.equal(await app.ds.getRepository(Comment).countBy({ articleId: closed.id }), 0);
    assert.equal(await seedComments(ctx, users), 0, "seeding twice adds nothing");
  });
});
