import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn as id, intColumn } from "../src/shared/columns";

/** Accounts and sign-in sessions (refresh-token families). */
export class Accounts1764000000000 implements MigrationInterface {
  name = "Accounts1764000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "users",
        columns: [
          id,
          { name: "username", type: "varchar", length: "30" },
          { name: "email", type: "varchar", length: "254" },
          { name: "passwordHash", type: "varchar", length: "255" },
          { name: "displayName", type: "varchar", length: "50" },
          { name: "bio", type: "varchar", length: "500", isNullable: true },
          { name: "avatarUrl", type: "varchar", length: "500", isNullable: true },
          { name: "roles", type: "text" },
          dateTimeColumn("createdAt"),
          dateTimeColumn("updatedAt"),
        ],
        indices: [
          new TableIndex({ name: "UQ_users_username", columnNames: ["username"], isUnique: true }),
          new TableIndex({ name: "UQ_users_email", columnNames: ["email"], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "auth_sessions",
        columns: [
          id,
          intColumn("userId"),
          dateTimeColumn("createdAt"),
          dateTimeColumn("expiresAt"),
          dateTimeColumn("revokedAt", true),
          { name: "revokeReason", type: "varchar", length: "40", isNullable: true },
          { name: "userAgent", type: "varchar", length: "255", isNullable: true },
          { name: "ip", type: "varchar", length: "64", isNullable: true },
        ],
        indices: [new TableIndex({ name: "IDX_auth_sessions_user", columnNames: ["userId"] })],
        foreignKeys: [
          new TableForeignKey({ name: "FK_auth_sessions_user", columnNames: ["userId"], referencedTableName: "users", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: "refresh_tokens",
        columns: [
          id,
          intColumn("sessionId"),
          { name: "tokenHash", type: "varchar", length: "64" },
          dateTimeColumn("createdAt"),
          dateTimeColumn("expiresAt"),
          dateTimeColumn("usedAt", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_refresh_tokens_session", columnNames: ["sessionId"] }),
          new TableIndex({ name: "UQ_refresh_tokens_hash", columnNames: ["tokenHash"], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: "FK_refresh_tokens_session", columnNames: ["sessionId"], referencedTableName: "auth_sessions", referencedColumnNames: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("refresh_tokens");
    await q.dropTable("auth_sessions");
    await q.dropTable("users");
  }
}
