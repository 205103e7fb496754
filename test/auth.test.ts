import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import { AuthSession } from "../src/modules/auth/session.entity";
import { ModerationAction, ModerationLogEntry } from "../src/modules/moderation-log/moderation-log.entity";
import { Role } from "../src/modules/users/role";
import { User } from "../src/modules/users/user.entity";
import { ensureBootstrapAdmin } from "../src/modules/users/user.service";
import { buildAdmin, buildUser, DEFAULT_PASSWORD } from "./factories";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken accessTokenExpiresAt user { id username displayName roles email } } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken user { username } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const VIEWER = `{ viewer { username roles } }`;

describe("accounts", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  const register = (over: Record<string, string> = {}) =>
    app.exec(REGISTER, { i: { username: `u${Math.random().toString(36).slice(2, 10)}`, email: `${Math.random().toString(36).slice(2)}@example.com`, password: "a-long-password", displayName: "新用户", ...over } });

  it("registers a READER, hashes the password with argon2id and signs in", async () => {
    const data = expectOk(await register({ username: "Zhang_San", email: "Zhang@Example.com" }));
    assert.equal(data.register.user.username, "zhang_san");
    assert.deepEqual(data.register.user.roles, ["READER"]);
    assert.equal(data.register.user.email, null, "email is hidden without a viewer");
    const row = await app.ds.getRepository(User).findOneByOrFail({ username: "zhang_san" });
    assert.equal(row.email, "zhang@example.com");
    assert.match(row.passwordHash, /^\$argon2id\$/);
    const me = expectOk(await app.exec(VIEWER, {}, { authorization: `Bearer ${data.register.accessToken}` }));
    assert.equal(me.viewer.username, "zhang_san");
  });

  it("refuses a duplicate username or email with CONFLICT (case-insensitive)", async () => {
    expectOk(await register({ username: "lisi", email: "lisi@example.com" }));
    const byName = errorOf(await register({ username: "LiSi" }));
    assert.equal(byName.extensions.code, "CONFLICT");
    assert.equal(byName.extensions.reason, "USERNAME_TAKEN");
    const byEmail = errorOf(await register({ email: "LISI@example.com" }));
    assert.equal(byEmail.extensions.code, "CONFLICT");
    assert.equal(byEmail.extensions.reason, "EMAIL_TAKEN");
    assert.equal(await app.ds.getRepository(User).countBy({ username: "lisi" }), 1);
  });

  it("refuses a short password and a bad email with BAD_USER_INPUT, listing fields and echoing no value", async () => {
    const secret = "short7!";
    const res = await register({ password: secret, email: "not-an-email" });
    const err = errorOf(res);
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual([...err.extensions.fields].sort(), ["email", "password"]);
    assert.doesNotMatch(JSON.stringify(res.errors), /short7!|not-an-email/);
  });

  it("logs in by username or email; a wrong password or unknown login is UNAUTHENTICATED", async () => {
    const user = await buildUser(app.ds);
    expectOk(await app.exec(LOGIN, { i: { login: user.username, password: DEFAULT_PASSWORD } }));
    expectOk(await app.exec(LOGIN, { i: { login: user.email.toUpperCase(), password: DEFAULT_PASSWORD } }));
    for (const attempt of [{ login: user.username, password: "wrong-password" }, { login: "nobody_here", password: DEFAULT_PASSWORD }]) {
      const err = errorOf(await app.exec(LOGIN, { i: attempt }));
      assert.equal(err.extensions.code, "UNAUTHENTICATED");
      assert.equal(err.extensions.reason, "INVALID_CREDENTIALS");
    }
  });

  it("refuses an expired, tampered, foreign or malformed access token, never treating it as anonymous", async () => {
    const user = await buildUser(app.ds);
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    const token = await app.tokenFor(user, issuedAt);
    const ok = expectOk(await app.exec(VIEWER, {}, { authorization: `Bearer ${token}`, now: new Date(issuedAt.getTime() + 60_000) }));
    assert.equal(ok.viewer.username, user.username);

    const expired = errorOf(await app.exec(VIEWER, {}, { authorization: `Bearer ${token}`, now: new Date(issuedAt.getTime() + 16 * 60_000) }));
    assert.equal(expired.extensions.code, "UNAUTHENTICATED");
    assert.equal(expired.extensions.reason, "TOKEN_EXPIRED");

    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "999" })).toString("base64url");
    const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
    for (const bad of [`${h}.${forged}.${s}`, otherKey, none, "garbage"]) {
      const err = errorOf(await app.exec(VIEWER, {}, { authorization: `Bearer ${bad}`, now: new Date(issuedAt.getTime() + 60_000) }));
      assert.equal(err.extensions.code, "UNAUTHENTICATED");
      assert.equal(err.extensions.reason, "TOKEN_INVALID");
    }
    const scheme = errorOf(await app.exec(VIEWER, {}, { authorization: `Basic abc` }));
    assert.equal(scheme.extensions.code, "UNAUTHENTICATED");
  });

  it("rotates refresh tokens; reusing one revokes the whole session family", async () => {
    const first = expectOk(await register()).register;
    const second = expectOk(await app.exec(REFRESH, { t: first.refreshToken })).refreshSession;
    assert.notEqual(second.refreshToken, first.refreshToken);
    const third = expectOk(await app.exec(REFRESH, { t: second.refreshToken })).refreshSession;

    const reuse = errorOf(await app.exec(REFRESH, { t: first.refreshToken }));
    assert.equal(reuse.extensions.code, "UNAUTHENTICATED");
    assert.equal(reuse.extensions.reason, "REFRESH_TOKEN_REUSED");

    const latest = errorOf(await app.exec(REFRESH, { t: third.refreshToken }));
    assert.equal(latest.extensions.code, "UNAUTHENTICATED");
    assert.equal(latest.extensions.reason, "SESSION_REVOKED");
    const access = errorOf(await app.exec(VIEWER, {}, { authorization: `Bearer ${third.accessToken}` }));
    assert.equal(access.extensions.reason, "SESSION_REVOKED");
    const sessions = await app.ds.getRepository(AuthSession).find({ where: { userId: (await app.ds.getRepository(User).findOneByOrFail({ username: first.user.username })).id } });
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].revokeReason, "REFRESH_TOKEN_REUSED");
  });

  it("refuses an unknown refresh token; logout ends the session and its access tokens", async () => {
    assert.equal(errorOf(await app.exec(REFRESH, { t: "zrt_unknown" })).extensions.reason, "REFRESH_TOKEN_INVALID");
    const s = expectOk(await register()).register;
    const out = expectOk(await app.exec(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: s.refreshToken }));
    assert.equal(out.logout, true);
    assert.equal(errorOf(await app.exec(VIEWER, {}, { authorization: `Bearer ${s.accessToken}` })).extensions.code, "UNAUTHENTICATED");
    assert.equal(errorOf(await app.exec(REFRESH, { t: s.refreshToken })).extensions.reason, "SESSION_REVOKED");
  });

  it("viewer is null when anonymous; user(username) finds a profile and hides the email from others", async () => {
    const user = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    assert.equal(expectOk(await app.exec(VIEWER)).viewer, null);
    const q = `query($u: String!) { user(username: $u) { username email } }`;
    assert.equal(expectOk(await app.exec(q, { u: user.username.toUpperCase() }, { as: other })).user.email, null);
    assert.equal(expectOk(await app.exec(q, { u: user.username }, { as: user })).user.email, user.email);
    assert.equal(expectOk(await app.exec(q, { u: "nobody_at_all" })).user, null);
  });

  it("updateProfile validates and edits only the viewer; anonymous is UNAUTHENTICATED", async () => {
    const user = await buildUser(app.ds);
    const M = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { displayName bio avatarUrl } }`;
    const data = expectOk(await app.exec(M, { i: { displayName: "王五", bio: "写代码的", avatarUrl: "https://img.example.com/a.png" } }, { as: user }));
    assert.deepEqual(data.updateProfile, { displayName: "王五", bio: "写代码的", avatarUrl: "https://img.example.com/a.png" });
    const cleared = expectOk(await app.exec(M, { i: { bio: "", avatarUrl: "" } }, { as: user }));
    assert.deepEqual(cleared.updateProfile, { displayName: "王五", bio: null, avatarUrl: null });
    const bad = errorOf(await app.exec(M, { i: { avatarUrl: "javascript:alert(1)" } }, { as: user }));
    assert.equal(bad.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(bad.extensions.fields, ["avatarUrl"]);
    assert.equal(errorOf(await app.exec(M, { i: { bio: "x" } })).extensions.code, "UNAUTHENTICATED");
  });

  it("setUserRoles: ADMIN only, READER always kept, takes effect for tokens issued before", async () => {
    const admin = await buildAdmin(app.ds);
    const user = await buildUser(app.ds);
    const M = `mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { roles } }`;
    const userId = (await app.exec(`query($u: String!) { user(username: $u) { id } }`, { u: user.username })).data!.user.id;
    const token = await app.tokenFor(user);

    const refused = errorOf(await app.exec(M, { i: { userId, roles: ["ADMIN"] } }, { as: user }));
    assert.equal(refused.extensions.code, "FORBIDDEN");
    assert.equal(errorOf(await app.exec(M, { i: { userId, roles: ["ADMIN"] } })).extensions.code, "UNAUTHENTICATED");

    const data = expectOk(await app.exec(M, { i: { userId, roles: ["EDITOR"] } }, { as: admin }));
    assert.deepEqual(data.setUserRoles.roles, ["READER", "EDITOR"]);
    const log = await app.ds.getRepository(ModerationLogEntry).findOneByOrFail({ targetId: userId, action: ModerationAction.ROLES_CHANGED });
    assert.equal(log.actorId, admin.id);
    assert.deepEqual(log.details, { from: ["READER"], to: ["READER", "EDITOR"] });
    const me = expectOk(await app.exec(VIEWER, {}, { authorization: `Bearer ${token}` }));
    assert.deepEqual(me.viewer.roles, [Role.READER, Role.EDITOR]);

    const self = errorOf(await app.exec(M, { i: { userId: (await app.exec(VIEWER, {}, { as: admin })).data && Buffer.from(`User:${admin.id}`).toString("base64"), roles: [] } }, { as: admin }));
    assert.equal(self.extensions.reason, "CANNOT_DEMOTE_SELF");
  });

  it("node(id) reads a user; malformed IDs are BAD_USER_INPUT, unknown ones NOT_FOUND", async () => {
    const user = await buildUser(app.ds);
    const id = Buffer.from(`User:${user.id}`).toString("base64");
    const data = expectOk(await app.exec(`query($id: ID!) { node(id: $id) { id ... on User { username } } }`, { id }));
    assert.deepEqual(data.node, { id, username: user.username });
    assert.equal(errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: "%%%" })).extensions.code, "BAD_USER_INPUT");
    assert.equal(errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("User:999999").toString("base64") })).extensions.code, "NOT_FOUND");
  });

  it("reserves handles like admin: CONFLICT USERNAME_RESERVED", async () => {
    for (const username of ["admin", "Administrator", "ZHIYAN"]) {
      const err = errorOf(await register({ username }));
      assert.equal(err.extensions.code, "CONFLICT");
      assert.equal(err.extensions.reason, "USERNAME_RESERVED");
    }
  });

  it("the bootstrap admin never adopts an account someone registered with its email", async () => {
    const other = await createTestApp({ BOOTSTRAP_ADMIN_EMAIL: "ops@example.com", BOOTSTRAP_ADMIN_PASSWORD: "bootstrap-pass" });
    try {
      const squatter = await buildUser(other.ds, { username: "squatter", email: "ops@example.com" });
      await assert.rejects(ensureBootstrapAdmin({ ...other.deps, now: new Date(), viewer: null }), /already belongs to a non-admin account/);
      assert.deepEqual((await other.ds.getRepository(User).findOneByOrFail({ id: squatter.id })).roles, ["READER"]);
    } finally {
      await other.close();
    }
  });

  it("creates the bootstrap admin once when none exists", async () => {
    const other = await createTestApp({ BOOTSTRAP_ADMIN_EMAIL: "root@example.com", BOOTSTRAP_ADMIN_PASSWORD: "bootstrap-pass" });
    try {
      const ctx = { ...other.deps, now: new Date(), viewer: null };
      const created = await ensureBootstrapAdmin(ctx);
      assert.equal(created?.username, "admin");
      assert.deepEqual(created?.roles, ["READER", "ADMIN"]);
      assert.equal(await ensureBootstrapAdmin(ctx), null);
      expectOk(await other.exec(LOGIN, { i: { login: "root@example.com", password: "bootstrap-pass" } }));
    } finally {
      await other.close();
    }
  });
});
