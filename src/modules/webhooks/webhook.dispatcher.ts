import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import type { AppConfig } from "../../config";
import { inTransaction } from "../../shared/db";
import { WebhookDeliveryStatus } from "./webhook-event";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import { SIGNATURE_HEADER, signWebhookBody } from "./webhook.signature";

export interface DispatcherDeps {
  ds: DataSource;
  config: Pick<AppConfig, "webhooks">;
  log: Logger;
}

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  failed: number;
}

const BATCH_SIZE = 20;
const MAX_BACKOFF_MS = 6 * 3600_000;
/** A claim outlives the request timeout by this much, so a slow send is never picked up twice. */
const LOCK_MARGIN_MS = 30_000;

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1), capped at 6 hours. */
export function backoffMs(baseMs: number, failedAttempts: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Sends every delivery that is due at `now`, once. Each row is claimed with a conditional UPDATE
 * (PENDING, due, and not locked by another dispatcher) so two dispatchers never send it twice;
 * the attempt is counted at claim time, so a crash mid-send leaves a row that is retried later.
 */
export async function deliverDueWebhooks(deps: DispatcherDeps, now: Date = new Date()): Promise<DeliveryRun> {
  const due = await deps.ds
    .getRepository(WebhookDelivery)
    .createQueryBuilder("d")
    .where("d.status = :pending AND d.nextAttemptAt <= :now AND (d.lockedUntil IS NULL OR d.lockedUntil < :now)", { pending: WebhookDeliveryStatus.PENDING, now })
    .orderBy("d.nextAttemptAt", "ASC")
    .addOrderBy("d.id", "ASC")
    .limit(BATCH_SIZE)
    .getMany();
  const run: DeliveryRun = { attempted: 0, delivered: 0, failed: 0 };
  await Promise.all(
    due.map(async (delivery) => {
      if (!(await claim(deps, delivery, now))) return;
      run.attempted++;
      const outcome = await attempt(deps, delivery, now);
      const status = await record(deps, delivery, outcome, now);
      if (status === WebhookDeliveryStatus.DELIVERED) run.delivered++;
      if (status === WebhookDeliveryStatus.FAILED) run.failed++;
    }),
  );
  return run;
}

async function claim(deps: DispatcherDeps, delivery: WebhookDelivery, now: Date): Promise<boolean> {
  const lockedUntil = new Date(now.getTime() + deps.config.webhooks.timeoutMs + LOCK_MARGIN_MS);
  const result = await inTransaction(deps.ds, (em) =>
    em
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ lockedUntil, attempts: () => "attempts + 1" })
      .where("id = :id AND status = :pending AND nextAttemptAt <= :now AND (lockedUntil IS NULL OR lockedUntil < :now)", {
        id: delivery.id,
        pending: WebhookDeliveryStatus.PENDING,
        now,
      })
      .execute(),
  );
  if (result.affected !== 1) return false;
  delivery.attempts += 1;
  return true;
}

interface Outcome {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
}

async function attempt(deps: DispatcherDeps, delivery: WebhookDelivery, now: Date): Promise<Outcome> {
  const hook = await deps.ds.getRepository(Webhook).findOneBy({ id: delivery.webhookId });
  if (!hook) return { ok: false, responseCode: null, error: "webhook deleted" };
  const timeoutMs = deps.config.webhooks.timeoutMs;
  try {
    const res = await fetch(hook.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "zhiyan-webhooks/1",
        "x-zhiyan-event": delivery.event,
        "x-zhiyan-delivery": delivery.globalId,
        "x-zhiyan-event-id": delivery.eventId,
        [SIGNATURE_HEADER]: signWebhookBody(hook.secret, delivery.body, now),
      },
      body: delivery.body,
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, responseCode: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, responseCode: null, error: String(error).slice(0, 500) };
  }
}

async function record(deps: DispatcherDeps, delivery: WebhookDelivery, outcome: Outcome, now: Date): Promise<WebhookDeliveryStatus> {
  const { maxAttempts, backoffBaseMs } = deps.config.webhooks;
  const status = outcome.ok
    ? WebhookDeliveryStatus.DELIVERED
    : delivery.attempts >= maxAttempts
      ? WebhookDeliveryStatus.FAILED
      : WebhookDeliveryStatus.PENDING;
  const nextAttemptAt = status === WebhookDeliveryStatus.PENDING ? new Date(now.getTime() + backoffMs(backoffBaseMs, delivery.attempts)) : delivery.nextAttemptAt;
  await inTransaction(deps.ds, (em) =>
    em.update(WebhookDelivery, { id: delivery.id }, {
      status,
      nextAttemptAt,
      lockedUntil: null,
      lastResponseCode: outcome.responseCode,
      lastError: outcome.error,
      deliveredAt: outcome.ok ? now : null,
    }),
  );
  if (!outcome.ok) deps.log.warn({ deliveryId: delivery.id, attempts: delivery.attempts, status, error: outcome.error }, "webhook delivery failed");
  return status;
}

export interface RunningDispatcher {
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/** Polls for due deliveries every `webhooks.pollIntervalMs` until stopped (started by src/index.ts). */
export function startWebhookDispatcher(deps: DispatcherDeps): RunningDispatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = deliverDueWebhooks(deps)
      .catch((err: unknown) => deps.log.error({ err }, "webhook dispatcher round failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.config.webhooks.pollIntervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
