import { registerEnumType } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import type { ServiceContext } from "../../context";
import { badField, forbidden, notFound, unauthenticated } from "../../errors";
import { inTransaction, isSqlite } from "../../shared/db";
import { decodeIdOf } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs, type CursorValue, type KeysetColumn, type Page } from "../../shared/pagination";
import { Article, ArticleStatus, ArticleTag, ModerationState } from "./article.entity";
import { canViewArticle, isPublic } from "./article.policy";
import { normalizeTag } from "./tags";
import { naiveLoaders, primeLoader, type Loaders } from "../../shared/loaders";
import { rawHydrator } from "../../shared/hydrate";
import { rawManyByShape } from "../../shared/statement-cache";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { AuthorApplicationStatus } from "../author-applications/author-application.entity";
import { penNameByUserId } from "../author-applications/author-application.loaders";
import { tagsByArticleId, viewerHasLikedByArticleId } from "./article.loaders";

export enum ArticleOrder {
  NEWEST = "NEWEST",
  POPULAR = "POPULAR",
}
registerEnumType(ArticleOrder, { name: "ArticleOrder", description: "NEWEST: by publication time; POPULAR: by likes." });

export interface ArticleListResult {
  page: Page<Article>;
  count: () => Promise<number>;
}

/**
 * Lists never select the bodies (up to 100,000 characters each): `body`/`bodyHtml` are loaded by
 * a DataLoader only when a client asks for them.
 */
const LIST_COLUMNS = [
  "id", "authorId", "title", "summary", "originality", "sourceName", "sourceUrl", "reprintPolicy", "status", "moderationState",
  "commentsEnabled", "likeCount", "commentCount", "viewCount", "reviewNote", "reviewedById", "submittedAt", "publishedAt", "createdAt", "updatedAt",
].map((c) => `a.${c}`);

const listQuery = (ctx: ServiceContext): SelectQueryBuilder<Article> => ctx.ds.getRepository(Article).createQueryBuilder("a").select(LIST_COLUMNS);

const ms = (d: Date | null): number => (d ? d.getTime() : 0);
const dateCol = (expr: string, direction: "ASC" | "DESC"): KeysetColumn => ({ expr, direction, fromCursor: (v) => new Date(v as number) });
const idCol = (direction: "ASC" | "DESC"): KeysetColumn => ({ expr: "a.id", direction });

/** Reads a page's rows; `shape` names the statement's shape (see rawManyByShape) when the caller knows it. */
type Fetch = (qb: SelectQueryBuilder<Article>, shape?: string) => Promise<Article[]>;
const plainFetch: Fetch = (qb) => qb.getMany();

/** Runs a keyset page: cursor = [sort value, id], so rows sharing a sort value are neither skipped nor repeated. */
async function page(qb: SelectQueryBuilder<Article>, args: ConnectionArgs, columns: KeysetColumn[], cursor: (a: Article) => CursorValue[], fetch: Fetch = plainFetch): Promise<ArticleListResult> {
  const window = pageWindow(args, columns.length);
  const count = () => qb.clone().getCount();
  applyKeyset(qb, columns, window);
  return { page: toPage(await fetch(qb), window, cursor), count };
}

const TAG_SEPARATOR = "\u001f"; // tags never contain control characters (normalizeTags refuses them)

/**
 * The feed page in ONE statement: the article rows with their authors (joined on the primary
 * key), the authors' pen names, the tags (one GROUP_CONCAT per row over the article_tags primary
 * key) and whether the viewer liked each one (EXISTS over the article_likes primary key). The
 * per-request loaders are primed with them, so the field resolvers (author, byline, tags,
 * viewerHasLiked) run no statement. Subqueries in the select list run for the page's rows only.
 */
