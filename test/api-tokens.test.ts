import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isObjectType } from "graphql";
import { ApiScope, apiAccessOf, effectiveRolesForToken } from "../src/modules/api-tokens/api-scope";
import { ApiToken } from "../src/modules/api-tokens/api-token.entity";
import { assertTokenMayCall } from "../src/modules/api-tokens/api-token.policy";
import { resolveBearer } from "../src/modules/auth/auth.service";
import { sha256 } from "../src/modules/auth/tokens";
import { Role } from "../src/modules/users/role";
import { getSchema } from "../src/schema";
import { buildAdmin, buildModerator, buildUser } from "./factories";
import { buildApiToken } from "./factories-partners";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const CREATE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id name scopes expiresAt lastUsedAt tokenPrefix } } }`;
const VIEWER = `{ viewer { username } }`;
const NOTIFICATIONS = `{ notifications(first: 5) { totalCount } }`;
const MARK_READ = `mutation { markNotificationsRead }`;
const MOD_LOG = `{ moderationLog(first: 5) { totalCount } }`;

describe("API tokens", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  const inDays = (d: number, from = new Date()) => new Date(from.getTime() + d * 86400_000).toISOString();

  it("creates a prefixed token shown once, stores only its SHA-256, lists it and accepts it as a Bearer token", async () => {
    const user = await buildUser(app.ds);
    const data = expectOk(await app.exec(CREATE, { i: { name: "RSS 同步", scopes: ["READ_CONTENT", "WRITE_COMMENTS"], expiresAt: inDays(30) } }, { as: user }));
    const { token, apiToken } = data.createApiToken;
    assert.match(token, /^zpat_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(apiToken.scopes, ["READ_CONTENT", "WRITE_COMMENTS"]);
    assert.equal(apiToken.lastUsedAt, null);
    assert.equal(apiToken.tokenPrefix, token.slice(0, 12));

    const row = await app.ds.getRepository(ApiToken).findOneByOrFail({ userId: user.id });
    assert.equal(row.tokenHash, sha256(token));
    assert.deepEqual(row.scopes, ["read_content", "write_comments"], "stored with the documented wire names");
    const dump = JSON.stringify(await app.ds.query("SELECT * FROM api_tokens"));
    assert.ok(!dump.includes(token), "the secret itself is never stored");

    const listed = expectOk(await app.exec(`{ apiTokens { totalCount edges { node { id name } } } }`, {}, { as: user }));
    assert.equal(listed.apiTokens.totalCount, 1);
    assert.equal(listed.apiTokens.edges[0].node.id, apiToken.id);

    const me = expectOk(await app.exec(VIEWER, {}, { authorization: `Bearer ${token}` }));
    assert.equal(me.viewer.username, user.username);
  });

  it("accepts the token over HTTP and refuses a revoked one with HTTP 401 UNAUTHENTICATED", async () => {
    const user = await buildUser(app.ds);
    const { token, apiToken } = await buildApiToken(app, user);
    const url = await app.listen();
    const post = (auth: string) =>
      fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify({ query: VIEWER }) });
    const ok = await post(`Bearer ${token}`);
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as any).data.viewer.username, user.username);
    expectOk(await app.exec(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.globalId }, { as: user }));
    const refused = await post(`Bearer ${token}`);
    assert.equal(refused.status, 401);
    const body = (await refused.json()) as any;
    assert.equal(body.errors[0].extensions.code, "UNAUTHENTICATED");
    assert.equal(body.errors[0].extensions.reason, "TOKEN_REVOKED");
  });

  it("refuses revoked, expired and unknown tokens with UNAUTHENTICATED, never as anonymous", async () => {
    const user = await buildUser(app.ds);
    const t0 = new Date("2026-03-01T00:00:00Z");
    const { authorization, apiToken } = await buildApiToken(app, user, { now: t0, expiresAt: new Date("2026-03-08T00:00:00Z") });
    expectOk(await app.exec(VIEWER, {}, { authorization, now: new Date("2026-03-07T23:59:59Z") }));

    const expired = errorOf(await app.exec(VIEWER, {}, { authorization, now: new Date("2026-03-08T00:00:00Z") }));
    assert.equal(expired.extensions.code, "UNAUTHENTICATED");
    assert.equal(expired.extensions.reason, "TOKEN_EXPIRED");

    expectOk(await app.exec(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: apiToken.globalId }, { as: user, now: t0 }));
    const revoked = errorOf(await app.exec(VIEWER, {}, { authorization, now: t0 }));
    assert.equal(revoked.extensions.code, "UNAUTHENTICATED");
    assert.equal(revoked.extensions.reason, "TOKEN_REVOKED");

    const unknown = errorOf(await app.exec(VIEWER, {}, { authorization: "Bearer zpat_not-a-real-token-at-all" }));
    assert.equal(unknown.extensions.code, "UNAUTHENTICATED");
    assert.equal(unknown.extensions.reason, "TOKEN_INVALID");

    const listed = expectOk(await app.exec(`{ apiTokens { totalCount } }`, {}, { as: user }));
    assert.equal(listed.apiTokens.totalCount, 0, "revoked tokens leave the list");
  });

  it("refuses each root field whose scope the token lacks with FORBIDDEN / INSUFFICIENT_SCOPE", async () => {
    const moderator = await buildModerator(app.ds);
    const readOnly = await buildApiToken(app, moderator, { scopes: [ApiScope.READ_CONTENT] });
    const moderationOnly = await buildApiToken(app, moderator, { scopes: [ApiScope.READ_MODERATION] });
    const comments = await buildApiToken(app, moderator, { scopes: [ApiScope.WRITE_COMMENTS] });

    const cases: [string, string, string | null][] = [
      [MARK_READ, readOnly.authorization, "write_content"],
      [MOD_LOG, readOnly.authorization, "read_moderation"],
      [NOTIFICATIONS, moderationOnly.authorization, "read_content"],
      [`{ user(username: "x") { id } }`, moderationOnly.authorization, "read_content"],
      [`{ node(id: "VXNlcjox") { id } }`, moderationOnly.authorization, "read_content"],
      [MARK_READ, comments.authorization, "write_content"],
    ];
    for (const [query, authorization, requiredScope] of cases) {
      const err = errorOf(await app.exec(query, {}, { authorization }));
      assert.equal(err.extensions.code, "FORBIDDEN", query);
      assert.equal(err.extensions.reason, "INSUFFICIENT_SCOPE", query);
      assert.equal(err.extensions.requiredScope, requiredScope, query);
    }
    // Write scopes include their read scope; moderate includes read_moderation.
    expectOk(await app.exec(NOTIFICATIONS, {}, { authorization: comments.authorization }));
    expectOk(await app.exec(MOD_LOG, {}, { authorization: (await buildApiToken(app, moderator, { scopes: [ApiScope.MODERATE] })).authorization }));
    expectOk(await app.exec(MOD_LOG, {}, { authorization: moderationOnly.authorization }));
  });

  it("never allows account management with an API token, whatever its scopes", async () => {
    const admin = await buildAdmin(app.ds);
    const all = await buildApiToken(app, admin, { scopes: Object.values(ApiScope) });
    const target = await buildUser(app.ds);
    const attempts = [
      [CREATE, { i: { name: "x", scopes: ["READ_CONTENT"], expiresAt: inDays(1) } }],
      [`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: all.apiToken.globalId }],
      [`{ apiTokens { totalCount } }`, {}],
      [`mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }`, { i: { bio: "hi" } }],
      [`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { id } }`, { i: { userId: target.globalId, roles: ["MODERATOR"] } }],
      [`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id } }`, { i: { url: "https://example.com/h", events: ["ARTICLE_PUBLISHED"], secret: "0123456789abcdef" } }],
      [`{ webhooks { totalCount } }`, {}],
      [`mutation { logout(refreshToken: "zrt_x") }`, {}],
    ] as const;
    for (const [query, variables] of attempts) {
      const err = errorOf(await app.exec(query, variables as Record<string, unknown>, { authorization: all.authorization }));
      assert.equal(err.extensions.code, "FORBIDDEN", query);
      assert.equal(err.extensions.reason, "INSUFFICIENT_SCOPE", query);
    }
    const after = await app.ds.getRepository(ApiToken).findOneByOrFail({ id: all.apiToken.id });
    assert.equal(after.revokedAt, null);
  });

  it("a READER's token with `moderate` still cannot moderate: rights are the owner's roles ∩ the token's scopes", async () => {
    const reader = await buildUser(app.ds);
    const { authorization } = await buildApiToken(app, reader, { scopes: [ApiScope.MODERATE, ApiScope.READ_MODERATION] });
    const err = errorOf(await app.exec(MOD_LOG, {}, { authorization }));
    assert.equal(err.extensions.code, "FORBIDDEN");
    assert.equal(err.extensions.reason, "ROLE_REQUIRED");

    const admin = await buildAdmin(app.ds);
    const adminRead = await buildApiToken(app, admin, { scopes: [ApiScope.READ_CONTENT] });
    const adminMod = await buildApiToken(app, admin, { scopes: [ApiScope.READ_MODERATION] });
    const noRole = errorOf(await app.exec(MOD_LOG, {}, { authorization: adminRead.authorization }));
    assert.equal(noRole.extensions.reason, "INSUFFICIENT_SCOPE");
    expectOk(await app.exec(MOD_LOG, {}, { authorization: adminMod.authorization }));
  });

  it("effective roles: ADMIN is never carried by a token; EDITOR/MODERATOR only with a moderation scope", () => {
    assert.deepEqual(effectiveRolesForToken([Role.READER], [ApiScope.MODERATE]), [Role.READER]);
    assert.deepEqual(effectiveRolesForToken([Role.READER, Role.MODERATOR], [ApiScope.READ_CONTENT]), [Role.READER]);
    assert.deepEqual(effectiveRolesForToken([Role.READER, Role.AUTHOR, Role.MODERATOR], [ApiScope.MODERATE]), [Role.READER, Role.AUTHOR, Role.MODERATOR]);
    assert.deepEqual(effectiveRolesForToken([Role.READER, Role.ADMIN], [ApiScope.WRITE_CONTENT]), [Role.READER, Role.AUTHOR]);
    assert.deepEqual(effectiveRolesForToken([Role.READER, Role.ADMIN], [ApiScope.READ_MODERATION]), [Role.READER, Role.AUTHOR, Role.EDITOR, Role.MODERATOR]);
  });

  it("the token path produces the same Viewer as a session (so per-user checks such as standing apply to both)", async () => {
    const user = await buildUser(app.ds, { roles: [Role.AUTHOR] });
    const ctx = { ds: app.ds, config: app.config, log: app.deps.log, now: new Date(), viewer: null };
    const viaSession = await resolveBearer(ctx, `Bearer ${await app.tokenFor(user)}`);
    const viaToken = await resolveBearer(ctx, (await buildApiToken(app, user, { scopes: [ApiScope.WRITE_CONTENT] })).authorization);
    assert.ok(viaSession && viaToken);
    const keys = (v: object) => Object.keys(v).filter((k) => k !== "apiToken").sort();
    assert.deepEqual(keys(viaToken), keys(viaSession), "every field a session viewer carries, a token viewer carries too");
    assert.deepEqual({ ...viaToken, apiToken: undefined, sessionId: null }, { ...viaSession, apiToken: undefined, sessionId: null });
    assert.equal(viaToken.sessionId, null);
    assert.deepEqual(viaToken.apiToken?.scopes, ["write_content"]);
  });

  it("updates lastUsedAt at most once a minute", async () => {
    const user = await buildUser(app.ds);
    const t0 = new Date("2026-04-01T08:00:00Z");
    const { authorization, apiToken } = await buildApiToken(app, user, { now: t0 });
    const lastUsed = async () => (await app.ds.getRepository(ApiToken).findOneByOrFail({ id: apiToken.id })).lastUsedAt?.toISOString();
    const at = (ms: number) => app.exec(VIEWER, {}, { authorization, now: new Date(t0.getTime() + ms) });
    await at(0);
    assert.equal(await lastUsed(), t0.toISOString());
    await at(30_000);
    await at(59_000);
    assert.equal(await lastUsed(), t0.toISOString(), "no write within the minute");
    await at(61_000);
    assert.equal(await lastUsed(), new Date(t0.getTime() + 61_000).toISOString());
  });

  it("validates the input: an expiry in the past or beyond a year, no scopes, an empty name", async () => {
    const user = await buildUser(app.ds);
    const past = errorOf(await app.exec(CREATE, { i: { name: "x", scopes: ["READ_CONTENT"], expiresAt: inDays(-1) } }, { as: user }));
    assert.equal(past.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual(past.extensions.fields, ["expiresAt"]);
    const far = errorOf(await app.exec(CREATE, { i: { name: "x", scopes: ["READ_CONTENT"], expiresAt: inDays(400) } }, { as: user }));
    assert.deepEqual(far.extensions.fields, ["expiresAt"]);
    const empty = errorOf(await app.exec(CREATE, { i: { name: "", scopes: [], expiresAt: inDays(1) } }, { as: user }));
    assert.deepEqual([...empty.extensions.fields].sort(), ["name", "scopes"]);
    const anonymous = errorOf(await app.exec(CREATE, { i: { name: "x", scopes: ["READ_CONTENT"], expiresAt: inDays(1) } }));
    assert.equal(anonymous.extensions.code, "UNAUTHENTICATED");
  });

  it("someone else's token cannot be revoked or read through node(id): NOT_FOUND", async () => {
    const owner = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    const { apiToken } = await buildApiToken(app, owner);
    const err = errorOf(await app.exec(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: apiToken.globalId }, { as: other }));
    assert.equal(err.extensions.code, "NOT_FOUND");
    const viaNode = errorOf(await app.exec(`query($id: ID!) { node(id: $id) { id } }`, { id: apiToken.globalId }, { as: other }));
    assert.equal(viaNode.extensions.code, "NOT_FOUND");
    const mine = expectOk(await app.exec(`query($id: ID!) { node(id: $id) { ... on ApiToken { name } } }`, { id: apiToken.globalId }, { as: owner }));
    assert.equal(mine.node.name, "集成测试");
  });
});

describe("API scope declarations", () => {
  it("every Query and Mutation root field declares what an API token needs (add @RequiresScope, @AnyApiToken or @SessionOnly)", async () => {
    const schema = await getSchema();
    const undeclared: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!root || !isObjectType(root)) continue;
      for (const field of Object.values(root.getFields())) if (apiAccessOf(field) === undefined) undeclared.push(`${root.name}.${field.name}`);
    }
    assert.deepEqual(undeclared, [], `root fields without an API scope declaration: ${undeclared.join(", ")}`);
  });

  it("an undeclared field refuses every token (fail closed)", () => {
    assert.throws(() => assertTokenMayCall(Object.values(ApiScope), undefined, "Query.newThing"), (e: any) => e.extensions.reason === "INSUFFICIENT_SCOPE");
  });
});
