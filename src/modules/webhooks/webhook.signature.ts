import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-zhiyan-signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (Stripe's scheme: the timestamp is signed too). */
export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does (docs/api.md has a copy-paste version): recompute the HMAC over the raw
 * body, compare in constant time, and refuse timestamps outside the tolerance (replays).
 */
export function verifyWebhookSignature(secret: string, header: string | undefined, rawBody: string, now: Date, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${rawBody}`, "utf8").digest("hex"), "utf8");
  const given = Buffer.from(parts.v1, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
