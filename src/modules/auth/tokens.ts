import { createHash, randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { AppConfig } from "../../config";
import { unauthenticated } from "../../errors";

const ALGORITHM = "HS256";

export interface AccessClaims {
  userId: number;
  sessionId: number;
}

/** A short-lived JWT naming the user and the sign-in session it belongs to. */
export async function signAccessToken(config: AppConfig, claims: AccessClaims, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(String(claims.userId))
    .setIssuer(config.jwtIssuer)
    .setAudience(config.jwtAudience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.accessTokenTtlSeconds)
    .sign(config.jwtSecret);
}

/** Tokens whose signature, issuer and audience were verified, per configuration (the secret), with their expiry. */
const verified = new WeakMap<AppConfig, Map<string, AccessClaims & { exp: number }>>();
/** Verified tokens remembered per configuration; the map starts over when full. */
const VERIFIED_CACHE_SIZE = 5000;

/**
 * Verifies signature, algorithm, issuer, audience and expiry against the request clock. A token
 * verified before (the very same string) skips the HMAC (about 7 % of the CPU of a signed-in feed
 * request): only its expiry is checked again; the session is still checked by the caller.
 */
export async function verifyAccessToken(config: AppConfig, token: string, now: Date): Promise<AccessClaims> {
  const known = verified.get(config)?.get(token);
  if (known) {
    // jose's rule: expired when exp <= now (in whole seconds)
    if (known.exp <= Math.floor(now.getTime() / 1000)) throw unauthenticated("TOKEN_EXPIRED", "The access token has expired; refresh the session.");
    return { userId: known.userId, sessionId: known.sessionId };
  }
  try {
    const { payload } = await jwtVerify(token, config.jwtSecret, {
      algorithms: [ALGORITHM],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const userId = Number(payload.sub);
    const sessionId = Number(payload.sid);
    if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(sessionId)) throw new Error("bad claims");
    let cache = verified.get(config);
    if (!cache) verified.set(config, (cache = new Map()));
    if (cache.size >= VERIFIED_CACHE_SIZE) cache.clear();
    cache.set(token, { userId, sessionId, exp: payload.exp! });
    return { userId, sessionId };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthenticated("TOKEN_EXPIRED", "The access token has expired; refresh the session.");
    throw unauthenticated("TOKEN_INVALID", "The access token is not valid.");
  }
}

export const REFRESH_TOKEN_PREFIX = "zrt_";

/** An opaque refresh token; only its SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = REFRESH_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: sha256(token) };
}

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
