import { GraphQLError } from "graphql";

/** The error codes of the public contract (SPEC 9); nothing else is sent as `extensions.code`. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "AUTHOR_REQUIRED"
  | "ACCOUNT_MUTED"
  | "ACCOUNT_BANNED"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_STATE"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  | "INTERNAL_SERVER_ERROR";

export const DOMAIN_ERROR_CODES: readonly ErrorCode[] = [
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
];

/** Every "no" of the domain: a code from the spec plus a stable machine `reason`. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, reason, ...extra } });
    this.name = "AppError";
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const unauthenticated = (reason = "AUTHENTICATION_REQUIRED", message = "You must be signed in to do this.") =>
  new AppError("UNAUTHENTICATED", reason, message);

export const forbidden = (reason: string, message = "You are not allowed to do this.") =>
  new AppError("FORBIDDEN", reason, message);

export const notFound = (what = "Object", reason = "NOT_FOUND") => new AppError("NOT_FOUND", reason, `${what} not found.`);

export const conflict = (reason: string, message: string) => new AppError("CONFLICT", reason, message);

export const invalidState = (reason: string, message: string) => new AppError("INVALID_STATE", reason, message);

/** BAD_USER_INPUT naming the offending fields; the submitted values are never echoed. */
export function badInput(problems: FieldProblem[], reason = "VALIDATION_FAILED"): AppError {
  const message = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return new AppError("BAD_USER_INPUT", reason, message || "Invalid input.", {
    fields: problems.map((p) => p.field),
    problems,
  });
}

export const badField = (field: string, message: string, reason = "VALIDATION_FAILED") =>
  badInput([{ field, message }], reason);
