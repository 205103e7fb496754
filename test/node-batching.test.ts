/**
 * nodes(ids) reads each type's rows in one statement (rowById loaders), whatever the number of
 * ids, and keeps each type's visibility: what a caller may not see is null, never an error.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildAdmin, buildModerator, buildUser } from "./factories";
import { buildWebhook } from "./factories-partners";
import { gid } from "./factories-reports";
import { buildSanction } from "./factories-safety";
import { createTestApp, expectOk, type TestApp } from "./harness";

const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

describe("nodes(ids) batching", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("N sanctions cost one statement at 2 and at 8 ids; the sanctioned user sees theirs, others see null", async () => {
    const moderator = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const stranger = await buildUser(app.ds);
    const sanctions = [];
    for (let i = 0; i < 8; i++) sanctions.push(await buildSanction(app.ds, { user, issuer: moderator }));
    const ids = sanctions.map((s) => gid("Sanction", s));
    for (const n of [2, 8]) {
      const res = await app.exec(NODES, { ids: ids.slice(0, n) }, { as: moderator });
      assert.deepEqual(expectOk(res).nodes.map((x: { id: string }) => x.id), ids.slice(0, n));
      assert.equal(res.queries, 1, `${n} sanctions in one statement`);
    }
    assert.deepEqual(expectOk(await app.exec(NODES, { ids }, { as: user })).nodes.map((x: { id: string }) => x.id), ids);
    assert.deepEqual(expectOk(await app.exec(NODES, { ids }, { as: stranger })).nodes, ids.map(() => null));
  });

  it("webhooks of several ids in one statement, for admins only", async () => {
    const admin = await buildAdmin(app.ds);
    const hooks = [];
    for (let i = 0; i < 4; i++) hooks.push(await buildWebhook(app.ds, admin));
    const ids = hooks.map((h) => gid("Webhook", h));
    const res = await app.exec(NODES, { ids }, { as: admin });
    assert.deepEqual(expectOk(res).nodes.map((x: { __typename: string }) => x.__typename), ["Webhook", "Webhook", "Webhook", "Webhook"]);
    assert.equal(res.queries, 1);
    assert.deepEqual(expectOk(await app.exec(NODES, { ids }, { as: await buildModerator(app.ds) })).nodes, ids.map(() => null));
  });
});
