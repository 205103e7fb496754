import "reflect-metadata";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import pino from "pino";
import { openDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import type { ServiceContext } from "../../src/context";
import { hashPassword } from "../../src/modules/auth/passwords";
import { normalizeRoles, Role } from "../../src/modules/users/role";
import { User } from "../../src/modules/users/user.entity";
import { seedComments } from "../../src/scripts/seed-comments";
import { seedContent } from "../../src/scripts/seed-content";
import { seedSafety } from "../../src/scripts/seed-safety";
import { seedUsers } from "../../src/scripts/seed-users";
import { gql } from "./common";

export const LOAD_PASSWORD = "load-test-password-2026";

/** Creates a new, empty database on a MySQL/MariaDB server and returns its URL. */
export async function createMysqlDatabase(serverUrl: string, name: string): Promise<string> {
  const url = new URL(serverUrl.replace(/^mariadb:/, "mysql:"));
  const c = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropMysqlDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const c = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await c.query(`DROP DATABASE IF EXISTS \`${url.pathname.slice(1)}\``);
  await c.end();
}

/**
 * Migrates and seeds the database the server will use (demo users, articles, comments, a
 * sanction) plus `loadUsers` accounts `load_0 … load_n` (every third one an AUTHOR), all with
 * LOAD_PASSWORD. `env` is the server's environment (DATABASE_URL or DATA_DIR).
 */
export async function seedForLoad(env: Record<string, string | undefined>, loadUsers: number): Promise<void> {
  const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: "x".repeat(40), ...env });
  const sqlitePath = config.databaseUrl ? undefined : join(config.dataDir, "dev.sqlite");
  const ds = await openDatabase(config, sqlitePath);
  try {
    const ctx: ServiceContext = { ds, config, log: pino({ level: "silent" }), now: new Date(), viewer: null };
    const users = await seedUsers(ctx);
    await seedContent(ctx, users);
    await seedComments(ctx, users);
    await seedSafety(ctx, users);
    const passwordHash = await hashPassword(LOAD_PASSWORD);
    const repo = ds.getRepository(User);
    const rows = Array.from({ length: loadUsers }, (_, i) =>
      repo.create({
        username: `load_${i}`,
        email: `load_${i}@load.zhiyan.example`,
        passwordHash,
        displayName: `压测用户${i}`,
        bio: "负载测试账号",
        avatarUrl: null,
        roles: normalizeRoles(i % 3 === 0 ? [Role.AUTHOR] : []),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      }),
    );
    for (let i = 0; i < rows.length; i += 100) await repo.save(rows.slice(i, i + 100));
  } finally {
    await ds.destroy();
  }
}

export interface LoadUser {
  username: string;
  token: string;
  id: string;
}

/** Signs the load users in through the API (a few at a time: argon2 is deliberately slow). */
export async function loginLoadUsers(base: string, count: number, parallel = 4): Promise<LoadUser[]> {
  const out: LoadUser[] = [];
  const q = `mutation($i: LoginInput!) { login(input: $i) { accessToken user { id } } }`;
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, async (_, k) => {
        const username = `load_${i + k}`;
        const r = await gql(base, q, { i: { login: username, password: LOAD_PASSWORD } });
        const login = r.json?.data?.login;
        if (!login) throw new Error(`login of ${username} failed: ${JSON.stringify(r.json ?? r.text ?? r.networkError)}`);
        return { username, token: login.accessToken as string, id: login.user.id as string };
      }),
    );
    out.push(...batch);
  }
  return out;
}

/** Ids the load mixes read and write: published articles and their top-level comments. */
export async function publishedArticles(base: string): Promise<{ id: string; commentIds: string[] }[]> {
  const r = await gql(base, `{ articles(first: 100) { edges { node { id comments(first: 20) { edges { node { id } } } } } } }`);
  const edges = r.json?.data?.articles?.edges as { node: { id: string; comments: { edges: { node: { id: string } }[] } } }[] | undefined;
  if (!edges?.length) throw new Error(`no published articles to load: ${JSON.stringify(r.json ?? r.text)}`);
  return edges.map((e) => ({ id: e.node.id, commentIds: e.node.comments.edges.map((c) => c.node.id) }));
}
