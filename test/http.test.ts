import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildUser } from "./factories";
import { createTestApp, type TestApp } from "./harness";

const JSON_HEADERS = { "content-type": "application/json" };

async function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
  return { res, json: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[]; extensions?: any } };
}

describe("HTTP", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp({ GRAPHIQL: "on", BODY_LIMIT: "10kb" });
    base = await app.listen();
  });
  after(() => app.close());

  it("/healthz and /readyz answer JSON", async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready", database: "up" });
  });

  it("serves GraphiQL on GET /graphql to a browser, with no external URL and a CSP that allows its inline scripts by hash", async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    const html = await res.text();
    assert.match(html, /graphiql/i);
    assert.doesNotMatch(html, /<script[^>]+src=["']?(https?:)?\/\//i, "no external script");
    assert.doesNotMatch(html, /<link[^>]+href=["']?(https?:)?\/\//i, "no external stylesheet");
    assert.doesNotMatch(html, /@import\s+url\(["']?(https?:)?\/\//i);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    assert.doesNotMatch(csp, /https?:/, "the page loads nothing from another origin");
    assert.match(csp, /worker-src 'self' blob:/);
  });

  it("prevents CSRF: a simple GET or a form-encoded POST without a preflight header is 400", async () => {
    const q = encodeURIComponent("{ viewer { id } }");
    const simple = await fetch(`${base}/graphql?query=${q}`);
    assert.equal(simple.status, 400);
    const preflighted = await fetch(`${base}/graphql?query=${q}`, { headers: { "apollo-require-preflight": "true" } });
    assert.equal(preflighted.status, 200);
    assert.deepEqual(((await preflighted.json()) as { data: unknown }).data, { viewer: null });
    const form = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ viewer { id } }" }) });
    assert.equal(form.status, 400);
    const { res, json } = await post(base, { query: "{ viewer { id } }" });
    assert.equal(res.status, 200);
    assert.deepEqual(json.data, { viewer: null });
    assert.equal(json.extensions.cost.requested, 2);
  });

  it("refuses a bad bearer token with 401 UNAUTHENTICATED", async () => {
    const { res, json } = await post(base, { query: "{ viewer { id } }" }, { authorization: "Bearer not-a-token" });
    assert.equal(res.status, 401);
    assert.equal(json.errors?.[0].extensions.code, "UNAUTHENTICATED");
    assert.equal(json.errors?.[0].extensions.reason, "TOKEN_INVALID");
    const user = await buildUser(app.ds);
    const ok = await post(base, { query: "{ viewer { username } }" }, { authorization: `Bearer ${await app.tokenFor(user)}` });
    assert.equal(ok.res.status, 200);
    assert.equal(ok.json.data.viewer.username, user.username);
  });

  it("echoes x-request-id, or makes one", async () => {
    const given = await fetch(`${base}/healthz`, { headers: { "x-request-id": "req-abc.123" } });
    assert.equal(given.headers.get("x-request-id"), "req-abc.123");
    const made = await fetch(`${base}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    assert.match(made.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });

  it("sends security headers; JSON answers get a CSP that loads nothing", async () => {
    const { res } = await post(base, { query: "{ viewer { id } }" });
    const h = res.headers;
    assert.equal(h.get("x-content-type-options"), "nosniff");
    assert.equal(h.get("x-frame-options"), "SAMEORIGIN");
    assert.equal(h.get("referrer-policy"), "no-referrer");
    assert.match(h.get("strict-transport-security") ?? "", /max-age=\d+/);
    assert.equal(h.get("cross-origin-resource-policy"), "same-origin");
    assert.match(h.get("content-security-policy") ?? "", /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(h.get("x-powered-by"), null);
  });

  it("answers a body above BODY_LIMIT with 413 and a clean JSON error", async () => {
    const { res, json } = await post(base, { query: "{ viewer { id } }", variables: { pad: "x".repeat(20_000) } });
    assert.equal(res.status, 413);
    assert.deepEqual(json, {
      errors: [{ message: "Request body too large (limit 10kb).", extensions: { code: "BAD_REQUEST", reason: "PAYLOAD_TOO_LARGE", limit: "10kb" } }],
    });
  });

  it("answers an over-limit query with 400 QUERY_TOO_COMPLEX", async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `v${i}: viewer { id }`).join(" ");
    const { res, json } = await post(base, { query: `{ ${aliases} }` });
    assert.equal(res.status, 400);
    assert.equal(json.errors?.[0].extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(json.errors?.[0].extensions.reason, "MAX_ALIASES");
  });
});

describe("HTTP rate limits", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp({ RATE_LIMITS: "on", RATE_LIMIT_LOGIN_PER_ACCOUNT: "10/15m", RATE_LIMIT_COST_PER_MINUTE: "1000" });
    base = await app.listen();
  });
  after(() => app.close());

  it("sends x-ratelimit-* headers with every answer", async () => {
    const { res, json } = await post(base, { query: "{ viewer { id } }" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-ratelimit-limit"), "1000");
    assert.equal(res.headers.get("x-ratelimit-remaining"), String(1000 - 2));
    const reset = Number(res.headers.get("x-ratelimit-reset"));
    const now = Date.now() / 1000;
    assert.ok(reset > now && reset <= now + 61, `reset ${reset}`);
    assert.equal(json.extensions.cost.remaining, 998);
  });

  it("answers 40 aliased wrong passwords with 429, Retry-After and the login budget's headers", async () => {
    const user = await buildUser(app.ds);
    const fields = Array.from({ length: 40 }, (_, i) => `a${i}: login(input: { login: "${user.username}", password: "wrong-password-${i}" }) { accessToken }`);
    const { res, json } = await post(base, { query: `mutation { ${fields.join(" ")} }` });
    assert.equal(res.status, 429);
    assert.equal(json.errors?.length, 1);
    assert.equal(json.errors?.[0].extensions.code, "RATE_LIMITED");
    assert.equal(json.errors?.[0].extensions.reason, "LOGIN_ATTEMPTS_EXCEEDED");
    const retryAfter = Number(res.headers.get("retry-after"));
    assert.ok(retryAfter > 0 && retryAfter <= 900);
    assert.equal(json.errors?.[0].extensions.retryAfter, retryAfter);
    assert.equal(res.headers.get("x-ratelimit-limit"), "10");
    assert.equal(res.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(json.data, undefined);
  });
});

describe("HTTP readiness without a database", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp();
    base = await app.listen();
  });
  after(async () => {
    if (!app.ds.isInitialized) await app.ds.initialize();
    await app.close();
  });

  it("/readyz is 503 while the database is gone; /healthz stays 200", async () => {
    await app.ds.destroy();
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: "unavailable", database: "down" });
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});

describe("HTTP with the default body limit", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp();
    base = await app.listen();
  });
  after(() => app.close());

  it("accepts the longest article the spec allows (100,000 Chinese characters, even \\u-escaped)", async () => {
    const { buildAuthor } = await import("./factories");
    const author = await buildAuthor(app.ds);
    const token = await app.tokenFor(author);
    const body = "知".repeat(100_000);
    const payload = JSON.stringify({
      query: `mutation($i: CreateArticleInput!) { createArticle(input: $i) { id status } }`,
      variables: { i: { title: "最长的文章", body } },
    }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    assert.ok(payload.length > 600_000);
    const res = await fetch(`${base}/graphql`, { method: "POST", headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: payload });
    const json = (await res.json()) as { data?: any; errors?: unknown };
    assert.equal(res.status, 200, JSON.stringify(json.errors));
    assert.equal(json.data.createArticle.status, "DRAFT");
    const [{ length }] = await app.ds.query("SELECT LENGTH(body) AS length FROM articles ORDER BY id DESC LIMIT 1");
    assert.ok(Number(length) >= 100_000);
  });
});
