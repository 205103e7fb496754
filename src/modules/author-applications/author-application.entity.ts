import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";

export enum AuthorApplicationStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}
registerEnumType(AuthorApplicationStatus, { name: "AuthorApplicationStatus" });

/**
 * A reader's request to become an author (作者申请). `pendingKey` holds the applicant's id while
 * the application is PENDING and NULL afterwards: its unique index is the database's own
 * "one pending application per user" rule (NULLs never collide on either engine).
 */
@Entity("author_applications")
@Index("UQ_author_applications_pending", ["pendingKey"], { unique: true })
@Index("IDX_author_applications_user", ["userId", "id"])
@Index("IDX_author_applications_status", ["status", "id"])
@ObjectType({ implements: Node, description: "An application to become an author (作者申请)." })
export class AuthorApplication {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("AuthorApplication", this.id);
  }

  @Column({ type: "integer" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_author_applications_user" })
  user?: User;

  @Column({ type: "integer", nullable: true })
  pendingKey: number | null;

  @Column({ type: "varchar", length: 30 })
  @Field({ description: "笔名: shown on the author's profile and articles once approved." })
  penName: string;

  @Column({ type: "varchar", length: 500 })
  @Field()
  bio: string;

  @Column({ type: "varchar", length: 2000 })
  @Field()
  motivation: string;

  @Column({ type: "simple-json" })
  @Field(() => [String], { description: "Links to earlier writing (at most 5)." })
  sampleUrls: string[];

  @Column({ type: "varchar", length: 20 })
  @Field(() => AuthorApplicationStatus)
  status: AuthorApplicationStatus;

  @Column({ type: "varchar", length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: "The editor's note (always given on a rejection)." })
  reviewNote: string | null;

  @Column({ type: "integer", nullable: true })
  reviewedById: number | null;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "reviewedById", foreignKeyConstraintName: "FK_author_applications_reviewer" })
  reviewedBy?: User;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn()
  @Field()
  updatedAt: Date;
}
