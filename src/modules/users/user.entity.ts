import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { Role } from "./role";

@Entity("users")
@Index("UQ_users_username", ["username"], { unique: true })
@Index("UQ_users_email", ["email"], { unique: true })
@ObjectType({ implements: Node, description: "A member of the community." })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("User", this.id);
  }

  @Column({ type: "varchar", length: 30 })
  @Field({ description: "Unique handle, lower case: letters, digits, underscore." })
  username: string;

  @Column({ type: "varchar", length: 254 })
  email: string;

  @Column({ type: "varchar", length: 255 })
  passwordHash: string;

  @Column({ type: "varchar", length: 50 })
  @Field()
  displayName: string;

  @Column({ type: "varchar", length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  bio: string | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null;

  @Column({ type: "simple-array" })
  @Field(() => [Role])
  roles: Role[];

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
