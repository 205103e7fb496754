import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CombinedGraphQLErrors, gql } from "@apollo/client";
import { notify, NotificationType } from "../src/modules/notifications/notification.service";
import { User } from "../src/modules/users/user.entity";
import { buildModerator, buildUser, DEFAULT_PASSWORD } from "./factories";
import { buildArticle, buildComment } from "./factories-comments";
import { createApolloClient } from "./support/apollo-client";
import { createTestApp, type TestApp } from "./harness";

const REGISTER = gql`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken user { id username displayName } }
  }
`;
const LOGIN = gql`
  mutation Login($input: LoginInput!) {
    login(input: $input) { accessToken user { id username } }
  }
`;
const VIEWER = gql`
  query Viewer { viewer { id username displayName bio roles } }
`;
const UPDATE_PROFILE = gql`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { id displayName bio }
  }
`;
const NOTIFICATIONS = gql`
  query Notifications($first: Int, $after: String) {
    notifications(first: $first, after: $after) {
      totalCount
      edges { cursor node { id type message readAt } }
      pageInfo { hasNextPage endCursor }
    }
    unreadNotificationCount
  }
`;
const MARK_READ = gql`
  mutation MarkRead { markNotificationsRead }
`;
const CREATE_TOKEN = gql`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { token apiToken { id name scopes } }
  }
`;

const REPORT = gql`
  mutation Report($input: ReportContentInput!) {
    reportContent(input: $input) { id status category }
  }
`;
const QUEUE = gql`
  query Queue($first: Int) {
    reportQueue(first: $first) {
      edges { node { targetId count reporters { id username } reports { id details } target { __typename ... on Comment { id body state } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const RESOLVE = gql`
  mutation Resolve($input: ResolveReportInput!) {
    resolveReport(input: $input) { id status decision resolutionNote }
  }
`;
const MY_REPORTS = gql`
  query MyReports {
    myReports(first: 10) { edges { node { id status decision resolvedAt resolutionNote target { __typename } } } }
  }
