import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toGlobalId } from "graphql-relay";
import { ConventionRule, ConventionVersion } from "../src/modules/moderation/convention.entity";
import { CURRENT_CONVENTION, ruleBelongsTo } from "../src/modules/moderation/convention";
import { ReportCategory } from "../src/modules/moderation/moderation.enums";
import { Sanction, SanctionReport } from "../src/modules/moderation/sanction.entity";
import { ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { Notification } from "../src/modules/notifications/notification.entity";
import { Role } from "../src/modules/users/role";
import { buildAdmin, buildAuthor, buildEditor, buildModerator, buildUser } from "./factories";
import { buildReport, userTarget } from "./factories-reports";
import { buildSanction, DAY, daysAfter } from "./factories-safety";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const T0 = new Date("2026-03-01T08:00:00.000Z");
const uid = (u: { id: number }) => toGlobalId("User", u.id);

const ISSUE = `mutation($i: IssueSanctionInput!) { issueSanction(input: $i) {
  id level ruleCode conventionVersion aggravations reason startsAt endsAt status inForce appealableUntil
  rule { code category title version } user { username } issuedBy { username } } }`;
const SUGGEST = `query($u: ID!, $a: [Aggravation!], $r: String) { sanctionSuggestion(userId: $u, aggravations: $a, ruleCode: $r) { level priorCount aggravations explanation } }`;
const LIFT = `mutation($i: LiftSanctionInput!) { liftSanction(input: $i) { id status revokedAt revocationReason } }`;
const SANCTION = `query($id: ID!) { sanction(id: $id) { id level status issuedBy { username } } }`;

describe("convention", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("serves the convention as data: version, rules with code/category/title, categories, ladder, aggravations", async () => {
    const data = expectOk(await app.exec(`{ convention { version title rules { code category title minorHarm multiAccount version }
      categories { category code title rules { code } } ladder aggravations { aggravation description } } }`));
    const c = data.convention;
    assert.equal(c.version, CURRENT_CONVENTION.version);
    assert.equal(c.title, "社区公约");
    assert.deepEqual(c.ladder, ["MUTE_1D", "MUTE_7D", "MUTE_15D", "MUTE_PERMANENT", "BAN"]);
    assert.equal(c.categories.length, 10);
    assert.deepEqual(c.categories.map((x: { category: string }) => x.category), Object.values(ReportCategory));
    const r27 = c.rules.find((r: { code: string }) => r.code === "2.7");
    assert.equal(r27.category, "UNFRIENDLY");
    assert.match(r27.title, /^歧视/);
    assert.equal(c.rules.find((r: { code: string }) => r.code === "1.11").minorHarm, true);
    assert.equal(c.rules.find((r: { code: string }) => r.code === "3.3").multiAccount, true);
    assert.equal(c.rules.find((r: { code: string }) => r.code === "3.1").category, "SPAM");
    assert.deepEqual(c.aggravations.map((a: { aggravation: string }) => a.aggravation).sort(), ["FRAUDULENT_REGISTRATION", "MINOR_HARM", "MULTI_ACCOUNT_ABUSE"]);
  });

  it("stores the version and its rules in the database at start-up", async () => {
    const version = await app.ds.getRepository(ConventionVersion).findOneByOrFail({ version: CURRENT_CONVENTION.version });
    assert.equal(JSON.parse(version.document).version, CURRENT_CONVENTION.version);
    assert.equal(await app.ds.getRepository(ConventionRule).countBy({ version: CURRENT_CONVENTION.version }), CURRENT_CONVENTION.rules.length);
    const rule = await app.ds.getRepository(ConventionRule).findOneByOrFail({ version: CURRENT_CONVENTION.version, code: "8.1" });
    assert.equal(rule.minorHarm, true);
    assert.equal(rule.category, ReportCategory.FAN_CIRCLE);
  });

  it("ruleBelongsTo tells whether a rule code refines a category", () => {
    assert.equal(ruleBelongsTo(ReportCategory.UNFRIENDLY, "2.7"), true);
    assert.equal(ruleBelongsTo(ReportCategory.SPAM, "3.1"), true);
    assert.equal(ruleBelongsTo(ReportCategory.SPAM, "2.7"), false);
    assert.equal(ruleBelongsTo(ReportCategory.COPYRIGHT, "C.2"), true);
    assert.equal(ruleBelongsTo(ReportCategory.ILLEGAL, "9.9"), false);
  });
});

