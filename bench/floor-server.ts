/**
 * The raw-SQL floor of `npm run bench`: a bare node:http + mysql2 handler that answers the bench's
 * operations with the minimal hand-written SQL and builds the same `data` as the project (checked
 * by the runner before timing). No GraphQL, no ORM, no validation beyond what the answer needs.
 *
 * The feed uses the same deferred join as the project (ids from the covering index, then rows by
 * primary key): without it MariaDB scans from the top of the index at deep cursors.
 * Statements: feed 1 (+1 session check when signed in), article page 3 (article, comments with
 * authors, first replies of every thread with their users in one UNION ALL), report queue 1
 * (session) + 2 + one per target type on the page.
 * Environment: DATABASE_URL, PORT, JWT_SECRET (the bench's), DB_POOL_SIZE (default 10).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createPool, type RowDataPacket } from "mysql2/promise";
import { loadConfig } from "../src/config";
import { verifyAccessToken } from "../src/modules/auth/tokens";

const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: process.env.JWT_SECRET, DATABASE_URL: process.env.DATABASE_URL });
const pool = createPool({ uri: process.env.DATABASE_URL!, timezone: "Z", charset: "utf8mb4_unicode_ci", connectionLimit: Number(process.env.DB_POOL_SIZE ?? 10), supportBigNumbers: true });
let statements = 0;

async function q(sql: string, params: unknown[]): Promise<RowDataPacket[]> {
  statements++;
  const [rows] = await pool.query<RowDataPacket[]>(sql, params);
  return rows;
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, "utf8").toString("base64");
const cursor = (values: (string | number)[]) => Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
const decodeCursor = (c: string) => JSON.parse(Buffer.from(c, "base64url").toString("utf8")) as (string | number)[];
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const SEP = "\u001f";

async function viewerOf(authorization: string | undefined): Promise<{ id: number; roles: string } | null> {
  if (!authorization) return null;
  const claims = await verifyAccessToken(config, authorization.replace(/^Bearer\s+/i, ""), new Date());
  const rows = await q("SELECT u.id, u.roles FROM users u JOIN auth_sessions s ON s.userId = u.id AND s.id = ? AND s.revokedAt IS NULL AND s.expiresAt > ? WHERE u.id = ?", [
    claims.sessionId,
    new Date(),
    claims.userId,
  ]);
  if (!rows.length) throw new Error("session revoked");
  return { id: rows[0].id as number, roles: String(rows[0].roles) };
}

async function feed(viewer: number | null, first: number, after: string | null) {
  const params: unknown[] = [viewer ?? 0];
  let keyset = "";
  if (after) {
    const [ms, id] = decodeCursor(after) as number[];
    keyset = "AND (a.publishedAt < ? OR (a.publishedAt = ? AND a.id < ?))";
    params.push(new Date(ms), new Date(ms), id);
  }
  params.push(first + 1);
  const rows = await q(
    `SELECT a.id, a.title, a.summary, a.likeCount, a.commentCount, a.publishedAt, u.id AS uid, u.username, u.displayName,
       (SELECT p.penName FROM author_applications p WHERE p.userId = a.authorId AND p.status = 'APPROVED' ORDER BY p.id DESC LIMIT 1) AS penName,
       (SELECT GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR '${SEP}') FROM article_tags t WHERE t.articleId = a.id) AS tags,
       EXISTS (SELECT 1 FROM article_likes l WHERE l.userId = ? AND l.articleId = a.id) AS liked
     FROM (SELECT a.id FROM articles a WHERE a.status = 'PUBLISHED' AND a.moderationState = 'VISIBLE' ${keyset}
           ORDER BY a.publishedAt DESC, a.id DESC LIMIT ?) p
     JOIN articles a ON a.id = p.id JOIN users u ON u.id = a.authorId
     ORDER BY a.publishedAt DESC, a.id DESC`,
    params,
  );
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({
    cursor: cursor([(r.publishedAt as Date).getTime(), r.id]),
    node: {
      id: gid("Article", r.id),
      title: r.title,
      summary: r.summary,
      byline: r.penName ?? r.displayName,
      tags: r.tags ? String(r.tags).split(SEP) : [],
      likeCount: r.likeCount,
      commentCount: r.commentCount,
      viewerHasLiked: viewer !== null && Number(r.liked) === 1,
      publishedAt: iso(r.publishedAt),
      author: { id: gid("User", r.uid), username: r.username, displayName: r.displayName, penName: r.penName ?? null },
    },
  }));
  return { articles: { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null } } };
}

const USER_COLS = (alias: string, prefix: string) => `${alias}.id AS ${prefix}id, ${alias}.username AS ${prefix}username, ${alias}.displayName AS ${prefix}displayName`;

async function articlePage(globalId: string, first: number, replies: number) {
  const id = Number(Buffer.from(globalId, "base64").toString("utf8").split(":")[1]);
  const [article] = await q("SELECT id, title, bodyHtml, commentCount FROM articles WHERE id = ? AND status = 'PUBLISHED' AND moderationState = 'VISIBLE'", [id]);
  if (!article) return { node: null };
  const top = await q(
    `SELECT c.id, c.body, c.state, c.createdAt, c.replyCount, ${USER_COLS("u", "a_")} FROM comments c JOIN users u ON u.id = c.authorId
     WHERE c.articleId = ? AND c.parentId IS NULL ORDER BY c.createdAt ASC, c.id ASC LIMIT ?`,
    [id, first + 1],
  );
  const threads = top.slice(0, first);
  const withReplies = threads.filter((t) => t.replyCount > 0).map((t) => t.id as number);
  const replyRows = withReplies.length
    ? await q(
        `SELECT r.id, r.parentId, r.body, r.state, r.createdAt, ${USER_COLS("u", "a_")}, ${USER_COLS("ru", "r_")}
         FROM comments r JOIN users u ON u.id = r.authorId LEFT JOIN users ru ON ru.id = r.replyToUserId
         WHERE r.id IN (SELECT x.id FROM (${withReplies.map(() => `SELECT y.id FROM (SELECT id FROM comments WHERE parentId = ? ORDER BY id LIMIT ${replies + 1}) y`).join(" UNION ALL ")}) x)
         ORDER BY r.parentId, r.id`,
        withReplies,
      )
    : [];
  const byParent = new Map<number, RowDataPacket[]>();
  for (const r of replyRows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const body = (r: RowDataPacket) => (r.state === "VISIBLE" ? r.body : null);
  const edges = threads.map((t) => {
    const rs = byParent.get(t.id) ?? [];
    const shown = rs.slice(0, replies);
    const replyEdges = shown.map((r) => ({
      node: {
        id: gid("Comment", r.id),
        body: body(r),
        state: r.state,
        createdAt: iso(r.createdAt),
        author: { id: gid("User", r.a_id), username: r.a_username, displayName: r.a_displayName },
        replyTo: r.r_id === null ? null : { id: gid("User", r.r_id), displayName: r.r_displayName },
      },
    }));
    return {
      node: {
        id: gid("Comment", t.id),
        body: body(t),
        state: t.state,
        createdAt: iso(t.createdAt),
        replyCount: t.replyCount,
        author: { id: gid("User", t.a_id), username: t.a_username, displayName: t.a_displayName },
        replies: {
          pageInfo: { hasNextPage: rs.length > replies, endCursor: shown.length ? cursor([shown[shown.length - 1].id]) : null },
          edges: replyEdges,
        },
      },
    };
  });
  const last = threads[threads.length - 1];
  return {
    node: {
      id: gid("Article", article.id),
      title: article.title,
      bodyHtml: article.bodyHtml,
      commentCount: article.commentCount,
      comments: {
        pageInfo: { hasNextPage: top.length > first, endCursor: last ? cursor(["OLDEST", (last.createdAt as Date).getTime(), last.id]) : null },
        edges,
      },
    },
  };
}

const TYPE_ENUM: Record<string, string> = { Article: "ARTICLE", Comment: "COMMENT", User: "USER" };

/**
 * W3, the moderator's queue: the page of groups, then concurrently the reports of those groups
 * joined with their reporters and one statement per target type (articles with authors, comments
 * with authors — joined with their article, which must exist — and users).
 */
