import { badField, forbidden, invalidState } from "../../errors";
import type { Viewer } from "../auth/auth.service";
import { assertModerator } from "../users/role";
import type { Appeal } from "./appeal.entity";
import { AppealOutcome, AppealStatus, ladderIndex, type SanctionLevel } from "./moderation.enums";
import type { Sanction } from "./sanction.entity";
import { isRevoked } from "./sanction.policy";

/** `reducedLevel` goes with REDUCE only, and REDUCE needs it. */
export function assertDecisionShape(outcome: AppealOutcome, reducedLevel: SanctionLevel | null | undefined): void {
  if (outcome === AppealOutcome.REDUCE && !reducedLevel) throw badField("reducedLevel", "is required to REDUCE", "REDUCED_LEVEL_REQUIRED");
  if (outcome !== AppealOutcome.REDUCE && reducedLevel) throw badField("reducedLevel", "is only for the outcome REDUCE", "REDUCED_LEVEL_ONLY_FOR_REDUCE");
}

/**
 * A moderator decides a pending appeal, never on a sanction they issued (nor one on themself):
 * an appeal is a second look by someone else.
 */
export function assertCanDecideAppeal(moderator: Viewer, sanction: Sanction, appeal: Appeal, now: Date): void {
  assertModerator(moderator);
  if (sanction.issuedById === moderator.id) throw forbidden("CONFLICT_OF_INTEREST", "The moderator who issued a sanction cannot decide its appeal.");
  if (sanction.userId === moderator.id) throw forbidden("CONFLICT_OF_INTEREST", "You cannot decide an appeal against your own sanction.");
  if (appeal.status !== AppealStatus.PENDING) throw invalidState("APPEAL_ALREADY_DECIDED", "This appeal has already been decided.");
  if (isRevoked(sanction, now)) throw invalidState("SANCTION_REVOKED", "This sanction has already been revoked.");
}

/** REDUCE lowers the level strictly. */
export function assertReducedLevel(current: SanctionLevel, reduced: SanctionLevel): void {
  if (ladderIndex(reduced) >= ladderIndex(current)) {
    throw badField("reducedLevel", `must be strictly below the current level ${current}`, "REDUCED_LEVEL_NOT_LOWER");
  }
}
