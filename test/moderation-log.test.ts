import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toGlobalId } from "../src/shared/global-id";
import { buildModerator, buildUser } from "./factories";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const ISSUE = `mutation($i: IssueSanctionInput!) { issueSanction(input: $i) { id } }`;
const LOG = `query($t: ID) { moderationLog(first: 10, targetId: $t) { totalCount edges { node { id action targetId actor { username } } } } }`;

describe("moderation log", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("lists acts for a target to moderators; hides the actor from the subject", async () => {
    const issuer = await buildModerator(app.ds);
    const subject = await buildModerator(app.ds);
    const colleague = await buildModerator(app.ds);
    const sanction = expectOk(await app.exec(ISSUE, { i: { userId: toGlobalId("User", subject.id), ruleCode: "2.1", reason: "轻蔑他人" } }, { as: issuer })).issueSanction;

    const seen = expectOk(await app.exec(LOG, { t: sanction.id }, { as: colleague })).moderationLog;
    assert.equal(seen.totalCount, 1);
    assert.equal(seen.edges[0].node.action, "SANCTION_ISSUED");
    assert.equal(seen.edges[0].node.actor.username, issuer.username);

    const own = expectOk(await app.exec(LOG, { t: sanction.id }, { as: subject })).moderationLog;
    assert.equal(own.edges[0].node.actor, null, "the sanctioned moderator does not learn who issued it");
  });

  it("node(id) reads an entry for moderators only; others get NOT_FOUND or FORBIDDEN", async () => {
    const mod = await buildModerator(app.ds);
    const reader = await buildUser(app.ds);
    expectOk(await app.exec(ISSUE, { i: { userId: toGlobalId("User", reader.id), ruleCode: "2.1", reason: "轻蔑他人" } }, { as: mod }));
    const entryId = expectOk(await app.exec(LOG, {}, { as: mod })).moderationLog.edges[0].node.id;
    const q = `query($id: ID!) { node(id: $id) { id ... on ModerationLogEntry { action } } }`;
    assert.equal(expectOk(await app.exec(q, { id: entryId }, { as: mod })).node.action, "SANCTION_ISSUED");
    assert.equal(errorOf(await app.exec(q, { id: entryId }, { as: reader })).extensions.code, "NOT_FOUND");
    assert.equal(errorOf(await app.exec(LOG, {}, { as: reader })).extensions.code, "FORBIDDEN");
  });
});
