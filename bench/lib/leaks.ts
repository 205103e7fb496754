/** The error codes of the contract (SPEC 9) and Apollo's protocol codes. */
export const SPEC_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "AUTHOR_REQUIRED",
  "ACCOUNT_MUTED",
  "ACCOUNT_BANNED",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_STATE",
  "RATE_LIMITED",
  "QUERY_TOO_COMPLEX",
  "INTERNAL_SERVER_ERROR",
]);
export const PROTOCOL_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE"]);

/** Text that must never reach a client: stacks, SQL, driver and ORM messages, file paths. */
export const LEAK_PATTERNS: [string, RegExp][] = [
  ["stack frame", /\bat (?:async )?[\w$.<>]+ \(?(?:\/|node:|file:)[^)\s]*:\d+:\d+\)?/],
  ["stack frame", /\n\s+at\s/],
  ["file path", /(?:\/work\/|node_modules|dist\/src|\/src\/[\w/-]+\.[jt]s)/],
  ["SQL", /\b(?:SELECT\s+[\s\S]{0,200}?\bFROM|INSERT\s+INTO|UPDATE\s+`?\w+`?\s+SET|DELETE\s+FROM)\b/i],
  ["SQL", /`\w+`\.`\w+`/],
  ["driver", /\bER_[A-Z_]{3,}\b|\bSQLITE_[A-Z_]+\b|\bSqliteError\b|\bQueryFailedError\b|\bEntityNotFound|\bTypeORM\b|\bmysql2?\b|\bMariaDB\b|\bInnoDB\b/i],
  ["driver", /\bECONNREFUSED\b|\bECONNRESET\b|\bPROTOCOL_CONNECTION_LOST\b|\bETIMEDOUT\b|\bEPIPE\b|Pool is closed|Connection lost|Can't add new command/i],
  ["internals", /\bTypeError\b|\bReferenceError\b|\bRangeError\b|Cannot read propert|is not a function|undefined is not|\[object Object\]/],
];

/** The leaks found in a piece of error text, after removing what the client itself sent. */
export function findLeaks(text: string, sent: readonly string[] = []): string[] {
  let t = text;
  for (const s of sent) if (s.length >= 3) t = t.split(s).join("");
  return LEAK_PATTERNS.filter(([, re]) => re.test(t)).map(([name, re]) => `${name} (${re.source.slice(0, 40)}…): ${t.slice(0, 300)}`);
}

export interface ErrorCheck {
  badCodes: string[];
  leaks: string[];
}

/** Checks every error of a GraphQL JSON answer: a known code, no leaked internals. */
export function checkErrors(json: { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined, sent: readonly string[] = []): ErrorCheck {
  const out: ErrorCheck = { badCodes: [], leaks: [] };
  for (const e of json?.errors ?? []) {
    const code = e.extensions?.code as string | undefined;
    if (!code || (!SPEC_CODES.has(code) && !PROTOCOL_CODES.has(code))) out.badCodes.push(String(code));
    out.leaks.push(...findLeaks(JSON.stringify(e), sent));
    if (code === "INTERNAL_SERVER_ERROR" && typeof e.message === "string" && !/^(Internal server error\.|The database is unavailable)/.test(e.message)) out.leaks.push(`internal error message: ${e.message.slice(0, 200)}`);
  }
  return out;
}
