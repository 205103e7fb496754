import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toGlobalId } from "graphql-relay";
import { buildContext } from "../src/context";
import { AppError } from "../src/errors";
import { Appeal } from "../src/modules/moderation/appeal.entity";
import { assertNotBanned, assertNotMuted, computeStanding } from "../src/modules/moderation/standing.policy";
import { User } from "../src/modules/users/user.entity";
import { seedSafety } from "../src/scripts/seed-safety";
import { seedUsers } from "../src/scripts/seed-users";
import { Sanction } from "../src/modules/moderation/sanction.entity";
import { buildAdmin, buildModerator, buildUser, DEFAULT_PASSWORD } from "./factories";
import { buildSanction, DAY, daysAfter } from "./factories-safety";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const T0 = new Date("2026-03-01T08:00:00.000Z");
const uid = (u: { id: number }) => toGlobalId("User", u.id);

const STANDING = `{ viewer { standing { muted mutedUntil mutedPermanently banned restrictedMutations summary
  activeSanctions { id level ruleCode rule { code title } endsAt appealableUntil canAppeal issuedBy { id } } } } }`;
const ISSUE = `mutation($i: IssueSanctionInput!) { issueSanction(input: $i) { id endsAt } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const UPDATE_PROFILE = `mutation { updateProfile(input: { bio: "新简介" }) { bio } }`;

describe("standing", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  /** The real request path: bearer token → context (standing resolved once) → the guard. */
  async function guard(authorization: string, now: Date, check = assertNotMuted): Promise<AppError | null> {
    const ctx = await buildContext(app.deps, { authorization, now });
    try {
      check(ctx.viewer);
      return null;
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  }

  it("a clean account has a clean standing", async () => {
    const user = await buildUser(app.ds);
    const s = expectOk(await app.exec(STANDING, {}, { as: user, now: T0 })).viewer.standing;
    assert.deepEqual(s, { muted: false, mutedUntil: null, mutedPermanently: false, banned: false, restrictedMutations: [], summary: "账号状态正常。", activeSanctions: [] });
  });

  it("shows what is restricted, until when, under which rule and until when an appeal is possible — never who issued it", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const issued = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", level: "MUTE_7D" } }, { as: mod, now: T0 })).issueSanction;
    const s = expectOk(await app.exec(STANDING, {}, { as: user, now: daysAfter(T0, 1) })).viewer.standing;
    assert.equal(s.muted, true);
    assert.equal(s.banned, false);
    assert.equal(s.mutedUntil, daysAfter(T0, 7).toISOString());
    assert.deepEqual(s.restrictedMutations, ["addComment", "editComment", "publishArticle", "submitArticle"]);
    assert.match(s.summary, /禁言至 .*第 2\.6 条/);
    assert.deepEqual(s.activeSanctions, [
      { id: issued.id, level: "MUTE_7D", ruleCode: "2.6", rule: { code: "2.6", title: "谩骂：以不文明的语言对他人进行负面评价" }, endsAt: issued.endsAt, appealableUntil: daysAfter(T0, 30).toISOString(), canAppeal: true, issuedBy: null },
    ]);
  });

  it("a sanction issued after a token was minted applies to that token at once; ACCOUNT_MUTED carries mutedUntil", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds);
    const token = `Bearer ${await app.tokenFor(user, T0)}`;
    assert.equal(await guard(token, T0), null);
    expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "2.6", level: "MUTE_7D" } }, { as: mod, now: T0 }));
    const err = await guard(token, new Date(T0.getTime() + 60_000));
    assert.equal(err?.extensions.code, "ACCOUNT_MUTED");
    assert.equal(err?.extensions.mutedUntil, daysAfter(T0, 7).toISOString());
    assert.equal(err?.extensions.ruleCode, "2.6");
    const viaToken = expectOk(await app.exec(`{ viewer { standing { muted } } }`, {}, { authorization: token, now: new Date(T0.getTime() + 60_000) }));
    assert.equal(viaToken.viewer.standing.muted, true);
  });

  it("a mute ends by itself at endsAt (tested by moving now, not by waiting)", async () => {
    const user = await buildUser(app.ds);
    await buildSanction(app.ds, { user, level: "MUTE_7D" as never, startsAt: T0 });
    const end = daysAfter(T0, 7);
    // tokens minted at the instant tested (access tokens live 15 minutes)
    const justBefore = new Date(end.getTime() - 1);
    assert.equal((await guard(`Bearer ${await app.tokenFor(user, justBefore)}`, justBefore))?.extensions.code, "ACCOUNT_MUTED");
    const later = `Bearer ${await app.tokenFor(user, end)}`;
    assert.equal(await guard(later, end), null);
    const s = expectOk(await app.exec(`{ viewer { standing { muted mutedUntil activeSanctions { id } } sanctions { edges { node { status } } } } }`, {}, { as: user, now: end })).viewer;
    assert.deepEqual(s.standing, { muted: false, mutedUntil: null, activeSanctions: [] });
    assert.equal(s.sanctions.edges[0].node.status, "EXPIRED");
  });

  it("a permanent mute: ACCOUNT_MUTED with mutedUntil null; overlapping mutes: the longest decides", async () => {
    const user = await buildUser(app.ds);
    await buildSanction(app.ds, { user, level: "MUTE_15D" as never, startsAt: T0 });
    await buildSanction(app.ds, { user, level: "MUTE_1D" as never, startsAt: daysAfter(T0, 1) });
    const now = daysAfter(T0, 1.5);
    const err = await guard(`Bearer ${await app.tokenFor(user, now)}`, now);
    assert.equal(err?.extensions.mutedUntil, daysAfter(T0, 15).toISOString());
    await buildSanction(app.ds, { user, level: "MUTE_PERMANENT" as never, startsAt: daysAfter(T0, 1) });
    const perm = await guard(`Bearer ${await app.tokenFor(user, now)}`, now);
    assert.equal(perm?.extensions.code, "ACCOUNT_MUTED");
    assert.equal(perm?.extensions.mutedUntil, null);
    const s = expectOk(await app.exec(`{ viewer { standing { muted mutedUntil mutedPermanently } } }`, {}, { as: user, now })).viewer.standing;
    assert.deepEqual(s, { muted: true, mutedUntil: null, mutedPermanently: true });
  });

  it("assertNotMuted refuses a banned user with ACCOUNT_BANNED; assertNotBanned lets a muted one through", async () => {
    const banned = await buildUser(app.ds);
    await buildSanction(app.ds, { user: banned, level: "BAN" as never, startsAt: T0 });
    assert.equal((await guard(`Bearer ${await app.tokenFor(banned, T0)}`, T0))?.extensions.code, "ACCOUNT_BANNED");
    const muted = await buildUser(app.ds);
    await buildSanction(app.ds, { user: muted, level: "MUTE_1D" as never, startsAt: T0 });
    assert.equal(await guard(`Bearer ${await app.tokenFor(muted, T0)}`, T0, assertNotBanned), null);
    // anonymous callers and viewers built outside a request read as clean
    assert.doesNotThrow(() => assertNotMuted(null));
    assert.equal(computeStanding([], T0).muted, false);
  });

  it("a banned user can log in, read their sanctions and standing, appeal and log out — and nothing else", async () => {
    const mod = await buildModerator(app.ds);
    const user = await buildUser(app.ds, { roles: ["MODERATOR" as never] });
    const ban = expectOk(await app.exec(ISSUE, { i: { userId: uid(user), ruleCode: "3.3", level: "BAN", reason: "多账号刷广告" } }, { as: mod, now: T0 })).issueSanction;
    const now = daysAfter(T0, 1);
    // login works while banned
    const session = expectOk(await app.exec(LOGIN, { i: { login: user.username, password: DEFAULT_PASSWORD } }, { now })).login;
    const auth = { authorization: `Bearer ${session.accessToken}`, now };
    const me = expectOk(await app.exec(`{ viewer { standing { banned restrictedMutations } sanctions { edges { node { id level status canAppeal } } } } notifications { totalCount } }`, {}, auth));
    assert.equal(me.viewer.standing.banned, true);
    assert.ok(me.viewer.standing.restrictedMutations.includes("updateProfile"));
    assert.ok(!me.viewer.standing.restrictedMutations.includes("appealSanction"));
    assert.deepEqual(me.viewer.sanctions.edges[0].node, { id: ban.id, level: "BAN", status: "ACTIVE", canAppeal: true });
    assert.equal(me.notifications.totalCount, 1);
    // everything else is refused, before anything runs
    const before = await app.ds.getRepository(User).findOneByOrFail({ id: user.id });
    const refused: [string, Record<string, unknown>][] = [
      [UPDATE_PROFILE, {}],
      [`mutation { markNotificationsRead }`, {}],
      [`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { id } }`, { i: { userId: uid(user), roles: ["READER"] } }],
      [ISSUE, { i: { userId: uid(mod), ruleCode: "2.6" } }],
      [`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: session.refreshToken }],
      [`mutation($t: String!) { logout(refreshToken: $t) updateProfile(input: { bio: "x" }) { bio } }`, { t: session.refreshToken }],
      [`mutation { ...M } fragment M on Mutation { updateProfile(input: { bio: "y" }) { bio } }`, {}],
      [`mutation { ... on Mutation { markNotificationsRead } }`, {}],
    ];
    for (const [q, v] of refused) {
      const res = await app.exec(q, v, auth);
      const err = errorOf(res);
      assert.equal(err.extensions.code, "ACCOUNT_BANNED", q);
      assert.equal(err.extensions.sanctionId, ban.id);
      assert.equal(res.data, undefined, "the whole operation is refused");
    }
    const after = await app.ds.getRepository(User).findOneByOrFail({ id: user.id });
    assert.deepEqual([after.bio, after.roles], [before.bio, before.roles]);
    // appealing works
    const appeal = expectOk(await app.exec(`mutation($i: AppealSanctionInput!) { appealSanction(input: $i) { status } }`, { i: { sanctionId: ban.id, statement: "这些账号不是我的，我只有这一个账号。" } }, auth));
    assert.equal(appeal.appealSanction.status, "PENDING");
    assert.equal(await app.ds.getRepository(Appeal).countBy({ appellantId: user.id }), 1);
    // so does logging out (and __typename beside it)
    assert.equal(expectOk(await app.exec(`mutation($t: String!) { __typename logout(refreshToken: $t) }`, { t: session.refreshToken }, auth)).logout, true);
  });

  it("ACCOUNT_BANNED is answered with HTTP 403 by the real server", async () => {
    const user = await buildUser(app.ds);
    await buildSanction(app.ds, { user, level: "BAN" as never, startsAt: new Date(Date.now() - DAY) });
    const url = await app.listen();
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await app.tokenFor(user)}` },
      body: JSON.stringify({ query: UPDATE_PROFILE }),
    });
    assert.equal(res.status, 403);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    assert.equal(body.errors[0].extensions.code, "ACCOUNT_BANNED");
    assert.equal(body.errors[0].extensions.http, undefined);
    const read = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await app.tokenFor(user)}` },
      body: JSON.stringify({ query: "{ viewer { standing { banned } } }" }),
    });
    assert.equal(read.status, 200);
  });

  it("an unbanned user (mute only) is not affected by the ban guard", async () => {
    const user = await buildUser(app.ds);
    await buildSanction(app.ds, { user, level: "MUTE_PERMANENT" as never, startsAt: T0 });
    expectOk(await app.exec(UPDATE_PROFILE, {}, { as: user, now: T0 }));
    const admin = await buildAdmin(app.ds);
    expectOk(await app.exec(`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { id } }`, { i: { userId: uid(user), roles: ["AUTHOR"] } }, { as: admin, now: T0 }));
  });

  it("the seed mutes qian_qi for 7 days under rule 2.6 with a pending appeal, idempotently", async () => {
    const ctx = { ds: app.ds, config: app.config, log: app.deps.log, now: T0, viewer: null };
    const users = await seedUsers(ctx);
    await seedSafety(ctx, users);
    await seedSafety(ctx, users);
    const rows = await app.ds.getRepository(Sanction).findBy({ userId: users.readerQian.id });
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].level, rows[0].ruleCode, rows[0].issuedById], ["MUTE_7D", "2.6", users.moderator.id]);
    assert.equal(await app.ds.getRepository(Appeal).countBy({ sanctionId: rows[0].id, status: "PENDING" as never }), 1);
    const s = expectOk(await app.exec(`{ viewer { standing { muted mutedUntil } } }`, {}, { as: users.readerQian, now: daysAfter(T0, 1) })).viewer.standing;
    assert.deepEqual(s, { muted: true, mutedUntil: daysAfter(T0, 7).toISOString() });
  });
});
