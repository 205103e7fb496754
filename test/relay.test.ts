import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { getNamedType, getNullableType, isInterfaceType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLType } from "graphql";
import { getSchema } from "../src/schema";

const SCHEMA_FILE = resolve(__dirname, "../../schema/schema.graphql");

/**
 * Fragments a Relay client would write against our schema: paginated connections (@connection +
 * @refetchable, which needs `node(id)` and the connection shapes) and refetchable Node types.
 * Add one per new list or Node type (feed, comments, report queue …).
 */
const RELAY_FRAGMENTS = `
fragment App_notifications on Query
  @refetchable(queryName: "AppNotificationsPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }) {
  notifications(first: $first, after: $after) @connection(key: "App_notifications") {
    edges { node { id type message createdAt } }
  }
}

fragment App_moderationLog on Query
  @refetchable(queryName: "AppModerationLogPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 20 }, after: { type: "String" }) {
  moderationLog(first: $first, after: $after) @connection(key: "App_moderationLog") {
    edges { node { id action targetId actor { ...App_user } } }
  }
}

fragment App_apiTokens on Query
  @refetchable(queryName: "AppApiTokensPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 20 }, after: { type: "String" }) {
  apiTokens(first: $first, after: $after) @connection(key: "App_apiTokens") {
    edges { node { id name scopes expiresAt lastUsedAt } }
  }
}

fragment App_webhookDeliveries on Query
  @refetchable(queryName: "AppWebhookDeliveriesPaginationQuery")
  @argumentDefinitions(webhookId: { type: "ID!" }, first: { type: "Int", defaultValue: 20 }, after: { type: "String" }) {
  webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) @connection(key: "App_webhookDeliveries") {
    edges { node { id status attempts lastResponseCode } }
  }
}

fragment App_user on User @refetchable(queryName: "AppUserRefetchQuery") {
  id
  username
  displayName
}

fragment App_webhook on Webhook @refetchable(queryName: "AppWebhookRefetchQuery") {
  id
  url
  events
}
`;

const relayBinary = (() => {
  try {
    return require("relay-compiler") as string | null;
  } catch {
    return null;
  }
})();

/** Runs relay-compiler (offline, native binary) over `documents` in a scratch project. */
function compileWithRelay(documents: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "zhiyan-relay-"));
  try {
    mkdirSync(join(dir, "src", "__generated__"), { recursive: true });
    writeFileSync(join(dir, "relay.config.json"), JSON.stringify({ src: "./src", schema: SCHEMA_FILE, language: "javascript", artifactDirectory: "./src/__generated__" }));
    writeFileSync(join(dir, "src", "App.js"), `import { graphql } from "react-relay";\n${documents.split(/\n(?=fragment )/).map((d, i) => `export const d${i} = graphql\`${d}\`;`).join("\n")}\n`);
    const run = spawnSync(relayBinary!, [], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SELF_ONLY_CONNECTIONS = new Set(["User.drafts", "User.sanctions"]);

describe("Relay compatibility", () => {
  it("relay-compiler compiles @connection / @refetchable fragments against schema/schema.graphql", { skip: relayBinary ? false : `relay-compiler has no binary for ${process.platform}-${process.arch}` }, () => {
    const run = compileWithRelay(RELAY_FRAGMENTS);
    assert.equal(run.status, 0, run.output);
  });

  it("relay-compiler rejects a misuse (so the check above can fail)", { skip: relayBinary ? false : "relay-compiler binary unavailable" }, () => {
    const run = compileWithRelay(`fragment App_bad on PageInfo @refetchable(queryName: "AppBadQuery") { hasNextPage }`);
    assert.notEqual(run.status, 0);
    assert.match(run.output, /Invalid use of @refetchable/);
  });

  describe("server specification (checked on the schema itself)", () => {
    it("has interface Node { id: ID! } and node(id: ID!) / nodes(ids) roots returning it", async () => {
      const schema = await getSchema();
      const node = schema.getType("Node");
      assert.ok(isInterfaceType(node), "interface Node");
      assert.equal(String(node.getFields().id.type), "ID!");
      const root = schema.getQueryType()!.getFields();
      assert.equal(getNamedType(root.node.type).name, "Node");
      assert.deepEqual(root.node.args.map((a) => `${a.name}: ${String(a.type)}`), ["id: ID!"]);
      assert.equal(String(root.nodes.type), "[Node]!");
      for (const type of schema.getImplementations(node).objects) assert.equal(String(type.getFields().id.type), "ID!", type.name);
    });

    it("has PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }", async () => {
      const pageInfo = (await getSchema()).getType("PageInfo");
      assert.ok(isObjectType(pageInfo));
      const f = pageInfo.getFields();
      assert.deepEqual(
        ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"].map((n) => `${n}: ${String(f[n]?.type)}`),
        ["hasNextPage: Boolean!", "hasPreviousPage: Boolean!", "startCursor: String", "endCursor: String"],
      );
    });

    it("every *Connection has edges [XEdge] with cursor: String! and node, pageInfo: PageInfo!, and every field returning one takes first/after", async () => {
      const schema = await getSchema();
      const connections = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && t.name.endsWith("Connection"));
      assert.ok(connections.length >= 3);
      for (const conn of connections) {
        assert.ok(isObjectType(conn));
        const f = conn.getFields();
        assert.equal(String(f.pageInfo?.type), "PageInfo!", `${conn.name}.pageInfo`);
        const edgesType = getNullableType(f.edges?.type as GraphQLType);
        assert.ok(isListType(edgesType), `${conn.name}.edges is a list`);
        const edge = getNamedType(edgesType);
        assert.ok(isObjectType(edge) && edge.name.endsWith("Edge"), `${conn.name}.edges is a list of an Edge type`);
        const ef = edge.getFields();
        assert.equal(String(ef.cursor?.type), "String!", `${edge.name}.cursor`);
        assert.ok(ef.node && !isListType(getNullableType(ef.node.type)), `${edge.name}.node`);
      }
      const usesOf = (field: GraphQLField<unknown, unknown>) => field.args.map((a) => `${a.name}: ${String(a.type)}`);
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith("__")) continue;
        for (const field of Object.values(type.getFields())) {
          if (!getNamedType(field.type).name.endsWith("Connection")) continue;
          // Self-only lists are nullable so that a FORBIDDEN on them does not null the whole User.
          if (!SELF_ONLY_CONNECTIONS.has(`${type.name}.${field.name}`)) assert.ok(isNonNullType(field.type), `${type.name}.${field.name} returns a non-null connection`);
          assert.ok(usesOf(field).includes("first: Int") && usesOf(field).includes("after: String"), `${type.name}.${field.name} takes first/after`);
        }
      }
    });
  });
});
