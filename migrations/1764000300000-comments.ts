import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";
import { dateTimeColumn, idColumn, intColumn } from "../src/shared/columns";

const fk = (name: string, column: string, table: string, onDelete: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ["id"], onDelete, onUpdate: "NO ACTION" });

/** Threaded comments (跟帖评论): top-level comments and their replies. */
export class Comments1764000300000 implements MigrationInterface {
  name = "Comments1764000300000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "comments",
        columns: [
          idColumn,
          intColumn("articleId"),
          intColumn("authorId"),
          intColumn("parentId", true),
          intColumn("replyToUserId", true),
          { name: "body", type: "varchar", length: "2000", isNullable: true },
          { name: "state", type: "varchar", length: "30", default: "'VISIBLE'" },
          { name: "replyCount", type: "integer", default: 0 },
          dateTimeColumn("createdAt"),
          dateTimeColumn("updatedAt"),
          dateTimeColumn("editedAt", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_comments_article_top", columnNames: ["articleId", "parentId", "createdAt", "id"] }),
          new TableIndex({ name: "IDX_comments_article_top_replies", columnNames: ["articleId", "parentId", "replyCount", "id"] }),
          new TableIndex({ name: "IDX_comments_parent", columnNames: ["parentId", "id"] }),
          new TableIndex({ name: "IDX_comments_author", columnNames: ["authorId", "id"] }),
        ],
        foreignKeys: [
          fk("FK_comments_article", "articleId", "articles", "CASCADE"),
          fk("FK_comments_author", "authorId", "users", "RESTRICT"),
          fk("FK_comments_parent", "parentId", "comments", "CASCADE"),
          fk("FK_comments_reply_to_user", "replyToUserId", "users", "SET NULL"),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("comments");
  }
}
