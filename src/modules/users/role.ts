import { registerEnumType } from "type-graphql";
import { forbidden } from "../../errors";

export enum Role {
  READER = "READER",
  AUTHOR = "AUTHOR",
  EDITOR = "EDITOR",
  MODERATOR = "MODERATOR",
  ADMIN = "ADMIN",
}

registerEnumType(Role, {
  name: "Role",
  description: "Every user is a READER; AUTHOR publishes, EDITOR reviews, MODERATOR enforces the convention, ADMIN does everything.",
});

/** ADMIN holds every role's rights; EDITOR and ADMIN may publish like an AUTHOR. */
export function hasRole(roles: readonly Role[], wanted: Role): boolean {
  if (roles.includes(Role.ADMIN)) return true;
  if (wanted === Role.AUTHOR && roles.includes(Role.EDITOR)) return true;
  return roles.includes(wanted);
}

/** READER is always present and the list is kept in the enum's order. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>([Role.READER, ...roles]);
  return Object.values(Role).filter((r) => set.has(r));
}

/** Whether this caller holds MODERATOR's rights (ADMIN included); false when anonymous. */
export function isModerator(viewer: { roles: readonly Role[] } | null | undefined): boolean {
  return !!viewer && hasRole(viewer.roles, Role.MODERATOR);
}

/** Refuses a caller without MODERATOR's rights with the same error as `@Authorized(Role.MODERATOR)`. */
export function assertModerator(viewer: { roles: readonly Role[] }): void {
  if (!isModerator(viewer)) throw forbidden("ROLE_REQUIRED", "This needs the role MODERATOR.");
}
