import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { hashPassword } from "../src/modules/auth/passwords";
import { normalizeRoles, Role } from "../src/modules/users/role";
import { User } from "../src/modules/users/user.entity";

export const DEFAULT_PASSWORD = "correct-horse-battery";
let defaultHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString("hex");

/** A user row with a real argon2id hash of DEFAULT_PASSWORD (hashed once per process). */
export async function buildUser(ds: DataSource, overrides: Partial<User> = {}): Promise<User> {
  defaultHash ??= hashPassword(DEFAULT_PASSWORD);
  const handle = overrides.username ?? `user_${unique()}`;
  const now = overrides.createdAt ?? new Date();
  return ds.getRepository(User).save(
    ds.getRepository(User).create({
      username: handle,
      email: `${handle}@example.com`,
      passwordHash: await defaultHash,
      displayName: "测试用户",
      bio: null,
      avatarUrl: null,
      createdAt: now,
      updatedAt: now,
      ...overrides,
      roles: normalizeRoles(overrides.roles ?? [Role.READER]),
    }),
  );
}

export const buildAdmin = (ds: DataSource, o: Partial<User> = {}) => buildUser(ds, { ...o, roles: [Role.ADMIN] });
export const buildEditor = (ds: DataSource, o: Partial<User> = {}) => buildUser(ds, { ...o, roles: [Role.EDITOR] });
export const buildModerator = (ds: DataSource, o: Partial<User> = {}) => buildUser(ds, { ...o, roles: [Role.MODERATOR] });
export const buildAuthor = (ds: DataSource, o: Partial<User> = {}) => buildUser(ds, { ...o, roles: [Role.AUTHOR] });
