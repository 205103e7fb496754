import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn, LongTextColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";

export enum ArticleStatus {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  PUBLISHED = "PUBLISHED",
  REJECTED = "REJECTED",
  UNPUBLISHED = "UNPUBLISHED",
  REMOVED = "REMOVED",
}
registerEnumType(ArticleStatus, { name: "ArticleStatus" });

export enum Originality {
  ORIGINAL = "ORIGINAL",
  REPRINT = "REPRINT",
}
registerEnumType(Originality, { name: "Originality", description: "原创 or 转载." });

export enum ReprintPolicy {
  FORBIDDEN = "FORBIDDEN",
  WITH_ATTRIBUTION = "WITH_ATTRIBUTION",
}
registerEnumType(ReprintPolicy, { name: "ReprintPolicy", description: "FORBIDDEN: 未经允许不得转载 (default)." });

/** Whether reports have hidden the content until a moderator decides (SPEC 5). */
export enum ModerationState {
  VISIBLE = "VISIBLE",
  HIDDEN_PENDING_REVIEW = "HIDDEN_PENDING_REVIEW",
}
registerEnumType(ModerationState, { name: "ModerationState" });

@Entity("articles")
@Index("IDX_articles_feed_visible_newest", ["status", "moderationState", "publishedAt", "id"])
@Index("IDX_articles_feed_visible_popular", ["status", "moderationState", "likeCount", "id"])
@Index("IDX_articles_author", ["authorId", "status", "id"])
@Index("IDX_articles_submissions", ["status", "submittedAt", "id"])
@ObjectType({ implements: Node, description: "An article: a draft, a contribution under review, or published." })
export class Article {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Article", this.id);
  }

  @Column({ type: "integer" })
  authorId: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "authorId", foreignKeyConstraintName: "FK_articles_author" })
  author?: User;

  @Column({ type: "varchar", length: 100 })
  @Field()
  title: string;

  @Column({ type: "varchar", length: 300, nullable: true })
  @Field(() => String, { nullable: true })
  summary: string | null;

  /** Markdown source; exposed by a field resolver because lists do not select it (see ARTICLE_LIST_COLUMNS). */
  @LongTextColumn()
  body: string;

  /** Sanitized HTML rendered from `body` on the server; exposed like `body`. */
  @LongTextColumn()
  bodyHtml: string;

  @Column({ type: "varchar", length: 20 })
  @Field(() => Originality)
  originality: Originality;

  @Column({ type: "varchar", length: 100, nullable: true })
  @Field(() => String, { nullable: true })
  sourceName: string | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  sourceUrl: string | null;

  @Column({ type: "varchar", length: 20 })
  @Field(() => ReprintPolicy)
  reprintPolicy: ReprintPolicy;

  @Column({ type: "varchar", length: 20 })
  @Field(() => ArticleStatus)
  status: ArticleStatus;

  @Column({ type: "varchar", length: 30, default: ModerationState.VISIBLE })
  @Field(() => ModerationState)
  moderationState: ModerationState;

  @Column({ type: "boolean", default: true })
  @Field()
  commentsEnabled: boolean;

  /** Counters kept in the write transactions, so lists never count rows per item. */
  @Column({ type: "integer", default: 0 })
  @Field(() => Int)
  likeCount: number;

  @Column({ type: "integer", default: 0 })
  @Field(() => Int)
  commentCount: number;

  @Column({ type: "integer", default: 0 })
  @Field(() => Int)
  viewCount: number;

  /** The editor's note on a reviewed submission; a field resolver shows it to the owner, editors and moderators. */
  @Column({ type: "varchar", length: 2000, nullable: true })
  reviewNote: string | null;

  @Column({ type: "integer", nullable: true })
  reviewedById: number | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn()
  @Field()
  updatedAt: Date;
}

/** Tags of an article (at most 5), one row each; the feed filters by tag through the index. */
@Entity("article_tags")
@Index("IDX_article_tags_tag", ["tag", "articleId"])
export class ArticleTag {
  @PrimaryColumn({ type: "integer" })
  articleId: number;

  @PrimaryColumn({ type: "varchar", length: 30 })
  tag: string;

  @ManyToOne(() => Article, { onDelete: "CASCADE" })
  @JoinColumn({ name: "articleId", foreignKeyConstraintName: "FK_article_tags_article" })
  article?: Article;
}
