import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn, longTextColumn } from "../src/shared/columns";

const fk = (name: string, column: string, table: string, onDelete: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete, onUpdate: "NO ACTION" });

/** Articles and tags, notifications, and the moderation log. */
export class ContentCore1764000100000 implements MigrationInterface {
  name = "ContentCore1764000100000";

  async up(q: QueryRunner): Promise<void> {
    const engine = q.connection.options.type;
    await q.createTable(
      new Table({
        name: "articles",
        columns: [
          idColumn,
          intColumn("authorId"),
          { name: "title", type: "varchar", length: "100" },
          { name: "summary", type: "varchar", length: "300", isNullable: true },
          longTextColumn(engine, "body"),
          longTextColumn(engine, "bodyHtml"),
          { name: "originality", type: "varchar", length: "20" },
          { name: "sourceName", type: "varchar", length: "100", isNullable: true },
          { name: "sourceUrl", type: "varchar", length: "500", isNullable: true },
          { name: "reprintPolicy", type: "varchar", length: "20" },
          { name: "status", type: "varchar", length: "20" },
          { name: "moderationState", type: "varchar", length: "30", default: "'VISIBLE'" },
          { name: "commentsEnabled", type: "boolean", default: 1 },
          { name: "likeCount", type: "integer", default: 0 },
          { name: "commentCount", type: "integer", default: 0 },
          { name: "viewCount", type: "integer", default: 0 },
          { name: "reviewNote", type: "varchar", length: "2000", isNullable: true },
          intColumn("reviewedById", true),
          dateTimeColumn("submittedAt", true),
          dateTimeColumn("publishedAt", true),
          dateTimeColumn("createdAt"),
          dateTimeColumn("updatedAt"),
        ],
        indices: [
          new TableIndex({ name: "IDX_articles_feed_newest", columnNames: ["status", "publishedAt", "id"] }),
          new TableIndex({ name: "IDX_articles_feed_popular", columnNames: ["status", "likeCount", "id"] }),
          new TableIndex({ name: "IDX_articles_author", columnNames: ["authorId", "status", "id"] }),
        ],
        foreignKeys: [fk("FK_articles_author", "authorId", "users", "RESTRICT")],
      }),
    );
    await q.createTable(
      new Table({
        name: "article_tags",
        columns: [
          { name: "articleId", type: "integer", isPrimary: true },
          { name: "tag", type: "varchar", length: "30", isPrimary: true },
        ],
        indices: [new TableIndex({ name: "IDX_article_tags_tag", columnNames: ["tag", "articleId"] })],
        foreignKeys: [fk("FK_article_tags_article", "articleId", "articles", "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "notifications",
        columns: [
          idColumn,
          intColumn("userId"),
          { name: "type", type: "varchar", length: "40" },
          { name: "message", type: "varchar", length: "300" },
          { name: "subjectId", type: "varchar", length: "100", isNullable: true },
          { name: "data", type: "text", isNullable: true },
          dateTimeColumn("readAt", true),
          dateTimeColumn("createdAt"),
        ],
        indices: [new TableIndex({ name: "IDX_notifications_user_id", columnNames: ["userId", "id"] })],
        foreignKeys: [fk("FK_notifications_user", "userId", "users", "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "moderation_log",
        columns: [
          idColumn,
          intColumn("actorId", true),
          { name: "action", type: "varchar", length: "40" },
          { name: "targetId", type: "varchar", length: "100" },
          { name: "reason", type: "varchar", length: "2000", isNullable: true },
          { name: "details", type: "text", isNullable: true },
          dateTimeColumn("createdAt"),
        ],
        indices: [new TableIndex({ name: "IDX_moderation_log_target", columnNames: ["targetId", "id"] })],
        foreignKeys: [fk("FK_moderation_log_actor", "actorId", "users", "RESTRICT")],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("moderation_log");
    await q.dropTable("notifications");
    await q.dropTable("article_tags");
    await q.dropTable("articles");
  }
}
