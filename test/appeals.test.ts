import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toGlobalId } from "graphql-relay";
import { buildContext } from "../src/context";
import { AppError } from "../src/errors";
import { Appeal } from "../src/modules/moderation/appeal.entity";
import { Sanction } from "../src/modules/moderation/sanction.entity";
import { assertNotMuted } from "../src/modules/moderation/standing.policy";
import { ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { Notification } from "../src/modules/notifications/notification.entity";
import type { User } from "../src/modules/users/user.entity";
import { buildModerator, buildUser } from "./factories";
import { buildAppeal, buildSanction, DAY, daysAfter } from "./factories-safety";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const T0 = new Date("2026-03-01T08:00:00.000Z");
const uid = (u: { id: number }) => toGlobalId("User", u.id);

const ISSUE = `mutation($i: IssueSanctionInput!) { issueSanction(input: $i) { id } }`;
const APPEAL = `mutation($i: AppealSanctionInput!) { appealSanction(input: $i) { id status statement decisionNote decidedAt createdAt sanction { id } appellant { username } decidedBy { id } } }`;
const DECIDE = `mutation($i: DecideAppealInput!) { decideAppeal(input: $i) { id status decisionNote decidedAt reducedLevel decidedBy { username }
  sanction { id level reducedFrom status endsAt revokedAt inForce } } }`;
const STATEMENT = "我只是引用了别人的话，并没有骂人，请复核。";

describe("appeals", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  /** A user sanctioned by `issuer` through the API at T0. */
  async function sanctioned(level = "MUTE_7D", ruleCode = "2.6"): Promise<{ user: User; issuer: User; sanctionId: string }> {
    const issuer = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode, level, reason: "测试" } }, { as: issuer, now: T0 })).issueSanction;
    return { user, issuer, sanctionId: s.id };
  }

  const appeal = (user: User, sanctionId: string, now = daysAfter(T0, 1), statement = STATEMENT) =>
    app.exec(APPEAL, { i: { sanctionId, statement } }, { as: user, now });

  it("the sanctioned user appeals: PENDING, visible to them and to moderators without the decider", async () => {
    const { user, sanctionId } = await sanctioned();
    const a = expectOk(await appeal(user, sanctionId)).appealSanction;
    assert.equal(a.status, "PENDING");
    assert.equal(a.statement, STATEMENT);
    assert.deepEqual([a.decisionNote, a.decidedAt, a.decidedBy], [null, null, null]);
    assert.equal(a.sanction.id, sanctionId);
    assert.equal(a.appellant.username, user.username);
    const mine = expectOk(await app.exec(`query($id: ID!) { sanction(id: $id) { appeal { id status } canAppeal } }`, { id: sanctionId }, { as: user, now: daysAfter(T0, 1) }));
    assert.deepEqual(mine.sanction, { appeal: { id: a.id, status: "PENDING" }, canAppeal: false });
    const stranger = await buildUser(app.ds);
    assert.equal(errorOf(await app.exec(`query($id: ID!) { appeal(id: $id) { id } }`, { id: a.id }, { as: stranger })).extensions.code, "NOT_FOUND");
    const mod = await buildModerator(app.ds);
    assert.equal(expectOk(await app.exec(`query($id: ID!) { appeal(id: $id) { status } }`, { id: a.id }, { as: mod })).appeal.status, "PENDING");
  });

  it("statement must be 10–2,000 characters (BAD_USER_INPUT on statement)", async () => {
    const { user, sanctionId } = await sanctioned();
    for (const statement of ["太短了", "九个字九个字九个字".slice(0, 9), "长".repeat(2001)]) {
      const err = errorOf(await appeal(user, sanctionId, daysAfter(T0, 1), statement));
      assert.equal(err.extensions.code, "BAD_USER_INPUT");
      assert.deepEqual(err.extensions.fields, ["statement"]);
    }
    expectOk(await appeal(user, sanctionId, daysAfter(T0, 1), "长".repeat(2000)));
  });

  it("only within 30 days of the start: INVALID_STATE APPEAL_WINDOW_CLOSED after", async () => {
    const { user, sanctionId } = await sanctioned();
    const late = errorOf(await appeal(user, sanctionId, new Date(daysAfter(T0, 30).getTime() + 1)));
    assert.equal(late.extensions.code, "INVALID_STATE");
    assert.equal(late.extensions.reason, "APPEAL_WINDOW_CLOSED");
    expectOk(await appeal(user, sanctionId, daysAfter(T0, 30)));
  });

  it("only the sanctioned user: a stranger gets NOT_FOUND, a moderator FORBIDDEN; a revoked sanction is INVALID_STATE", async () => {
    const { sanctionId } = await sanctioned();
    assert.equal(errorOf(await appeal(await buildUser(app.ds), sanctionId)).extensions.code, "NOT_FOUND");
    const modErr = errorOf(await appeal(await buildModerator(app.ds), sanctionId));
    assert.equal(modErr.extensions.code, "FORBIDDEN");
    assert.equal(modErr.extensions.reason, "NOT_YOUR_SANCTION");
    const user = await buildUser(app.ds);
    const revoked = await buildSanction(app.ds, { user, startsAt: T0, revokedAt: daysAfter(T0, 0.5) });
    assert.equal(errorOf(await appeal(user, revoked.globalId)).extensions.reason, "SANCTION_REVOKED");
    assert.equal(errorOf(await app.exec(APPEAL, { i: { sanctionId, statement: STATEMENT } })).extensions.code, "UNAUTHENTICATED");
  });

  it("one appeal per sanction: a second is CONFLICT, and 10 simultaneous appeals leave one row", async () => {
    const { user, sanctionId } = await sanctioned();
    expectOk(await appeal(user, sanctionId));
    const second = errorOf(await appeal(user, sanctionId));
    assert.equal(second.extensions.code, "CONFLICT");
    assert.equal(second.extensions.reason, "APPEAL_EXISTS");

    const other = await sanctioned();
    const results = await Promise.all(Array.from({ length: 10 }, () => appeal(other.user, other.sanctionId)));
    const ok = results.filter((r) => !r.errors?.length);
    assert.equal(ok.length, 1);
    for (const r of results.filter((x) => x.errors?.length)) {
      assert.equal(errorOf(r).extensions.code, "CONFLICT");
      assert.equal(errorOf(r).extensions.reason, "APPEAL_EXISTS");
    }
    const sid = Number(Buffer.from(other.sanctionId, "base64").toString().split(":")[1]);
    assert.equal(await app.ds.getRepository(Appeal).countBy({ sanctionId: sid }), 1);
  });

  it("decideAppeal: never by the issuer (CONFLICT_OF_INTEREST); UPHOLD keeps it, notifies, logs; a second decision is INVALID_STATE", async () => {
    const { user, issuer, sanctionId } = await sanctioned("MUTE_7D");
    const a = expectOk(await appeal(user, sanctionId)).appealSanction;
    const own = errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "OVERTURN" } }, { as: issuer, now: daysAfter(T0, 2) }));
    assert.equal(own.extensions.code, "FORBIDDEN");
    assert.equal(own.extensions.reason, "CONFLICT_OF_INTEREST");
    assert.equal(errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "UPHOLD" } }, { as: user })).extensions.code, "FORBIDDEN");
    const reviewer = await buildModerator(app.ds);
    const d = expectOk(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "UPHOLD", note: "证据确凿，维持原处罚" } }, { as: reviewer, now: daysAfter(T0, 2) })).decideAppeal;
    assert.equal(d.status, "UPHELD");
    assert.equal(d.decisionNote, "证据确凿，维持原处罚");
    assert.equal(d.decidedAt, daysAfter(T0, 2).toISOString());
    assert.equal(d.decidedBy.username, reviewer.username);
    assert.deepEqual([d.sanction.level, d.sanction.status, d.sanction.inForce], ["MUTE_7D", "ACTIVE", true]);
    const notes = await app.ds.getRepository(Notification).find({ where: { userId: user.id }, order: { id: "ASC" } });
    assert.deepEqual(notes.map((n) => n.type), ["SANCTION_ISSUED", "APPEAL_DECIDED"]);
    assert.equal(notes[1].subjectId, a.id);
    assert.match(notes[1].message, /维持原处罚/);
    const log = await app.ds.getRepository(ModerationLogEntry).find({ where: { targetId: sanctionId }, order: { id: "ASC" } });
    assert.deepEqual(log.map((l) => [l.action, l.actorId]), [["SANCTION_ISSUED", issuer.id], ["APPEAL_UPHELD", reviewer.id]]);
    const again = errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "OVERTURN" } }, { as: await buildModerator(app.ds), now: daysAfter(T0, 3) }));
    assert.equal(again.extensions.code, "INVALID_STATE");
    assert.equal(again.extensions.reason, "APPEAL_ALREADY_DECIDED");
    // the appellant sees the outcome but not who decided
    const seen = expectOk(await app.exec(`query($id: ID!) { appeal(id: $id) { status decidedBy { id } } }`, { id: a.id }, { as: user }));
    assert.deepEqual(seen.appeal, { status: "UPHELD", decidedBy: null });
    assert.equal(errorOf(await app.exec(DECIDE, { i: { appealId: toGlobalId("Appeal", 999999), outcome: "UPHOLD" } }, { as: reviewer })).extensions.code, "NOT_FOUND");
  });

  it("OVERTURN revokes at once: a muted user is refused before and allowed after, on the same token", async () => {
    const { user, sanctionId } = await sanctioned("MUTE_15D");
    const a = expectOk(await appeal(user, sanctionId)).appealSanction;
    const now = daysAfter(T0, 2);
    const token = `Bearer ${await app.tokenFor(user, now)}`;
    const check = async (at: Date) => {
      const ctx = await buildContext(app.deps, { authorization: token, now: at });
      try {
        assertNotMuted(ctx.viewer);
        return "allowed";
      } catch (err) {
        return (err as AppError).extensions.code;
      }
    };
    assert.equal(await check(now), "ACCOUNT_MUTED");
    const d = expectOk(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "OVERTURN", note: "引用不构成谩骂" } }, { as: await buildModerator(app.ds), now })).decideAppeal;
    assert.equal(d.status, "OVERTURNED");
    assert.equal(d.sanction.status, "REVOKED");
    assert.equal(d.sanction.revokedAt, now.toISOString());
    assert.equal(await check(new Date(now.getTime() + 1000)), "allowed");
    const row = await app.ds.getRepository(Sanction).findOneByOrFail({ userId: user.id });
    assert.equal(row.revokedVia, "APPEAL");
    // an overturned sanction no longer counts on the ladder
    const sug = expectOk(await app.exec(`query($u: ID!) { sanctionSuggestion(userId: $u) { priorCount } }`, { u: uid(user) }, { as: await buildModerator(app.ds), now: daysAfter(T0, 3) }));
    assert.equal(sug.sanctionSuggestion.priorCount, 0);
  });

  it("OVERTURN of a ban: the banned user's mutations are refused before and allowed after", async () => {
    const { user, sanctionId } = await sanctioned("BAN", "3.1");
    const now = daysAfter(T0, 1);
    const token = { authorization: `Bearer ${await app.tokenFor(user, now)}`, now };
    const a = expectOk(await app.exec(APPEAL, { i: { sanctionId, statement: STATEMENT } }, token)).appealSanction;
    assert.equal(errorOf(await app.exec(`mutation { updateProfile(input: { bio: "申诉中" }) { bio } }`, {}, token)).extensions.code, "ACCOUNT_BANNED");
    expectOk(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "OVERTURN" } }, { as: await buildModerator(app.ds), now }));
    assert.equal(expectOk(await app.exec(`mutation { updateProfile(input: { bio: "恢复了" }) { bio } }`, {}, token)).updateProfile.bio, "恢复了");
  });

  it("REDUCE lowers the level strictly, recomputes endsAt from startsAt, and takes effect at once", async () => {
    const { user, sanctionId } = await sanctioned("BAN", "3.1");
    const now = daysAfter(T0, 1);
    const a = expectOk(await appeal(user, sanctionId, now)).appealSanction;
    const reviewer = await buildModerator(app.ds);
    const missing = errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "REDUCE" } }, { as: reviewer, now }));
    assert.equal(missing.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(missing.extensions.fields, ["reducedLevel"]);
    for (const level of ["BAN"]) {
      const notLower = errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "REDUCE", reducedLevel: level } }, { as: reviewer, now }));
      assert.equal(notLower.extensions.code, "BAD_USER_INPUT");
      assert.equal(notLower.extensions.reason, "REDUCED_LEVEL_NOT_LOWER");
    }
    const stray = errorOf(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "UPHOLD", reducedLevel: "MUTE_1D" } }, { as: reviewer, now }));
    assert.equal(stray.extensions.reason, "REDUCED_LEVEL_ONLY_FOR_REDUCE");
    assert.equal(await app.ds.getRepository(Appeal).countBy({ id: Number(Buffer.from(a.id, "base64").toString().split(":")[1]), status: "PENDING" as never }), 1);

    const token = { authorization: `Bearer ${await app.tokenFor(user, now)}`, now };
    assert.equal(errorOf(await app.exec(`mutation { updateProfile(input: { bio: "a" }) { bio } }`, {}, token)).extensions.code, "ACCOUNT_BANNED");
    const d = expectOk(await app.exec(DECIDE, { i: { appealId: a.id, outcome: "REDUCE", reducedLevel: "MUTE_7D", note: "首次违规，减轻处罚" } }, { as: reviewer, now })).decideAppeal;
    assert.equal(d.status, "REDUCED");
    assert.equal(d.reducedLevel, "MUTE_7D");
    assert.deepEqual([d.sanction.level, d.sanction.reducedFrom, d.sanction.status], ["MUTE_7D", "BAN", "REDUCED"]);
    assert.equal(d.sanction.endsAt, daysAfter(T0, 7).toISOString(), "counted from the original start");
    // no longer banned, but muted until startsAt + 7 days
    expectOk(await app.exec(`mutation { updateProfile(input: { bio: "b" }) { bio } }`, {}, token));
    const s = expectOk(await app.exec(`{ viewer { standing { banned muted mutedUntil } } }`, {}, token)).viewer.standing;
    assert.deepEqual(s, { banned: false, muted: true, mutedUntil: daysAfter(T0, 7).toISOString() });
    const expired = expectOk(await app.exec(`query($id: ID!) { sanction(id: $id) { status } }`, { id: sanctionId }, { as: user, now: daysAfter(T0, 7) }));
    assert.equal(expired.sanction.status, "EXPIRED");
    const log = await app.ds.getRepository(ModerationLogEntry).findOneByOrFail({ targetId: sanctionId, action: "APPEAL_REDUCED" as never });
    assert.deepEqual([log.details?.fromLevel, log.details?.toLevel], ["BAN", "MUTE_7D"]);
  });

  it("lifting a sanction closes its pending appeal as OVERTURNED", async () => {
    const { user, sanctionId } = await sanctioned("MUTE_15D");
    const a = expectOk(await appeal(user, sanctionId)).appealSanction;
    expectOk(await app.exec(`mutation($i: LiftSanctionInput!) { liftSanction(input: $i) { status } }`, { i: { sanctionId, reason: "复核后解除" } }, { as: await buildModerator(app.ds), now: daysAfter(T0, 2) }));
    const seen = expectOk(await app.exec(`query($id: ID!) { appeal(id: $id) { status decisionNote } }`, { id: a.id }, { as: user }));
    assert.deepEqual(seen.appeal, { status: "OVERTURNED", decisionNote: "复核后解除" });
  });

  it("appeals(status) is a moderator's queue: PENDING oldest first, with cursors", async () => {
    const q = app;
    const statuses = async () => {
      const mod = await buildModerator(q.ds);
      const r = expectOk(await q.exec(`{ appeals(status: PENDING, first: 100) { totalCount edges { node { id status createdAt } } } }`, {}, { as: mod }));
      return r.appeals;
    };
    const before = (await statuses()).totalCount;
    const a1 = await buildAppeal(app.ds, await buildSanction(app.ds, { startsAt: T0 }), daysAfter(T0, 1));
    const a2 = await buildAppeal(app.ds, await buildSanction(app.ds, { startsAt: T0 }), daysAfter(T0, 2));
    const list = await statuses();
    assert.equal(list.totalCount, before + 2);
    const ids = list.edges.map((e: { node: { id: string } }) => e.node.id);
    assert.ok(ids.indexOf(a1.globalId) < ids.indexOf(a2.globalId), "oldest first");
    const mod = await buildModerator(app.ds);
    const p1 = expectOk(await app.exec(`{ appeals(status: PENDING, first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {}, { as: mod })).appeals;
    assert.equal(p1.pageInfo.hasNextPage, true);
    const p2 = expectOk(await app.exec(`query($a: String) { appeals(status: PENDING, first: 1, after: $a) { edges { node { id } } } }`, { a: p1.pageInfo.endCursor }, { as: mod })).appeals;
    assert.notEqual(p2.edges[0].node.id, p1.edges[0].node.id);
    const all = expectOk(await app.exec(`{ appeals(first: 100) { totalCount } }`, {}, { as: mod })).appeals;
    assert.ok(all.totalCount >= list.totalCount);
    void DAY;
  });

  it("transparencyReport counts appeals received and decided by outcome", async () => {
    const from = new Date("2031-01-01T00:00:00.000Z");
    const to = daysAfter(from, 31);
    const issuer = await buildModerator(app.ds);
    const reviewer = await buildModerator(app.ds);
    for (const outcome of ["UPHOLD", "OVERTURN", "OVERTURN"]) {
      const user = await buildUser(app.ds);
      const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "5.1", level: "MUTE_15D" } }, { as: issuer, now: daysAfter(from, 1) })).issueSanction;
      const a = expectOk(await appeal(user, s.id, daysAfter(from, 2))).appealSanction;
      expectOk(await app.exec(DECIDE, { i: { appealId: a.id, outcome } }, { as: reviewer, now: daysAfter(from, 3) }));
    }
    const r = expectOk(await app.exec(`query($f: DateTimeISO!, $t: DateTimeISO!) { transparencyReport(from: $f, to: $t) { sanctionsByLevel { level count } sanctionsRevoked appealsReceived appealsByOutcome { outcome count } } }`, { f: from.toISOString(), t: to.toISOString() })).transparencyReport;
    assert.equal(r.appealsReceived, 3);
    assert.deepEqual(r.appealsByOutcome, [{ outcome: "UPHELD", count: 1 }, { outcome: "OVERTURNED", count: 2 }, { outcome: "REDUCED", count: 0 }]);
    assert.equal(r.sanctionsByLevel.find((x: { level: string }) => x.level === "MUTE_15D").count, 3);
    assert.equal(r.sanctionsRevoked, 2);
  });
});
