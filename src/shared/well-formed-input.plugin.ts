import type { ApolloServerPlugin } from "@apollo/server";
import { badInput, type FieldProblem } from "../errors";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Paths of strings in `value` that are not well-formed UTF-16 (lone surrogates). */
export function illFormedStrings(value: unknown, path: string, found: FieldProblem[] = []): FieldProblem[] {
  if (found.length >= 10) return found;
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) found.push({ field: path, message: "contains an unpaired surrogate (not valid Unicode text)" });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => illFormedStrings(v, `${path}.${i}`, found));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) illFormedStrings(v, path ? `${path}.${k}` : k, found);
  }
  return found;
}

/**
 * Text is stored as utf8mb4, which cannot hold a lone surrogate: the driver would silently turn it
 * into U+FFFD and validators may throw on it. Such variables are refused up front, naming the field.
 */
export function wellFormedInputPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          const problems = illFormedStrings(request.variables ?? {}, "");
          if (problems.length) {
            const err = badInput(problems, "ILL_FORMED_UNICODE");
            Object.assign(err.extensions, { http: { status: 400 } });
            throw err;
          }
        },
      };
    },
  };
}
