import { registerEnumType } from "type-graphql";

/** The nine categories of the platform's convention plus copyright (SPEC 5). */
export enum ReportCategory {
  ILLEGAL = "ILLEGAL",
  UNFRIENDLY = "UNFRIENDLY",
  SPAM = "SPAM",
  PORNOGRAPHIC_VULGAR = "PORNOGRAPHIC_VULGAR",
  FALSE_INFORMATION = "FALSE_INFORMATION",
  SUPERSTITION = "SUPERSTITION",
  CLICKBAIT = "CLICKBAIT",
  FAN_CIRCLE = "FAN_CIRCLE",
  OTHER_HARMFUL = "OTHER_HARMFUL",
  COPYRIGHT = "COPYRIGHT",
}
registerEnumType(ReportCategory, { name: "ReportCategory", description: "A category of the community convention (社区公约)." });

/** The convention's ladder, lightest first (禁言 1 天、7 天、15 天直至永久禁言或封停账号). */
export enum SanctionLevel {
  MUTE_1D = "MUTE_1D",
  MUTE_7D = "MUTE_7D",
  MUTE_15D = "MUTE_15D",
  MUTE_PERMANENT = "MUTE_PERMANENT",
  BAN = "BAN",
}
registerEnumType(SanctionLevel, {
  name: "SanctionLevel",
  description: "禁言 1 天 / 7 天 / 15 天 / 永久禁言 / 封停账号, in ladder order.",
  valuesConfig: {
    MUTE_1D: { description: "禁言 1 天" },
    MUTE_7D: { description: "禁言 7 天" },
    MUTE_15D: { description: "禁言 15 天" },
    MUTE_PERMANENT: { description: "永久禁言" },
    BAN: { description: "封停账号: every mutation except appealSanction, login and logout is refused." },
  },
});

/** The convention's grounds for heavier penalties (加重处罚). */
export enum Aggravation {
  MINOR_HARM = "MINOR_HARM",
  FRAUDULENT_REGISTRATION = "FRAUDULENT_REGISTRATION",
  MULTI_ACCOUNT_ABUSE = "MULTI_ACCOUNT_ABUSE",
}
registerEnumType(Aggravation, { name: "Aggravation", description: "Grounds for a heavier penalty: two steps up the ladder." });

/** Derived at read time from the stored dates; nothing runs in the background. */
export enum SanctionStatus {
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
  REDUCED = "REDUCED",
}
registerEnumType(SanctionStatus, {
  name: "SanctionStatus",
  description: "ACTIVE: in force. REDUCED: in force at a level lowered on appeal. EXPIRED: ended by itself at endsAt. REVOKED: lifted by a moderator or overturned on appeal.",
});

export enum AppealStatus {
  PENDING = "PENDING",
  UPHELD = "UPHELD",
  OVERTURNED = "OVERTURNED",
  REDUCED = "REDUCED",
}
registerEnumType(AppealStatus, { name: "AppealStatus" });

export enum AppealOutcome {
  UPHOLD = "UPHOLD",
  OVERTURN = "OVERTURN",
  REDUCE = "REDUCE",
}
registerEnumType(AppealOutcome, { name: "AppealOutcome", description: "UPHOLD keeps the sanction, OVERTURN revokes it now, REDUCE lowers its level." });

export const LADDER: readonly SanctionLevel[] = [
  SanctionLevel.MUTE_1D,
  SanctionLevel.MUTE_7D,
  SanctionLevel.MUTE_15D,
  SanctionLevel.MUTE_PERMANENT,
  SanctionLevel.BAN,
];

/** Position on the ladder (0 = lightest). */
export const ladderIndex = (level: SanctionLevel): number => LADDER.indexOf(level);

const DAY_MS = 86_400_000;
const DURATION_DAYS: Record<SanctionLevel, number | null> = {
  MUTE_1D: 1,
  MUTE_7D: 7,
  MUTE_15D: 15,
  MUTE_PERMANENT: null,
  BAN: null,
};

/** When a sanction of this level starting at `startsAt` ends; null = permanent. */
export function endOf(level: SanctionLevel, startsAt: Date): Date | null {
  const days = DURATION_DAYS[level];
  return days === null ? null : new Date(startsAt.getTime() + days * DAY_MS);
}

export const isBan = (level: SanctionLevel): boolean => level === SanctionLevel.BAN;

export const LEVEL_LABEL: Record<SanctionLevel, string> = {
  MUTE_1D: "禁言 1 天",
  MUTE_7D: "禁言 7 天",
  MUTE_15D: "禁言 15 天",
  MUTE_PERMANENT: "永久禁言",
  BAN: "封停账号",
};
