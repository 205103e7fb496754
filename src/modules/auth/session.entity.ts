import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { User } from "../users/user.entity";
import { DateTimeColumn } from "../../shared/columns";

/** One sign-in (a refresh-token family). Revoking it ends every token issued from it. */
@Entity("auth_sessions")
export class AuthSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("IDX_auth_sessions_user")
  @Column({ type: "integer" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE", createForeignKeyConstraints: true })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_auth_sessions_user" })
  user?: User;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  revokedAt: Date | null;

  @Column({ type: "varchar", length: 40, nullable: true })
  revokeReason: string | null;

  @Column({ type: "varchar", length: 255, nullable: true })
  userAgent: string | null;

  @Column({ type: "varchar", length: 64, nullable: true })
  ip: string | null;
}

/** A refresh token, stored only as its SHA-256; used once, then replaced by the next. */
@Entity("refresh_tokens")
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("IDX_refresh_tokens_session")
  @Column({ type: "integer" })
  sessionId: number;

  @ManyToOne(() => AuthSession, { onDelete: "CASCADE" })
  @JoinColumn({ name: "sessionId", foreignKeyConstraintName: "FK_refresh_tokens_session" })
  session?: AuthSession;

  @Index("UQ_refresh_tokens_hash", { unique: true })
  @Column({ type: "varchar", length: 64 })
  tokenHash: string;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  usedAt: Date | null;
}
