import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKeys, defineLoader, groupByKeys } from "../../shared/loaders";
import { Comment } from "./comment.entity";

/** Comments by row id (parents, node(id)), one `WHERE id IN (…)` per batch. */
export const commentById = defineLoader(
  "commentById",
  (ctx) =>
    new DataLoader<number, Comment | null>(async (ids) => {
      const rows = await ctx.ds.getRepository(Comment).findBy({ id: In([...ids]) });
      return byKeys(ids, rows, (c) => c.id, null);
    }),
);

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
          const rows = await ctx.ds
            .getRepository(Comment)
            .createQueryBuilder("c")
            .where(`c.id IN (SELECT u.id FROM (${branches.join(" UNION ALL ")}) u)`, params)
            .orderBy("c.parentId", "ASC")
            .addOrderBy("c.id", "ASC")
            .getMany();
          const groups = groupByKeys(ids, rows, (c) => c.parentId as number);
          ids.forEach((id, i) => found.set(`${id}:${first}`, groups[i]));
        }
        return keys.map((k) => found.get(`${k.parentId}:${k.first}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.parentId}:${k.first}` },
    ),
);
