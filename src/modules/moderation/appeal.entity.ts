import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";
import { AppealStatus, SanctionLevel } from "./moderation.enums";
import { Sanction } from "./sanction.entity";

/** An appeal (申诉) against a sanction; one per sanction, held by a unique index. */
@Entity("appeals")
@Index("UQ_appeals_sanction", ["sanctionId"], { unique: true })
@Index("IDX_appeals_status", ["status", "id"])
@ObjectType({ implements: Node, description: "An appeal (申诉) against a sanction." })
export class Appeal {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Appeal", this.id);
  }

  @Column({ type: "integer" })
  sanctionId: number;

  @ManyToOne(() => Sanction, { onDelete: "CASCADE" })
  @JoinColumn({ name: "sanctionId", foreignKeyConstraintName: "FK_appeals_sanction" })
  sanction?: Sanction;

  @Column({ type: "integer" })
  appellantId: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "appellantId", foreignKeyConstraintName: "FK_appeals_appellant" })
  appellant?: User;

  @Column({ type: "varchar", length: 2000 })
  @Field({ description: "The appellant's statement (10–2,000 characters)." })
  statement: string;

  @Column({ type: "varchar", length: 20 })
  @Field(() => AppealStatus)
  status: AppealStatus;

  @Column({ type: "varchar", length: 20, nullable: true })
  @Field(() => SanctionLevel, { nullable: true, description: "The level the sanction was reduced to (REDUCED only)." })
  reducedLevel: SanctionLevel | null;

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: "The deciding moderator's note to the appellant." })
  decisionNote: string | null;

  @Column({ type: "integer", nullable: true })
  decidedById: number | null;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "decidedById", foreignKeyConstraintName: "FK_appeals_decided_by" })
  decider?: User;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;
}
