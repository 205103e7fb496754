import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { forbidden, invalidState, notFound } from "../../errors";
import { inTransaction } from "../../shared/db";
import { decodeIdOf } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs } from "../../shared/pagination";
import { hasRole, Role } from "../users/role";
import { requireViewer } from "../users/user.service";
import { WebhookDeliveryStatus, WebhookEvent } from "./webhook-event";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import type { CreateWebhookInput, WebhookDeliveriesArgs } from "./webhook.inputs";

export { WebhookEvent };

/** What a delivery's JSON body looks like (the signed bytes are exactly this, serialised once). */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEvent;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * Writes one outbox row per subscribed webhook INSIDE the caller's transaction, so the event
 * exists exactly when the change commits; the dispatcher sends it afterwards. Returns the count.
 */
export async function enqueueWebhookEvent(em: EntityManager, now: Date, event: WebhookEvent, payload: Record<string, unknown>): Promise<number> {
  const hooks = (await em.getRepository(Webhook).find({ select: { id: true, events: true } })).filter((h) => h.events.includes(event));
  if (hooks.length === 0) return 0;
  const envelope: WebhookEnvelope = { id: randomUUID(), type: event, createdAt: now.toISOString(), data: payload };
  const body = JSON.stringify(envelope);
  await em.insert(
    WebhookDelivery,
    hooks.map((h) => ({
      webhookId: h.id,
      event,
      eventId: envelope.id,
      body,
      status: WebhookDeliveryStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      lastResponseCode: null,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
    })),
  );
  return hooks.length;
}

function requireAdmin(ctx: ServiceContext) {
  const viewer = requireViewer(ctx);
  if (!hasRole(viewer.roles, Role.ADMIN)) throw forbidden("ADMIN_REQUIRED", "Only an administrator can manage webhooks.");
  return viewer;
}

/** ADMIN registers an endpoint for some events. */
export async function createWebhook(ctx: ServiceContext, input: CreateWebhookInput): Promise<Webhook> {
  const viewer = requireAdmin(ctx);
  return inTransaction(ctx.ds, (em) =>
    em.save(em.getRepository(Webhook).create({ url: input.url.trim(), events: [...input.events], secret: input.secret, createdById: viewer.id, createdAt: ctx.now })),
  );
}

/** ADMIN: all webhooks, newest first. */
export async function listWebhooks(ctx: ServiceContext, args: ConnectionArgs) {
  requireAdmin(ctx);
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(Webhook).createQueryBuilder("w");
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "w.id", direction: "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (w) => [w.id]), count };
}

/** ADMIN deletes a webhook; its pending and past deliveries go with it. Returns what was deleted. */
export async function deleteWebhook(ctx: ServiceContext, id: string): Promise<Webhook> {
  requireAdmin(ctx);
  const webhookId = decodeIdOf("Webhook", id);
  return inTransaction(ctx.ds, async (em) => {
    const hook = await em.getRepository(Webhook).findOneBy({ id: webhookId });
    if (!hook) throw notFound("Webhook");
    await em.delete(WebhookDelivery, { webhookId });
    await em.delete(Webhook, { id: webhookId });
    return hook;
  });
}

/** ADMIN: a webhook's deliveries, newest first, with status, attempts, last response and error. */
export async function listDeliveries(ctx: ServiceContext, args: WebhookDeliveriesArgs) {
  requireAdmin(ctx);
  const webhookId = decodeIdOf("Webhook", args.webhookId, "webhookId");
  const window = pageWindow(args, 1);
  if (!(await ctx.ds.getRepository(Webhook).existsBy({ id: webhookId }))) throw notFound("Webhook");
  const qb = ctx.ds.getRepository(WebhookDelivery).createQueryBuilder("d").where("d.webhookId = :wid", { wid: webhookId });
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "d.id", direction: "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (d) => [d.id]), count };
}

/** ADMIN sends a delivery again (e.g. after fixing the receiver): back to PENDING with a fresh set of attempts. */
export async function retryWebhookDelivery(ctx: ServiceContext, id: string): Promise<WebhookDelivery> {
  requireAdmin(ctx);
  const deliveryId = decodeIdOf("WebhookDelivery", id);
  return inTransaction(ctx.ds, async (em) => {
    const delivery = await em.getRepository(WebhookDelivery).findOneBy({ id: deliveryId });
    if (!delivery) throw notFound("WebhookDelivery");
    if (delivery.status === WebhookDeliveryStatus.PENDING) throw invalidState("ALREADY_PENDING", "This delivery is already waiting to be sent.");
    Object.assign(delivery, { status: WebhookDeliveryStatus.PENDING, attempts: 0, nextAttemptAt: ctx.now, lockedUntil: null, deliveredAt: null });
    return em.save(delivery);
  });
}
