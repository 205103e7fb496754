import { AppError } from "../errors";

/** Driver codes that mean "the database cannot be reached right now", not "this query is wrong". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  "ER_CONNECTION_KILLED",
  "POOL_CLOSED",
]);
const UNAVAILABLE_MESSAGES = /Pool is closed|Can't add new command when connection is in closed state|Connection lost|connect ETIMEDOUT|Connection is not established/i;

/** True when `err` (a driver or TypeORM error, possibly wrapped) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  type Wrapped = { code?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown; message?: unknown };
  let e = err as Wrapped | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof AppError) return false;
    if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = (e.driverError ?? e.cause ?? e.originalError) as Wrapped | undefined;
  }
  return false;
}

/** What a client gets while the database is down: a spec code, a stable reason, no driver text; HTTP 503 when nothing ran. */
export function databaseUnavailable(): AppError {
  return new AppError("INTERNAL_SERVER_ERROR", "DATABASE_UNAVAILABLE", "The database is unavailable; please retry shortly.", { http: { status: 503 } });
}