function feedFetch(ctx: ServiceContext & { loaders?: Loaders }): Fetch {
  const loaders = ctx.loaders;
  if (!loaders || naiveLoaders) return plainFetch;
  return async (qb, shape) => {
    const sqlite = isSqlite(ctx.ds);
    const tagList = sqlite
      ? `(SELECT group_concat(ft.tag, char(31) ORDER BY ft.tag) FROM article_tags ft WHERE ft.articleId = a.id)`
      : `(SELECT GROUP_CONCAT(ft.tag ORDER BY ft.tag SEPARATOR '${TAG_SEPARATOR}') FROM article_tags ft WHERE ft.articleId = a.id)`;
    qb.leftJoin(User, "fu", "fu.id = a.authorId")
      .addSelect("fu")
      .addSelect(`(SELECT fp.penName FROM author_applications fp WHERE fp.userId = a.authorId AND fp.status = '${AuthorApplicationStatus.APPROVED}' ORDER BY fp.id DESC LIMIT 1)`, "feed_pen_name")
      .addSelect(tagList, "feed_tags");
    const viewer = ctx.viewer;
    if (viewer) qb.addSelect("EXISTS (SELECT 1 FROM article_likes fl WHERE fl.userId = :feedViewer AND fl.articleId = a.id)", "feed_liked").setParameter("feedViewer", viewer.id);
    // Raw rows hydrated by hand (rawHydrator): the author join is to-one, one row per article.
    const raw = shape ? await rawManyByShape(qb, `feed:${shape}:${viewer ? "viewer" : "anonymous"}`) : await qb.getRawMany<Record<string, unknown>>();
    const article = rawHydrator(ctx.ds, Article, "a");
    const author = rawHydrator(ctx.ds, User, "fu");
    const entities: Article[] = [];
    const users: [number, User | null][] = [];
    const penNames: [number, string | null][] = [];
    const tags: [number, string[]][] = [];
    const liked: [number, boolean][] = [];
    for (const r of raw) {
      const a = article(r);
      if (!a) continue;
      entities.push(a);
      users.push([a.authorId, author(r)]);
      penNames.push([a.authorId, (r.feed_pen_name as string | null) ?? null]);
      tags.push([a.id, r.feed_tags ? String(r.feed_tags).split("\u001f") : []]);
      if (viewer) liked.push([a.id, Number(r.feed_liked) === 1]);
    }
    primeLoader(loaders.get(userById), users);
    primeLoader(loaders.get(penNameByUserId), penNames);
    primeLoader(loaders.get(tagsByArticleId), tags);
    if (viewer) primeLoader(loaders.get(viewerHasLikedByArticleId), liked);
    return entities;
  };
}

/** Escapes LIKE wildcards with `!` (portable: `\` means different things to MySQL and SQLite). */
export const likePattern = (text: string): string => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

export interface FeedFilter {
  tag?: string | null;
  authorId?: string | null;
  search?: string | null;
  orderBy?: ArticleOrder | null;
  /** A row id, for `User.articles`. */
  authorUserId?: number;
}

/**
 * The public feed: PUBLISHED and VISIBLE only, whoever asks. Search is a LIKE on title and
 * summary (works for Chinese on both engines without a tokenizer; see docs/content.md).
 */
export function listFeed(ctx: ServiceContext & { loaders?: Loaders }, args: ConnectionArgs & FeedFilter): Promise<ArticleListResult> {
  const authorId = args.authorUserId ?? (args.authorId ? decodeIdOf("User", args.authorId, "authorId") : undefined);
  const tag = args.tag !== undefined && args.tag !== null ? normalizeTag(args.tag) : undefined;
  const search = args.search?.trim();
  if (search && [...search].length > 100) throw badField("search", "is at most 100 characters");
  /** The feed's filters, applied to the count and to the page's id query. */
  const filter = (qb: SelectQueryBuilder<Article>): SelectQueryBuilder<Article> => {
    qb.where("a.status = :published AND a.moderationState = :visible", { published: ArticleStatus.PUBLISHED, visible: ModerationState.VISIBLE });
    if (authorId !== undefined) qb.andWhere("a.authorId = :authorId", { authorId });
    if (tag !== undefined) qb.innerJoin(ArticleTag, "t", "t.articleId = a.id AND t.tag = :tag", { tag });
    if (search) qb.andWhere("(a.title LIKE :q ESCAPE '!' OR a.summary LIKE :q ESCAPE '!')", { q: likePattern(search) });
    return qb;
  };
  const popular = args.orderBy === ArticleOrder.POPULAR;
  const columns = popular ? [{ expr: "a.likeCount", direction: "DESC" as const }, idCol("DESC")] : [dateCol("a.publishedAt", "DESC"), idCol("DESC")];
  const cursor = popular ? (a: Article): CursorValue[] => [a.likeCount, a.id] : (a: Article): CursorValue[] => [ms(a.publishedAt), a.id];
  // Everything the statement's text depends on (the page size is its LIMIT).
  const shape = [popular ? "popular" : "newest", authorId !== undefined, tag !== undefined, Boolean(search), Boolean(args.after), args.first ?? "default"].join(",");
  return deferredPage(ctx, filter, args, columns, cursor, feedFetch(ctx), shape);
}

