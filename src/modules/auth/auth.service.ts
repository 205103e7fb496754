import { IsNull } from "typeorm";
import type { ServiceContext } from "../../context";
import { AppError, conflict, unauthenticated } from "../../errors";
import { inTransaction, isUniqueViolation } from "../../shared/db";
import { joinedStanding, joinStanding, loadStanding } from "../moderation/standing.service";
import type { Standing } from "../moderation/standing.policy";
import { Role } from "../users/role";
import { User } from "../users/user.entity";
import type { LoginInput, RegisterInput } from "./auth.inputs";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords";
import { AuthSession, RefreshToken } from "./session.entity";
import { newRefreshToken, sha256, signAccessToken, verifyAccessToken } from "./tokens";
import { effectiveRolesForToken, type ApiTokenGrant } from "../api-tokens/api-scope";
import { authenticateApiToken, isApiTokenSecret } from "../api-tokens/api-token.service";

export interface Viewer {
  id: number;
  user: User;
  roles: Role[];
  /** The sign-in session the bearer token belongs to. */
  sessionId: number | null;
  /**
   * Mutes and bans in force, resolved with the bearer token once per request (so a sanction
   * applies at once, also to tokens minted before it). Absent only for viewers built outside a
   * request (seed scripts), which read as clean standing.
   */
  standing?: Standing;
  /** Set when the request authenticated with a partner API token (`zpat_…`): its id and scopes. */
  apiToken?: ApiTokenGrant | null;
}

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

/** Creates an account (READER) and signs it in. Username and email are unique, case-insensitively. */
export async function register(ctx: ServiceContext, input: RegisterInput): Promise<IssuedTokens> {
  const username = input.username.toLowerCase();
  const email = input.email.trim().toLowerCase();
  if (RESERVED_USERNAMES.has(username)) throw conflict("USERNAME_RESERVED", "This username is reserved.");
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx.ds, async (em) => {
      const clash = await em.getRepository(User).findOne({ where: [{ username }, { email }], select: { id: true, username: true } });
      if (clash) throw clashError(clash.username === username);
      const user = em.getRepository(User).create({
        username,
        email,
        passwordHash,
        displayName: input.displayName.trim(),
        bio: null,
        avatarUrl: null,
        roles: [Role.READER],
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      await em.save(user);
      return startSession(ctx, em.getRepository(AuthSession).manager, user);
    });
  } catch (err) {
    // Two registrations racing past the check: the unique index decides.
    if (isUniqueViolation(err)) throw clashError(/UQ_users_username|users\.username/.test(String((err as Error).message)));
    throw err;
  }
}

/** Handles that would let someone pass for the site or its staff (`admin` is the bootstrap account's). */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set(["admin", "administrator", "root", "system", "moderator", "editor", "zhiyan", "support", "official"]);

function clashError(usernameTaken: boolean): AppError {
  return usernameTaken
    ? conflict("USERNAME_TAKEN", "This username is already taken.")
    : conflict("EMAIL_TAKEN", "An account with this email already exists.");
}

/** Signs in with username or email; a wrong login or password is one indistinct UNAUTHENTICATED. */
export async function login(ctx: ServiceContext, input: LoginInput): Promise<IssuedTokens> {
  const key = input.login.trim().toLowerCase();
  const user = await ctx.ds.getRepository(User).findOne({ where: key.includes("@") ? { email: key } : { username: key } });
  if (!user) {
    await burnPasswordCheck(input.password);
    throw unauthenticated("INVALID_CREDENTIALS", "Wrong username, email or password.");
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw unauthenticated("INVALID_CREDENTIALS", "Wrong username, email or password.");
  }
  return inTransaction(ctx.ds, (em) => startSession(ctx, em, user));
}

async function startSession(ctx: ServiceContext, em: import("typeorm").EntityManager, user: User): Promise<IssuedTokens> {
  const expiresAt = new Date(ctx.now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000);
  const session = await em.save(
    em.getRepository(AuthSession).create({
      userId: user.id,
      createdAt: ctx.now,
      expiresAt,
      revokedAt: null,
      revokeReason: null,
      userAgent: ctx.userAgent?.slice(0, 255) ?? null,
      ip: ctx.ip?.slice(0, 64) ?? null,
    }),
  );
  return issueTokens(ctx, em, user, session);
}

async function issueTokens(ctx: ServiceContext, em: import("typeorm").EntityManager, user: User, session: AuthSession): Promise<IssuedTokens> {
  const refresh = newRefreshToken();
  await em.insert(RefreshToken, {
    sessionId: session.id,
    tokenHash: refresh.hash,
    createdAt: ctx.now,
    expiresAt: session.expiresAt,
    usedAt: null,
  });
  const accessToken = await signAccessToken(ctx.config, { userId: user.id, sessionId: session.id }, ctx.now);
  return {
    accessToken,
    accessTokenExpiresAt: new Date(ctx.now.getTime() + ctx.config.accessTokenTtlSeconds * 1000),
    refreshToken: refresh.token,
    user,
  };
}

