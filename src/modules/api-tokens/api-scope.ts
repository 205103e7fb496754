import type { GraphQLField } from "graphql";
import { Extensions, registerEnumType } from "type-graphql";
import { Role } from "../users/role";

/**
 * What a partner API token may do (Shopify-style read_x / write_x). GraphQL shows the member names
 * (READ_CONTENT …); the values are the documented wire names stored with the token.
 */
export enum ApiScope {
  READ_CONTENT = "read_content",
  WRITE_CONTENT = "write_content",
  WRITE_COMMENTS = "write_comments",
  READ_MODERATION = "read_moderation",
  MODERATE = "moderate",
}

registerEnumType(ApiScope, {
  name: "ApiScope",
  description:
    "What an API token may do. A write scope includes its read scope (WRITE_CONTENT and WRITE_COMMENTS include READ_CONTENT, MODERATE includes READ_MODERATION). A token never grants more than its owner's roles.",
  valuesConfig: {
    READ_CONTENT: { description: "read_content: read articles, profiles, comments and the owner's notifications." },
    WRITE_CONTENT: { description: "write_content: write and publish the owner's articles, likes, notification state." },
    WRITE_COMMENTS: { description: "write_comments: add, edit and delete the owner's comments." },
    READ_MODERATION: { description: "read_moderation: read moderation queues and the audit log (owner must be EDITOR or MODERATOR)." },
    MODERATE: { description: "moderate: act on reports, sanctions, appeals and submissions (owner must be EDITOR or MODERATOR)." },
  },
});

/** Scopes a granted scope implies (write includes read). */
const IMPLIES: Record<ApiScope, ApiScope[]> = {
  [ApiScope.READ_CONTENT]: [],
  [ApiScope.WRITE_CONTENT]: [ApiScope.READ_CONTENT],
  [ApiScope.WRITE_COMMENTS]: [ApiScope.READ_CONTENT],
  [ApiScope.READ_MODERATION]: [],
  [ApiScope.MODERATE]: [ApiScope.READ_MODERATION],
};

/** The granted scopes plus what they imply. */
export function expandScopes(granted: readonly ApiScope[]): Set<ApiScope> {
  const out = new Set<ApiScope>();
  for (const s of granted) {
    out.add(s);
    for (const implied of IMPLIES[s] ?? []) out.add(implied);
  }
  return out;
}

/**
 * The owner's roles as a token sees them: ADMIN is never carried by a token (administration is
 * session-only), and editorial/moderation roles only count when the token has a moderation scope.
 * Role checks then run on these, so the effective right is the owner's roles ∩ the token's scopes.
 */
export function effectiveRolesForToken(ownerRoles: readonly Role[], scopes: readonly ApiScope[]): Role[] {
  const expanded = expandScopes(scopes);
  const roles = new Set<Role>(ownerRoles.includes(Role.ADMIN) ? [Role.READER, Role.AUTHOR, Role.EDITOR, Role.MODERATOR] : ownerRoles);
  roles.delete(Role.ADMIN);
  if (!expanded.has(ApiScope.READ_MODERATION)) {
    roles.delete(Role.EDITOR);
    roles.delete(Role.MODERATOR);
  }
  roles.add(Role.READER);
  return Object.values(Role).filter((r) => roles.has(r));
}

/** Any valid API token may call the field (identity: `viewer`). */
export const ANY_API_TOKEN = "any_api_token";
/** Never with an API token: sign-in and account management (tokens, roles, profile, webhooks). */
export const SESSION_ONLY = "session_only";

export type ApiAccessRule = ApiScope | typeof ANY_API_TOKEN | typeof SESSION_ONLY;

export const API_ACCESS_EXTENSION = "apiAccess";

/**
 * Declares what an API token needs to call a Query/Mutation root field. Every root field must
 * declare one (test/api-scopes.test.ts fails otherwise); an undeclared field refuses every token.
 */
export const RequiresScope = (scope: ApiScope) => Extensions({ [API_ACCESS_EXTENSION]: scope });
/** Root field open to every valid API token. */
export const AnyApiToken = () => Extensions({ [API_ACCESS_EXTENSION]: ANY_API_TOKEN });
/** Root field refused to every API token, whatever its scopes. */
export const SessionOnly = () => Extensions({ [API_ACCESS_EXTENSION]: SESSION_ONLY });

/** The rule a schema field declares, or undefined. */
export function apiAccessOf(field: GraphQLField<unknown, unknown>): ApiAccessRule | undefined {
  return (field.extensions as Record<string, unknown> | undefined)?.[API_ACCESS_EXTENSION] as ApiAccessRule | undefined;
}

export interface ApiTokenGrant {
  id: number;
  /** Scopes as granted (not expanded). */
  scopes: ApiScope[];
}
