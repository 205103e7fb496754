import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildUser } from "./factories";
import { isDatabaseUnavailable } from "../src/shared/db-errors";
import { createTestApp, type TestApp } from "./harness";

const CREATE = `mutation($i: CreateArticleInput!) { createArticle(input: $i) { id tags } }`;

describe("concurrent writes (found by the fault test's load)", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("many users creating tagged drafts at once all succeed (no gap-lock deadlock on MySQL)", async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => buildUser(app.ds)));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => app.exec(CREATE, { i: { title: `草稿 ${i}`, body: "正文", tags: ["并发", `标签${i % 3}`] } }, { as: users[i % users.length] })),
    );
    const failures = results.filter((r) => r.errors?.length).map((r) => r.errors);
    assert.deepEqual(failures, []);
    for (const r of results) assert.deepEqual([...(r.data as any).createArticle.tags].sort(), [...["并发", (r.data as any).createArticle.tags.find((t: string) => t.startsWith("标签"))]].sort());
  });
});

describe("the database unreachable (mapping checked here, the real outage in npm run fault)", () => {
  let app: TestApp;
  let base: string;
  before(async () => {
    app = await createTestApp();
    base = await app.listen();
  });
  after(() => app.close());

  it("recognises driver and pool errors, wrapped or not, and nothing else", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3306"), { code: "ECONNREFUSED" });
    assert.equal(isDatabaseUnavailable(refused), true);
    assert.equal(isDatabaseUnavailable({ message: "wrapped", driverError: { code: "PROTOCOL_CONNECTION_LOST" } }), true);
    assert.equal(isDatabaseUnavailable(new Error("Pool is closed.")), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error("Duplicate entry"), { code: "ER_DUP_ENTRY" })), false);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error("Deadlock"), { code: "ER_LOCK_DEADLOCK" })), false);
    assert.equal(isDatabaseUnavailable(new Error("boom")), false);
  });

  it("answers a signed-in request with 503 DATABASE_UNAVAILABLE and a resolver failure with a clean error, then recovers", async () => {
    const user = await buildUser(app.ds);
    const token = await app.tokenFor(user);
    const post = async (query: string, auth?: string) => {
      const res = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify({ query }) });
      return { status: res.status, text: await res.text() };
    };
    const original = app.ds.createQueryRunner.bind(app.ds);
    app.ds.createQueryRunner = () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3306"), { code: "ECONNREFUSED", errno: -111, syscall: "connect" });
    };
    try {
      const signedIn = await post("{ viewer { id } }", token);
      assert.equal(signedIn.status, 503);
      const body = JSON.parse(signedIn.text);
      assert.deepEqual(body.errors[0].extensions, { code: "INTERNAL_SERVER_ERROR", reason: "DATABASE_UNAVAILABLE" });
      assert.match(body.errors[0].message, /^The database is unavailable/);
      const anonymous = await post("{ articles(first: 5) { edges { node { id } } } }");
      const anon = JSON.parse(anonymous.text);
      assert.equal(anon.errors[0].extensions.reason, "DATABASE_UNAVAILABLE");
      for (const text of [signedIn.text, anonymous.text]) assert.doesNotMatch(text, /ECONNREFUSED|3306|Context creation failed|stack|\bat /);
    } finally {
      app.ds.createQueryRunner = original;
    }
    const back = JSON.parse((await post("{ viewer { id } }", token)).text);
    assert.equal(back.errors, undefined);
    assert.ok(back.data.viewer.id);
  });
});

describe("ill-formed Unicode in variables (found by the fuzz test)", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("a lone surrogate is BAD_USER_INPUT naming the field, not a validator crash or a silently altered row", async () => {
    const register = await app.exec(`mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
      i: { username: "constructor", email: "a\udd15@example.com", password: "a-long-password", displayName: "名字" },
    });
    assert.equal(register.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.equal(register.errors?.[0].extensions?.reason, "ILL_FORMED_UNICODE");
    assert.deepEqual(register.errors?.[0].extensions?.fields, ["i.email"]);

    const user = await buildUser(app.ds);
    const draft = await app.exec(CREATE, { i: { title: "标题\ud800", body: "正文" } }, { as: user });
    assert.equal(draft.errors?.[0].extensions?.reason, "ILL_FORMED_UNICODE");
    assert.deepEqual(draft.errors?.[0].extensions?.fields, ["i.title"]);
    const ok = await app.exec(CREATE, { i: { title: "emoji 😀 是成对的代理项", body: "正文" } }, { as: user });
    assert.equal(ok.errors, undefined);
  });
});
