import type { AppContext } from "../../context";
import { badField } from "../../errors";
import { applyKeyset, type ConnectionArgs, type CursorValue, type KeysetColumn, type Page, pageWindow, toPage } from "../../shared/pagination";
import type { Article } from "../articles/article.entity";
import { Comment } from "./comment.entity";
import { CommentOrder } from "./comment.inputs";
import { firstRepliesByParent, withUsersPrimed } from "./comment.loaders";

const toDate = (v: CursorValue) => new Date(v as number);

/** Keyset columns per order; the id makes every position unique, so equal times or counts never skip rows. */
const ORDERS: Record<CommentOrder, { columns: KeysetColumn[]; values: (c: Comment) => CursorValue[] }> = {
  [CommentOrder.OLDEST]: {
    columns: [{ expr: "c.createdAt", direction: "ASC", fromCursor: toDate }, { expr: "c.id", direction: "ASC" }],
    values: (c) => [c.createdAt.getTime(), c.id],
  },
  [CommentOrder.NEWEST]: {
    columns: [{ expr: "c.createdAt", direction: "DESC", fromCursor: toDate }, { expr: "c.id", direction: "DESC" }],
    values: (c) => [c.createdAt.getTime(), c.id],
  },
  [CommentOrder.TOP]: {
    columns: [{ expr: "c.replyCount", direction: "DESC" }, { expr: "c.id", direction: "DESC" }],
    values: (c) => [c.replyCount, c.id],
  },
};

export interface CommentPage {
  page: Page<Comment>;
  count: () => Promise<number>;
}

/**
 * Top-level comments of an article the caller already showed to the viewer. Cursors carry their
 * order, so a cursor of one order is refused by another. TOP pages by a live counter: a comment
 * that gains replies while someone pages may move between pages.
 */
export async function listTopLevelComments(ctx: AppContext, article: Article, args: ConnectionArgs & { orderBy?: CommentOrder }): Promise<CommentPage> {
  const order = args.orderBy ?? CommentOrder.OLDEST;
  const window = pageWindow(args, 3);
  if (window.after && window.after[0] !== order) throw badField("after", "is a cursor of another order", "INVALID_CURSOR");
  const spec = ORDERS[order];
  const qb = ctx.ds.getRepository(Comment).createQueryBuilder("c").where("c.articleId = :aid AND c.parentId IS NULL", { aid: article.id });
  const countQb = qb.clone();
  const count = () => countQb.getCount();
  applyKeyset(qb, spec.columns, { limit: window.limit, after: window.after?.slice(1) });
  const rows = await withUsersPrimed(ctx, qb, `top-level:${order}:${Boolean(window.after)}:${window.limit}`);
  return { page: toPage(rows, window, (c) => [order, ...spec.values(c)]), count };
}

/**
 * Replies of a thread, oldest first. A first page comes from the per-parent top-N loader, so a
 * page of top-level comments fetches the replies of all of them in one statement.
 */
export async function listReplies(ctx: AppContext, comment: Comment, args: ConnectionArgs): Promise<CommentPage> {
  const window = pageWindow(args, 1);
  const count = async () => comment.replyCount;
  if (!window.after) {
    const rows = comment.replyCount === 0 ? [] : await ctx.loaders.get(firstRepliesByParent).load({ parentId: comment.id, first: window.limit });
    return { page: toPage(rows, window, (c) => [c.id]), count };
  }
  const qb = ctx.ds.getRepository(Comment).createQueryBuilder("c").where("c.parentId = :pid", { pid: comment.id });
  applyKeyset(qb, [{ expr: "c.id", direction: "ASC" }], window);
  return { page: toPage(await qb.getMany(), window, (c) => [c.id]), count };
}
