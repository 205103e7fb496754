import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { notify, NotificationType } from "../src/modules/notifications/notification.service";
import { Notification } from "../src/modules/notifications/notification.entity";
import { buildUser } from "./factories";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const LIST = `query($first: Int, $after: String, $unread: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unread) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id type message read subjectId data } }
  }
  unreadNotificationCount
}`;

describe("notifications", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("lists the viewer's notifications newest first with keyset pages and a whole-list totalCount", async () => {
    const user = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    const ctx = { ...app.deps, now: new Date(), viewer: null };
    await notify(ctx, [1, 2, 3, 4, 5].map((i) => ({ userId: user.id, type: NotificationType.ARTICLE_COMMENTED, message: `第${i}条评论`, data: { i } })));
    await notify(ctx, [{ userId: other.id, type: NotificationType.COMMENT_REPLIED, message: "别人的" }]);

    const first = expectOk(await app.exec(LIST, { first: 2 }, { as: user }));
    assert.equal(first.notifications.totalCount, 5);
    assert.deepEqual(first.notifications.edges.map((e: any) => e.node.message), ["第5条评论", "第4条评论"]);
    assert.equal(first.notifications.pageInfo.hasNextPage, true);
    const second = expectOk(await app.exec(LIST, { first: 2, after: first.notifications.pageInfo.endCursor }, { as: user }));
    assert.equal(second.notifications.totalCount, 5);
    assert.deepEqual(second.notifications.edges.map((e: any) => e.node.message), ["第3条评论", "第2条评论"]);
    assert.equal(first.unreadNotificationCount, 5);
  });

  it("marks chosen or all notifications read, never someone else's", async () => {
    const user = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    const ctx = { ...app.deps, now: new Date(), viewer: null };
    await notify(ctx, [1, 2, 3].map((i) => ({ userId: user.id, type: NotificationType.SANCTION_ISSUED, message: `n${i}` })));
    await notify(ctx, [{ userId: other.id, type: NotificationType.SANCTION_ISSUED, message: "theirs" }]);
    const list = expectOk(await app.exec(LIST, {}, { as: user })).notifications.edges.map((e: any) => e.node.id);
    const theirs = expectOk(await app.exec(LIST, {}, { as: other })).notifications.edges[0].node.id;

    const M = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;
    assert.equal(expectOk(await app.exec(M, { ids: [list[0], theirs] }, { as: user })).markNotificationsRead, 1);
    const unread = expectOk(await app.exec(LIST, { unread: true }, { as: user }));
    assert.equal(unread.notifications.totalCount, 2);
    assert.equal(unread.unreadNotificationCount, 2);
    assert.equal(expectOk(await app.exec(M, {}, { as: user })).markNotificationsRead, 2);
    const theirsRow = await app.ds.getRepository(Notification).findOneByOrFail({ userId: other.id });
    assert.equal(theirsRow.readAt, null);
  });

  it("needs a signed-in viewer; first over 100 is BAD_USER_INPUT", async () => {
    assert.equal(errorOf(await app.exec(LIST)).extensions.code, "UNAUTHENTICATED");
    const user = await buildUser(app.ds);
    const err = errorOf(await app.exec(LIST, { first: 101 }, { as: user }));
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(err.extensions.fields, ["first"]);
    const cursor = errorOf(await app.exec(LIST, { after: "bm9wZQ" }, { as: user }));
    assert.equal(cursor.extensions.reason, "INVALID_CURSOR");
  });
});
