import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn, LongTextColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { ReportCategory } from "../moderation/moderation.enums";
import { User } from "../users/user.entity";
import { ReportDecision, ReportStatus, ReportTargetType } from "./report.enums";

/**
 * What a moderator judged, frozen at the decision (title, body, author, state), so the sanctioned
 * user's appeal and later reviews see the content as it was even after it is edited or deleted.
 * No foreign key to the content: the snapshot outlives it.
 */
@Entity("report_evidence")
@Index("IDX_report_evidence_target", ["targetType", "targetId"])
@ObjectType({ description: "The reported content as it was when a moderator decided (证据快照)." })
export class ReportEvidence {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 10 })
  @Field(() => ReportTargetType)
  targetType: ReportTargetType;

  @Column({ type: "integer" })
  targetId: number;

  @Field(() => ID, { name: "targetId", description: "Global ID of the content judged (it may since have changed or gone)." })
  get targetGlobalId(): string {
    return toGlobalId(this.targetType, this.targetId);
  }

  /** The user accountable for the content (its author, or the reported user). */
  @Column({ type: "integer" })
  authorId: number;

  @Field(() => ID, { name: "authorId", description: "Global ID of the content's author (or of the reported user)." })
  get authorGlobalId(): string {
    return toGlobalId("User", this.authorId);
  }

  @Column({ type: "varchar", length: 30 })
  @Field({ description: "The author's username at the time." })
  authorUsername: string;

  @Column({ type: "varchar", length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: "Article title; a user's display name; null for a comment." })
  title: string | null;

  @LongTextColumn({ nullable: true })
  @Field(() => String, { nullable: true, description: "Article Markdown, comment text, or a user's bio, as judged (null if the author had already deleted it)." })
  body: string | null;

  @Column({ type: "varchar", length: 60 })
  @Field({ description: "The content's state when judged: an ArticleStatus/ModerationState pair, a CommentState, or ACTIVE for a user." })
  contentStatus: string;

  @DateTimeColumn()
  @Field()
  capturedAt: Date;
}

/**
 * A report (举报) by one reader on an article, a comment or a user. `openKey` is set while the
 * report is OPEN and NULL afterwards: its unique index is the database's own rule "one open report
 * per reporter and target" (NULLs never collide on either engine), so racing duplicates fail.
 */
@Entity("reports")
@Index("UQ_reports_open", ["openKey"], { unique: true })
@Index("IDX_reports_target", ["targetType", "targetId", "status"])
@Index("IDX_reports_status", ["status", "createdAt"])
@Index("IDX_reports_queue", ["status", "targetType", "targetId", "reporterId", "createdAt"])
@Index("IDX_reports_reporter", ["reporterId", "createdAt", "id"])
@ObjectType({ implements: Node, description: "A report (举报) of an article, comment or user under a category of the convention." })
export class Report {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Report", this.id);
  }

  @Column({ type: "integer" })
  reporterId: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "reporterId", foreignKeyConstraintName: "FK_reports_reporter" })
  reporter?: User;

  @Column({ type: "varchar", length: 10 })
  @Field(() => ReportTargetType)
  targetType: ReportTargetType;

  /** Row id of the article, comment or user (polymorphic: no foreign key). */
  @Column({ type: "integer" })
  targetId: number;

  /** The user accountable for the target when reported (author, or the user): the self-report rule and sanctions. */
  @Column({ type: "integer" })
  targetOwnerId: number;

  @Column({ type: "varchar", length: 30 })
  @Field(() => ReportCategory)
  category: ReportCategory;

  @Column({ type: "varchar", length: 10, nullable: true })
  @Field(() => String, { nullable: true, description: "The rule of the convention the reporter points at, e.g. `2.7`; it belongs to `category`." })
  ruleCode: string | null;

  @Column({ type: "varchar", length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: "The reporter's explanation (≤ 1,000 characters)." })
  details: string | null;

  @Column({ type: "varchar", length: 20 })
  @Field(() => ReportStatus)
  status: ReportStatus;

  /** `Type:targetId:reporterId` while OPEN, NULL once decided (UQ_reports_open). */
  @Column({ type: "varchar", length: 60, nullable: true })
  openKey: string | null;

  @Column({ type: "varchar", length: 30, nullable: true })
  @Field(() => ReportDecision, { nullable: true })
  decision: ReportDecision | null;

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: "The moderator's note on the decision, shown to the reporter." })
  resolutionNote: string | null;

  @Column({ type: "integer", nullable: true })
  resolvedById: number | null;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "resolvedById", foreignKeyConstraintName: "FK_reports_resolved_by" })
  resolver?: User;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Column({ type: "integer", nullable: true })
  evidenceId: number | null;

  @ManyToOne(() => ReportEvidence, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "evidenceId", foreignKeyConstraintName: "FK_reports_evidence" })
  evidence?: ReportEvidence;

  @DateTimeColumn()
  @Field()
  createdAt: Date;
}

export const openKeyOf = (type: ReportTargetType, targetId: number, reporterId: number): string => `${type}:${targetId}:${reporterId}`;
