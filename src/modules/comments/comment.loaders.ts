import DataLoader from "dataloader";
import { type SelectQueryBuilder } from "typeorm";
import type { AppContext } from "../../context";
import { rawHydrator } from "../../shared/hydrate";
import { rawManyByShape } from "../../shared/statement-cache";
import { defineLoader, groupByKeys, naiveLoaders, primeLoader, rowById } from "../../shared/loaders";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Comment } from "./comment.entity";
import { articleById } from "../articles/article.loaders";
import { canViewComment } from "./comment.policy";

/** Comments by row id (parents, node(id)), one `WHERE id IN (…)` per batch. */
export const commentById = rowById(Comment);

/** A comment by row id with the article it belongs to, when the viewer may see it (canViewComment); else null. */
export async function loadVisibleComment(ctx: AppContext, id: number): Promise<Comment | null> {
  const comment = await ctx.loaders.get(commentById).load(id);
  const article = comment ? await ctx.loaders.get(articleById).load(comment.articleId) : null;
  return canViewComment(ctx.viewer, comment, article) ? comment : null;
}

/**
 * Reads comments together with their authors and the users they answer (LEFT JOINs on the users
 * primary key) and primes the user loader with them, so `author` and `replyTo` cost no statement
 * of their own. `shape` names the statement's shape (see rawManyByShape). The naive benchmark
 * baseline skips the joins.
 */
export async function withUsersPrimed(ctx: AppContext, qb: SelectQueryBuilder<Comment>, shape: string): Promise<Comment[]> {
  if (naiveLoaders) return qb.getMany();
  // Raw rows hydrated by hand (rawHydrator): every join is to-one, one row per comment.
  qb.leftJoin(User, "cu", "cu.id = c.authorId").addSelect("cu").leftJoin(User, "cru", "cru.id = c.replyToUserId").addSelect("cru");
  const raw = await rawManyByShape(qb, `comments:${shape}`);
  const comment = rawHydrator(ctx.ds, Comment, qb.alias);
  const author = rawHydrator(ctx.ds, User, "cu");
  const replyTo = rawHydrator(ctx.ds, User, "cru");
  const rows: Comment[] = [];
  const users: [number, User | null][] = [];
  for (const r of raw) {
    const c = comment(r);
    if (!c) continue;
    rows.push(c);
    const a = author(r);
    if (a) users.push([a.id, a]);
    const to = replyTo(r);
    if (to) users.push([to.id, to]);
  }
  primeLoader(ctx.loaders.get(userById), users);
  return rows;
}

export interface FirstRepliesKey {
  parentId: number;
  /** Replies wanted; the loader fetches one more to know whether there is a next page. */
  first: number;
}

/**
 * The first N replies (oldest first) of many comments in ONE statement: a UNION ALL of one
 * `… WHERE parentId = ? ORDER BY id LIMIT N+1` per parent, each an index range scan on
 * IDX_comments_parent, wrapped as a derived table so the outer query hydrates entities
 * (MySQL refuses LIMIT directly inside IN (…)). Cost grows with the page, never with a thread's size.
 * Keys with different N (rare: aliases) get one statement per distinct N.
 */
export const firstRepliesByParent = defineLoader(
  "firstRepliesByParent",
  (ctx) =>
    new DataLoader<FirstRepliesKey, Comment[], string>(
      async (keys) => {
        const byFirst = new Map<number, number[]>();
        for (const k of keys) byFirst.set(k.first, [...(byFirst.get(k.first) ?? []), k.parentId]);
        const found = new Map<string, Comment[]>();
        for (const [first, parentIds] of byFirst) {
          const ids = [...new Set(parentIds)];
          const params: Record<string, number> = {};
          const take = Math.trunc(first) + 1; // validated 1–100 by pageWindow, inlined as a literal
          const branches = ids.map((id, i) => {
            params[`p${i}`] = id;
            return `SELECT r${i}.id FROM (SELECT r.id FROM comments r WHERE r.parentId = :p${i} ORDER BY r.id ASC LIMIT ${take}) r${i}`;
          });
          const rows = await withUsersPrimed(
            ctx,
            ctx.ds
              .getRepository(Comment)
              .createQueryBuilder("c")
              .where(`c.id IN (SELECT u.id FROM (${branches.join(" UNION ALL ")}) u)`, params)
              .orderBy("c.parentId", "ASC")
              .addOrderBy("c.id", "ASC"),
            `first-replies:${ids.length}:${take}`,
          );
          const groups = groupByKeys(ids, rows, (c) => c.parentId as number);
          ids.forEach((id, i) => found.set(`${id}:${first}`, groups[i]));
        }
        return keys.map((k) => found.get(`${k.parentId}:${k.first}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.parentId}:${k.first}` },
    ),
);
