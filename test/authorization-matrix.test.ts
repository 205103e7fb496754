import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getNamedType, isObjectType, type GraphQLField } from "graphql";
import { ArticleStatus } from "../src/modules/articles/article.entity";
import { SanctionLevel } from "../src/modules/moderation/moderation.enums";
import { Role } from "../src/modules/users/role";
import type { User } from "../src/modules/users/user.entity";
import { WebhookDelivery } from "../src/modules/webhooks/webhook.entity";
import { WebhookDeliveryStatus, WebhookEvent } from "../src/modules/webhooks/webhook-event";
import { getSchema } from "../src/schema";
import { toGlobalId } from "../src/shared/global-id";
import { buildAdmin, buildAuthor, buildEditor, buildModerator, buildUser, DEFAULT_PASSWORD } from "./factories";
import { buildApplication } from "./factories-content";
import { buildArticle, buildComment } from "./factories-comments";
import { buildApiToken, buildWebhook } from "./factories-partners";
import { articleTarget, buildReport } from "./factories-reports";
import { buildAppeal, buildSanction, DAY } from "./factories-safety";
import { createTestApp, expectOk, type TestApp } from "./harness";

/*
 * Every mutation of the schema × every kind of caller, from ONE table keyed by mutation name: a
 * mutation without a row fails the test. Each cell is a real call with minimal valid input built
 * by factories, asserting success or the exact `extensions.code`.
 */

const WHO = ["anonymous", "reader", "muted", "banned", "author", "editor", "moderator", "admin"] as const;
type Who = (typeof WHO)[number];
type Outcome = "OK" | "UNAUTHENTICATED" | "FORBIDDEN" | "AUTHOR_REQUIRED" | "ACCOUNT_MUTED" | "ACCOUNT_BANNED" | "CONFLICT";
type Expectations = Record<Who, Outcome>;

interface World {
  app: TestApp;
  users: Record<Exclude<Who, "anonymous">, User>;
  /** A user who is none of the callers, owning what anonymous callers act on. */
  spare: User;
  moderator2: User;
  admin: User;
}

interface Row {
  /** Variables for the call by `actor` (null = anonymous), built fresh for each cell. */
  vars: (actor: User | null, w: World) => Promise<Record<string, unknown>>;
  expect: Expectations;
}

/** Signed-in users may; anonymous callers must sign in; a ban refuses every mutation but a few. */
const signedIn = (o: Partial<Expectations> = {}): Expectations => ({
  anonymous: "UNAUTHENTICATED", reader: "OK", muted: "OK", banned: "ACCOUNT_BANNED", author: "OK", editor: "OK", moderator: "OK", admin: "OK", ...o,
});
/** Only these roles (ADMIN has every role). */
const roles = (...allowed: Who[]): Expectations =>
  signedIn(Object.fromEntries(["reader", "muted", "author", "editor", "moderator"].map((w) => [w, allowed.includes(w as Who) ? "OK" : "FORBIDDEN"])));
const everyone = (o: Partial<Expectations> = {}): Expectations => ({ ...signedIn({ anonymous: "OK", banned: "OK" }), ...o });

const gid = (type: string, row: { id: number }) => toGlobalId(type, row.id);
const owner = (actor: User | null, w: World) => actor ?? w.spare;
const now = () => new Date();
let seq = 0;

async function refreshTokenOf(w: World, user: User): Promise<string> {
  const r = expectOk(await w.app.exec(`mutation($i: LoginInput!) { login(input: $i) { refreshToken } }`, { i: { login: user.username, password: DEFAULT_PASSWORD } }));
  return r.login.refreshToken;
}

