import { type MigrationInterface, type QueryRunner, TableIndex } from "typeorm";

/**
 * The feed filters on status AND moderationState and orders by (publishedAt | likeCount, id).
 * With moderationState inside the index, a feed page (any depth, keyset OR form) is a range scan
 * of the index alone; the old (status, sort, id) indexes made MariaDB read every row above the
 * cursor to check moderationState (docs/benchmarks.md, W4).
 */
export class FeedCoveringIndexes1764000800000 implements MigrationInterface {
  name = "FeedCoveringIndexes1764000800000";

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex("articles", new TableIndex({ name: "IDX_articles_feed_visible_newest", columnNames: ["status", "moderationState", "publishedAt", "id"] }));
    await q.createIndex("articles", new TableIndex({ name: "IDX_articles_feed_visible_popular", columnNames: ["status", "moderationState", "likeCount", "id"] }));
    await q.dropIndex("articles", "IDX_articles_feed_newest");
    await q.dropIndex("articles", "IDX_articles_feed_popular");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex("articles", new TableIndex({ name: "IDX_articles_feed_newest", columnNames: ["status", "publishedAt", "id"] }));
    await q.createIndex("articles", new TableIndex({ name: "IDX_articles_feed_popular", columnNames: ["status", "likeCount", "id"] }));
    await q.dropIndex("articles", "IDX_articles_feed_visible_newest");
    await q.dropIndex("articles", "IDX_articles_feed_visible_popular");
  }
}
