import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { buildSchema } from "graphql";
import { getSchema } from "../src/schema";
import { deprecationsWithoutRemovalDate, unlistedBreakingChanges } from "./support/schema-contract";

const root = resolve(__dirname, "../..");
const read = (file: string) => readFileSync(resolve(root, file), "utf8");

describe("the public API contract", () => {
  it("has no breaking change against schema/baseline.graphql that schema/CHANGELOG.md does not announce", async () => {
    const unlisted = await unlistedBreakingChanges(read("schema/baseline.graphql"), await getSchema(), read("schema/CHANGELOG.md"));
    assert.deepEqual(
      unlisted.map((c) => `${c.path ?? ""}: ${c.message}`),
      [],
      "Breaking changes break partners. Deprecate instead (with a removal date), or announce each one in schema/CHANGELOG.md as “- BREAKING `Path`: why”.",
    );
  });

  it("every deprecation names its removal date", async () => {
    assert.deepEqual(deprecationsWithoutRemovalDate(await getSchema()), []);
  });

  describe("the checks themselves", () => {
    const before = `type Query { a: String! b(x: Int): Int old: String } enum Color { RED GREEN }`;

    it("catch a removed field, a type made nullable and a removed enum value, and accept them once announced", async () => {
      const after = `type Query { a: String b(x: Int): Int } enum Color { RED }`;
      const found = await unlistedBreakingChanges(before, after, "# Changelog\n");
      assert.deepEqual(found.map((c) => c.path).sort(), ["Color.GREEN", "Query.a", "Query.old"]);
      const changelog = "## 2026-06-01\n- BREAKING `Query.old`: removed after its deprecation period.\n- BREAKING `Query.a` may be null.\n* BREAKING `Color.GREEN` retired.\n";
      assert.deepEqual(await unlistedBreakingChanges(before, after, changelog), []);
      assert.equal((await unlistedBreakingChanges(before, after, "- `Query.old` removed (not marked BREAKING)\n")).length, 3);
    });

    it("let additions through", async () => {
      const after = `type Query { a: String! b(x: Int, y: Int): Int old: String c: Int } enum Color { RED GREEN BLUE }`;
      assert.deepEqual(await unlistedBreakingChanges(before, after, ""), []);
    });

    it("refuse a deprecation without a removal date", () => {
      const schema = buildSchema(`
        type Query {
          a: String @deprecated(reason: "Use b. Removed after 2026-12-31.")
          b: String @deprecated(reason: "Use c.")
          c(x: Int @deprecated(reason: "unused")): String
        }
        enum E { X @deprecated(reason: "Going away soon") Z @deprecated(reason: "Removed on 2027-01-01") Y @deprecated }
        input I { f: Int @deprecated(reason: "remove on 2027-01-01") }
      `);
      assert.deepEqual(deprecationsWithoutRemovalDate(schema), [
        'Query.b: "Use c."',
        'Query.c(x): "unused"',
        'E.X: "Going away soon"',
        'E.Y: "No longer supported"',
      ]);
    });
  });
});
