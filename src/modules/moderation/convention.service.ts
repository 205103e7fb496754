import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { inTransaction, isUniqueViolation } from "../../shared/db";
import { byKeys, defineLoader } from "../../shared/loaders";
import { CURRENT_CONVENTION, type ConventionData } from "./convention";
import { ConventionRule, ConventionVersion } from "./convention.entity";

/**
 * At start-up: records the shipped convention as a version (with its rules) when that version is
 * not in the database yet. Earlier versions stay, so old sanctions keep the rule text they applied.
 */
export async function syncConvention(ds: DataSource, now: Date, convention: ConventionData = CURRENT_CONVENTION): Promise<boolean> {
  if (await ds.getRepository(ConventionVersion).existsBy({ version: convention.version })) return false;
  try {
    await inTransaction(ds, async (em) => {
      await em.insert(ConventionVersion, { version: convention.version, title: convention.title, document: convention.document, loadedAt: now });
      await em.insert(
        ConventionRule,
        convention.rules.map((r) => ({ version: convention.version, code: r.code, category: r.category, title: r.title, minorHarm: r.minorHarm, multiAccount: r.multiAccount })),
      );
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false; // another process loaded it at the same moment
    throw err;
  }
}

/** The rule text of a given convention version, keyed `version|code`. */
export const ruleByVersionAndCode = defineLoader(
  "ruleByVersionAndCode",
  (ctx) =>
    new DataLoader<string, ConventionRule | null>(async (keys) => {
      const qb = ctx.ds.getRepository(ConventionRule).createQueryBuilder("r");
      keys.forEach((key, i) => {
        const [version, code] = key.split("|");
        qb.orWhere(`(r.version = :v${i} AND r.code = :c${i})`, { [`v${i}`]: version, [`c${i}`]: code });
      });
      return byKeys(keys, await qb.getMany(), (r) => `${r.version}|${r.code}`, null);
    }),
);
