import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";
import { ApiScope } from "./api-scope";

/** A personal API token for partner integrations: stored only as its SHA-256, shown once. */
@Entity("api_tokens")
@Index("IDX_api_tokens_user", ["userId", "id"])
@ObjectType({ implements: Node, description: "A scoped personal API token (the secret itself is shown only once, by createApiToken)." })
export class ApiToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("ApiToken", this.id);
  }

  @Column({ type: "integer" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_api_tokens_user" })
  user?: User;

  @Column({ type: "varchar", length: 100 })
  @Field({ description: "What the owner called it, e.g. the integration's name." })
  name: string;

  @Index("UQ_api_tokens_hash", { unique: true })
  @Column({ type: "varchar", length: 64 })
  tokenHash: string;

  @Column({ type: "varchar", length: 16 })
  @Field({ description: "The first characters of the secret (`zpat_` + 7), to recognise it; not enough to use it." })
  tokenPrefix: string;

  @Column({ type: "simple-array" })
  @Field(() => [ApiScope])
  scopes: ApiScope[];

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn()
  @Field({ description: "After this instant the token is refused (UNAUTHENTICATED, reason TOKEN_EXPIRED)." })
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "Last request made with it (updated at most once a minute)." })
  lastUsedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true, description: "Set by revokeApiToken; a revoked token is refused at once." })
  revokedAt: Date | null;
}
