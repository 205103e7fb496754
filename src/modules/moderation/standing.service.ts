import DataLoader from "dataloader";
import type { DataSource, EntityManager } from "typeorm";
import { defineLoader, groupByKeys } from "../../shared/loaders";
import { Sanction } from "./sanction.entity";
import { computeStanding, type Standing } from "./standing.policy";

function inForceQuery(db: DataSource | EntityManager, userIds: readonly number[], now: Date) {
  return db
    .getRepository(Sanction)
    .createQueryBuilder("s")
    .where("s.userId IN (:...ids)", { ids: [...userIds] })
    .andWhere("s.startsAt <= :now", { now })
    .andWhere("(s.revokedAt IS NULL OR s.revokedAt > :now)", { now })
    .andWhere("(s.endsAt IS NULL OR s.endsAt > :now)", { now })
    .orderBy("s.startsAt", "DESC")
    .addOrderBy("s.id", "DESC");
}

/**
 * One query: the user's sanctions in force at `now`, as a standing. Called when the bearer token
 * is resolved, so every request sees sanctions issued after its token was minted.
 */
export async function loadStanding(db: DataSource | EntityManager, userId: number, now: Date): Promise<Standing> {
  return computeStanding(await inForceQuery(db, [userId], now).getMany(), now);
}

/** Standings of other users (moderators viewing a profile), one query per batch. */
export const standingByUser = defineLoader(
  "standingByUser",
  (ctx) =>
    new DataLoader<number, Standing>(async (ids) => {
      const rows = await inForceQuery(ctx.ds, ids, ctx.now).getMany();
      return groupByKeys(ids, rows, (s) => s.userId).map((list) => computeStanding(list, ctx.now));
    }),
);
