import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { getSchema, printSchemaSdl } from "../src/schema";
import { buildUser } from "./factories";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

describe("platform", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.close());

  it("the migrated schema matches the entities (the schema builder has nothing left to do)", async () => {
    const pending = await app.ds.driver.createSchemaBuilder().log();
    assert.deepEqual(pending.upQueries.map((q) => q.query), []);
  });

  it("schema/schema.graphql is the schema the code emits (run `npm run schema:emit`)", async () => {
    const committed = readFileSync(resolve(__dirname, "../../schema/schema.graphql"), "utf8");
    assert.equal(committed, printSchemaSdl(await getSchema()), "schema/schema.graphql is stale: run npm run schema:emit");
  });

  it("round-trips Chinese text and emoji unchanged", async () => {
    const user = await buildUser(app.ds);
    const bio = "你好，世界！😀🎉 繁體字 𠀀 ‍👩‍💻";
    const data = expectOk(await app.exec(`mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { bio displayName } }`, { i: { bio, displayName: "知言😀" } }, { as: user }));
    assert.equal(data.updateProfile.bio, bio);
    const again = expectOk(await app.exec(`query($u: String!) { user(username: $u) { bio displayName } }`, { u: user.username }));
    assert.deepEqual(again.user, { bio, displayName: "知言😀" });
  });

  it("a driver error reaches the client as INTERNAL_SERVER_ERROR with no SQL", async () => {
    const user = await buildUser(app.ds);
    await app.ds.query("DROP TABLE refresh_tokens");
    try {
      const res = await app.exec(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { login: user.username, password: "correct-horse-battery" } });
      const err = errorOf(res);
      assert.equal(err.extensions.code, "INTERNAL_SERVER_ERROR");
      assert.equal(err.message, "Internal server error.");
      assert.doesNotMatch(JSON.stringify(res.errors), /refresh_tokens|INSERT|SQLITE|\bER_|stack/i);
    } finally {
      await app.close();
      app = await createTestApp();
    }
  });
});

describe("start-up configuration", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [resolve(__dirname, "../src/index.js")], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: resolve(__dirname, "../../data/test-startup"), ...env },
      encoding: "utf8",
      timeout: 20000,
    });

  it("a bad DATABASE_URL stops the process with one clear line", () => {
    const run = start({ DATABASE_URL: "postgres://localhost/x" });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split("\n").length, 1);
    assert.match(run.stderr, /^Configuration error: DATABASE_URL must start with mysql:\/\//);
  });

  it("production without JWT_SECRET stops the process with one clear line", () => {
    const run = start({ NODE_ENV: "production" });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim(), "Configuration error: JWT_SECRET is required when NODE_ENV=production (at least 32 characters)");
  });
});
