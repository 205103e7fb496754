import DataLoader from "dataloader";
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from "typeorm";
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

const JOINED = "standingSanctions";

/**
 * Folds the standing into another query (the bearer-token check): LEFT JOINs the sanctions of
 * `userAlias` in force at `now`, mapped onto the user row. Read it back with `joinedStanding`.
 * Saves one statement on every signed-in request.
 */
export function joinStanding<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, userAlias: string, now: Date): SelectQueryBuilder<T> {
  return qb.leftJoinAndMapMany(
    `${userAlias}.${JOINED}`,
    Sanction,
    "standing_s",
    `standing_s.userId = ${userAlias}.id AND standing_s.startsAt <= :standingNow AND (standing_s.revokedAt IS NULL OR standing_s.revokedAt > :standingNow) AND (standing_s.endsAt IS NULL OR standing_s.endsAt > :standingNow)`,
    { standingNow: now },
  );
}

/** The standing of a row loaded through `joinStanding` (the mapped property is removed from the row). */
export function joinedStanding(row: object, now: Date): Standing {
  const holder = row as Record<string, unknown>;
  const sanctions = (holder[JOINED] as Sanction[] | undefined) ?? [];
  delete holder[JOINED];
  return computeStanding(sanctions, now);
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
