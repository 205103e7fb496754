import { randomBytes } from "node:crypto";
import { IsNull } from "typeorm";
import type { ServiceContext } from "../../context";
import { badField, invalidState, notFound, unauthenticated } from "../../errors";
import { inTransaction } from "../../shared/db";
import { decodeIdOf } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs } from "../../shared/pagination";
import { sha256 } from "../auth/tokens";
import { User } from "../users/user.entity";
import { requireViewer } from "../users/user.service";
import type { ApiTokenGrant } from "./api-scope";
import { ApiToken } from "./api-token.entity";
import type { CreateApiTokenInput } from "./api-token.inputs";

/** Every API token starts with this, so leaked tokens can be recognised by secret scanners. */
export const API_TOKEN_PREFIX = "zpat_";
const MAX_LIFETIME_MS = 366 * 86400_000;
const MAX_ACTIVE_TOKENS = 50;
/** lastUsedAt is written at most once per this interval per token (avoids a write per request). */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function isApiTokenSecret(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

/** Creates a token for the viewer; the secret is returned once and only its SHA-256 is stored. */
export async function createApiToken(ctx: ServiceContext, input: CreateApiTokenInput): Promise<{ token: string; apiToken: ApiToken }> {
  const viewer = requireViewer(ctx);
  const lifetime = input.expiresAt.getTime() - ctx.now.getTime();
  if (!(lifetime > 0)) throw badField("expiresAt", "must be in the future", "INVALID_EXPIRY");
  if (lifetime > MAX_LIFETIME_MS) throw badField("expiresAt", "must be at most 366 days ahead", "INVALID_EXPIRY");
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const apiToken = await inTransaction(ctx.ds, async (em) => {
    const active = await em
      .getRepository(ApiToken)
      .createQueryBuilder("t")
      .where("t.userId = :uid AND t.revokedAt IS NULL AND t.expiresAt > :now", { uid: viewer.id, now: ctx.now })
      .getCount();
    if (active >= MAX_ACTIVE_TOKENS) throw invalidState("TOO_MANY_TOKENS", `At most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`);
    return em.save(
      em.getRepository(ApiToken).create({
        userId: viewer.id,
        name: input.name.trim(),
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 7),
        scopes: [...input.scopes],
        createdAt: ctx.now,
        expiresAt: input.expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
  });
  return { token, apiToken };
}

/** The viewer's tokens that are not revoked (expired ones included, so they can be seen and replaced), newest first. */
export async function listApiTokens(ctx: ServiceContext, args: ConnectionArgs) {
  const viewer = requireViewer(ctx);
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(ApiToken).createQueryBuilder("t").where("t.userId = :uid AND t.revokedAt IS NULL", { uid: viewer.id });
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "t.id", direction: "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (t) => [t.id]), count };
}

/** The owner revokes a token; idempotent. Someone else's token is NOT_FOUND. */
export async function revokeApiToken(ctx: ServiceContext, id: string): Promise<ApiToken> {
  const viewer = requireViewer(ctx);
  const tokenId = decodeIdOf("ApiToken", id);
  return inTransaction(ctx.ds, async (em) => {
    const token = await em.getRepository(ApiToken).findOneBy({ id: tokenId, userId: viewer.id });
    if (!token) throw notFound("ApiToken");
    if (!token.revokedAt) {
      token.revokedAt = ctx.now;
      await em.update(ApiToken, { id: token.id, revokedAt: IsNull() }, { revokedAt: ctx.now });
    }
    return token;
  });
}

/**
 * Resolves a `zpat_` bearer to its owner and grant: unknown, revoked and expired tokens are
 * UNAUTHENTICATED. The caller builds the same Viewer as for a session (standing applies alike).
 */
export async function authenticateApiToken(ctx: ServiceContext, secret: string): Promise<{ user: User; grant: ApiTokenGrant }> {
  const token = await ctx.ds.getRepository(ApiToken).findOneBy({ tokenHash: sha256(secret) });
  if (!token) throw unauthenticated("TOKEN_INVALID", "The API token is not valid.");
  if (token.revokedAt) throw unauthenticated("TOKEN_REVOKED", "This API token has been revoked.");
  if (token.expiresAt <= ctx.now) throw unauthenticated("TOKEN_EXPIRED", "This API token has expired; create a new one.");
  const user = await ctx.ds.getRepository(User).findOneBy({ id: token.userId });
  if (!user) throw unauthenticated("TOKEN_INVALID", "The API token is not valid.");
  await touchLastUsed(ctx, token);
  return { user, grant: { id: token.id, scopes: token.scopes } };
}

/** Conditional write: only when the stored time is older than the resolution, so bursts cost one UPDATE. */
async function touchLastUsed(ctx: ServiceContext, token: ApiToken): Promise<void> {
  const threshold = new Date(ctx.now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt && token.lastUsedAt > threshold) return;
  await inTransaction(ctx.ds, (em) =>
    em
      .createQueryBuilder()
      .update(ApiToken)
      .set({ lastUsedAt: ctx.now })
      .where("id = :id AND (lastUsedAt IS NULL OR lastUsedAt < :threshold)", { id: token.id, threshold })
      .execute(),
  );
}
