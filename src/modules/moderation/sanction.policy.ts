import { AppError, badField, forbidden, invalidState } from "../../errors";
import type { Viewer } from "../auth/auth.service";
import { Role, assertModerator } from "../users/role";
import type { User } from "../users/user.entity";
import { impliedAggravations, type RuleData } from "./convention";
import { Aggravation, LADDER, ladderIndex, LEVEL_LABEL, SanctionLevel, SanctionStatus } from "./moderation.enums";
import type { Sanction } from "./sanction.entity";

const DAY_MS = 86_400_000;
/** The ladder counts the sanctions of the last 365 days. */
export const LADDER_WINDOW_DAYS = 365;
/** An appeal is possible within 30 days of the sanction's start. */
export const APPEAL_WINDOW_DAYS = 30;

type SanctionFacts = Pick<Sanction, "startsAt" | "endsAt" | "revokedAt" | "reducedFrom">;

/** Revoked (lifted or overturned) as of `now`. */
export const isRevoked = (s: SanctionFacts, now: Date): boolean => s.revokedAt !== null && s.revokedAt <= now;

/** In force at `now`: started, not ended by itself, not revoked. */
export function isInForce(s: SanctionFacts, now: Date): boolean {
  return s.startsAt <= now && !isRevoked(s, now) && (s.endsAt === null || s.endsAt > now);
}

/** The status a reader sees, derived from the stored dates (no job flips it). */
export function sanctionStatus(s: SanctionFacts, now: Date): SanctionStatus {
  if (isRevoked(s, now)) return SanctionStatus.REVOKED;
  if (s.endsAt !== null && s.endsAt <= now) return SanctionStatus.EXPIRED;
  return s.reducedFrom ? SanctionStatus.REDUCED : SanctionStatus.ACTIVE;
}

/** The earliest moment the ladder no longer counts a sanction starting at this instant. */
export const ladderWindowStart = (now: Date): Date => new Date(now.getTime() - LADDER_WINDOW_DAYS * DAY_MS);

/**
 * Whether a sanction counts as a prior offence at `now`: started within the last 365 days and not
 * revoked. Revoked means overturned on appeal or lifted by a moderator (both say it should not
 * stand); expired and reduced sanctions still count.
 */
export const countsForLadder = (s: SanctionFacts, now: Date): boolean =>
  s.startsAt > ladderWindowStart(now) && s.startsAt <= now && !isRevoked(s, now);

/** The aggravations that apply: those the moderator names plus those the rule implies. */
export function effectiveAggravations(named: readonly Aggravation[] | undefined, rule: RuleData | undefined): Aggravation[] {
  const set = new Set<Aggravation>([...(named ?? []), ...impliedAggravations(rule)]);
  return Object.values(Aggravation).filter((a) => set.has(a));
}

export interface LadderSuggestion {
  level: SanctionLevel;
  priorCount: number;
  aggravations: Aggravation[];
  explanation: string;
}

/** The ladder: index min(n, 4), plus 2 when any aggravation applies, capped at BAN. */
export function suggestLevel(priorCount: number, aggravations: readonly Aggravation[]): LadderSuggestion {
  const base = Math.min(priorCount, LADDER.length - 1);
  const aggravated = aggravations.length > 0;
  const index = Math.min(base + (aggravated ? 2 : 0), LADDER.length - 1);
  const level = LADDER[index];
  const zh = `近 365 天内有 ${priorCount} 次未被撤销的处罚，阶梯建议「${LEVEL_LABEL[LADDER[base]]}」` +
    (aggravated ? `；存在加重情节（${aggravations.join("、")}），加重两级为「${LEVEL_LABEL[level]}」。` : "。");
  const en = `${priorCount} prior sanction(s) in the last 365 days that were not revoked → ${LADDER[base]}` +
    (aggravated ? `; aggravated (${aggravations.join(", ")}) → two steps up → ${level}.` : ".");
  return { level, priorCount, aggravations: [...aggravations], explanation: `${zh} ${en}` };
}

/** A moderator sanctions other people only, and never an administrator. */
export function assertCanSanction(moderator: Viewer, target: User): void {
  assertModerator(moderator);
  if (moderator.id === target.id) throw forbidden("CANNOT_SANCTION_SELF", "You cannot sanction yourself.");
  if (target.roles.includes(Role.ADMIN)) throw forbidden("CANNOT_SANCTION_ADMIN", "Administrators cannot be sanctioned.");
}

/** Going below the ladder's suggestion needs a written reason. */
export function assertLevelJustified(level: SanctionLevel, suggested: SanctionLevel, reason: string | null | undefined): void {
  if (ladderIndex(level) < ladderIndex(suggested) && !reason?.trim()) {
    throw badField("reason", `is required for a level below the ladder's suggestion (${suggested})`, "REASON_REQUIRED_BELOW_LADDER");
  }
}

/** A moderator lifts a sanction still in force, never one on themself. */
export function assertCanLift(moderator: Viewer, sanction: Sanction, now: Date): void {
  assertModerator(moderator);
  if (sanction.userId === moderator.id) throw forbidden("CONFLICT_OF_INTEREST", "You cannot lift a sanction on yourself.");
  if (!isInForce(sanction, now)) throw invalidState("SANCTION_NOT_ACTIVE", "Only a sanction in force can be lifted.");
}

/** The last moment an appeal may be filed. */
export const appealableUntil = (s: Pick<Sanction, "startsAt">): Date => new Date(s.startsAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS);

/** Why the sanctioned user cannot appeal now, or null when they can (one appeal: checked by the caller). */
export function appealRefusal(viewerId: number, sanction: Sanction, now: Date): AppError | null {
  if (sanction.userId !== viewerId) return forbidden("NOT_YOUR_SANCTION", "Only the sanctioned user can appeal.");
  if (isRevoked(sanction, now)) return invalidState("SANCTION_REVOKED", "This sanction has already been revoked.");
  if (now > appealableUntil(sanction)) return invalidState("APPEAL_WINDOW_CLOSED", `Appeals are possible within ${APPEAL_WINDOW_DAYS} days of the sanction's start.`);
  return null;
}
