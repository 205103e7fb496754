import type { DataSource } from "typeorm";
import { CURRENT_CONVENTION } from "../src/modules/moderation/convention";
import { Appeal } from "../src/modules/moderation/appeal.entity";
import { AppealStatus, endOf, SanctionLevel, type Aggravation } from "../src/modules/moderation/moderation.enums";
import { Sanction, type RevocationKind } from "../src/modules/moderation/sanction.entity";
import type { User } from "../src/modules/users/user.entity";
import { buildModerator, buildUser } from "./factories";

export interface SanctionOverrides {
  user?: User;
  issuer?: User;
  level?: SanctionLevel;
  ruleCode?: string;
  aggravations?: Aggravation[];
  startsAt?: Date;
  revokedAt?: Date | null;
  revokedVia?: RevocationKind | null;
  reducedFrom?: SanctionLevel | null;
  reason?: string | null;
}

/** A sanction row written directly (bypassing the ladder), for building histories. */
export async function buildSanction(ds: DataSource, o: SanctionOverrides = {}): Promise<Sanction> {
  const user = o.user ?? (await buildUser(ds));
  const issuer = o.issuer ?? (await buildModerator(ds));
  const level = o.level ?? SanctionLevel.MUTE_1D;
  const startsAt = o.startsAt ?? new Date();
  return ds.getRepository(Sanction).save(
    ds.getRepository(Sanction).create({
      userId: user.id,
      level,
      reducedFrom: o.reducedFrom ?? null,
      ruleCode: o.ruleCode ?? "2.6",
      conventionVersion: CURRENT_CONVENTION.version,
      aggravations: o.aggravations ?? [],
      reason: o.reason ?? null,
      issuedById: issuer.id,
      startsAt,
      endsAt: endOf(level, startsAt),
      revokedAt: o.revokedAt ?? null,
      revokedVia: o.revokedAt ? (o.revokedVia ?? "LIFT") : null,
      revokedById: o.revokedAt ? issuer.id : null,
      revocationReason: o.revokedAt ? "测试撤销" : null,
      reducedAt: null,
      createdAt: startsAt,
    }),
  );
}

/** A pending appeal on a sanction, filed by its user. */
export async function buildAppeal(ds: DataSource, sanction: Sanction, createdAt = new Date()): Promise<Appeal> {
  return ds.getRepository(Appeal).save(
    ds.getRepository(Appeal).create({
      sanctionId: sanction.id,
      appellantId: sanction.userId,
      statement: "我认为这次处罚过重，请重新考虑。",
      status: AppealStatus.PENDING,
      reducedLevel: null,
      decisionNote: null,
      decidedById: null,
      decidedAt: null,
      createdAt,
    }),
  );
}

export const DAY = 86_400_000;
export const daysAfter = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY);
