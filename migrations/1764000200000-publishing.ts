import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn } from "../src/shared/columns";

const fk = (name: string, column: string, table: string, onDelete: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete, onUpdate: "NO ACTION" });

/** Publishing: likes (one row per user and article), author applications, the submissions queue index. */
export class Publishing1764000200000 implements MigrationInterface {
  name = "Publishing1764000200000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "article_likes",
        columns: [
          { name: "userId", type: "integer", isPrimary: true },
          { name: "articleId", type: "integer", isPrimary: true },
          dateTimeColumn("createdAt"),
        ],
        indices: [new TableIndex({ name: "IDX_article_likes_article", columnNames: ["articleId"] })],
        foreignKeys: [fk("FK_article_likes_user", "userId", "users", "CASCADE"), fk("FK_article_likes_article", "articleId", "articles", "CASCADE")],
      }),
    );
    await q.createTable(
      new Table({
        name: "author_applications",
        columns: [
          idColumn,
          intColumn("userId"),
          intColumn("pendingKey", true),
          { name: "penName", type: "varchar", length: "30" },
          { name: "bio", type: "varchar", length: "500" },
          { name: "motivation", type: "varchar", length: "2000" },
          { name: "sampleUrls", type: "text" },
          { name: "status", type: "varchar", length: "20" },
          { name: "reviewNote", type: "varchar", length: "2000", isNullable: true },
          intColumn("reviewedById", true),
          dateTimeColumn("reviewedAt", true),
          dateTimeColumn("createdAt"),
          dateTimeColumn("updatedAt"),
        ],
        indices: [
          new TableIndex({ name: "UQ_author_applications_pending", columnNames: ["pendingKey"], isUnique: true }),
          new TableIndex({ name: "IDX_author_applications_user", columnNames: ["userId", "id"] }),
          new TableIndex({ name: "IDX_author_applications_status", columnNames: ["status", "id"] }),
        ],
        foreignKeys: [fk("FK_author_applications_user", "userId", "users", "CASCADE"), fk("FK_author_applications_reviewer", "reviewedById", "users", "RESTRICT")],
      }),
    );
    await q.createIndex("articles", new TableIndex({ name: "IDX_articles_submissions", columnNames: ["status", "submittedAt", "id"] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("articles", "IDX_articles_submissions");
    await q.dropTable("author_applications");
    await q.dropTable("article_likes");
  }
}
