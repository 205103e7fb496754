import { AppError } from "../../errors";
import { ANY_API_TOKEN, type ApiAccessRule, type ApiScope, expandScopes, SESSION_ONLY } from "./api-scope";

const insufficient = (message: string, requiredScope: string | null) =>
  new AppError("FORBIDDEN", "INSUFFICIENT_SCOPE", message, { requiredScope });

/** A token may call a root field only when the field declares a rule the token's scopes satisfy. */
export function assertTokenMayCall(tokenScopes: readonly ApiScope[], rule: ApiAccessRule | undefined, fieldPath: string): void {
  if (rule === ANY_API_TOKEN) return;
  if (rule === undefined) throw insufficient(`${fieldPath} declares no API scope, so API tokens cannot use it.`, null);
  if (rule === SESSION_ONLY) throw insufficient(`${fieldPath} is not available with an API token; sign in instead.`, null);
  if (!expandScopes(tokenScopes).has(rule)) throw insufficient(`${fieldPath} needs an API token with the scope ${rule}.`, rule);
}
