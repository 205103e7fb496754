import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from "graphql";
import { getSchema } from "../src/schema";
import { buildUser } from "./factories";
import { articleGid, buildArticle } from "./factories-content";
import { createTestApp, errorOf, type TestApp } from "./harness";

/**
 * The hardening issue's "done when" list on the real schema (test/limits.test.ts has the depth-12,
 * 200-alias and 40-password cases): the nested first: 100 lists, and 100 reports in a minute.
 */
describe("abuse limits on the real schema", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ RATE_LIMITS: "on" });
  });
  after(() => app.close());

  it("refuses first: 100 × first: 100 × first: 100 (articles → comments → replies) with QUERY_TOO_COMPLEX before running it", async () => {
    const q = `{ articles(first: 100) { edges { node { id comments(first: 100) { edges { node { id replies(first: 100) { edges { node { id body } } } } } } } } } }`;
    const res = await app.exec(q, {}, { ip: "198.51.100.1" });
    const err = errorOf(res);
    assert.equal(err.extensions.code, "QUERY_TOO_COMPLEX");
    assert.equal(err.extensions.reason, "COST_LIMIT_EXCEEDED");
    assert.ok(err.extensions.cost > 1_000_000, `cost ${err.extensions.cost}`);
    assert.equal(res.status, 400);
    assert.equal(res.data, undefined);
    assert.equal(res.queries, 0, "no SQL ran");
  });

  it("refuses the 21st and every later report of 100 sent in one minute with RATE_LIMITED (reportContent=20/1h)", async (t) => {
    const field = (await getSchema()).getMutationType()?.getFields().reportContent;
    if (!field) {
      t.skip("reportContent is not in the schema yet (being built in the reports branch); this test runs once it is");
      return;
    }
    const reporter = await buildUser(app.ds);
    const author = await buildUser(app.ds);
    const articles = await Promise.all(Array.from({ length: 5 }, () => buildArticle(app.ds, { author })));
    const valueOf = (type: GraphQLInputType, name: string, i: number): unknown => {
      const tt = getNullableType(type) as GraphQLInputType;
      if (isListType(tt)) return [];
      if (isEnumType(tt)) return tt.getValues()[0].name;
      if (isInputObjectType(tt)) {
        const o: Record<string, unknown> = {};
        for (const f of Object.values(tt.getFields())) if (isNonNullType(f.type)) o[f.name] = valueOf(f.type, f.name, i);
        return o;
      }
      if (tt.name === "ID") return articleGid(articles[i % articles.length]);
      if (tt.name === "Int") return 1;
      if (tt.name === "Boolean") return true;
      return `第 ${i} 次举报：垃圾广告`;
    };
    const argDefs = field.args.filter((a) => isNonNullType(a.type));
    const doc = `mutation(${argDefs.map((a) => `$${a.name}: ${a.type}`).join(", ")}) { reportContent(${argDefs.map((a) => `${a.name}: $${a.name}`).join(", ")}) { __typename } }`;
    const codes: string[] = [];
    const start = Date.now();
    for (let i = 0; i < 100; i++) {
      const vars = Object.fromEntries(argDefs.map((a) => [a.name, valueOf(a.type, a.name, i)]));
      const res = await app.exec(doc, vars, { as: reporter, ip: "198.51.100.2" });
      const e = res.errors?.[0];
      codes.push(e ? `${e.extensions?.code}/${e.extensions?.reason}` : "ok");
      if (i >= 20) {
        assert.equal(e?.extensions?.code, "RATE_LIMITED", `report ${i + 1}: ${JSON.stringify(res.errors)}`);
        assert.equal(e?.extensions?.reason, "MUTATION_RATE_EXCEEDED");
        assert.equal(e?.extensions?.operation, "reportContent");
        assert.equal(res.status, 429);
      }
    }
    assert.ok(Date.now() - start < 60_000, "all within a minute");
    assert.ok(!codes.slice(0, 20).some((c) => c.startsWith("RATE_LIMITED")), `the first 20 are not rate limited: ${codes.slice(0, 20).join(", ")}`);
  });
});