const TABLE: Record<string, Row> = {
  register: { vars: async () => ({ input: { username: `matrix_${++seq}_${Date.now() % 100000}`, email: `m${seq}_${Date.now()}@example.com`, password: "a-long-password", displayName: "矩阵" } }), expect: everyone({ banned: "ACCOUNT_BANNED" }) },
  login: { vars: async (a, w) => ({ input: { login: owner(a, w).username, password: DEFAULT_PASSWORD } }), expect: everyone() },
  refreshSession: { vars: async (a, w) => ({ refreshToken: await refreshTokenOf(w, owner(a, w)) }), expect: everyone({ banned: "ACCOUNT_BANNED" }) },
  logout: { vars: async (a, w) => ({ refreshToken: await refreshTokenOf(w, owner(a, w)) }), expect: everyone() },
  updateProfile: { vars: async () => ({ input: { bio: "矩阵测试" } }), expect: signedIn() },
  setUserRoles: { vars: async () => ({ input: { userId: gid("User", await buildUser(matrixApp.ds)), roles: [Role.AUTHOR] } }), expect: roles() },
  createApiToken: { vars: async () => ({ input: { name: "矩阵", scopes: ["READ_CONTENT"], expiresAt: new Date(Date.now() + 7 * DAY).toISOString() } }), expect: signedIn() },
  revokeApiToken: { vars: async (a, w) => ({ id: (await buildApiToken(w.app, owner(a, w))).apiToken.globalId }), expect: signedIn() },
  createWebhook: { vars: async () => ({ input: { url: "http://127.0.0.1:9/hook", events: ["ARTICLE_PUBLISHED"], secret: "a-secret-of-sixteen-chars" } }), expect: roles() },
  deleteWebhook: { vars: async (_a, w) => ({ id: (await buildWebhook(w.app.ds, w.admin)).globalId }), expect: roles() },
  retryWebhookDelivery: {
    vars: async (_a, w) => {
      const hook = await buildWebhook(w.app.ds, w.admin);
      const d = await w.app.ds.getRepository(WebhookDelivery).save(
        w.app.ds.getRepository(WebhookDelivery).create({ webhookId: hook.id, event: WebhookEvent.ARTICLE_PUBLISHED, eventId: "00000000-0000-4000-8000-000000000000", body: "{}", status: WebhookDeliveryStatus.FAILED, attempts: 10, nextAttemptAt: now(), lockedUntil: null, lastResponseCode: 500, lastError: "HTTP 500", createdAt: now(), deliveredAt: null }),
      );
      return { id: d.globalId };
    },
    expect: roles(),
  },
  createArticle: { vars: async () => ({ input: { title: "矩阵文章", body: "正文" } }), expect: signedIn() },
  updateArticle: { vars: async (a, w) => ({ input: { id: gid("Article", await buildArticle(w.app.ds, owner(a, w), { status: ArticleStatus.DRAFT, publishedAt: null })), title: "新标题" } }), expect: signedIn() },
  deleteArticle: { vars: async (a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, owner(a, w), { status: ArticleStatus.DRAFT, publishedAt: null })) }), expect: signedIn() },
  publishArticle: {
    vars: async (a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, owner(a, w), { status: ArticleStatus.DRAFT, publishedAt: null })) }),
    expect: signedIn({ reader: "AUTHOR_REQUIRED", muted: "ACCOUNT_MUTED", moderator: "AUTHOR_REQUIRED" }),
  },
  submitArticle: { vars: async (a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, owner(a, w), { status: ArticleStatus.DRAFT, publishedAt: null })) }), expect: signedIn({ muted: "ACCOUNT_MUTED" }) },
  unpublishArticle: { vars: async (a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, owner(a, w))) }), expect: signedIn() },
  reviewSubmission: {
    vars: async (_a, w) => ({ input: { articleId: gid("Article", await buildArticle(w.app.ds, w.spare, { status: ArticleStatus.SUBMITTED, publishedAt: null, submittedAt: now() })), accept: true } }),
    expect: roles("editor"),
  },
  likeArticle: { vars: async (_a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, w.spare)) }), expect: signedIn() },
  unlikeArticle: { vars: async (_a, w) => ({ id: gid("Article", await buildArticle(w.app.ds, w.spare)) }), expect: signedIn() },
  applyForAuthorship: {
    vars: async () => ({ input: { penName: "矩阵笔名", bio: "简介", motivation: "想写作" } }),
    expect: signedIn({ author: "CONFLICT", editor: "CONFLICT", admin: "CONFLICT" }),
  },
  reviewAuthorApplication: { vars: async (_a, w) => ({ input: { applicationId: gid("AuthorApplication", await buildApplication(w.app.ds, await buildUser(w.app.ds))), approve: true } }), expect: roles("editor") },
  addComment: { vars: async (_a, w) => ({ input: { articleId: gid("Article", await buildArticle(w.app.ds, w.spare)), body: "评论" } }), expect: signedIn({ muted: "ACCOUNT_MUTED" }) },
  editComment: { vars: async (a, w) => ({ input: { id: gid("Comment", await buildComment(w.app.ds, await buildArticle(w.app.ds, w.spare), owner(a, w))), body: "改过" } }), expect: signedIn({ muted: "ACCOUNT_MUTED" }) },
  deleteComment: { vars: async (a, w) => ({ id: gid("Comment", await buildComment(w.app.ds, await buildArticle(w.app.ds, w.spare), owner(a, w))) }), expect: signedIn() },
  markNotificationsRead: { vars: async () => ({}), expect: signedIn() },
  issueSanction: { vars: async () => ({ input: { userId: gid("User", await buildUser(matrixApp.ds)), ruleCode: "2.6" } }), expect: roles("moderator") },
  liftSanction: {
    vars: async (_a, w) => ({ input: { sanctionId: (await buildSanction(w.app.ds, { issuer: w.moderator2, startsAt: new Date(Date.now() - 60_000) })).globalId, reason: "误判" } }),
    expect: roles("moderator"),
  },
  appealSanction: {
    // An expired sanction of the caller's own (so appealing changes nobody's standing), still within 30 days.
    vars: async (a, w) => ({ input: { sanctionId: (await buildSanction(w.app.ds, { user: owner(a, w), issuer: w.moderator2, startsAt: new Date(Date.now() - 2 * DAY) })).globalId, statement: "我认为这次处罚过重，请复核。" } }),
    expect: signedIn({ banned: "OK" }),
  },
  decideAppeal: {
    vars: async (_a, w) => ({ input: { appealId: gid("Appeal", await buildAppeal(w.app.ds, await buildSanction(w.app.ds, { issuer: w.moderator2, startsAt: new Date(Date.now() - 60_000) }))), outcome: "UPHOLD" } }),
    expect: roles("moderator"),
  },
  reportContent: { vars: async (_a, w) => ({ input: { targetId: gid("Article", await buildArticle(w.app.ds, w.spare)), category: "SPAM" } }), expect: signedIn() },
  resolveReport: {
    vars: async (_a, w) => {
      const article = await buildArticle(w.app.ds, w.spare);
      return { input: { reportId: (await buildReport(w.app.ds, { reporter: await buildUser(w.app.ds), target: articleTarget(article) })).globalId, decision: "DISMISS" } };
    },
    expect: roles("moderator"),
  },
};

