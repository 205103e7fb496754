import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKeys, defineLoader, rowById } from "../../shared/loaders";
import { AuthorApplication, AuthorApplicationStatus } from "./author-application.entity";

/** The pen name (笔名) of each user's latest approved application, or null. */
export const penNameByUserId = defineLoader(
  "penNameByUserId",
  (ctx) =>
    new DataLoader<number, string | null>(async (ids) => {
      const rows = await ctx.ds.getRepository(AuthorApplication).find({
        select: { id: true, userId: true, penName: true },
        where: { userId: In([...ids]), status: AuthorApplicationStatus.APPROVED },
        order: { id: "ASC" },
      });
      // Ascending ids: the latest approval wins in byKeys' map.
      return byKeys(ids, rows, (a) => a.userId, null).map((a) => a?.penName ?? null);
    }),
);

export const authorApplicationById = rowById(AuthorApplication);
