import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import helmet from "helmet";

/** JSON answers load nothing: the strictest policy. */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Security headers for every response (helmet), with a CSP that lets nothing load. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "no-referrer" },
  });
}

/** sha256 sources of every inline `<script>` of a page, for `script-src`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.add(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/**
 * The GraphiQL page inlines its scripts and styles and runs Monaco's workers from blob: URLs.
 * Scripts are allowed by hash (the page is rendered once, so the hashes are fixed at start);
 * styles need 'unsafe-inline' (style attributes); nothing is loaded from another origin.
 */
export function graphiqlCsp(html: string): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...inlineScriptHashes(html)],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      fontSrc: ["'self'", "data:"],
      workerSrc: ["'self'", "blob:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}

/** Apollo serves the landing page to a GET whose Accept prefers HTML over its JSON types. */
export function wantsLandingPage(req: Request): boolean {
  if (req.method !== "GET" || !req.headers.accept) return false;
  return req.accepts(["application/json", "application/graphql-response+json", "multipart/mixed", "text/html"]) === "text/html";
}
