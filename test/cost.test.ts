import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSchema, parse } from "graphql";
import { loadLimitsConfig } from "../src/limits/limits.config";
import { MUTATION_COST, operationCost, TOTAL_COUNT_COST } from "../src/limits/cost";

// The shape the spec gives articles and comments (the modules are built elsewhere): enough to size the limits.
const schema = buildSchema(`
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type User { id: ID! username: String! displayName: String! avatarUrl: String }
  type Tag { name: String! }
  type Comment { id: ID! body: String createdAt: String! author: User! replyTo: User replyCount: Int!
    replies(first: Int, after: String): CommentConnection! }
  type CommentEdge { cursor: String! node: Comment! }
  type CommentConnection { edges: [CommentEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Article { id: ID! title: String! summary: String body: String! publishedAt: String likeCount: Int! commentCount: Int! viewCount: Int!
    viewerHasLiked: Boolean! author: User! tags: [Tag!]! comments(first: Int, after: String): CommentConnection! }
  type ArticleEdge { cursor: String! node: Article! }
  type ArticleConnection { edges: [ArticleEdge!]! pageInfo: PageInfo! totalCount: Int! }
  interface Node { id: ID! }
  type Query { articles(first: Int, after: String): ArticleConnection! article(id: ID!): Article nodes(ids: [ID!]!): [Article]! }
  type Mutation { addComment(body: String!): Comment! }
`);

const cost = (q: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(q), undefined, variables);
const DEFAULT_LIMIT = loadLimitsConfig({}, true).maxCost;

const FEED = `query Feed($after: String) {
  articles(first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title summary publishedAt likeCount commentCount viewCount viewerHasLiked
      author { id username displayName avatarUrl } tags { name } } }
  }
}`;

const THREAD = `query Thread($id: ID!) {
  article(id: $id) {
    id title body publishedAt likeCount commentCount viewerHasLiked
    author { id username displayName avatarUrl }
    tags { name }
    comments(first: 20) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id body createdAt replyCount author { id username displayName avatarUrl }
        replies(first: 3) { totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id body createdAt author { id username displayName avatarUrl } replyTo { id username displayName } } } } } }
    }
  }
}`;

describe("query cost (graphql-query-complexity with a connection-aware estimator)", () => {
  it("prices each field 1, a connection's edges × first (default 20), totalCount once as a COUNT", () => {
    // articles 1 + edges (1 + 20 × (cursor 1 + node (1 + id 1))) = 1 + 1 + 60
    assert.equal(cost(`{ articles { edges { cursor node { id } } } }`), 62);
    assert.equal(cost(`{ articles(first: 5) { edges { node { id } } } }`), 1 + 1 + 5 * 2);
    // totalCount and pageInfo are not multiplied by the page size
    assert.equal(cost(`{ articles(first: 100) { totalCount pageInfo { hasNextPage } } }`), 1 + TOTAL_COUNT_COST + 2);
    // first from variables, and through fragments on the connection type
    assert.equal(cost(`query($n: Int) { articles(first: $n) { ...E } } fragment E on ArticleConnection { edges { node { id } } }`, { n: 7 }), 1 + 1 + 7 * 2);
    // nodes(ids) multiplies by the number of ids; a root mutation field costs extra
    assert.equal(cost(`{ nodes(ids: ["a", "b", "c"]) { id } }`), 1 + 3 * 1);
    assert.equal(cost(`mutation { addComment(body: "x") { id } }`), MUTATION_COST + 1);
  });

  it("multiplies nested lists: first: 100 × first: 100 × first: 100 is far above the limit", () => {
    const q = `{ articles(first: 100) { edges { node { comments(first: 100) { edges { node { replies(first: 100) { edges { node { id body } } } } } } } } } }`;
    const c = cost(q);
    assert.ok(c > 1_000_000, `cost ${c}`);
    assert.ok(c > DEFAULT_LIMIT);
    // out-of-range page sizes are priced at the cap (the resolver refuses them with BAD_USER_INPUT)
    assert.equal(cost(`{ articles(first: 5000) { edges { node { id } } } }`), cost(`{ articles(first: 100) { edges { node { id } } } }`));
  });

  it("keeps normal front-end queries well under the default limit", () => {
    const feed = cost(FEED);
    const thread = cost(THREAD, { id: "x" });
    assert.ok(feed < DEFAULT_LIMIT / 4, `feed costs ${feed}`);
    if (process.env.SHOW_COSTS) console.log({ feed, thread });
    assert.ok(thread < DEFAULT_LIMIT / 2, `thread costs ${thread}`);
    assert.ok(thread > feed);
  });
});

describe("limit configuration", () => {
  it("parses windows and mutation lists, and refuses malformed values with one clear line", async () => {
    const { parseWindow } = await import("../src/limits/limits.config");
    const { ConfigError } = await import("../src/config");
    assert.deepEqual(parseWindow("X", "10/15m"), { points: 10, durationSeconds: 900 });
    assert.deepEqual(parseWindow("X", "3/1d"), { points: 3, durationSeconds: 86400 });
    assert.deepEqual(parseWindow("X", "5/30"), { points: 5, durationSeconds: 30 });
    assert.equal(parseWindow("X", "off"), null);
    assert.throws(() => parseWindow("RATE_LIMIT_LOGIN_PER_IP", "ten per minute"), (e: Error) => e instanceof ConfigError && /RATE_LIMIT_LOGIN_PER_IP must look like 10\/15m/.test(e.message));
    const limits = loadLimitsConfig({ RATE_LIMIT_MUTATIONS: "addComment=5/1m, createArticle=off, likeArticle=100/1m" }, true);
    assert.deepEqual(limits.mutations.addComment, { points: 5, durationSeconds: 60 });
    assert.equal(limits.mutations.createArticle, undefined);
    assert.deepEqual(limits.mutations.likeArticle, { points: 100, durationSeconds: 60 });
    assert.deepEqual(limits.mutations.applyForAuthorship, { points: 3, durationSeconds: 86400 });
    assert.throws(() => loadLimitsConfig({ QUERY_MAX_DEPTH: "1" }, true), ConfigError);
    assert.equal(loadLimitsConfig({}, false).maskSuggestions, true);
    assert.equal(loadLimitsConfig({}, true).maskSuggestions, false);
  });
});
