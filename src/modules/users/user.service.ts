import type { ServiceContext } from "../../context";
import { forbidden, notFound, unauthenticated } from "../../errors";
import { inTransaction } from "../../shared/db";
import { decodeIdOf } from "../../shared/global-id";
import { hashPassword } from "../auth/passwords";
import { hasRole, normalizeRoles, Role } from "./role";
import type { SetUserRolesInput, UpdateProfileInput } from "./user.inputs";
import { User } from "./user.entity";
import type { Viewer } from "../auth/auth.service";

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(ctx: ServiceContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** Finds a profile by its handle (case-insensitive). */
export function findByUsername(ctx: ServiceContext, username: string): Promise<User | null> {
  return ctx.ds.getRepository(User).findOneBy({ username: username.trim().toLowerCase() });
}

/** A user edits their own display name, bio and avatar; empty strings clear bio and avatar. */
export async function updateProfile(ctx: ServiceContext, input: UpdateProfileInput): Promise<User> {
  const viewer = requireViewer(ctx);
  return inTransaction(ctx.ds, async (em) => {
    const user = await em.getRepository(User).findOneByOrFail({ id: viewer.id });
    if (input.displayName !== undefined && input.displayName !== null) user.displayName = input.displayName.trim();
    if (input.bio !== undefined) user.bio = input.bio === "" ? null : input.bio;
    if (input.avatarUrl !== undefined) user.avatarUrl = input.avatarUrl === "" ? null : input.avatarUrl;
    user.updatedAt = ctx.now;
    return em.save(user);
  });
}

/** ADMIN only: replaces a user's roles (READER always kept). An admin cannot drop their own ADMIN. */
export async function setUserRoles(ctx: ServiceContext, input: SetUserRolesInput): Promise<User> {
  const viewer = requireViewer(ctx);
  if (!hasRole(viewer.roles, Role.ADMIN)) throw forbidden("ADMIN_REQUIRED", "Only an administrator can change roles.");
  const userId = decodeIdOf("User", input.userId, "userId");
  const roles = normalizeRoles(input.roles);
  if (userId === viewer.id && !roles.includes(Role.ADMIN)) {
    throw forbidden("CANNOT_DEMOTE_SELF", "An administrator cannot remove their own ADMIN role.");
  }
  return inTransaction(ctx.ds, async (em) => {
    const user = await em.getRepository(User).findOneBy({ id: userId });
    if (!user) throw notFound("User");
    user.roles = roles;
    user.updatedAt = ctx.now;
    return em.save(user);
  });
}

/** At start: when no ADMIN exists and credentials are configured, creates `admin`. */
export async function ensureBootstrapAdmin(ctx: ServiceContext): Promise<User | null> {
  const admin = ctx.config.bootstrapAdmin;
  if (!admin) return null;
  const existing = await ctx.ds.getRepository(User).createQueryBuilder("u").where("u.roles LIKE :r", { r: "%ADMIN%" }).getOne();
  if (existing) return null;
  const passwordHash = await hashPassword(admin.password);
  return inTransaction(ctx.ds, async (em) => {
    const repo = em.getRepository(User);
    const email = admin.email.trim().toLowerCase();
    const current = await repo.findOne({ where: [{ username: "admin" }, { email }] });
    const user = current ?? repo.create({ username: "admin", email, displayName: "管理员", bio: null, avatarUrl: null, createdAt: ctx.now });
    user.passwordHash = passwordHash;
    user.roles = normalizeRoles([...(user.roles ?? []), Role.ADMIN]);
    user.updatedAt = ctx.now;
    return repo.save(user);
  });
}

/** Adds a role inside the caller's transaction (e.g. AUTHOR on an approved application). */
export async function grantRole(em: import("typeorm").EntityManager, userId: number, role: Role, now: Date): Promise<User> {
  const user = await em.getRepository(User).findOneByOrFail({ id: userId });
  user.roles = normalizeRoles([...user.roles, role]);
  user.updatedAt = now;
  return em.save(user);
}
