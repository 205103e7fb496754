import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { buildModerator, buildUser, DEFAULT_PASSWORD } from "./factories";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const VIEWER = `{ viewer { id username } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const PROFILE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { bio } }`;

/** `{ __type { fields { type { ofType … } } } }` nested to `depth` (introspection through __type counts). */
function deepQuery(depth: number): string {
  let inner = "name";
  for (let d = depth - 1; d >= 3; d--) inner = `${d === 3 ? "type" : "ofType"} { ${inner} }`;
  return `{ __type(name: "User") { fields { ${inner} } } }`;
}

function loginAliases(n: number, login: string, password: string): string {
  const fields = Array.from({ length: n }, (_, i) => `a${i}: login(input: { login: ${JSON.stringify(login)}, password: ${JSON.stringify(password)} }) { accessToken }`);
  return `mutation { ${fields.join("\n")} }`;
}

describe("query limits (defaults)", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("refuses a depth-12 query with QUERY_TOO_COMPLEX / MAX_DEPTH; depth 10 passes", async () => {
    const res = await app.exec(deepQuery(12));
    const err = errorOf(res);
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "MAX_DEPTH");
    assert.equal(err.extensions.limit, 10);
    assert.equal(res.status, 400);
    assert.equal(res.data, undefined);
    expectOk(await app.exec(deepQuery(10)));
  });

  it("refuses 200 aliases with QUERY_TOO_COMPLEX / MAX_ALIASES; 50 pass", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { id }`).join(" ")} }`;
    const err = errorOf(await app.exec(aliases(200)));
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "MAX_ALIASES");
    assert.equal(err.extensions.limit, 50);
    expectOk(await app.exec(aliases(50)));
  });

  it("refuses too many directives (MAX_DIRECTIVES) and too many tokens (MAX_TOKENS)", async () => {
    const directives = errorOf(await app.exec(`{ viewer { id ${"@include(if: true) ".repeat(51)} } }`));
    assert.equal(directives.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(directives.extensions.reason, "MAX_DIRECTIVES");
    const tokens = await app.exec(`{ viewer { ${"id ".repeat(2100)} } }`);
    const err = errorOf(tokens);
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "MAX_TOKENS");
    assert.equal(err.extensions.limit, 2000);
    assert.equal(tokens.status, 400);
  });

  it("refuses an operation above the cost limit with QUERY_TOO_COMPLEX, its cost and the limit", async () => {
    const mod = await buildModerator(app.ds);
    const page = `edges { cursor node { id action reason targetId createdAt actor { id username displayName } } }`;
    const q = `{ ${Array.from({ length: 10 }, (_, i) => `l${i}: moderationLog(first: 100) { totalCount ${page} }`).join(" ")} }`;
    const res = await app.exec(q, {}, { as: mod });
    const err = errorOf(res);
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "COST_LIMIT_EXCEEDED");
    assert.equal(err.extensions.limit, 10000);
    assert.ok(err.extensions.cost > 10000, `cost ${err.extensions.cost}`);
    assert.equal(res.status, 400);
    assert.equal(res.data, undefined, "nothing was executed");
    // One such page is fine.
    const one = await app.exec(`{ moderationLog(first: 100) { totalCount ${page} } }`, {}, { as: mod });
    expectOk(one);
    assert.ok(one.extensions?.cost.requested > 1000);
  });

  it("reports extensions.cost on every successful response; budget is null when rate limits are off", async () => {
    const res = await app.exec(VIEWER);
    expectOk(res);
    assert.deepEqual(res.extensions?.cost, { requested: 3, limit: 10000, budget: null, remaining: null, resetInSeconds: null });
  });

  it("does not mask suggestions while introspection is on", async () => {
    const err = errorOf(await app.exec(`{ viewr { id } }`));
    assert.equal(err.extensions.code, "GRAPHQL_VALIDATION_FAILED");
    assert.match(err.message, /Did you mean "viewer"/);
  });
});

describe("query limits (configured)", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ QUERY_MAX_DEPTH: "4", QUERY_MAX_ALIASES: "2", QUERY_MAX_COST: "20", MASK_SUGGESTIONS: "on" });
  });
  after(() => app.close());

  it("applies the caps from the environment", async () => {
    assert.equal(errorOf(await app.exec(deepQuery(5))).extensions.reason, "MAX_DEPTH");
    assert.equal(errorOf(await app.exec(`{ a: viewer { id } b: viewer { id } c: viewer { id } }`)).extensions.reason, "MAX_ALIASES");
    const user = await buildUser(app.ds);
    const err = errorOf(await app.exec(`{ notifications { edges { node { id } } } }`, {}, { as: user }));
    assert.deepEqual([err.extensions.reason, err.extensions.cost, err.extensions.limit], ["COST_LIMIT_EXCEEDED", 1 + 1 + 20 * 2, 20]);
    expectOk(await app.exec(`{ notifications(first: 5) { edges { node { id } } } }`, {}, { as: user }));
  });

  it("masks field suggestions (graphql-armor) when asked", async () => {
    const err = errorOf(await app.exec(`{ viewr { id } }`));
    assert.equal(err.extensions.code, "GRAPHQL_VALIDATION_FAILED");
    assert.doesNotMatch(err.message, /viewer/);
    assert.match(err.message, /\[Suggestion hidden\]/);
  });
});

