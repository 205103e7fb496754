import { AppError } from "../../errors";
import type { Viewer } from "../auth/auth.service";
import { isBan, SanctionLevel } from "./moderation.enums";
import { isInForce } from "./sanction.policy";
import type { Sanction } from "./sanction.entity";

/** Mutations a muted user may not call (SPEC 2). Guard each with `assertNotMuted(ctx.viewer)`. */
export const MUTE_RESTRICTED_MUTATIONS: readonly string[] = ["addComment", "editComment", "publishArticle", "submitArticle"];

/** The only mutations a banned user may call (SPEC 2); the ban guard plugin refuses the rest. */
export const BAN_ALLOWED_MUTATIONS: readonly string[] = ["appealSanction", "login", "logout"];

/** A user's standing at one instant, derived from the sanctions in force. */
export interface Standing {
  /** Sanctions in force, newest first. */
  activeSanctions: Sanction[];
  /** A MUTE_* sanction is in force (a ban restricts more; see `banned`). */
  muted: boolean;
  /** When the last mute in force ends; null when not muted or muted permanently. */
  mutedUntil: Date | null;
  mutedPermanently: boolean;
  banned: boolean;
  /** The sanction that decides the restriction (the ban, else the longest mute). */
  decisive: Sanction | null;
}

export const CLEAN_STANDING: Standing = Object.freeze({ activeSanctions: [], muted: false, mutedUntil: null, mutedPermanently: false, banned: false, decisive: null }) as Standing;

/** Standing from a user's sanctions at `now`: the strongest in force decides. */
export function computeStanding(sanctions: readonly Sanction[], now: Date): Standing {
  const active = sanctions.filter((s) => isInForce(s, now)).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || b.id - a.id);
  const ban = active.find((s) => isBan(s.level)) ?? null;
  const mutes = active.filter((s) => !isBan(s.level));
  const permanentMute = mutes.find((s) => s.level === SanctionLevel.MUTE_PERMANENT || s.endsAt === null) ?? null;
  const longestMute = permanentMute ?? [...mutes].sort((a, b) => b.endsAt!.getTime() - a.endsAt!.getTime())[0] ?? null;
  return {
    activeSanctions: active,
    muted: mutes.length > 0,
    mutedUntil: permanentMute || !longestMute ? null : longestMute.endsAt,
    mutedPermanently: permanentMute !== null,
    banned: ban !== null,
    decisive: ban ?? longestMute,
  };
}

/** The standing resolved with the bearer token (CLEAN for viewers built outside a request, e.g. seeds). */
export const standingOf = (viewer: Viewer | null | undefined): Standing => viewer?.standing ?? CLEAN_STANDING;

/** ACCOUNT_BANNED for a banned viewer. */
export function accountBanned(standing: Standing): AppError {
  const s = standing.decisive;
  return new AppError("ACCOUNT_BANNED", "ACCOUNT_BANNED", "This account is banned (账号已封停). You can still read your sanctions, appeal and sign out.", {
    sanctionId: s?.globalId ?? null,
    ruleCode: s?.ruleCode ?? null,
  });
}

/** ACCOUNT_MUTED with `extensions.mutedUntil` (ISO string, null when permanent). */
export function accountMuted(standing: Standing): AppError {
  const s = standing.decisive;
  const until = standing.mutedUntil?.toISOString() ?? null;
  const message = until ? `You are muted until ${until} (禁言中).` : "You are muted permanently (永久禁言).";
  return new AppError("ACCOUNT_MUTED", "ACCOUNT_MUTED", message, { mutedUntil: until, sanctionId: s?.globalId ?? null, ruleCode: s?.ruleCode ?? null });
}

/**
 * Guard for addComment, editComment, publishArticle and submitArticle: a muted viewer gets
 * ACCOUNT_MUTED (with `mutedUntil`), a banned one ACCOUNT_BANNED. Pure: reads the standing that
 * was resolved with the bearer token, so call it first thing in the service, before any query.
 */
export function assertNotMuted(viewer: Viewer | null | undefined): void {
  const standing = standingOf(viewer);
  if (standing.banned) throw accountBanned(standing);
  if (standing.muted) throw accountMuted(standing);
}

/** ACCOUNT_BANNED for a banned viewer (the ban guard plugin already applies it to every mutation). */
export function assertNotBanned(viewer: Viewer | null | undefined): void {
  const standing = standingOf(viewer);
  if (standing.banned) throw accountBanned(standing);
}
