/**
 * Benchmark data generator (`npm run bench:seed`): drops and recreates the bench database, runs the
 * app's migrations, then bulk-loads 10k users, 100k articles with tags, 1M comments with replies,
 * 2M likes, sanctions, ~20k reports, keeping every counter column
 * consistent with the rows, then ANALYZEs the tables. Deterministic (seeded PRNG).
 *
 * Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/zhiyan_bench),
 * BENCH_SCALE (default 1; 0.1 makes a tenth of everything, for a quick try).
 */
import "reflect-metadata";
import { createConnection, type Connection } from "mysql2/promise";
import { openDatabase } from "../src/app";
import { loadConfig } from "../src/config";
import { hashPassword } from "../src/modules/auth/passwords";
import { BENCH, benchDatabaseUrl, mulberry32 } from "./common";

const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const N_USERS = Math.round(10_000 * SCALE);
const N_ARTICLES = Math.round(100_000 * SCALE);
const N_COMMENTS = Math.round(1_000_000 * SCALE);
const N_LIKES = Math.round(2_000_000 * SCALE);
const N_AUTHORS = Math.round(N_USERS / 5);
const BATCH = 4000;

const rnd = mulberry32(20260601);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞宇浩然子轩雨欣思远晨曦".split("");
const TOPICS = ["分布式", "数据库", "前端", "后端", "go语言", "rust", "typescript", "算法", "产品", "设计", "运维", "安全", "机器学习", "开源", "职场", "读书", "摄影", "旅行", "美食", "健身"];
const TAGS = [...TOPICS, ...Array.from({ length: 180 }, (_, i) => `话题${i + 1}`)];
const PHRASES = ["写得很清楚", "学到了", "这个观点我不太同意", "能不能展开讲讲", "收藏了", "实测有效", "第三部分有个小错误", "感谢分享", "同问", "我们团队也遇到过类似的问题", "期待下一篇", "数据来源是哪里", "有没有参考资料", "楼上说得对", "补充一点经验"];
const TITLES = ["从零理解", "深入浅出", "聊聊", "一文读懂", "实战：", "为什么", "如何设计", "踩坑记录：", "再谈", "笔记："];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
/** UTC 'YYYY-MM-DD HH:MM:SS.mmm', what a datetime(3) column stores under timezone 'Z'. */
const sqlDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};

