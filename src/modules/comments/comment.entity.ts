import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { Article } from "../articles/article.entity";
import { User } from "../users/user.entity";

/** A comment's life: its author deletes it (DELETED); reports hide it; a moderator removes it. */
export enum CommentState {
  VISIBLE = "VISIBLE",
  DELETED = "DELETED",
  HIDDEN_PENDING_REVIEW = "HIDDEN_PENDING_REVIEW",
  REMOVED = "REMOVED",
}
registerEnumType(CommentState, {
  name: "CommentState",
  description: "VISIBLE; DELETED by its author (body null, the thread stays); HIDDEN_PENDING_REVIEW after enough reports; REMOVED by a moderator.",
});

export const COMMENT_BODY_MAX = 2000;

/**
 * A comment (跟帖) on an article. Threads have two levels: `parentId` is the top-level comment a
 * reply hangs under (null for top-level comments), `replyToUserId` the user a reply answers.
 */
@Entity("comments")
@Index("IDX_comments_article_top", ["articleId", "parentId", "createdAt", "id"])
@Index("IDX_comments_article_top_replies", ["articleId", "parentId", "replyCount", "id"])
@Index("IDX_comments_parent", ["parentId", "id"])
@Index("IDX_comments_author", ["authorId", "id"])
@ObjectType({ implements: Node, description: "A comment on an article, or a reply in a comment's thread (two levels)." })
export class Comment {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Comment", this.id);
  }

  @Column({ type: "integer" })
  articleId: number;

  @ManyToOne(() => Article, { onDelete: "CASCADE" })
  @JoinColumn({ name: "articleId", foreignKeyConstraintName: "FK_comments_article" })
  article?: Article;

  @Column({ type: "integer" })
  authorId: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "authorId", foreignKeyConstraintName: "FK_comments_author" })
  author?: User;

  /** The top-level comment this reply hangs under; null for a top-level comment. */
  @Column({ type: "integer", nullable: true })
  parentId: number | null;

  @ManyToOne(() => Comment, { onDelete: "CASCADE" })
  @JoinColumn({ name: "parentId", foreignKeyConstraintName: "FK_comments_parent" })
  parent?: Comment;

  /** The user a reply answers (the author of the comment replied to); null for top-level comments. */
  @Column({ type: "integer", nullable: true })
  replyToUserId: number | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "replyToUserId", foreignKeyConstraintName: "FK_comments_reply_to_user" })
  replyToUser?: User;

  /** Plain text as written (trimmed); null once the author deleted it. Exposed through a field resolver. */
  @Column({ type: "varchar", length: COMMENT_BODY_MAX, nullable: true })
  body: string | null;

  @Column({ type: "varchar", length: 30, default: CommentState.VISIBLE })
  @Field(() => CommentState)
  state: CommentState;

  /** Replies listed under this comment, deleted ones included (they stay in the thread). */
  @Column({ type: "integer", default: 0 })
  @Field(() => Int, { description: "Number of replies in this comment's thread (deleted replies stay listed and counted)." })
  replyCount: number;

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn()
  @Field()
  updatedAt: Date;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "When its author last edited the body; null if never edited." })
  editedAt: Date | null;
}
