import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { ReportCategory } from "./moderation.enums";

/** Each version of the convention ever in force, with its full JSON; sanctions name the version they applied. */
@Entity("convention_versions")
export class ConventionVersion {
  @PrimaryColumn({ type: "varchar", length: 20 })
  version: string;

  @Column({ type: "varchar", length: 100 })
  title: string;

  @Column({ type: "text" })
  document: string;

  @DateTimeColumn()
  loadedAt: Date;
}

/** The rules of each version, so a sanction's rule reads as it was when the sanction was issued. */
@Entity("convention_rules")
@Index("IDX_convention_rules_category", ["version", "category"])
@ObjectType({ description: "A rule of the community convention, e.g. 2.6 谩骂." })
export class ConventionRule {
  @PrimaryColumn({ type: "varchar", length: 20 })
  @Field({ description: "The convention version this rule text belongs to." })
  version: string;

  @PrimaryColumn({ type: "varchar", length: 10 })
  @Field({ description: "Rule code, e.g. `2.6`; unique within a version." })
  code: string;

  @ManyToOne(() => ConventionVersion, { onDelete: "CASCADE" })
  @JoinColumn({ name: "version", foreignKeyConstraintName: "FK_convention_rules_version" })
  conventionVersion?: ConventionVersion;

  @Column({ type: "varchar", length: 30 })
  @Field(() => ReportCategory)
  category: ReportCategory;

  @Column({ type: "varchar", length: 200 })
  @Field()
  title: string;

  @Column({ type: "boolean", default: false })
  @Field({ description: "Breaking it harms minors: it implies the MINOR_HARM aggravation." })
  minorHarm: boolean;

  @Column({ type: "boolean", default: false })
  @Field({ description: "It is about several accounts acting together: it implies MULTI_ACCOUNT_ABUSE." })
  multiAccount: boolean;
}
