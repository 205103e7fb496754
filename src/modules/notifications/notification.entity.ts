import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";

export enum NotificationType {
  SUBMISSION_ACCEPTED = "SUBMISSION_ACCEPTED",
  SUBMISSION_REJECTED = "SUBMISSION_REJECTED",
  AUTHOR_APPLICATION_APPROVED = "AUTHOR_APPLICATION_APPROVED",
  AUTHOR_APPLICATION_REJECTED = "AUTHOR_APPLICATION_REJECTED",
  ARTICLE_COMMENTED = "ARTICLE_COMMENTED",
  COMMENT_REPLIED = "COMMENT_REPLIED",
  REPORT_RESOLVED = "REPORT_RESOLVED",
  CONTENT_REMOVED = "CONTENT_REMOVED",
  SANCTION_ISSUED = "SANCTION_ISSUED",
  SANCTION_CHANGED = "SANCTION_CHANGED",
  APPEAL_DECIDED = "APPEAL_DECIDED",
}

registerEnumType(NotificationType, { name: "NotificationType", description: "What a notification is about." });

@Entity("notifications")
@Index("IDX_notifications_user_id", ["userId", "id"])
@ObjectType({ implements: Node, description: "Something the viewer should know about." })
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Notification", this.id);
  }

  /** The recipient. */
  @Column({ type: "integer" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_notifications_user" })
  user?: User;

  @Column({ type: "varchar", length: 40 })
  @Field(() => NotificationType)
  type: NotificationType;

  @Column({ type: "varchar", length: 300 })
  @Field({ description: "Human-readable text (Chinese)." })
  message: string;

  @Column({ type: "varchar", length: 100, nullable: true })
  @Field(() => ID, { nullable: true, description: "Global ID of the article, comment, sanction, appeal or report concerned." })
  subjectId: string | null;

  @Column({ type: "simple-json", nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Details that depend on the type (e.g. a reviewer's note)." })
  data: Record<string, unknown> | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  readAt: Date | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @Field()
  get read(): boolean {
    return this.readAt !== null;
  }
}
