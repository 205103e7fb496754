import { ConfigError } from "../../config";
import type { ServiceContext } from "../../context";
import { forbidden, notFound, unauthenticated } from "../../errors";
import { inTransaction, lockRowForWrite } from "../../shared/db";
import { decodeIdOf, toGlobalId } from "../../shared/global-id";
import { ModerationAction } from "../moderation-log/moderation-log.entity";
import { appendModerationLog } from "../moderation-log/moderation-log.service";
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
    const user = await lockRowForWrite(em, User, userId); // vs. a concurrent grant
    if (!user) throw notFound("User");
    const before = user.roles;
    user.roles = roles;
    user.updatedAt = ctx.now;
    const saved = await em.save(user);
    await appendModerationLog(em, ctx.now, { actorId: viewer.id, action: ModerationAction.ROLES_CHANGED, targetId: toGlobalId("User", user.id), details: { from: before, to: roles } });
    return saved;
  });
}

/** At start: when no ADMIN exists and credentials are configured, creates `admin`. */
export async function ensureBootstrapAdmin(ctx: ServiceContext): Promise<User | null> {
  const admin = ctx.config.bootstrapAdmin;
  if (!admin) return null;
  const existing = await ctx.ds.getRepository(User).createQueryBuilder("u").where("u.roles LIKE :r", { r: "%ADMIN%" }).getOne();
  if (existing) return null;
  const passwordHash = await hashPassword(admin.password);
  const email = admin.email.trim().toLowerCase();
  return inTransaction(ctx.ds, async (em) => {
    const repo = em.getRepository(User);
    // Never adopt an account someone else may have registered (and still holds sessions for).
    if (await repo.findOne({ where: [{ username: "admin" }, { email }], select: { id: true } })) {
      throw new ConfigError(`BOOTSTRAP_ADMIN_EMAIL ${email} (or the username "admin") already belongs to a non-admin account; use another email`);
    }
    return repo.save(repo.create({ username: "admin", email, passwordHash, displayName: "管理员", bio: null, avatarUrl: null, roles: normalizeRoles([Role.ADMIN]), createdAt: ctx.now, updatedAt: ctx.now }));
  });
}

/** Adds a role inside the caller's transaction (e.g. AUTHOR on an approved application). */
export async function grantRole(em: import("typeorm").EntityManager, userId: number, role: Role, now: Date): Promise<User> {
  const user = await em.getRepository(User).findOneByOrFail({ id: userId });
  user.roles = normalizeRoles([...user.roles, role]);
  user.updatedAt = now;
  return em.save(user);
}