type RefreshOutcome = { ok: IssuedTokens } | { refused: AppError };

/**
 * Rotates a refresh token: each is good once. Presenting a used one means it leaked, so the whole
 * session (every token of the family) is revoked.
 */
export async function refreshSession(ctx: ServiceContext, refreshToken: string): Promise<IssuedTokens> {
  const outcome = await inTransaction(ctx.ds, async (em): Promise<RefreshOutcome> => {
    const token = await em.getRepository(RefreshToken).findOne({ where: { tokenHash: sha256(refreshToken) } });
    if (!token) return { refused: unauthenticated("REFRESH_TOKEN_INVALID", "The refresh token is not valid.") };
    const session = await em.getRepository(AuthSession).findOneByOrFail({ id: token.sessionId });
    if (session.revokedAt) return { refused: unauthenticated("SESSION_REVOKED", "This session has ended; sign in again.") };
    if (token.usedAt) {
      await revokeSessionRow(em, session.id, ctx.now, "REFRESH_TOKEN_REUSED");
      return { refused: unauthenticated("REFRESH_TOKEN_REUSED", "This refresh token was already used; the session has been ended for safety.") };
    }
    if (token.expiresAt <= ctx.now || session.expiresAt <= ctx.now) {
      return { refused: unauthenticated("REFRESH_TOKEN_EXPIRED", "The session has expired; sign in again.") };
    }
    const claimed = await em.update(RefreshToken, { id: token.id, usedAt: IsNull() }, { usedAt: ctx.now });
    if (!claimed.affected) {
      await revokeSessionRow(em, session.id, ctx.now, "REFRESH_TOKEN_REUSED");
      return { refused: unauthenticated("REFRESH_TOKEN_REUSED", "This refresh token was already used; the session has been ended for safety.") };
    }
    const user = await em.getRepository(User).findOneByOrFail({ id: session.userId });
    return { ok: await issueTokens(ctx, em, user, session) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.ok;
}

async function revokeSessionRow(em: import("typeorm").EntityManager, sessionId: number, now: Date, reason: string): Promise<void> {
  await em.update(AuthSession, { id: sessionId, revokedAt: IsNull() }, { revokedAt: now, revokeReason: reason });
}

/** Ends the session the refresh token belongs to; idempotent, and unknown tokens are not an error. */
export async function logout(ctx: ServiceContext, refreshToken: string): Promise<boolean> {
  const token = await ctx.ds.getRepository(RefreshToken).findOne({ where: { tokenHash: sha256(refreshToken) } });
  if (!token) return false;
  await revokeSessionRow(ctx.ds.manager, token.sessionId, ctx.now, "LOGOUT");
  return true;
}

/**
 * Turns an Authorization header into a viewer. No header means anonymous; a header that does not
 * resolve to a live session is refused, never treated as anonymous.
 */
export async function resolveBearer(ctx: ServiceContext, authorization: string | undefined): Promise<Viewer | null> {
  if (authorization === undefined || authorization.trim() === "") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated("TOKEN_INVALID", "Use the header `Authorization: Bearer <token>`.");
  // Partner API tokens: the same Viewer as a session, with roles ∩ scopes.
  if (isApiTokenSecret(match[1])) {
    const { user, grant } = await authenticateApiToken(ctx, match[1]);
    const viewer = await viewerFor(ctx, user, { roles: effectiveRolesForToken(user.roles, grant.scopes), sessionId: null, apiToken: grant });
    // A banned owner's integrations stop altogether (a person may still sign in to appeal).
    if (viewer.standing?.banned) throw new AppError("ACCOUNT_BANNED", "TOKEN_OWNER_BANNED", "The owner of this API token is banned; the token does not work.");
    return viewer;
  }
  const claims = await verifyAccessToken(ctx.config, match[1], ctx.now);
  // One statement: the user, the live session and the sanctions in force (the standing).
  const qb = ctx.ds
    .getRepository(User)
    .createQueryBuilder("u")
    .innerJoin(AuthSession, "s", "s.userId = u.id AND s.id = :sid AND s.revokedAt IS NULL AND s.expiresAt > :now", {
      sid: claims.sessionId,
      now: ctx.now,
    })
    .where("u.id = :uid", { uid: claims.userId });
  const user = await joinStanding(qb, "u", ctx.now).getOne();
  if (!user) throw unauthenticated("SESSION_REVOKED", "This session has ended; sign in again.");
  const standing = joinedStanding(user, ctx.now);
  return { id: user.id, user, standing, roles: user.roles, sessionId: claims.sessionId, apiToken: null };
}

/** One shape of Viewer for sessions and API tokens: standing is loaded for both. */
async function viewerFor(ctx: ServiceContext, user: User, how: Pick<Viewer, "roles" | "sessionId" | "apiToken">): Promise<Viewer> {
  const standing = await loadStanding(ctx.ds, user.id, ctx.now);
  return { id: user.id, user, standing, ...how };
}
