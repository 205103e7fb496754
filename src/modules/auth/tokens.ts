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

/** Verifies signature, algorithm, issuer, audience and expiry against the request clock. */
export async function verifyAccessToken(config: AppConfig, token: string, now: Date): Promise<AccessClaims> {
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
