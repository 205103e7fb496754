import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKeys, defineLoader } from "../../shared/loaders";
import { User } from "./user.entity";

/** Users by row id, one `WHERE id IN (…)` per batch. */
export const userById = defineLoader(
  "userById",
  (ctx) =>
    new DataLoader<number, User | null>(async (ids) => {
      const rows = await ctx.ds.getRepository(User).findBy({ id: In([...ids]) });
      return byKeys(ids, rows, (u) => u.id, null);
    }),
);