/**
 * A keyset page as a deferred join: the ids of the page come from a derived table that reads only
 * the covering (status, moderationState, sort, id) index — a range scan that starts at the cursor,
 * whatever its depth — and the list columns are then read by primary key for those rows only.
 * (Joined with the users table in one statement, MariaDB otherwise prefers a `ref` scan from the
 * top of the index and reads every row above the cursor.)
 */
async function deferredPage(
  ctx: ServiceContext,
  filter: (qb: SelectQueryBuilder<Article>) => SelectQueryBuilder<Article>,
  args: ConnectionArgs,
  columns: KeysetColumn[],
  cursor: (a: Article) => CursorValue[],
  fetch: Fetch,
  shape?: string,
): Promise<ArticleListResult> {
  const window = pageWindow(args, columns.length);
  const count = () => filter(ctx.ds.getRepository(Article).createQueryBuilder("a")).getCount();
  const qb = listQuery(ctx).innerJoin(
    (sub) => applyKeyset(filter(sub.select("a.id", "id").from(Article, "a")), columns, window),
    "p",
    "p.id = a.id",
  );
  columns.forEach((c) => qb.addOrderBy(c.expr, c.direction));
  return { page: toPage(await fetch(qb, shape), window, cursor), count };
}

/** A user's unpublished work (every state but PUBLISHED), last edited first: only they may read it. */
export function listDrafts(ctx: ServiceContext, userId: number, args: ConnectionArgs & { status?: ArticleStatus | null }): Promise<ArticleListResult> {
  if (!ctx.viewer) throw unauthenticated();
  if (ctx.viewer.id !== userId) throw forbidden("NOT_OWNER", "Only the user themself can read their drafts.");
  const qb = listQuery(ctx).where("a.authorId = :uid", { uid: userId });
  if (args.status === ArticleStatus.PUBLISHED) throw badField("status", "drafts never include PUBLISHED articles (see User.articles)");
  if (args.status) qb.andWhere("a.status = :status", { status: args.status });
  else qb.andWhere("a.status <> :published", { published: ArticleStatus.PUBLISHED });
  return page(qb, args, [dateCol("a.updatedAt", "DESC"), idCol("DESC")], (a) => [ms(a.updatedAt), a.id]);
}

/** EDITOR: contributions waiting for review, oldest first (a queue). */
export function listSubmissions(ctx: ServiceContext, args: ConnectionArgs): Promise<ArticleListResult> {
  const qb = listQuery(ctx).where("a.status = :submitted", { submitted: ArticleStatus.SUBMITTED });
  return page(qb, args, [dateCol("a.submittedAt", "ASC"), idCol("ASC")], (a) => [ms(a.submittedAt), a.id]);
}

/**
 * `article(id)`: NOT_FOUND unless visible to the viewer. A read of a public article by anyone but
 * its owner counts one view with a single UPDATE (on SQLite through the transaction queue, whose
 * single connection may be inside another request's transaction).
 */
export async function getArticle(ctx: ServiceContext, globalId: string, load: (id: number) => Promise<Article | null>): Promise<Article> {
  const article = await load(decodeIdOf("Article", globalId));
  if (!article || !canViewArticle(ctx.viewer, article)) throw notFound("Article");
  if (isPublic(article) && ctx.viewer?.id !== article.authorId) {
    const bump = (m: typeof ctx.ds.manager) => m.increment(Article, { id: article.id }, "viewCount", 1);
    await (isSqlite(ctx.ds) ? inTransaction(ctx.ds, bump) : bump(ctx.ds.manager));
    article.viewCount += 1;
  }
  return article;
}
