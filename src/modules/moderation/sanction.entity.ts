import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { Report } from "../reports/report.entity";
import { User } from "../users/user.entity";
import { ConventionVersion } from "./convention.entity";
import { Aggravation, SanctionLevel } from "./moderation.enums";

/** How a sanction was revoked: lifted by a moderator, or overturned on appeal. */
export type RevocationKind = "LIFT" | "APPEAL";

/**
 * A penalty on an account under one rule of the convention. Rows are never deleted; the status is
 * derived from the stored dates at read time (see sanction.policy.ts), so a mute ends by itself.
 */
@Entity("sanctions")
@Index("IDX_sanctions_user", ["userId", "startsAt"])
@Index("IDX_sanctions_starts", ["startsAt"])
@ObjectType({ implements: Node, description: "A sanction (处罚): a mute or a ban under a rule of the convention." })
export class Sanction {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Sanction", this.id);
  }

  @Column({ type: "integer" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_sanctions_user" })
  user?: User;

  @Column({ type: "varchar", length: 20 })
  @Field(() => SanctionLevel, { description: "The level in force (after a reduction on appeal, the reduced one)." })
  level: SanctionLevel;

  @Column({ type: "varchar", length: 20, nullable: true })
  @Field(() => SanctionLevel, { nullable: true, description: "The level first issued, when an appeal reduced it." })
  reducedFrom: SanctionLevel | null;

  @Column({ type: "varchar", length: 10 })
  @Field({ description: "The rule of the convention broken, e.g. `2.6`." })
  ruleCode: string;

  @Column({ type: "varchar", length: 20 })
  @Field({ description: "The convention version in force when the sanction was issued." })
  conventionVersion: string;

  @ManyToOne(() => ConventionVersion, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "conventionVersion", foreignKeyConstraintName: "FK_sanctions_convention_version" })
  convention?: ConventionVersion;

  @Column({ type: "simple-json" })
  @Field(() => [Aggravation], { description: "Aggravations applied, including those the rule implies." })
  aggravations: Aggravation[];

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: "The moderator's explanation (required below the ladder's suggestion)." })
  reason: string | null;

  @Column({ type: "integer" })
  issuedById: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "issuedById", foreignKeyConstraintName: "FK_sanctions_issued_by" })
  issuer?: User;

  @DateTimeColumn()
  @Field()
  startsAt: Date;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "When it ends by itself; null = permanent (MUTE_PERMANENT, BAN)." })
  endsAt: Date | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "When it was lifted or overturned." })
  revokedAt: Date | null;

  @Column({ type: "varchar", length: 10, nullable: true })
  revokedVia: RevocationKind | null;

  @Column({ type: "integer", nullable: true })
  revokedById: number | null;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "revokedById", foreignKeyConstraintName: "FK_sanctions_revoked_by" })
  revoker?: User;

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: "Why it was lifted or overturned." })
  revocationReason: string | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "When an appeal reduced it." })
  reducedAt: Date | null;

  @DateTimeColumn()
  createdAt: Date;
}

/** Reports a sanction answers (举报 → 处罚). */
@Entity("sanction_reports")
@Index("IDX_sanction_reports_report", ["reportId"])
export class SanctionReport {
  @PrimaryColumn({ type: "integer" })
  sanctionId: number;

  @PrimaryColumn({ type: "integer" })
  reportId: number;

  @ManyToOne(() => Sanction, { onDelete: "CASCADE" })
  @JoinColumn({ name: "sanctionId", foreignKeyConstraintName: "FK_sanction_reports_sanction" })
  sanction?: Sanction;

  @ManyToOne(() => Report, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "reportId", foreignKeyConstraintName: "FK_sanction_reports_report" })
  report?: Report;
}