async function reportQueue(viewer: { id: number; roles: string } | null, first: number) {
  if (!viewer || !viewer.roles.split(",").includes("MODERATOR")) throw new Error("moderators only");
  const groups = await q(
    `SELECT r.targetType, r.targetId, COUNT(DISTINCT r.reporterId) AS reporters, COUNT(*) AS reports, MIN(r.createdAt) AS firstAt, MAX(r.createdAt) AS lastAt
     FROM reports r WHERE r.status = 'OPEN' GROUP BY r.targetType, r.targetId
     ORDER BY reporters DESC, firstAt ASC, r.targetType ASC, r.targetId ASC LIMIT ?`,
    [first + 1],
  );
  const page = groups.slice(0, first);
  const idsOf = (type: string) => page.filter((g) => g.targetType === type).map((g) => g.targetId as number);
  const byType = ["Article", "Comment", "User"].filter((t) => idsOf(t).length);
  const none = Promise.resolve([] as RowDataPacket[]);
  const [reports, articles, comments, users] = await Promise.all([
    page.length
      ? q(
          `SELECT r.id, r.targetType, r.targetId, r.reporterId, r.category, r.ruleCode, r.details, r.createdAt, u.username, u.displayName
           FROM reports r JOIN users u ON u.id = r.reporterId
           WHERE r.status = 'OPEN' AND (${byType.map(() => "(r.targetType = ? AND r.targetId IN (?))").join(" OR ")}) ORDER BY r.createdAt ASC, r.id ASC`,
          byType.flatMap((t) => [t, idsOf(t)]),
        )
      : none,
    idsOf("Article").length
      ? q(`SELECT a.id, a.title, a.status, a.moderationState, ${USER_COLS("u", "a_")} FROM articles a JOIN users u ON u.id = a.authorId WHERE a.id IN (?)`, [idsOf("Article")])
      : none,
    idsOf("Comment").length
      ? q(
          `SELECT c.id, c.body, c.state, c.createdAt, ${USER_COLS("u", "a_")} FROM comments c JOIN users u ON u.id = c.authorId JOIN articles a ON a.id = c.articleId WHERE c.id IN (?)`,
          [idsOf("Comment")],
        )
      : none,
    idsOf("User").length ? q("SELECT id, username, displayName FROM users WHERE id IN (?)", [idsOf("User")]) : none,
  ]);
  const author = (r: RowDataPacket) => ({ id: gid("User", r.a_id), username: r.a_username, displayName: r.a_displayName });
  const targets = new Map<string, unknown>();
  for (const a of articles) targets.set(`Article:${a.id}`, { __typename: "Article", id: gid("Article", a.id), title: a.title, status: a.status, moderationState: a.moderationState, author: author(a) });
  for (const c of comments)
    targets.set(`Comment:${c.id}`, { __typename: "Comment", id: gid("Comment", c.id), body: c.state === "DELETED" ? null : c.body, state: c.state, createdAt: iso(c.createdAt), author: author(c) });
  for (const u of users) targets.set(`User:${u.id}`, { __typename: "User", id: gid("User", u.id), username: u.username, displayName: u.displayName });
  const reportsOf = new Map<string, RowDataPacket[]>();
  for (const r of reports) {
    const k = `${r.targetType}:${r.targetId}`;
    const list = reportsOf.get(k);
    if (list) list.push(r);
    else reportsOf.set(k, [r]);
  }
  const edges = page.map((g) => {
    const k = `${g.targetType}:${g.targetId}`;
    const rs = reportsOf.get(k) ?? [];
    const reporters = new Map<number, RowDataPacket>();
    for (const r of rs) if (!reporters.has(r.reporterId)) reporters.set(r.reporterId, r);
    const counts = new Map<string, number>();
    for (const r of rs) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
    const c = cursor([Number(g.reporters), (g.firstAt as Date).getTime(), g.targetType, g.targetId]);
    return {
      cursor: c,
      node: {
        targetId: gid(g.targetType, g.targetId),
        targetType: TYPE_ENUM[g.targetType],
        status: "OPEN",
        count: Number(g.reporters),
        reportCount: Number(g.reports),
        firstReportedAt: iso(g.firstAt),
        lastReportedAt: iso(g.lastAt),
        categories: [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([cat]) => cat),
        reporters: [...reporters.values()].map((r) => ({ id: gid("User", r.reporterId), username: r.username, displayName: r.displayName })),
        reports: rs.map((r) => ({ id: gid("Report", r.id), category: r.category, ruleCode: r.ruleCode, details: r.details, createdAt: iso(r.createdAt) })),
        target: targets.get(k) ?? null,
      },
    };
  });
  return { reportQueue: { pageInfo: { hasNextPage: groups.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, edges } };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/debug/stats") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ statements, rss: process.memoryUsage().rss }));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { operationName, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const viewer = await viewerOf(req.headers.authorization);
  let data: unknown;
  if (operationName === "BenchReportQueue") data = await reportQueue(viewer, variables.first);
  else if (operationName === "BenchFeed") data = await feed(viewer?.id ?? null, variables.first, variables.after ?? null);
  else if (operationName === "BenchArticlePage") data = await articlePage(variables.id, variables.first, variables.replies);
  else throw new Error(`unknown operation ${operationName}`);
  const payload = JSON.stringify({ data });
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) }).end(payload);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(err?.message ?? err) }] }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 4100), "127.0.0.1", () => process.send?.("ready"));
