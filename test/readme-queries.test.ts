import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { getSchema } from "../src/schema";
import { createTestApp, type TestApp } from "./harness";
import { seedDemo } from "./support/demo-data";

/**
 * Every ```graphql block of the README and of docs/*.md, run against the real schema with the
 * limits at their defaults and rate limits ON, signed in as the demo administrator (who may do
 * everything) on the demo data of `npm run seed`. The limits must leave room for every documented
 * query: no QUERY_TOO_COMPLEX, no RATE_LIMITED, no validation or parse error, no internal error.
 * Domain refusals (NOT_FOUND for an id in an example, UNAUTHENTICATED for a placeholder refresh
 * token, CONFLICT for a second registration …) are expected and fine: nothing is skipped.
 */
const ROOT = resolve(__dirname, "../..");
const FORBIDDEN_CODES = new Set(["QUERY_TOO_COMPLEX", "RATE_LIMITED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "INTERNAL_SERVER_ERROR"]);

interface DocOperation {
  file: string;
  line: number;
  name: string;
  document: DocumentNode;
  variables?: Record<string, unknown>;
}

function docFiles(): string[] {
  const docs = existsSync(join(ROOT, "docs")) ? readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [];
  return ["README.md", ...docs].filter((f) => existsSync(join(ROOT, f)));
}

/** The operations of every block: a block may hold several; each runs on its own with the block's fragments. */
export function documentedOperations(): DocOperation[] {
  const out: DocOperation[] = [];
  for (const file of docFiles()) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
      const line = text.slice(0, m.index).split("\n").length;
      const block = m[1];
      const varsComment = /#\s*variables:\s*(\{.*\})\s*$/m.exec(block);
      let variables: Record<string, unknown> | undefined;
      try {
        variables = varsComment ? JSON.parse(varsComment[1]) : undefined;
      } catch {
        variables = undefined;
      }
      const doc = parse(block); // a block that does not parse is a documentation bug: let it throw
      const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      doc.definitions.forEach((d, i) => {
        if (d.kind !== Kind.OPERATION_DEFINITION) return;
        out.push({ file, line, name: d.name?.value ?? `${d.operation} #${i + 1}`, document: { kind: Kind.DOCUMENT, definitions: [d, ...fragments] }, variables });
      });
    }
  }
  return out;
}

interface DemoIds {
  article: string;
  comment: string;
  reply: string;
}

function valueFor(type: GraphQLInputType, name: string, ids: DemoIds, opText: string): unknown {
  const t = getNullableType(type) as GraphQLInputType;
  if (!isNonNullType(type) && /^(after|before)$/.test(name)) return null;
  if (isListType(t)) return [valueFor(t.ofType as GraphQLInputType, name, ids, opText)];
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isInputObjectType(t)) {
    const obj: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type)) obj[f.name] = valueFor(f.type, f.name, ids, opText);
    return obj;
  }
  switch (getNamedType(t).name) {
    case "ID":
      if (/reply/i.test(name)) return ids.reply;
      if (/article/i.test(name)) return ids.article;
      return /on Comment|editComment|deleteComment/.test(opText) ? ids.comment : ids.article;
    case "Int":
      return 10;
    case "Float":
      return 1;
    case "Boolean":
      return true;
    case "DateTimeISO":
      return new Date().toISOString();
    default:
      return /password/i.test(name) ? "zhiyan-demo-2026" : "文档示例";
  }
}

function variablesFor(schema: GraphQLSchema, op: OperationDefinitionNode, ids: DemoIds, given?: Record<string, unknown>): Record<string, unknown> {
  const text = print(op);
  const vars: Record<string, unknown> = {};
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (given && name in given) vars[name] = given[name];
    else vars[name] = valueFor(typeFromAST(schema, def.type as never) as GraphQLInputType, name, ids, text);
  }
  return vars;
}

describe("every documented GraphQL operation runs within the limits", () => {
  let app: TestApp;
  let ids: DemoIds;
  let admin: Awaited<ReturnType<typeof seedDemo>>["admin"];
  before(async () => {
    app = await createTestApp({ RATE_LIMITS: "on" });
    ({ admin } = await seedDemo(app));
    const res = await app.exec<any>(`{ articles(first: 10) { edges { node { id comments(first: 20) { edges { node { id replies(first: 3) { edges { node { id } } } } } } } } } }`, {}, { as: admin });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const articles = res.data!.articles.edges.map((e: any) => e.node);
    const withReplies = articles.flatMap((a: any) => a.comments.edges.map((c: any) => ({ a, c: c.node }))).find((x: any) => x.c.replies.edges.length);
    assert.ok(withReplies, "the demo data has a thread with replies");
    ids = { article: withReplies.a.id, comment: withReplies.c.id, reply: withReplies.c.replies.edges[0].node.id };
  });
  after(() => app.close());

  it("finds the documented operations (README and docs/*.md)", () => {
    const ops = documentedOperations();
    assert.ok(ops.length >= 20, `only ${ops.length} operations found`);
    assert.ok(ops.some((o) => o.file === "README.md"));
  });

  it("runs each one: no QUERY_TOO_COMPLEX, RATE_LIMITED, validation, parse or internal error", async (t) => {
    const schema = await getSchema();
    const problems: string[] = [];
    for (const op of documentedOperations()) {
      const def = op.document.definitions[0] as OperationDefinitionNode;
      const res = await app.exec(print(op.document), variablesFor(schema, def, ids, op.variables), { as: admin, ip: "203.0.113.9" });
      const codes = (res.errors ?? []).map((e) => `${e.extensions?.code}${e.extensions?.reason ? `/${e.extensions.reason}` : ""}`);
      t.diagnostic(`${op.file}:${op.line} ${op.name}: ${codes.length ? codes.join(", ") : "ok"}${res.extensions?.cost ? ` (cost ${res.extensions.cost.requested})` : ""}`);
      for (const e of res.errors ?? []) {
        const code = String(e.extensions?.code);
        if (FORBIDDEN_CODES.has(code) || e.extensions?.reason === "INVALID_VARIABLES") problems.push(`${op.file}:${op.line} ${op.name}: ${code} ${e.extensions?.reason ?? ""} ${e.message}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