describe("rate limits", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({
      RATE_LIMITS: "on",
      RATE_LIMIT_LOGIN_PER_ACCOUNT: "5/15m",
      RATE_LIMIT_LOGIN_PER_IP: "8/15m",
      RATE_LIMIT_REGISTER_PER_IP: "2/1h",
      RATE_LIMIT_MUTATIONS: "updateProfile=2/1m",
    });
  });
  after(() => app.close());

  it("counts 40 aliased logins as 40 attempts: the whole request is RATE_LIMITED before any password is checked", async () => {
    const user = await buildUser(app.ds);
    const res = await app.exec(loginAliases(40, user.username, "wrong-password"), {}, { ip: "10.0.0.1" });
    assert.equal(res.errors?.length, 1);
    const err = errorOf(res);
    assert.equal(err.extensions.code, "RATE_LIMITED");
    assert.equal(err.extensions.reason, "LOGIN_ATTEMPTS_EXCEEDED");
    assert.ok(err.extensions.retryAfter > 0 && err.extensions.retryAfter <= 900);
    assert.equal(res.status, 429);
    assert.equal(res.data, undefined);
    // The account stays locked for the window, even with the right password and from another IP.
    const again = errorOf(await app.exec(LOGIN, { i: { login: user.username, password: DEFAULT_PASSWORD } }, { ip: "10.0.0.2" }));
    assert.equal(again.extensions.reason, "LOGIN_ATTEMPTS_EXCEEDED");
  });

  it("limits login attempts per account (wrong passwords one by one) and per IP", async () => {
    const user = await buildUser(app.ds);
    for (let i = 0; i < 5; i++) {
      const err = errorOf(await app.exec(LOGIN, { i: { login: user.username, password: "wrong-password" } }, { ip: `10.1.0.${i}` }));
      assert.equal(err.extensions.code, "UNAUTHENTICATED");
    }
    const sixth = errorOf(await app.exec(LOGIN, { i: { login: user.username.toUpperCase(), password: DEFAULT_PASSWORD } }, { ip: "10.1.0.9" }));
    assert.equal(sixth.extensions.code, "RATE_LIMITED");

    // Per IP: different accounts, one address.
    const others = await Promise.all(Array.from({ length: 3 }, () => buildUser(app.ds)));
    for (let i = 0; i < 8; i++) {
      const r = await app.exec(LOGIN, { i: { login: others[i % 3].username, password: i < 7 ? "wrong-password" : DEFAULT_PASSWORD } }, { ip: "10.2.0.1" });
      if (i < 7) assert.equal(errorOf(r).extensions.code, "UNAUTHENTICATED");
      else expectOk(r);
    }
    const blocked = errorOf(await app.exec(LOGIN, { i: { login: others[0].username, password: DEFAULT_PASSWORD } }, { ip: "10.2.0.1" }));
    assert.equal(blocked.extensions.code, "RATE_LIMITED");
    expectOk(await app.exec(LOGIN, { i: { login: others[0].username, password: DEFAULT_PASSWORD } }, { ip: "10.2.0.2" }));
  });

  it("limits registration attempts per IP", async () => {
    const reg = (n: string) =>
      app.exec(`mutation($i: RegisterInput!) { register(input: $i) { user { username } } }`, { i: { username: n, email: `${n}@example.com`, password: "a-long-password", displayName: "新人" } }, { ip: "10.3.0.1" });
    expectOk(await reg("reg_one"));
    expectOk(await reg("reg_two"));
    const err = errorOf(await reg("reg_three"));
    assert.equal(err.extensions.code, "RATE_LIMITED");
    assert.equal(err.extensions.reason, "REGISTER_ATTEMPTS_EXCEEDED");
  });

  it("limits configured mutations per user, by mutation name", async () => {
    const user = await buildUser(app.ds);
    const other = await buildUser(app.ds);
    expectOk(await app.exec(PROFILE, { i: { bio: "一" } }, { as: user }));
    expectOk(await app.exec(PROFILE, { i: { bio: "二" } }, { as: user }));
    const err = errorOf(await app.exec(PROFILE, { i: { bio: "三" } }, { as: user }));
    assert.equal(err.extensions.code, "RATE_LIMITED");
    assert.equal(err.extensions.reason, "MUTATION_RATE_EXCEEDED");
    assert.equal(err.extensions.operation, "updateProfile");
    expectOk(await app.exec(PROFILE, { i: { bio: "他" } }, { as: other }));
    // Two aliases in one request are two calls.
    const both = errorOf(await app.exec(`mutation { a: updateProfile(input: { bio: "a" }) { bio } b: updateProfile(input: { bio: "b" }) { bio } }`, {}, { as: other }));
    assert.equal(both.extensions.code, "RATE_LIMITED");
  });

  it("reports the remaining cost budget in extensions.cost", async () => {
    const user = await buildUser(app.ds);
    const first = await app.exec(VIEWER, {}, { as: user });
    const second = await app.exec(VIEWER, {}, { as: user });
    assert.equal(first.extensions?.cost.budget, 200000);
    assert.equal(first.extensions?.cost.remaining, 200000 - 3);
    assert.equal(second.extensions?.cost.remaining, 200000 - 6);
    assert.ok(second.extensions?.cost.resetInSeconds > 0 && second.extensions?.cost.resetInSeconds <= 60);
  });
});

