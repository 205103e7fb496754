import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";

/** Every editorial and moderation act has a name here. */
export enum ModerationAction {
  ROLES_CHANGED = "ROLES_CHANGED",
  AUTHOR_APPLICATION_APPROVED = "AUTHOR_APPLICATION_APPROVED",
  AUTHOR_APPLICATION_REJECTED = "AUTHOR_APPLICATION_REJECTED",
  SUBMISSION_ACCEPTED = "SUBMISSION_ACCEPTED",
  SUBMISSION_REJECTED = "SUBMISSION_REJECTED",
  REPORTS_DISMISSED = "REPORTS_DISMISSED",
  CONTENT_REMOVED = "CONTENT_REMOVED",
  CONTENT_HIDDEN = "CONTENT_HIDDEN",
  CONTENT_RESTORED = "CONTENT_RESTORED",
  REPORTS_RESOLVED = "REPORTS_RESOLVED",
  SANCTION_ISSUED = "SANCTION_ISSUED",
  SANCTION_LIFTED = "SANCTION_LIFTED",
  APPEAL_UPHELD = "APPEAL_UPHELD",
  APPEAL_OVERTURNED = "APPEAL_OVERTURNED",
  APPEAL_REDUCED = "APPEAL_REDUCED",
}

registerEnumType(ModerationAction, { name: "ModerationAction" });

/** Append-only audit trail: there is no API or code path that updates or deletes a row. */
@Entity("moderation_log")
@Index("IDX_moderation_log_target", ["targetId", "id"])
@ObjectType({ implements: Node, description: "An immutable record of an editor's or moderator's action." })
export class ModerationLogEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("ModerationLogEntry", this.id);
  }

  /** Null when the system acted (e.g. content hidden after five reports). */
  @Column({ type: "integer", nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "actorId", foreignKeyConstraintName: "FK_moderation_log_actor" })
  actor?: User;

  @Column({ type: "varchar", length: 40 })
  @Field(() => ModerationAction)
  action: ModerationAction;

  @Column({ type: "varchar", length: 100 })
  @Field(() => ID, { description: "Global ID of the object acted on." })
  targetId: string;

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true })
  reason: string | null;

  @Column({ type: "simple-json", nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true })
  details: Record<string, unknown> | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;
}