describe("sanctions", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  describe("the ladder", () => {
    // n prior sanctions → index min(n, 4); +2 with any aggravation; capped at BAN.
    const TABLE: [number, string, string][] = [
      [0, "MUTE_1D", "MUTE_15D"],
      [1, "MUTE_7D", "MUTE_PERMANENT"],
      [2, "MUTE_15D", "BAN"],
      [3, "MUTE_PERMANENT", "BAN"],
      [4, "BAN", "BAN"],
      [5, "BAN", "BAN"],
    ];
    for (const [n, plain, aggravated] of TABLE) {
      for (const withAggravation of [false, true]) {
        const expected = withAggravation ? aggravated : plain;
        it(`${n} prior sanction(s)${withAggravation ? " + aggravation" : ""} → ${expected} (suggestion and issued level)`, async () => {
          const mod = await buildModerator(app.ds);
          const user = await buildUser(app.ds);
          for (let i = 0; i < n; i++) await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - (i + 1) * 20 * DAY) });
          const aggravations = withAggravation ? ["FRAUDULENT_REGISTRATION"] : [];
          const s = expectOk(await app.exec(SUGGEST, { u: uid(user), a: aggravations }, { as: mod, now: T0 })).sanctionSuggestion;
          assert.equal(s.level, expected);
          assert.equal(s.priorCount, n);
          assert.deepEqual(s.aggravations, aggravations);
          assert.match(s.explanation, new RegExp(`近 365 天内有 ${n} 次`));
          const issued = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", aggravations } }, { as: mod, now: T0 })).issueSanction;
          assert.equal(issued.level, expected);
        });
      }
    }

    it("does not count overturned, lifted or older-than-365-days sanctions; expired and reduced ones count", async () => {
      const mod = await buildModerator(app.ds);
      const user = await buildUser(app.ds);
      await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 365 * DAY) }); // exactly 365 days: out
      await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 400 * DAY) });
      await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 10 * DAY), revokedAt: new Date(T0.getTime() - 9 * DAY), revokedVia: "APPEAL" });
      await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 8 * DAY), revokedAt: new Date(T0.getTime() - 7 * DAY), revokedVia: "LIFT" });
      const s0 = expectOk(await app.exec(SUGGEST, { u: uid(user) }, { as: mod, now: T0 })).sanctionSuggestion;
      assert.equal(s0.priorCount, 0);
      assert.equal(s0.level, "MUTE_1D");
      await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 364 * DAY) }); // expired long ago, still within 365 days
      await buildSanction(app.ds, { user, issuer: mod, level: "MUTE_1D" as never, reducedFrom: "MUTE_15D" as never, startsAt: new Date(T0.getTime() - 30 * DAY) });
      const s2 = expectOk(await app.exec(SUGGEST, { u: uid(user) }, { as: mod, now: T0 })).sanctionSuggestion;
      assert.equal(s2.priorCount, 2);
      assert.equal(s2.level, "MUTE_15D");
      // a year later, both have left the window
      const later = expectOk(await app.exec(SUGGEST, { u: uid(user) }, { as: mod, now: daysAfter(T0, 340) })).sanctionSuggestion;
      assert.equal(later.priorCount, 0);
    });

    it("a rule that harms minors implies MINOR_HARM; a multi-account rule implies MULTI_ACCOUNT_ABUSE", async () => {
      const mod = await buildModerator(app.ds);
      const user = await buildUser(app.ds);
      const minors = expectOk(await app.exec(SUGGEST, { u: uid(user), r: "1.11" }, { as: mod, now: T0 })).sanctionSuggestion;
      assert.equal(minors.level, "MUTE_15D");
      assert.deepEqual(minors.aggravations, ["MINOR_HARM"]);
      const multi = expectOk(await app.exec(SUGGEST, { u: uid(user), r: "3.3" }, { as: mod, now: T0 })).sanctionSuggestion;
      assert.deepEqual(multi.aggravations, ["MULTI_ACCOUNT_ABUSE"]);
      const issued = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "8.1" } }, { as: mod, now: T0 })).issueSanction;
      assert.equal(issued.level, "MUTE_15D");
      assert.deepEqual(issued.aggravations, ["MINOR_HARM"]);
    });
  });

  it("refuses report links about someone else: their evidence would be shown to the sanctioned user", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const bystander = await buildUser(app.ds);
    const unrelated = await buildReport(app.ds, { reporter: await buildUser(app.ds), target: userTarget(bystander) });
    const err = errorOf(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", reportIds: [unrelated.globalId] } }, { as: mod, now: T0 }));
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.equal(err.extensions.reason, "REPORT_NOT_ABOUT_USER");
    assert.deepEqual(err.extensions.fields, ["reportIds"]);
    assert.equal(await app.ds.getRepository(Sanction).countBy({ userId: user.id }), 0);
  });

  it("issues a sanction: recorded with the convention version, the end, a notification, a log row and report links", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const reports = [await buildReport(app.ds, { reporter: await buildUser(app.ds), target: userTarget(user) }), await buildReport(app.ds, { reporter: await buildUser(app.ds), target: userTarget(user) })];
    const reportIds = reports.map((r) => r.globalId);
    const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", level: "MUTE_7D", reason: "多次谩骂他人", reportIds } }, { as: mod, now: T0 })).issueSanction;
    assert.equal(s.level, "MUTE_7D");
    assert.equal(s.conventionVersion, CURRENT_CONVENTION.version);
    assert.deepEqual(s.rule, { code: "2.6", category: "UNFRIENDLY", title: "谩骂：以不文明的语言对他人进行负面评价", version: CURRENT_CONVENTION.version });
    assert.equal(s.startsAt, T0.toISOString());
    assert.equal(s.endsAt, daysAfter(T0, 7).toISOString());
    assert.equal(s.appealableUntil, daysAfter(T0, 30).toISOString());
    assert.equal(s.status, "ACTIVE");
    assert.equal(s.inForce, true);
    assert.equal(s.issuedBy.username, mod.username, "moderators see who issued it");
    const row = await app.ds.getRepository(Sanction).findOneByOrFail({ userId: user.id });
    assert.equal(row.issuedById, mod.id);
    assert.deepEqual((await app.ds.getRepository(SanctionReport).findBy({ sanctionId: row.id })).map((r) => r.reportId).sort((a, b) => a - b), reports.map((r) => r.id));
    const log = await app.ds.getRepository(ModerationLogEntry).findOneByOrFail({ targetId: s.id });
    assert.equal(log.action, "SANCTION_ISSUED");
    assert.equal(log.actorId, mod.id);
    assert.equal(log.details?.suggestedLevel, "MUTE_1D");
    const note = await app.ds.getRepository(Notification).findOneByOrFail({ userId: user.id });
    assert.equal(note.type, "SANCTION_ISSUED");
    assert.equal(note.subjectId, s.id);
    assert.match(note.message, /2\.6/);
  });

  it("a level below the ladder needs a reason (BAD_USER_INPUT REASON_REQUIRED_BELOW_LADDER); above it does not", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 100 * DAY) });
    await buildSanction(app.ds, { user, issuer: mod, startsAt: new Date(T0.getTime() - 50 * DAY) });
    // suggestion: MUTE_15D
    for (const reason of [undefined, "   "]) {
      const err = errorOf(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.1", level: "MUTE_1D", reason } }, { as: mod, now: T0 }));
      assert.equal(err.extensions.code, "BAD_USER_INPUT");
      assert.equal(err.extensions.reason, "REASON_REQUIRED_BELOW_LADDER");
      assert.deepEqual(err.extensions.fields, ["reason"]);
    }
    assert.equal(await app.ds.getRepository(Sanction).countBy({ userId: user.id }), 2, "nothing written");
    const ok = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.1", level: "MUTE_1D", reason: "初次在本版块违规，情节轻微" } }, { as: mod, now: T0 }));
    assert.equal(ok.issueSanction.level, "MUTE_1D");
    const above = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.1", level: "BAN" } }, { as: mod, now: T0 }));
    assert.equal(above.issueSanction.level, "BAN");
  });

  it("refuses an unknown rule code with BAD_USER_INPUT (issue and suggestion)", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    for (const res of [
      await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.99" } }, { as: mod }),
      await app.exec(SUGGEST, { u: uid(user), r: "X.1" }, { as: mod }),
    ]) {
      const err = errorOf(res);
      assert.equal(err.extensions.code, "BAD_USER_INPUT");
      assert.equal(err.extensions.reason, "UNKNOWN_RULE");
      assert.deepEqual(err.extensions.fields, ["ruleCode"]);
    }
  });

  it("a moderator cannot sanction themself or an admin (FORBIDDEN); an unknown user is NOT_FOUND", async () => {
    const mod = await buildModerator(app.ds);
    const admin = await buildAdmin(app.ds);
    const self = errorOf(await app.exec(ISSUE, { i: { userId: uid(mod), ruleCode: "2.6" } }, { as: mod }));
    assert.equal(self.extensions.code, "FORBIDDEN");
    assert.equal(self.extensions.reason, "CANNOT_SANCTION_SELF");
    const onAdmin = errorOf(await app.exec(ISSUE, { i: { userId: uid(admin), ruleCode: "2.6" } }, { as: mod }));
    assert.equal(onAdmin.extensions.code, "FORBIDDEN");
    assert.equal(onAdmin.extensions.reason, "CANNOT_SANCTION_ADMIN");
    const missing = errorOf(await app.exec(ISSUE, { i: { userId: toGlobalId("User", 999999), ruleCode: "2.6" } }, { as: mod }));
    assert.equal(missing.extensions.code, "NOT_FOUND");
    assert.equal(await app.ds.getRepository(Sanction).countBy({ issuedById: mod.id }), 0);
    // a moderator may sanction another moderator
    const other = await buildModerator(app.ds);
    expectOk(await app.exec(ISSUE, { i: { userId: uid(other), ruleCode: "2.6" } }, { as: mod }));
  });

  it("non-moderators get FORBIDDEN and anonymous callers UNAUTHENTICATED on every moderator operation", async () => {
    const target = await buildUser(app.ds);
    const sanction = await buildSanction(app.ds, { user: target });
    const ops: [string, Record<string, unknown>][] = [
      [ISSUE, { i: { userId: uid(target), ruleCode: "2.6" } }],
      [SUGGEST, { u: uid(target) }],
      [LIFT, { i: { sanctionId: sanction.globalId, reason: "误判" } }],
      [`mutation($i: DecideAppealInput!) { decideAppeal(input: $i) { id } }`, { i: { appealId: toGlobalId("Appeal", 1), outcome: "UPHOLD" } }],
      [`{ appeals { totalCount } }`, {}],
    ];
    for (const who of [await buildUser(app.ds), await buildAuthor(app.ds), await buildEditor(app.ds)]) {
      for (const [q, v] of ops) {
        const err = errorOf(await app.exec(q, v, { as: who }));
        assert.equal(err.extensions.code, "FORBIDDEN", `${who.roles} → ${q.slice(0, 40)}`);
      }
    }
    for (const [q, v] of ops) assert.equal(errorOf(await app.exec(q, v)).extensions.code, "UNAUTHENTICATED");
    assert.equal(await app.ds.getRepository(Sanction).countBy({ userId: target.id }), 1);
  });

  it("the sanctioned user sees their sanctions without the issuer; others get NOT_FOUND or FORBIDDEN", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6" } }, { as: mod, now: T0 })).issueSanction;
    const mine = expectOk(await app.exec(`{ viewer { sanctions { totalCount edges { node { id level issuedBy { id } rule { code } } } } } }`, {}, { as: user, now: T0 }));
    assert.equal(mine.viewer.sanctions.totalCount, 1);
    assert.deepEqual(mine.viewer.sanctions.edges[0].node, { id: s.id, level: "MUTE_1D", issuedBy: null, rule: { code: "2.6" } });
    const own = expectOk(await app.exec(SANCTION, { id: s.id }, { as: user, now: T0 }));
    assert.equal(own.sanction.issuedBy, null);
    const viaNode = expectOk(await app.exec(`query($id: ID!) { node(id: $id) { ... on Sanction { level issuedBy { id } } } }`, { id: s.id }, { as: user, now: T0 }));
    assert.deepEqual(viaNode.node, { level: "MUTE_1D", issuedBy: null });
    assert.equal(errorOf(await app.exec(SANCTION, { id: s.id }, { as: other })).extensions.code, "NOT_FOUND");
    assert.equal(errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: s.id }, { as: other })).extensions.code, "NOT_FOUND");
    const theirs = await app.exec(`query($u: String!) { user(username: $u) { username sanctions { totalCount } standing { muted } } }`, { u: user.username }, { as: other });
    assert.equal(theirs.data?.user.username, user.username, "the public profile still resolves");
    assert.deepEqual(theirs.errors?.map((e) => e.extensions?.code), ["FORBIDDEN", "FORBIDDEN"]);
    const asMod = expectOk(await app.exec(`query($u: String!) { user(username: $u) { sanctions { edges { node { issuedBy { username } } } } standing { muted } } }`, { u: user.username }, { as: await buildModerator(app.ds), now: T0 }));
    assert.equal(asMod.user.sanctions.edges[0].node.issuedBy.username, mod.username);
    assert.equal(asMod.user.standing.muted, true);
  });

  it("status is derived at read time: ACTIVE, then EXPIRED at endsAt without any job; filters and pages by status", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "4.2", level: "MUTE_1D" } }, { as: mod, now: T0 })).issueSanction;
    const at = async (now: Date) => expectOk(await app.exec(SANCTION, { id: s.id }, { as: user, now })).sanction.status;
    assert.equal(await at(new Date(T0.getTime() + DAY - 1)), "ACTIVE");
    assert.equal(await at(daysAfter(T0, 1)), "EXPIRED");
    await buildSanction(app.ds, { user, issuer: mod, startsAt: daysAfter(T0, 2), level: "MUTE_15D" as never });
    await buildSanction(app.ds, { user, issuer: mod, startsAt: daysAfter(T0, 3), revokedAt: daysAfter(T0, 4) });
    const LIST = `query($s: SanctionStatus, $after: String) { viewer { sanctions(status: $s, first: 1, after: $after) { totalCount edges { node { status } } pageInfo { hasNextPage endCursor } } } }`;
    const now = daysAfter(T0, 5);
    const count = async (st?: string) => expectOk(await app.exec(LIST, { s: st }, { as: user, now })).viewer.sanctions.totalCount;
    assert.deepEqual([await count(), await count("ACTIVE"), await count("EXPIRED"), await count("REVOKED"), await count("REDUCED")], [3, 1, 1, 1, 0]);
    const p1 = expectOk(await app.exec(LIST, {}, { as: user, now })).viewer.sanctions;
    assert.equal(p1.edges[0].node.status, "REVOKED", "newest first");
    const p2 = expectOk(await app.exec(LIST, { after: p1.pageInfo.endCursor }, { as: user, now })).viewer.sanctions;
    assert.equal(p2.edges[0].node.status, "ACTIVE");
  });

  it("liftSanction revokes now, notifies, logs; lifting again is INVALID_STATE; never one's own sanction", async () => {
    const mod = await buildModerator(app.ds);
    const mod2 = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const s = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", level: "MUTE_15D" } }, { as: mod, now: T0 })).issueSanction;
    const later = daysAfter(T0, 2);
    const lifted = expectOk(await app.exec(LIFT, { i: { sanctionId: s.id, reason: "经复核属误判" } }, { as: mod2, now: later })).liftSanction;
    assert.equal(lifted.status, "REVOKED");
    assert.equal(lifted.revokedAt, later.toISOString());
    assert.equal(lifted.revocationReason, "经复核属误判");
    const row = await app.ds.getRepository(Sanction).findOneByOrFail({ userId: user.id });
    assert.equal(row.revokedVia, "LIFT");
    assert.equal(row.revokedById, mod2.id);
    assert.equal((await app.ds.getRepository(ModerationLogEntry).findBy({ targetId: s.id })).map((l) => l.action).join(), "SANCTION_ISSUED,SANCTION_LIFTED");
    const notes = await app.ds.getRepository(Notification).find({ where: { userId: user.id }, order: { id: "ASC" } });
    assert.deepEqual(notes.map((n) => n.type), ["SANCTION_ISSUED", "SANCTION_CHANGED"]);
    const again = errorOf(await app.exec(LIFT, { i: { sanctionId: s.id, reason: "再次" } }, { as: mod, now: later }));
    assert.equal(again.extensions.code, "INVALID_STATE");
    assert.equal(again.extensions.reason, "SANCTION_NOT_ACTIVE");
    const expired = await buildSanction(app.ds, { user, issuer: mod, startsAt: T0 });
    assert.equal(errorOf(await app.exec(LIFT, { i: { sanctionId: expired.globalId, reason: "x" } }, { as: mod, now: later })).extensions.reason, "SANCTION_NOT_ACTIVE");
    const onMod = await buildSanction(app.ds, { user: mod2, issuer: mod, startsAt: T0, level: "MUTE_7D" as never });
    const selfLift = errorOf(await app.exec(LIFT, { i: { sanctionId: onMod.globalId, reason: "我自己解除" } }, { as: mod2, now: later }));
    assert.equal(selfLift.extensions.code, "FORBIDDEN");
    assert.equal(selfLift.extensions.reason, "CONFLICT_OF_INTEREST");
    const blank = errorOf(await app.exec(LIFT, { i: { sanctionId: onMod.globalId, reason: "" } }, { as: mod, now: later }));
    assert.equal(blank.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(blank.extensions.fields, ["reason"]);
  });

  it("transparencyReport counts sanctions by level and appeals by outcome in the window, publicly", async () => {
    const from = new Date("2030-01-01T00:00:00.000Z");
    const to = new Date("2030-02-01T00:00:00.000Z");
    const mod = await buildModerator(app.ds);
    await buildSanction(app.ds, { issuer: mod, startsAt: daysAfter(from, 1), level: "MUTE_7D" as never });
    await buildSanction(app.ds, { issuer: mod, startsAt: daysAfter(from, 2), level: "MUTE_7D" as never });
    await buildSanction(app.ds, { issuer: mod, startsAt: daysAfter(from, 3), level: "MUTE_1D" as never, reducedFrom: "BAN" as never });
    await buildSanction(app.ds, { issuer: mod, startsAt: daysAfter(to, 1), level: "BAN" as never });
    const REPORT = `query($f: DateTimeISO!, $t: DateTimeISO!) { transparencyReport(from: $f, to: $t) {
      conventionVersion sanctionsByLevel { level count } sanctionsRevoked appealsReceived appealsByOutcome { outcome count } reportsByCategory { category count } } }`;
    const r = expectOk(await app.exec(REPORT, { f: from.toISOString(), t: to.toISOString() })).transparencyReport;
    assert.deepEqual(r.sanctionsByLevel, [
      { level: "MUTE_1D", count: 0 },
      { level: "MUTE_7D", count: 2 },
      { level: "MUTE_15D", count: 0 },
      { level: "MUTE_PERMANENT", count: 0 },
      { level: "BAN", count: 1 },
    ]);
    assert.equal(r.appealsReceived, 0);
    assert.deepEqual(r.appealsByOutcome.map((a: { count: number }) => a.count), [0, 0, 0]);
    assert.deepEqual(r.reportsByCategory.map((c: { count: number }) => c.count), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "every category listed (reports: test/reports.test.ts)");
    const bad = errorOf(await app.exec(REPORT, { f: to.toISOString(), t: from.toISOString() }));
    assert.equal(bad.extensions.code, "BAD_USER_INPUT");
    void Role;
  });
});