class BulkInserter {
  private rows: unknown[][] = [];
  inserted = 0;
  constructor(private readonly conn: Connection, private readonly table: string, private readonly columns: string[]) {}
  async add(row: unknown[]): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.conn.query(`INSERT INTO \`${this.table}\` (${this.columns.map((c) => `\`${c}\``).join(", ")}) VALUES ?`, [rows]);
    this.inserted += rows.length;
  }
}

function log(msg: string): void {
  process.stdout.write(`[bench:seed ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const url = new URL(benchDatabaseUrl());
  const dbName = url.pathname.slice(1);
  if (dbName === "test" || !/^[A-Za-z0-9_]+$/.test(dbName)) throw new Error(`refusing to (re)create database "${dbName}"`);
  const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  log(`database ${dbName} recreated; running migrations`);
  const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: BENCH.jwtSecret, DATABASE_URL: url.toString(), DB_STATEMENT_TIMEOUT_MS: "0" });
  const ds = await openDatabase(config);
  const convention = (await ds.query(`SELECT version, code, category FROM convention_rules ORDER BY version, code`)) as { version: string; code: string; category: string }[];
  await ds.destroy();

  const conn = await createConnection({ uri: url.toString(), timezone: "Z", charset: "utf8mb4_unicode_ci" });
  await conn.query("SET foreign_key_checks = 0, unique_checks = 0, autocommit = 0");
  const now = Date.now();
  const DAY = 86400_000;
  const commit = () => conn.query("COMMIT");

  // ---- users: 1 = the signed-in bench viewer, 2 = a moderator (W3), 3..N_AUTHORS+2 authors, the rest readers
  const passwordHash = await hashPassword(BENCH.password);
  const users = new BulkInserter(conn, "users", ["id", "username", "email", "passwordHash", "displayName", "bio", "avatarUrl", "roles", "createdAt", "updatedAt"]);
  const apps = new BulkInserter(conn, "author_applications", ["userId", "pendingKey", "penName", "bio", "motivation", "sampleUrls", "status", "reviewNote", "reviewedById", "reviewedAt", "createdAt", "updatedAt"]);
  const authorIds: number[] = [];
  for (let id = 1; id <= N_USERS; id++) {
    const roles = id === 1 ? "READER" : id === 2 ? "READER,MODERATOR" : id <= N_AUTHORS + 2 ? "READER,AUTHOR" : "READER";
    if (id > 2 && id <= N_AUTHORS + 2) authorIds.push(id);
    const created = now - int(400, 800) * DAY;
    const name = `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`;
    await users.add([id, id === 1 ? BENCH.viewerUsername : id === 2 ? BENCH.moderatorUsername : `user${id}`, `user${id}@bench.example`, passwordHash, name, rnd() < 0.5 ? `${name}的个人简介` : null, null, roles, sqlDate(created), sqlDate(created)]);
    // two thirds of the authors have a pen name (an approved application)
    if (id > 2 && id <= N_AUTHORS + 2 && id % 3 !== 0) {
      await apps.add([id, null, `笔名${id}`, "简介", "想分享经验", "[]", "APPROVED", "欢迎", 2, sqlDate(created + DAY), sqlDate(created), sqlDate(created + DAY)]);
    }
  }
  await users.flush();
  await apps.flush();
  await commit();
  log(`${users.inserted} users, ${apps.inserted} pen names`);

  // ---- articles and tags. Publication times spread over two years, many sharing a second (ties).
  const articles = new BulkInserter(conn, "articles", [
    "id", "authorId", "title", "summary", "body", "bodyHtml", "originality", "sourceName", "sourceUrl", "reprintPolicy", "status", "moderationState",
    "commentsEnabled", "likeCount", "commentCount", "viewCount", "reviewNote", "reviewedById", "submittedAt", "publishedAt", "createdAt", "updatedAt",
  ]);
  const tags = new BulkInserter(conn, "article_tags", ["articleId", "tag"]);
  // Popularity (likes) and discussion (comments) per article: heavy-tailed weights.
  const likeWeight = new Float64Array(N_ARTICLES + 1);
  const commentWeight = new Float64Array(N_ARTICLES + 1);
  const published = new Uint8Array(N_ARTICLES + 1);
  const articleAuthor = new Int32Array(N_ARTICLES + 1);
  const publishedAtMs = new Float64Array(N_ARTICLES + 1);
  // comments and likes are generated first (in memory) so the article rows carry exact counters
  const span = 730 * DAY;
  for (let id = 1; id <= N_ARTICLES; id++) {
    const r = rnd();
    const status = r < 0.94 ? "PUBLISHED" : r < 0.97 ? "DRAFT" : r < 0.985 ? "SUBMITTED" : "UNPUBLISHED";
    published[id] = status === "PUBLISHED" ? (rnd() < 0.01 ? 2 /* hidden by reports */ : 1) : 0;
    // ids grow with time, with jitter, and ~20 % of rows share their second with a neighbour
    const t = now - span + Math.floor((id / N_ARTICLES) * span) - int(0, 3600_000);
    publishedAtMs[id] = Math.floor(t / 1000) * 1000 - (rnd() < 0.2 ? 0 : int(0, 999));
    likeWeight[id] = published[id] === 1 ? Math.pow(rnd(), 3) : 0;
    commentWeight[id] = published[id] === 1 ? Math.pow(rnd(), 2) : 0;
  }
  // The article of W2: the newest published article gets 60 threads of 5 replies each.
  let pageArticleId = N_ARTICLES;
  while (published[pageArticleId] !== 1) pageArticleId--;

  const likeCount = new Int32Array(N_ARTICLES + 1);
  const commentCount = new Int32Array(N_ARTICLES + 1);
  const sampler = (weights: Float64Array) => {
    const cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) cum[i] = s += weights[i];
    return () => {
      const x = rnd() * s;
      let lo = 1;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
  };

  // ---- likes: distinct (user, article) pairs
  const likePairs = new Map<number, Set<number>>(); // articleId -> users
  const sampleLike = sampler(likeWeight);
  let likeTotal = 0;
  // the viewer (user 1) likes every other article among the newest 40 published ones
  for (let id = N_ARTICLES, seen = 0; id > 0 && seen < 40; id--) {
    if (published[id] !== 1) continue;
    if (seen++ % 2 === 0) {
      likePairs.set(id, new Set([1]));
      likeTotal++;
    }
  }
  while (likeTotal < N_LIKES) {
    const a = sampleLike();
    const u = int(3, N_USERS);
    let set = likePairs.get(a);
    if (!set) likePairs.set(a, (set = new Set()));
    if (set.size >= N_USERS - 3 || set.has(u)) continue;
    set.add(u);
    likeTotal++;
  }
  for (const [a, set] of likePairs) likeCount[a] = set.size;

  // ---- comments per article (counted now, written after the articles)
  const sampleComment = sampler(commentWeight);
  const commentsPer = new Int32Array(N_ARTICLES + 1);
  const reserved = 60 * 6;
  for (let i = 0; i < N_COMMENTS - reserved; i++) {
    const a = sampleComment();
    if (a !== pageArticleId) commentsPer[a]++;
  }
  commentsPer[pageArticleId] = reserved;

  for (let id = 1; id <= N_ARTICLES; id++) {
    const status = published[id] ? "PUBLISHED" : ["DRAFT", "SUBMITTED", "UNPUBLISHED"][id % 3];
    const title = `${pick(TITLES)}${pick(TOPICS)}（第 ${id} 篇）`;
    const created = publishedAtMs[id] - int(1, 48) * 3600_000;
    const body = `## ${title}\n\n${pick(PHRASES)}。${pick(PHRASES)}。`;
    const bodyHtml = `<h2>${title}</h2>\n<p>${body.split("\n\n")[1]}</p>\n`;
    const reprint = rnd() < 0.1;
    articleAuthor[id] = pick(authorIds);
    await articles.add([
      id, articleAuthor[id], title, `${pick(TOPICS)}的一些思考与${pick(PHRASES)}`, body, bodyHtml, reprint ? "REPRINT" : "ORIGINAL", reprint ? "人人都是产品经理" : null,
      reprint ? `https://www.woshipm.com/p/${id}` : null, "FORBIDDEN", status, published[id] === 2 ? "HIDDEN_PENDING_REVIEW" : "VISIBLE", 1,
      0, 0, int(0, 5000), null, null, status === "SUBMITTED" ? sqlDate(created + 3600_000) : null, published[id] || status === "UNPUBLISHED" ? sqlDate(publishedAtMs[id]) : null,
      sqlDate(created), sqlDate(publishedAtMs[id]),
    ]);
    const n = int(1, 5);
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(rnd() < 0.6 ? pick(TOPICS) : pick(TAGS));
    for (const tag of chosen) await tags.add([id, tag]);
  }
  await articles.flush();
  await tags.flush();
  await commit();
  log(`${articles.inserted} articles, ${tags.inserted} tags`);

  const likes = new BulkInserter(conn, "article_likes", ["userId", "articleId", "createdAt"]);
  for (const [a, set] of likePairs) for (const u of set) await likes.add([u, a, sqlDate(publishedAtMs[a] + int(1, 30 * 86400) * 1000)]);
  await likes.flush();
  await commit();
  log(`${likes.inserted} likes`);

  // ---- comments: per article, ~40 % top level, the rest replies (some replying to replies);
  // ids in time order, so a thread's replies by id are oldest first.
  const comments = new BulkInserter(conn, "comments", ["id", "articleId", "authorId", "parentId", "replyToUserId", "body", "state", "replyCount", "createdAt", "updatedAt", "editedAt"]);
  let nextId = 1;
  const replyCounts = new Map<number, number>();
  // W3: comments hidden pending review (reported by 5+ readers) and a sample of visible ones that
  // were reported by fewer; both become report targets below
  const hiddenComments: { id: number; author: number }[] = [];
  const reportedComments: { id: number; author: number }[] = [];
  for (let a = 1; a <= N_ARTICLES; a++) {
    const total = commentsPer[a];
    if (total === 0) continue;
    const isPage = a === pageArticleId;
    const tops = isPage ? 60 : Math.max(1, Math.round(total * 0.4));
    type Row = { id: number; author: number; parent: number | null; replyTo: number | null; t: number; state: string };
    const rows: Row[] = [];
    let t = publishedAtMs[a] + 60_000;
    const top: Row[] = [];
    for (let i = 0; i < tops; i++) {
      t += int(1, 3600) * 1000;
      const r = rnd();
      const row: Row = { id: 0, author: int(3, N_USERS), parent: null, replyTo: null, t, state: r < 0.02 ? "DELETED" : r < 0.021 && !isPage ? "HIDDEN_PENDING_REVIEW" : "VISIBLE" };
      top.push(row);
      rows.push(row);
    }
    for (let i = 0; i < total - tops; i++) {
      const parent = isPage ? top[Math.floor(i / 5)] : pick(top);
      const answered = rnd() < 0.3 ? (rows.filter((r) => (r as Row & { parentRow?: Row }).parentRow === parent).slice(-1)[0] ?? parent) : parent;
      rows.push({ id: 0, author: int(3, N_USERS), parent: -1, replyTo: answered.author, t: parent.t + int(1, 86400) * 1000 + i, state: rnd() < 0.02 ? "DELETED" : "VISIBLE", ...{ parentRow: parent } } as Row);
    }
    rows.sort((x, y) => x.t - y.t);
    for (const r of rows) r.id = nextId++;
    for (const r of rows) {
      const parentRow = (r as Row & { parentRow?: Row }).parentRow;
      if (parentRow) {
        r.parent = parentRow.id;
        replyCounts.set(parentRow.id, (replyCounts.get(parentRow.id) ?? 0) + 1);
      }
    }
    for (const r of rows) {
      if (r.state === "VISIBLE") commentCount[a]++;
      if (r.state === "HIDDEN_PENDING_REVIEW") hiddenComments.push({ id: r.id, author: r.author });
      else if (r.state === "VISIBLE" && !isPage && rnd() < 0.002) reportedComments.push({ id: r.id, author: r.author });
      await comments.add([
        r.id, a, r.author, r.parent, r.replyTo, r.state === "DELETED" ? null : `${pick(PHRASES)}，${pick(PHRASES)}。`, r.state, replyCounts.get(r.id) ?? 0,
        sqlDate(r.t), sqlDate(r.t), null,
      ]);
    }
    if (comments.inserted % 200_000 < BATCH && comments.inserted > 0) await commit();
  }
  await comments.flush();
  await commit();
  log(`${comments.inserted} comments`);
  // replyCount of parents written after their replies were generated (parents come first in id order)
  await conn.query("CREATE TEMPORARY TABLE rc (id INT PRIMARY KEY, n INT NOT NULL)");
  const rc = new BulkInserter(conn, "rc", ["id", "n"]);
  for (const [id, n] of replyCounts) await rc.add([id, n]);
  await rc.flush();
  await conn.query("UPDATE comments c JOIN rc ON rc.id = c.id SET c.replyCount = rc.n");
  // article counters
  await conn.query("CREATE TEMPORARY TABLE ac (id INT PRIMARY KEY, likes INT NOT NULL, comments INT NOT NULL)");
  const ac = new BulkInserter(conn, "ac", ["id", "likes", "comments"]);
  for (let a = 1; a <= N_ARTICLES; a++) if (likeCount[a] || commentCount[a]) await ac.add([a, likeCount[a], commentCount[a]]);
  await ac.flush();
  await conn.query("UPDATE articles a JOIN ac ON ac.id = a.id SET a.likeCount = ac.likes, a.commentCount = ac.comments");
  await commit();
  log("counters set");

  // ---- sanctions: ~3 % of readers, some still in force
  const sanctions = new BulkInserter(conn, "sanctions", ["userId", "level", "reducedFrom", "ruleCode", "conventionVersion", "aggravations", "reason", "issuedById", "startsAt", "endsAt", "revokedAt", "revokedVia", "revokedById", "revocationReason", "reducedAt", "createdAt"]);
  for (let u = N_AUTHORS + 3; u <= N_USERS; u++) {
    if (rnd() >= 0.03) continue;
    const rule = pick(convention);
    const starts = now - int(1, 300) * DAY;
    const level = pick(["MUTE_1D", "MUTE_7D", "MUTE_15D"]);
    const days = level === "MUTE_1D" ? 1 : level === "MUTE_7D" ? 7 : 15;
    await sanctions.add([u, level, null, rule.code, rule.version, "[]", "违反社区公约", 2, sqlDate(starts), sqlDate(starts + days * DAY), null, null, null, null, null, sqlDate(starts)]);
  }
  await sanctions.flush();
  log(`${sanctions.inserted} sanctions`);

  // ---- the bench viewer's session (its access token is signed by the bench with BENCH.jwtSecret)
  await conn.query("INSERT INTO auth_sessions (id, userId, createdAt, expiresAt, revokedAt, revokeReason, userAgent, ip) VALUES (?, 1, ?, ?, NULL, NULL, 'bench', '127.0.0.1'), (?, 2, ?, ?, NULL, NULL, 'bench', '127.0.0.1')", [
    BENCH.viewerSessionId, sqlDate(now), sqlDate(now + 3650 * DAY), BENCH.moderatorSessionId, sqlDate(now), sqlDate(now + 3650 * DAY),
  ]);
  await commit();

  // ---- W3 (report queue): reports on articles, comments and users. Hidden articles and comments
  // carry 5+ distinct OPEN reporters (the hiding threshold); visible ones and users 1–4 (users are
  // never hidden, some get more); a few "viral" targets of each type 25–30, so that every page of
  // the queue, even of 5, shows all three types; older reports RESOLVED or DISMISSED by the moderator.
  const reports = new BulkInserter(conn, "reports", ["reporterId", "targetType", "targetId", "targetOwnerId", "category", "ruleCode", "details", "status", "openKey", "decision", "resolutionNote", "resolvedById", "resolvedAt", "evidenceId", "createdAt"]);
  const DETAILS = ["标题党，内容与标题不符", "广告引流", "人身攻击", "搬运未注明出处", "散布不实信息", null, null];
  const rules = convention.filter((c) => c.version === convention[convention.length - 1].version);
  const addReports = async (type: string, targetId: number, owner: number, open: number, closed: number, since: number) => {
    const reporters = new Set<number>();
    while (reporters.size < open + closed) {
      const u = int(3, N_USERS);
      if (u !== owner) reporters.add(u);
    }
    let k = 0;
    for (const u of reporters) {
      const isOpen = k++ < open;
      const rule = pick(rules);
      const at = since + int(60, 20 * 86400) * 1000;
      const decision = isOpen ? null : rnd() < 0.6 ? "DISMISS" : "REMOVE_CONTENT";
      await reports.add([
        u, type, targetId, owner, rule.category, rnd() < 0.5 ? rule.code : null, pick(DETAILS), isOpen ? "OPEN" : decision === "DISMISS" ? "DISMISSED" : "RESOLVED",
        isOpen ? `${type}:${targetId}:${u}` : null, decision, isOpen ? null : "已处理，感谢举报", isOpen ? null : 2, isOpen ? null : sqlDate(at + 86400_000), null, sqlDate(at),
      ]);
    }
  };
  const recent = now - 30 * DAY;
  const hiddenArticles: number[] = [];
  for (let id = 1; id <= N_ARTICLES; id++) if (published[id] === 2) hiddenArticles.push(id);
  // viral targets first (2 of each type), interleaved so the top of the queue mixes the types
  const viralUsers = [N_USERS - 1, N_USERS - 2];
  for (let i = 0; i < 2; i++) {
    if (hiddenArticles[i]) await addReports("Article", hiddenArticles[i], articleAuthor[hiddenArticles[i]], 30 - 3 * i, 0, recent);
    if (hiddenComments[i]) await addReports("Comment", hiddenComments[i].id, hiddenComments[i].author, 29 - 3 * i, 0, recent);
    await addReports("User", viralUsers[i], viralUsers[i], 28 - 3 * i, 0, recent);
  }
  for (const id of hiddenArticles.slice(2)) await addReports("Article", id, articleAuthor[id], int(5, 9), rnd() < 0.2 ? int(1, 3) : 0, recent);
  for (const c of hiddenComments.slice(2)) await addReports("Comment", c.id, c.author, int(5, 8), 0, recent);
  for (const c of reportedComments) await addReports("Comment", c.id, c.author, rnd() < 0.4 ? int(1, 4) : 0, int(0, 3), now - int(30, 300) * DAY);
  for (let i = 0; i < Math.round(2500 * SCALE); i++) {
    let id = int(1, N_ARTICLES);
    while (published[id] !== 1) id = int(1, N_ARTICLES);
    await addReports("Article", id, articleAuthor[id], rnd() < 0.3 ? int(1, 4) : 0, int(0, 2), now - int(30, 300) * DAY);
  }
  for (let i = 0; i < Math.round(600 * SCALE); i++) {
    const u = int(N_AUTHORS + 3, N_USERS - 3);
    await addReports("User", u, u, rnd() < 0.5 ? int(1, 4) : 0, int(0, 2), now - int(30, 300) * DAY);
  }
  await reports.flush();
  await commit();
  log(`${reports.inserted} reports (${hiddenArticles.length} hidden articles, ${hiddenComments.length} hidden comments)`);

  await conn.query("SET foreign_key_checks = 1, unique_checks = 1");
  for (const t of ["users", "author_applications", "articles", "article_tags", "article_likes", "comments", "sanctions", "auth_sessions", "reports"]) await conn.query(`ANALYZE TABLE \`${t}\``);
  await conn.end();
  log(`done in ${Math.round((Date.now() - started) / 1000)} s (W2 article id ${pageArticleId})`);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