let matrixApp: TestApp;

/** `mutation($a: T!, …) { field(a: $a, …) { __typename } }` from the schema's own definition. */
function documentFor(field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const selection = isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
  return `mutation${defs ? `(${defs})` : ""} { ${field.name}${args ? `(${args})` : ""}${selection} }`;
}

describe("authorization matrix: every mutation × every kind of caller", () => {
  let world: World;
  before(async () => {
    matrixApp = await createTestApp();
    const ds = matrixApp.ds;
    const moderator2 = await buildModerator(ds);
    const users = {
      reader: await buildUser(ds),
      muted: await buildUser(ds),
      banned: await buildUser(ds),
      author: await buildAuthor(ds),
      editor: await buildEditor(ds),
      moderator: await buildModerator(ds),
      admin: await buildAdmin(ds),
    };
    await buildSanction(ds, { user: users.muted, issuer: moderator2, level: SanctionLevel.MUTE_PERMANENT, startsAt: new Date(Date.now() - DAY) });
    await buildSanction(ds, { user: users.banned, issuer: moderator2, level: SanctionLevel.BAN, startsAt: new Date(Date.now() - DAY) });
    world = { app: matrixApp, users, spare: await buildAuthor(ds), moderator2, admin: await buildAdmin(ds) };
  });
  after(() => matrixApp.close());

  it("the table has exactly one row per Mutation field of the schema", async () => {
    const fields = Object.keys((await getSchema()).getMutationType()!.getFields()).sort();
    assert.deepEqual(Object.keys(TABLE).sort(), fields, "add a row to TABLE for each new mutation (and remove rows of removed ones)");
  });

  it("each cell: a real call with minimal valid input succeeds or fails with the exact code", async () => {
    const mutations = (await getSchema()).getMutationType()!.getFields();
    const mismatches: string[] = [];
    for (const [name, row] of Object.entries(TABLE)) {
      const field = mutations[name];
      if (!field) continue; // reported by the test above
      const doc = documentFor(field);
      for (const who of WHO) {
        const actor = who === "anonymous" ? null : world.users[who];
        const vars = await row.vars(actor, world);
        const result = await matrixApp.exec(doc, vars, actor ? { as: actor } : {});
        const got = result.errors?.length ? String(result.errors[0].extensions?.code) : "OK";
        if (got !== row.expect[who]) mismatches.push(`${name} as ${who}: expected ${row.expect[who]}, got ${got}${result.errors?.length ? ` (${result.errors[0].extensions?.reason}: ${result.errors[0].message})` : ""}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
