import { Redis } from "ioredis";
import type { Logger } from "pino";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitsConfig, Window } from "./limits.config";

/** What a limiter said about one key: enough for the x-ratelimit-* headers and retryAfter. */
export interface LimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window starts over. */
  resetInSeconds: number;
}

export interface Refusal extends LimitState {
  /** Which limiter refused (RATE_LIMITED's `reason` is derived from it). */
  limiter: string;
  retryAfter: number;
}

export type Outcome = { ok: true; state: LimitState } | { ok: false; refusal: Refusal };

/** One named budget (points per window) in memory or in Redis. */
export class Budget {
  constructor(
    readonly name: string,
    readonly window: Window,
    private readonly limiter: RateLimiterAbstract,
  ) {}

  /** Spends `points` on `key`; the whole amount counts even when it overdraws (attempts are attempts). */
  async consume(key: string, points: number): Promise<Outcome> {
    const state = (res: RateLimiterRes): LimitState => ({
      limit: this.window.points,
      remaining: Math.max(0, res.remainingPoints),
      resetInSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return { ok: true, state: state(await this.limiter.consume(key, Math.max(1, points))) };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const s = state(err);
      return { ok: false, refusal: { ...s, limiter: this.name, retryAfter: s.resetInSeconds } };
    }
  }
}

export interface RateLimiters {
  cost: Budget;
  loginPerAccount?: Budget;
  loginPerIp?: Budget;
  registerPerAccount?: Budget;
  registerPerIp?: Budget;
  /** By mutation name. */
  mutations: Map<string, Budget>;
  store: "memory" | "redis";
  close(): Promise<void>;
}

/**
 * Builds every budget on one store: Redis when `redisUrl` is set (instances share budgets; a memory
 * limiter stands in while Redis is unreachable), otherwise process memory.
 */
export async function createRateLimiters(limits: LimitsConfig, redisUrl: string | undefined, log: Logger): Promise<RateLimiters> {
  let redis: Redis | undefined;
  if (redisUrl) {
    redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    redis.on("error", (err) => log.warn({ err: err.message }, "redis (rate limits) unavailable; limits are per instance until it is back"));
    try {
      await redis.connect();
    } catch (err) {
      log.error({ err: (err as Error).message }, "cannot reach REDIS_URL at start; rate limits fall back to process memory");
    }
  }
  const make = (name: string, window: Window): Budget => {
    const opts = { keyPrefix: `${limits.keyPrefix}:rl:${name}`, points: window.points, duration: window.durationSeconds };
    const limiter = redis
      ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) })
      : new RateLimiterMemory(opts);
    return new Budget(name, window, limiter);
  };
  const maybe = (name: string, window: Window | null) => (window ? make(name, window) : undefined);
  return {
    cost: make("cost", { points: limits.costPerMinute, durationSeconds: 60 }),
    loginPerAccount: maybe("login-account", limits.loginPerAccount),
    loginPerIp: maybe("login-ip", limits.loginPerIp),
    registerPerAccount: maybe("register-account", limits.registerPerAccount),
    registerPerIp: maybe("register-ip", limits.registerPerIp),
    mutations: new Map(Object.entries(limits.mutations).map(([name, w]) => [name, make(`mutation-${name}`, w)])),
    store: redis ? "redis" : "memory",
    async close() {
      if (redis) await redis.quit().catch(() => redis!.disconnect());
    },
  };
}