`;

/** The code of a GraphQL error as Apollo Client 4 surfaces it. */
function codeOf(err: unknown): { code?: unknown; reason?: unknown } {
  assert.ok(CombinedGraphQLErrors.is(err), `expected GraphQL errors, got ${String(err)}`);
  const ext = err.errors[0].extensions ?? {};
  return { code: ext.code, reason: ext.reason };
}

describe("Apollo Client against the live server", () => {
  let app: TestApp;
  let url: string;
  before(async () => {
    app = await createTestApp();
    url = await app.listen();
  });
  after(() => app.close());

  const username = `client_${Date.now().toString(36)}`;

  it("registers, reads the viewer, and sees a profile edit through the normalised cache", async () => {
    const { client, setToken } = createApolloClient(url);
    const reg = await client.mutate({ mutation: REGISTER, variables: { input: { username, email: `${username}@example.com`, password: "a-long-password", displayName: "客户端用户" } } });
    const payload = (reg.data as any).register;
    assert.equal(payload.user.username, username);
    setToken(payload.accessToken);

    const first = await client.query({ query: VIEWER });
    assert.equal((first.data as any).viewer.displayName, "客户端用户");
    assert.deepEqual((first.data as any).viewer.roles, ["READER"]);

    await client.mutate({ mutation: UPDATE_PROFILE, variables: { input: { displayName: "改名了 ✍️", bio: "你好" } } });
    // No refetch: the mutation result updated the User entity the viewer query points at.
    const cached = client.readQuery({ query: VIEWER }) as any;
    assert.equal(cached.viewer.displayName, "改名了 ✍️");
    assert.equal(cached.viewer.bio, "你好");
    assert.ok((client.cache.extract() as Record<string, unknown>)[`User:${payload.user.id}`], "objects are normalised by their global id");
  });

  it("logs in; a wrong password surfaces as UNAUTHENTICATED / INVALID_CREDENTIALS", async () => {
    const { client } = createApolloClient(url);
    const ok = await client.mutate({ mutation: LOGIN, variables: { input: { login: username, password: "a-long-password" } } });
    assert.equal((ok.data as any).login.user.username, username);
    await assert.rejects(client.mutate({ mutation: LOGIN, variables: { input: { login: username, password: "wrong-password" } } }), (err) => {
      assert.deepEqual(codeOf(err), { code: "UNAUTHENTICATED", reason: "INVALID_CREDENTIALS" });
      return true;
    });
  });

  it("pages through notifications with fetchMore and merges the pages in the cache; marks them read", async () => {
    const { client, setToken } = createApolloClient(url);
    const login = await client.mutate({ mutation: LOGIN, variables: { input: { login: username, password: "a-long-password" } } });
    setToken((login.data as any).login.accessToken);
    const user = await app.ds.getRepository(User).findOneByOrFail({ username });
    const ctx = { ds: app.ds, config: app.config, log: app.deps.log, now: new Date(), viewer: null };
    await notify(ctx, [1, 2, 3].map((n) => ({ userId: user.id, type: NotificationType.SUBMISSION_ACCEPTED, message: `第 ${n} 条通知` })));

    const page1 = await client.query({ query: NOTIFICATIONS, variables: { first: 2 } });
    const data1 = page1.data as any;
    assert.equal(data1.notifications.totalCount, 3);
    assert.equal(data1.notifications.edges.length, 2);
    assert.equal(data1.unreadNotificationCount, 3);
    assert.equal(data1.notifications.pageInfo.hasNextPage, true);

    const observable = client.watchQuery({ query: NOTIFICATIONS, variables: { first: 2 } });
    await observable.fetchMore({ variables: { after: data1.notifications.pageInfo.endCursor } });
    const merged = client.readQuery({ query: NOTIFICATIONS, variables: { first: 2 } }) as any;
    assert.deepEqual(
      merged.notifications.edges.map((e: any) => e.node.message),
      ["第 3 条通知", "第 2 条通知", "第 1 条通知"],
      "relayStylePagination merged both pages",
    );

    const marked = await client.mutate({ mutation: MARK_READ });
    assert.equal((marked.data as any).markNotificationsRead, 3);
    const fresh = await client.query({ query: NOTIFICATIONS, variables: { first: 2 }, fetchPolicy: "network-only" });
    assert.equal((fresh.data as any).unreadNotificationCount, 0);
  });

  it("a partner client uses an API token: reads with it, and is refused account management (INSUFFICIENT_SCOPE)", async () => {
    const web = createApolloClient(url);
    const login = await web.client.mutate({ mutation: LOGIN, variables: { input: { login: username, password: "a-long-password" } } });
    web.setToken((login.data as any).login.accessToken);
    const created = await web.client.mutate({
      mutation: CREATE_TOKEN,
      variables: { input: { name: "合作方同步", scopes: ["READ_CONTENT"], expiresAt: new Date(Date.now() + 7 * 86400_000).toISOString() } },
    });
    const partner = createApolloClient(url);
    partner.setToken((created.data as any).createApiToken.token);
    const me = await partner.client.query({ query: VIEWER });
    assert.equal((me.data as any).viewer.username, username);
    await assert.rejects(partner.client.mutate({ mutation: UPDATE_PROFILE, variables: { input: { bio: "x" } } }), (err) => {
      assert.deepEqual(codeOf(err), { code: "FORBIDDEN", reason: "INSUFFICIENT_SCOPE" });
      return true;
    });
  });

  it("the report flow: a reader reports a comment, a moderator sees it in reportQueue and resolves it, the reader sees the outcome in myReports", async () => {
    const author = await buildUser(app.ds);
    const reader = await buildUser(app.ds);
    const mod = await buildModerator(app.ds);
    const comment = await buildComment(app.ds, await buildArticle(app.ds, author), author, { body: "带有人身攻击的评论" });
    const signIn = async (u: User) => {
      const c = createApolloClient(url);
      const login = await c.client.mutate({ mutation: LOGIN, variables: { input: { login: u.username, password: DEFAULT_PASSWORD } } });
      c.setToken((login.data as any).login.accessToken);
      return c.client;
    };
    const readerClient = await signIn(reader);
    const filed = await readerClient.mutate({ mutation: REPORT, variables: { input: { targetId: comment.globalId, category: "UNFRIENDLY", ruleCode: "2.6", details: "辱骂他人" } } });
    assert.equal((filed.data as any).reportContent.status, "OPEN");
    await assert.rejects(readerClient.query({ query: QUEUE, variables: { first: 10 } }), (err) => {
      assert.deepEqual(codeOf(err), { code: "FORBIDDEN", reason: "ROLE_REQUIRED" });
      return true;
    });

    const modClient = await signIn(mod);
    const queue = (await modClient.query({ query: QUEUE, variables: { first: 10 } })).data as any;
    const entry = queue.reportQueue.edges[0].node;
    assert.equal(entry.count, 1);
    assert.deepEqual(entry.reporters.map((u: any) => u.username), [reader.username]);
    assert.deepEqual(entry.target, { __typename: "Comment", id: comment.globalId, body: "带有人身攻击的评论", state: "VISIBLE" });
    const resolved = await modClient.mutate({ mutation: RESOLVE, variables: { input: { reportId: entry.reports[0].id, decision: "REMOVE_CONTENT", note: "违反公约第 2.6 条，已删除" } } });
    assert.equal((resolved.data as any).resolveReport.status, "RESOLVED");
    // Decided reports leave the OPEN queue.
    const empty = (await modClient.query({ query: QUEUE, variables: { first: 10 }, fetchPolicy: "network-only" })).data as any;
    assert.equal(empty.reportQueue.edges.length, 0);

    const mine = (await readerClient.query({ query: MY_REPORTS })).data as any;
    const node = mine.myReports.edges[0].node;
    assert.deepEqual(
      { status: node.status, decision: node.decision, note: node.resolutionNote, hasDate: typeof node.resolvedAt === "string" },
      { status: "RESOLVED", decision: "REMOVE_CONTENT", note: "违反公约第 2.6 条，已删除", hasDate: true },
    );
    assert.equal(node.target.__typename, "Comment", "the reader still sees the removed comment's placeholder");
  });
});
