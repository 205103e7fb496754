/**
 * The compiled executor (graphql-jit, the default) against graphql-js's own, on one database:
 * every operation below must give the same response (data, errors with their codes, reasons,
 * paths and locations, extensions, HTTP status) from both; only the order of the top-level keys
 * may differ. The rest of the suite runs on the default.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ApolloServer } from "@apollo/server";
import { ConfigError, loadConfig } from "../src/config";
import { buildContext, type AppContext } from "../src/context";
import { createHttpApp } from "../src/server";
import { buildComment } from "./factories-comments";
import { articleGid, buildArticle } from "./factories-content";
import { articleTarget, buildReport, commentTarget, gid, userTarget } from "./factories-reports";
import { buildAuthor, buildModerator, buildUser } from "./factories";
import { createTestApp, TEST_ENV, type TestApp } from "./harness";
import type { User } from "../src/modules/users/user.entity";

describe("executor parity (graphql-jit = graphql-js)", () => {
  let app: TestApp;
  let reference: ApolloServer<AppContext>;
  let reader: User;
  let moderator: User;
  let articleId = "";
  let hiddenCommentId = "";

  before(async () => {
    app = await createTestApp();
    assert.equal(app.config.executor, "jit", "the suite runs on the compiled executor by default");
    reference = (await createHttpApp({ ...app.deps, config: { ...app.config, executor: "graphql-js" } })).apollo;
    const author = await buildAuthor(app.ds, { displayName: "作者" });
    reader = await buildUser(app.ds, { displayName: "读者" });
    moderator = await buildModerator(app.ds);
    const articles = [];
    for (let i = 0; i < 4; i++) articles.push(await buildArticle(app.ds, { author, tags: ["技术", `标签${i}`], publishedAt: new Date(Date.UTC(2026, 0, 1 + i)) } as never));
    const article = articles[3];
    articleId = articleGid(article);
    for (let i = 0; i < 3; i++) {
      const top = await buildComment(app.ds, article, i % 2 ? reader : author, { createdAt: new Date(Date.UTC(2026, 0, 5, i)) });
      for (let j = 0; j < 2; j++) await buildComment(app.ds, article, reader, { parentId: top.id, replyToUserId: author.id, createdAt: new Date(Date.UTC(2026, 0, 6, i, j)) });
      if (i === 2) hiddenCommentId = gid("Comment", top);
      await buildReport(app.ds, { reporter: reader, target: commentTarget(top), createdAt: new Date(Date.UTC(2026, 0, 7, i)) });
    }
    await buildReport(app.ds, { reporter: reader, target: articleTarget(article), createdAt: new Date(Date.UTC(2026, 0, 8)) });
    await buildReport(app.ds, { reporter: moderator, target: userTarget(author), createdAt: new Date(Date.UTC(2026, 0, 9)) });
  });

  after(async () => {
    await reference?.stop();
    await app?.close();
  });

  async function both(query: string, variables: Record<string, unknown> = {}, as?: User) {
    const authorization = as ? `Bearer ${await app.tokenFor(as)}` : undefined;
    const run = async (apollo: ApolloServer<AppContext>) => {
      const contextValue = await buildContext(app.deps, { authorization, requestId: "parity" });
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      assert.equal(response.body.kind, "single");
      return { status: response.http.status, body: JSON.parse(JSON.stringify(response.body.kind === "single" ? response.body.singleResult : null)) };
    };
    const jit = await run(app.apollo);
    const js = await run(reference);
    assert.deepEqual(jit.body, js.body, `same response for ${query.slice(0, 60)}…`);
    assert.equal(jit.status, js.status);
    return jit.body as { data?: any; errors?: any[] };
  }

  it("GRAPHQL_EXECUTOR accepts jit or graphql-js and refuses anything else at start", () => {
    assert.equal(loadConfig({ ...TEST_ENV, GRAPHQL_EXECUTOR: "graphql-js" }).executor, "graphql-js");
    assert.throws(() => loadConfig({ ...TEST_ENV, GRAPHQL_EXECUTOR: "fast" }), (e: Error) => e instanceof ConfigError && /GRAPHQL_EXECUTOR must be jit or graphql-js/.test(e.message));
  });

  const FEED = `query($first: Int!, $after: String) { articles(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename id title summary byline tags likeCount commentCount viewerHasLiked publishedAt status
      author { id username displayName roles } } } } }`;

  it("the feed, anonymous and signed in, page by page", async () => {
    const first = await both(FEED, { first: 2 });
    assert.equal(first.data.articles.edges.length, 2);
    await both(FEED, { first: 2, after: first.data.articles.pageInfo.endCursor });
    await both(FEED, { first: 3 }, reader);
  });

  it("an article page with threads, replies, fragments, aliases and directives", async () => {
    const res = await both(
      `query($id: ID!, $withReplies: Boolean!) {
        node(id: $id) { __typename id ...A }
        again: article(id: $id) { title comments(first: 2, orderBy: NEWEST) { edges { node { id } } } }
      }
      fragment A on Article { title bodyHtml commentCount comments(first: 10) { pageInfo { hasNextPage endCursor } edges { node {
        id body state createdAt replyCount author { displayName } replies(first: 1) @include(if: $withReplies) { totalCount edges { node { id replyTo { displayName } } } }
        skipped: body @skip(if: true)
      } } } }`,
      { id: articleId, withReplies: true },
      reader,
    );
    assert.equal(res.data.node.comments.edges.length, 3);
  });

  it("the report queue of a moderator: a union of targets and their reports", async () => {
    const res = await both(
      `{ reportQueue(first: 10) { edges { node { targetType count categories reporters { username }
         target { __typename ... on Article { title author { username } } ... on Comment { body } ... on User { username } } } } } }`,
      {},
      moderator,
    );
    assert.equal(res.data.reportQueue.edges.length, 5);
  });

  it("refusals: unauthenticated, forbidden, not found, invalid id, invalid and missing variables, validation", async () => {
    assert.equal((await both(`{ reportQueue(first: 5) { totalCount } }`, {}, reader)).errors![0].extensions.code, "FORBIDDEN");
    assert.equal((await both(`{ viewer { id } myReports(first: 1) { totalCount } }`)).errors![0].extensions.code, "UNAUTHENTICATED");
    assert.equal((await both(`query($id: ID!) { article(id: $id) { id } }`, { id: gid("Article", { id: 999 }) })).errors![0].extensions.code, "NOT_FOUND");
    await both(`query($id: ID!) { node(id: $id) { id } }`, { id: "not-a-global-id" });
    await both(`query($id: ID!) { node(id: $id) { id } }`, { id: hiddenCommentId });
    const badVariable = await both(`query($first: Int!) { articles(first: $first) { totalCount } }`, { first: "many" });
    assert.equal(badVariable.errors![0].extensions.code, "BAD_USER_INPUT");
    await both(`query($first: Int!) { articles(first: $first) { totalCount } }`, {});
    await both(`mutation($i: ReportContentInput!) { reportContent(input: $i) { id } }`, { i: { targetId: articleId, category: "NOT_A_CATEGORY" } }, reader);
    await both(`query { articles(first: 500) { totalCount } }`);
    await both(`mutation($i: CreateArticleInput!) { createArticle(input: $i) { id } }`, { i: { title: "", body: "" } }, reader);
  });
});
