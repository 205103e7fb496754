import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { toGlobalId } from "graphql-relay";

/** One generated request: a GraphQL body, or raw bytes with their own headers. */
export interface FuzzCase {
  label: string;
  /** JSON body to POST (already a string: some cases are deliberately not JSON). */
  body: string;
  headers: Record<string, string>;
  /** Which of the pool's tokens to send (-1 = none); a garbage header may be set in `headers` instead. */
  as: number;
  /** Strings the client sent: an error may quote them, that is not a leak. */
  sent: string[];
}

class EnumLiteral {
  constructor(readonly value: string) {}
}

/** Strings that tend to break things: sizes, odd Unicode, injection-looking text. No external hosts. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "a",
  "   前后空格   ",
  "你好，世界",
  "分布式",
  "x".repeat(10_000),
  "长".repeat(5_000),
  "😀".repeat(1_000),
  "\uD800",
  "abc\uDC00def",
  "\uDBFF\uDFFF",
  "\u202Eevil.exe\u202C",
  "\u200F\u05E9\u05DC\u05D5\u05DD\u200E",
  "👨\u200D👩\u200D👧\u200D👦",
  "zero\u200Bwidth\u200Cjoin\u200D",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31mred\u001b[0m",
  "\uFEFFbom",
  "Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032D\u0308\u0307l\u036E\u0312\u036Bg\u030C\u0317\u035A\u031Ao\u0319\u0314\u036E\u0307\u0350\u0307",
  "\r\n\t",
  "' OR '1'='1",
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "1; SELECT SLEEP(10)",
  "admin'--",
  "%' AND 1=0 UNION SELECT password FROM users --",
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "${7*7}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "%00%0a",
  "\\",
  "`",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "12345678901234567890",
  "1e309",
  "2026-02-30T25:61:00Z",
  "9999-12-31T23:59:59Z",
  "0000-00-00",
  "a@b.c",
  "not-an-email",
  "zhang_san",
  "zhiyan-demo-2026",
  "http://127.0.0.1:9/hook",
  "https://localhost/x",
  "ftp://127.0.0.1/",
  "zrt_" + "f".repeat(40),
  "zpat_" + "0".repeat(40),
  "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
];

const INTS = [0, 1, -1, 2, 3, 5, 10, 20, 50, 99, 100, 101, 1000, 2147483647, -2147483648, 2147483648, 1e15, 9007199254740993];
const FLOATS = [0.5, -0.0, 1.5, 1e308, -1e-308, 3.14159];
const NODE_TYPES = ["User", "Article", "Comment", "Notification", "Sanction", "Appeal", "AuthorApplication", "Webhook", "ApiToken", "Report", "ModerationLogEntry", "Nope", "", "__proto__"];

export interface FuzzPools {
  /** Real global ids of the seeded data. */
  ids: string[];
  /** How many bearer tokens the runner has (index into them). */
  tokens: number;
}