describe("cost budget per principal", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ RATE_LIMITS: "on", RATE_LIMIT_COST_PER_MINUTE: "10" });
  });
  after(() => app.close());

  it("refuses with RATE_LIMITED / COST_BUDGET_EXCEEDED once a principal spent its minute; others are unaffected", async () => {
    const user = await buildUser(app.ds);
    for (let i = 0; i < 3; i++) expectOk(await app.exec(VIEWER, {}, { as: user }));
    const res = await app.exec(VIEWER, {}, { as: user });
    const err = errorOf(res);
    assert.equal(err.extensions.code, "RATE_LIMITED");
    assert.equal(err.extensions.reason, "COST_BUDGET_EXCEEDED");
    assert.ok(err.extensions.retryAfter >= 1 && err.extensions.retryAfter <= 60);
    assert.equal(res.status, 429);
    expectOk(await app.exec(VIEWER, {}, { ip: "10.9.9.9" }));
  });
});

async function redisReachable(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, retryStrategy: () => null });
  r.on("error", () => undefined);
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

describe("rate limits shared through Redis", async () => {
  const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const reachable = await redisReachable(url);
  let a: TestApp;
  let b: TestApp;
  const env = { RATE_LIMITS: "on", REDIS_URL: url, RATE_LIMIT_PREFIX: `test-${randomBytes(6).toString("hex")}`, RATE_LIMIT_LOGIN_PER_ACCOUNT: "3/1m" };
  before(async () => {
    if (!reachable) return;
    a = await createTestApp(env);
    b = await createTestApp(env);
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it("two server instances spend one login budget per account", { skip: reachable ? false : `no Redis at ${url}` }, async () => {
    // Each app has its own database: the same login name on both is the same account key.
    const name = `shared_${randomBytes(3).toString("hex")}`;
    await buildUser(a.ds, { username: name });
    await buildUser(b.ds, { username: name });
    assert.equal(errorOf(await a.exec(LOGIN, { i: { login: name, password: "wrong-password" } })).extensions.code, "UNAUTHENTICATED");
    assert.equal(errorOf(await b.exec(LOGIN, { i: { login: name, password: "wrong-password" } })).extensions.code, "UNAUTHENTICATED");
    assert.equal(errorOf(await a.exec(LOGIN, { i: { login: name, password: "wrong-password" } })).extensions.code, "UNAUTHENTICATED");
    const fourth = errorOf(await b.exec(LOGIN, { i: { login: name, password: DEFAULT_PASSWORD } }));
    assert.equal(fourth.extensions.code, "RATE_LIMITED");
    const budget = (await a.exec(VIEWER)).extensions?.cost;
    const after = (await b.exec(VIEWER)).extensions?.cost;
    assert.equal(after.remaining, budget.remaining - 3, "the cost budget is shared too");
  });
});

describe("fragment bombs", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("refuses a query whose fragments expand to too many fields with QUERY_TOO_COMPLEX / MAX_NODES", async () => {
    // F0 spreads F1 twice, F1 spreads F2 twice … : 2^16 copies of `id` from a few hundred tokens.
    const frags = Array.from({ length: 16 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`).join("\n");
    const started = Date.now();
    const res = await app.exec(`{ viewer { ...F0 } }\n${frags}\nfragment F16 on User { id }`);
    const err = errorOf(res);
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "MAX_NODES");
    assert.ok(Date.now() - started < 2000);
  });
});
