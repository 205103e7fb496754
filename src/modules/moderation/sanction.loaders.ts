import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKeys, defineLoader, rowById } from "../../shared/loaders";
import { Appeal } from "./appeal.entity";
import { Sanction } from "./sanction.entity";

/** Sanctions by row id (visibility is the caller's business). */
export const sanctionById = rowById(Sanction);

/** The appeal of each sanction (at most one, by UQ_appeals_sanction). */
export const appealBySanctionId = defineLoader(
  "appealBySanctionId",
  (ctx) =>
    new DataLoader<number, Appeal | null>(async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(Appeal).findBy({ sanctionId: In([...ids]) }), (a) => a.sanctionId, null),
    ),
);