/** Builds random operations from the schema; the same seed gives the same sequence. */
export class Fuzzer {
  private readonly queryType: GraphQLObjectType;
  private readonly mutationType?: GraphQLObjectType;
  private sent: string[] = [];
  private varDefs: string[] = [];
  private vars: Record<string, unknown> = {};
  /** A well-typed operation: values of the right types only (to get past validation into resolvers). */
  private strict = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rand: () => number,
    private readonly pools: FuzzPools,
  ) {
    this.queryType = schema.getQueryType()!;
    this.mutationType = schema.getMutationType() ?? undefined;
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }
  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  private str(hint = ""): string {
    let s: string;
    if (/url/i.test(hint)) s = this.pick(["http://127.0.0.1:9/hook", "https://localhost/x", "javascript:alert(1)", "", "not a url", "http://[::1]:9/"]);
    else if (this.chance(0.55)) s = this.pick(NASTY_STRINGS);
    else if (this.chance(0.5)) s = `测试${this.int(100000)}`;
    else s = Array.from({ length: 1 + this.int(40) }, () => String.fromCharCode(this.chance(0.8) ? 32 + this.int(95) : this.int(0x10000))).join("");
    this.sent.push(s);
    return s;
  }

  private id(): string {
    const r = this.rand();
    let s: string;
    if (r < 0.45 && this.pools.ids.length) s = this.pick(this.pools.ids);
    else if (r < 0.75) s = toGlobalId(this.pick(NODE_TYPES), String(this.pick([1, 2, 3, 0, -1, 999999, 2 ** 53, 1.5])));
    else if (r < 0.85) s = Buffer.from(this.pick(["User:abc", "Article:", ":1", "Article:1:2", "Article:0x10", "Article: 1", "Article:1e3"])).toString("base64");
    else s = this.str();
    this.sent.push(s);
    return s;
  }

  /** A value for an input type; wrong = a value of some other kind. */
  private value(type: GraphQLInputType, hint: string, depth: number, wrong: boolean): unknown {
    if (wrong && !this.strict && this.chance(0.5)) return this.pick<unknown>([this.str(), this.pick(INTS), true, null, [], {}, 1.5, [this.str()]]);
    const nullable = !isNonNullType(type);
    if (nullable && this.chance(0.1)) return null;
    const t = getNullableType(type) as GraphQLInputType;
    if (isListType(t)) {
      const n = this.chance(0.05) ? 150 : this.int(4);
      return Array.from({ length: n }, () => this.value(t.ofType as GraphQLInputType, hint, depth + 1, false));
    }
    if (isEnumType(t)) {
      const values = t.getValues();
      return this.strict || this.chance(0.95) ? new EnumLiteral(this.pick(values).name) : new EnumLiteral(this.pick(["NOPE", "admin", "ADMIN", "__typename"]));
    }
    if (isInputObjectType(t)) {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const f of Object.values(t.getFields())) {
        if (isNonNullType(f.type) ? this.strict || this.chance(0.98) : this.chance(0.5)) out[f.name] = this.value(f.type, f.name, depth + 1, this.chance(0.04));
      }
      if (!this.strict && this.chance(0.02)) out[`unknown${this.int(9)}`] = this.str();
      return out;
    }
    if (isScalarType(t)) {
      switch (t.name) {
        case "ID":
          return this.id();
        case "Int":
          if (/first|last|limit/i.test(hint) && this.chance(0.7)) return this.pick([1, 5, 20, 100, 0, -1, 101]);
          return this.strict ? this.pick(INTS.filter((n) => Math.abs(n) <= 2147483647)) : this.pick(INTS);
        case "Float":
          return this.pick(FLOATS);
        case "Boolean":
          return this.chance(0.5);
        case "String":
          if (/after|before|cursor/i.test(hint) && this.chance(0.5)) return this.chance(0.5) ? Buffer.from(JSON.stringify([this.pick(INTS), this.str()])).toString("base64url") : this.str();
          if (/password/i.test(hint) && this.chance(0.5)) return this.pick(["zhiyan-demo-2026", "short", "x".repeat(300), "correct-horse-battery"]);
          if (/email/i.test(hint) && this.chance(0.5)) return `${this.str().slice(0, 20)}@example.com`;
          return this.str(hint);
        case "DateTimeISO":
          return this.pick(["2026-01-01T00:00:00Z", "2026-06-15T12:00:00.000Z", "1970-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "not a date", "2026-02-30T00:00:00Z", "", 1767225600000]);
        case "JSONObject":
          return this.pick<unknown>([{}, { a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'), { $gt: "" }, [], "x"]);
        default:
          return this.str(hint);
      }
    }
    return null;
  }

  private literal(v: unknown): string {
    if (v instanceof EnumLiteral) return v.value;
    if (v === null || v === undefined) return "null";
    if (Array.isArray(v)) return `[${v.map((x) => this.literal(x)).join(", ")}]`;
    if (typeof v === "object") return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${this.literal(x)}`).join(", ")} }`;
    if (typeof v === "string") return JSON.stringify(v);
    return String(v);
  }

  private jsonValue(v: unknown): unknown {
    if (v instanceof EnumLiteral) return v.value;
    if (Array.isArray(v)) return v.map((x) => this.jsonValue(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.jsonValue(x)]));
    return v;
  }

  private args(args: readonly GraphQLArgument[]): string {
    const parts: string[] = [];
    for (const a of args) {
      const required = isNonNullType(a.type);
      if (required ? !this.strict && this.chance(0.01) : !this.chance(0.5)) continue;
      const wrong = this.chance(0.06);
      const v = this.value(a.type, a.name, 0, wrong);
      if (this.chance(0.4)) {
        const name = `v${this.varDefs.length}`;
        const declared = !this.strict && this.chance(0.02) ? this.pick(["String", "Int!", "ID", "[ID!]!", "Boolean"]) : String(a.type);
        this.varDefs.push(`$${name}: ${declared}`);
        this.vars[name] = !this.strict && this.chance(0.02) ? this.pick<unknown>(["x", 1, null, {}, []]) : this.jsonValue(v);
        parts.push(`${a.name}: $${name}`);
      } else parts.push(`${a.name}: ${this.literal(v)}`);
    }
    if (!this.strict && this.chance(0.01)) parts.push(`bogus: ${this.literal(this.str())}`);
    return parts.length ? `(${parts.join(", ")})` : "";
  }

  private selection(type: GraphQLNamedType, depth: number): string {
    if (isScalarType(type) || isEnumType(type)) return "";
    if (depth > 5 || (depth > 3 && this.chance(0.6))) return "{ __typename }";
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const frags = Array.from({ length: 1 + this.int(2) }, () => this.pick(possible)).map((t) => `... on ${t.name} ${this.selection(t, depth + 1)}`);
      const own = isInterfaceType(type) ? this.fields(type.getFields(), depth) : [];
      return `{ __typename ${own.join(" ")} ${frags.join(" ")} }`;
    }
    if (isObjectType(type)) {
      const fields = this.fields(type.getFields(), depth);
      return `{ ${fields.length ? fields.join(" ") : "__typename"} }`;
    }
    return "";
  }

  private fields(map: Record<string, GraphQLField<unknown, unknown>>, depth: number): string[] {
    const all = Object.values(map);
    const n = 1 + this.int(Math.min(all.length, 6));
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    for (let i = 0; i < n; i++) chosen.add(this.pick(all));
    const out = [...chosen].map((f) => {
      const alias = this.chance(0.05) ? `a${this.int(1000)}: ` : "";
      return `${alias}${f.name}${this.args(f.args)} ${this.selection(getNamedType(f.type), depth + 1)}`;
    });
    if (!this.strict && this.chance(0.01)) out.push("notAField");
    return out;
  }

  /** A generated operation against the schema. */
  private operation(): { query: string; variables: Record<string, unknown> } {
    this.varDefs = [];
    this.vars = {};
    this.strict = this.chance(0.4);
    const mutation = this.mutationType && this.chance(0.45);
    const root = mutation ? this.mutationType! : this.queryType;
    const rootFields = Object.values(root.getFields());
    const count = this.chance(0.85) ? 1 : 2 + this.int(3);
    const selections: string[] = [];
    for (let i = 0; i < count; i++) {
      const f = this.chance(0.1) && !mutation ? (root.getFields()[this.pick(["node", "nodes"])] ?? this.pick(rootFields)) : this.pick(rootFields);
      selections.push(`${count > 1 ? `r${i}: ` : ""}${f.name}${this.args(f.args)} ${this.selection(getNamedType(f.type), 1)}`);
    }
    const defs = this.varDefs.length ? `(${this.varDefs.join(", ")})` : "";
    return { query: `${mutation ? "mutation" : "query"} Fuzz${defs} { ${selections.join(" ")} }`, variables: this.vars };
  }

  /** Documents that are not valid GraphQL, and bodies that are not valid requests. */
  private garbage(): { body: string; headers?: Record<string, string>; label: string } {
    const r = this.int(14);
    const q = (query: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });
    switch (r) {
      case 0:
        return { label: "unbalanced braces", body: q("{ viewer { id ".repeat(1 + this.int(30))) };
      case 1:
        return { label: "random text", body: q(this.str()) };
      case 2:
        return { label: "deep nesting", body: q(`{ ${"node(id: \"x\") { ... on Comment { parent ".repeat(40)} id ${"} } ".repeat(40)} }`) };
      case 3:
        return { label: "not JSON", body: this.pick(["{", "null", "[]", '"query"', "{\"query\": ", "\u0000", "query=viewer"]) };
      case 4:
        return { label: "batched array", body: JSON.stringify([{ query: "{ viewer { id } }" }, { query: "{ viewer { id } }" }]) };
      case 5:
        return { label: "query not a string", body: JSON.stringify({ query: this.pick<unknown>([1, null, {}, ["{ viewer { id } }"], true]) }) };
      case 6:
        return { label: "variables not an object", body: q("query($a: ID!) { node(id: $a) { id } }", { variables: this.pick<unknown>(["x", 1, [], true]) }) };
      case 7:
        return { label: "unknown operationName", body: q("query A { viewer { id } } query B { viewer { id } }", { operationName: this.pick<unknown>(["C", 1, null, ""]) }) };
      case 8:
        return { label: "two anonymous operations", body: q("{ viewer { id } } { viewer { username } }") };
      case 9:
        return { label: "subscription", body: q("subscription { viewer { id } }") };
      case 10:
        return { label: "persisted query", body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }) };
      case 11:
        return { label: "wrong content type", body: q("{ viewer { id } }"), headers: { "content-type": this.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/graphql"]) } };
      case 12:
        return { label: "introspection with fragments", body: q(`query { __schema { types { ...T } } } fragment T on __Type { name fields { name type { ...R } } } fragment R on __Type { name ofType { name } }`) };
      default:
        return { label: "fragment cycle", body: q("query { viewer { ...A } } fragment A on User { ...B } fragment B on User { ...A }") };
    }
  }

  next(): FuzzCase {
    this.sent = [];
    const as = this.chance(0.2) ? -1 : this.int(this.pools.tokens);
    const r = this.rand();
    if (r < 0.08) {
      const g = this.garbage();
      return { label: g.label, body: g.body, headers: { "content-type": "application/json", ...g.headers }, as, sent: [...this.sent] };
    }
    const op = this.operation();
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (r < 0.11) headers.authorization = this.pick(["Bearer ", "Bearer x", "Basic YWRtaW46YWRtaW4=", "Bearer zpat_" + "a".repeat(40), "bearer  " + "x".repeat(2000), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."]);
    return { label: op.query.slice(0, 120), body: JSON.stringify({ query: op.query, variables: op.variables }), headers, as: headers.authorization ? -1 : as, sent: [...this.sent] };
  }
}
