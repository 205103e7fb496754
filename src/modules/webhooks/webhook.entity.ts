import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { User } from "../users/user.entity";
import { WebhookDeliveryStatus, WebhookEvent } from "./webhook-event";

/** A partner endpoint that receives signed event deliveries. */
@Entity("webhooks")
@ObjectType({ implements: Node, description: "ADMIN: an endpoint that receives signed deliveries of the events it subscribes to." })
export class Webhook {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("Webhook", this.id);
  }

  @Column({ type: "varchar", length: 500 })
  @Field()
  url: string;

  @Column({ type: "simple-array" })
  @Field(() => [WebhookEvent])
  events: WebhookEvent[];

  /** Kept to sign deliveries; never returned by the API. */
  @Column({ type: "varchar", length: 200 })
  secret: string;

  @Index("IDX_webhooks_created_by")
  @Column({ type: "integer" })
  createdById: number;

  @ManyToOne(() => User, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "createdById", foreignKeyConstraintName: "FK_webhooks_created_by" })
  createdBy?: User;

  @DateTimeColumn()
  @Field()
  createdAt: Date;
}

/** One event for one webhook: an outbox row written in the same transaction as the change. */
@Entity("webhook_deliveries")
@Index("IDX_webhook_deliveries_due", ["status", "nextAttemptAt"])
@Index("IDX_webhook_deliveries_webhook", ["webhookId", "id"])
@ObjectType({ implements: Node, description: "ADMIN: one event sent (or to be sent) to one webhook." })
export class WebhookDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID, { name: "id", description: "Opaque global ID." })
  get globalId(): string {
    return toGlobalId("WebhookDelivery", this.id);
  }

  @Column({ type: "integer" })
  webhookId: number;

  @ManyToOne(() => Webhook, { onDelete: "CASCADE" })
  @JoinColumn({ name: "webhookId", foreignKeyConstraintName: "FK_webhook_deliveries_webhook" })
  webhook?: Webhook;

  @Column({ type: "varchar", length: 40 })
  @Field(() => WebhookEvent)
  event: WebhookEvent;

  @Column({ type: "varchar", length: 36 })
  @Field({ description: "The event's id (the `id` of the body): the same for every webhook, so receivers can de-duplicate." })
  eventId: string;

  /** The exact JSON body that is signed and sent. */
  @Column({ type: "text" })
  body: string;

  @Field(() => GraphQLJSONObject, { description: "The JSON body sent: { id, type, createdAt, data }." })
  get payload(): Record<string, unknown> {
    return JSON.parse(this.body) as Record<string, unknown>;
  }

  @Column({ type: "varchar", length: 20 })
  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Column({ type: "integer", default: 0 })
  @Field(() => Int, { description: "Attempts made so far." })
  attempts: number;

  @DateTimeColumn()
  @Field({ description: "When the next attempt is due (PENDING)." })
  nextAttemptAt: Date;

  /** A dispatcher holds the row until then; another may claim it only after. */
  @DateTimeColumn({ nullable: true })
  lockedUntil: Date | null;

  @Column({ type: "integer", nullable: true })
  @Field(() => Int, { nullable: true, description: "HTTP status of the last attempt (null: no answer)." })
  lastResponseCode: number | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "Why the last attempt failed (timeout, connection refused, HTTP status)." })
  lastError: string | null;

  @DateTimeColumn()
  @Field()
  createdAt: Date;

  @DateTimeColumn({ nullable: true })
  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;
}
