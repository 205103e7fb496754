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

/** Runs a keyset page: cursor = [sort value, id], so rows sharing a sort value are neither skipped nor repeated. */
async function page(qb: SelectQueryBuilder<Article>, args: ConnectionArgs, columns: KeysetColumn[], cursor: (a: Article) => CursorValue[]): Promise<ArticleListResult> {
  const window = pageWindow(args, columns.length);
  const count = () => qb.clone().getCount();
  applyKeyset(qb, columns, window);
  return { page: toPage(await qb.getMany(), window, cursor), count };
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
export function listFeed(ctx: ServiceContext, args: ConnectionArgs & FeedFilter): Promise<ArticleListResult> {
  const qb = listQuery(ctx).where("a.status = :published AND a.moderationState = :visible", { published: ArticleStatus.PUBLISHED, visible: ModerationState.VISIBLE });
  const authorId = args.authorUserId ?? (args.authorId ? decodeIdOf("User", args.authorId, "authorId") : undefined);
  if (authorId !== undefined) qb.andWhere("a.authorId = :authorId", { authorId });
  if (args.tag !== undefined && args.tag !== null) {
    qb.innerJoin(ArticleTag, "t", "t.articleId = a.id AND t.tag = :tag", { tag: normalizeTag(args.tag) });
  }
  const search = args.search?.trim();
  if (search) {
    if ([...search].length > 100) throw badField("search", "is at most 100 characters");
    qb.andWhere("(a.title LIKE :q ESCAPE '!' OR a.summary LIKE :q ESCAPE '!')", { q: likePattern(search) });
  }
  if (args.orderBy === ArticleOrder.POPULAR) {
    return page(qb, args, [{ expr: "a.likeCount", direction: "DESC" }, idCol("DESC")], (a) => [a.likeCount, a.id]);
  }
  return page(qb, args, [dateCol("a.publishedAt", "DESC"), idCol("DESC")], (a) => [ms(a.publishedAt), a.id]);
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
