import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn } from "../src/shared/columns";

const fk = (name: string, column: string, table: string, onDelete: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete, onUpdate: "NO ACTION" });

/** Partner API: scoped personal API tokens, webhooks and their delivery outbox. */
export class PartnerApi1764000600000 implements MigrationInterface {
  name = "PartnerApi1764000600000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "api_tokens",
        columns: [
          idColumn,
          intColumn("userId"),
          { name: "name", type: "varchar", length: "100" },
          { name: "tokenHash", type: "varchar", length: "64" },
          { name: "tokenPrefix", type: "varchar", length: "16" },
          { name: "scopes", type: "text" },
          dateTimeColumn("createdAt"),
          dateTimeColumn("expiresAt"),
          dateTimeColumn("lastUsedAt", true),
          dateTimeColumn("revokedAt", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_api_tokens_user", columnNames: ["userId", "id"] }),
          new TableIndex({ name: "UQ_api_tokens_hash", columnNames: ["tokenHash"], isUnique: true }),
        ],
        foreignKeys: [fk("FK_api_tokens_user", "userId", "users", "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "webhooks",
        columns: [
          idColumn,
          { name: "url", type: "varchar", length: "500" },
          { name: "events", type: "text" },
          { name: "secret", type: "varchar", length: "200" },
          intColumn("createdById"),
          dateTimeColumn("createdAt"),
        ],
        indices: [new TableIndex({ name: "IDX_webhooks_created_by", columnNames: ["createdById"] })],
        foreignKeys: [fk("FK_webhooks_created_by", "createdById", "users", "RESTRICT")],
      }),
    );
    await q.createTable(
      new Table({
        name: "webhook_deliveries",
        columns: [
          idColumn,
          intColumn("webhookId"),
          { name: "event", type: "varchar", length: "40" },
          { name: "eventId", type: "varchar", length: "36" },
          { name: "body", type: "text" },
          { name: "status", type: "varchar", length: "20" },
          { name: "attempts", type: "integer", default: 0 },
          dateTimeColumn("nextAttemptAt"),
          dateTimeColumn("lockedUntil", true),
          intColumn("lastResponseCode", true),
          { name: "lastError", type: "varchar", length: "500", isNullable: true },
          dateTimeColumn("createdAt"),
          dateTimeColumn("deliveredAt", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_webhook_deliveries_due", columnNames: ["status", "nextAttemptAt"] }),
          new TableIndex({ name: "IDX_webhook_deliveries_webhook", columnNames: ["webhookId", "id"] }),
        ],
        foreignKeys: [fk("FK_webhook_deliveries_webhook", "webhookId", "webhooks", "CASCADE")],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("webhook_deliveries");
    await q.dropTable("webhooks");
    await q.dropTable("api_tokens");
  }
}
