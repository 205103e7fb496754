import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import type { AppConfig } from "./config";
import { databaseUnavailable, isDatabaseUnavailable } from "./shared/db-errors";
import { AppError } from "./errors";
import { resolveBearer, type Viewer } from "./modules/auth/auth.service";
import { Loaders } from "./shared/loaders";

export type { Viewer };

/** What every service needs: the database, configuration, the clock and who is acting. */
export interface ServiceContext {
  ds: DataSource;
  config: AppConfig;
  /** The request's clock: services and policies never call `new Date()`. */
  now: Date;
  viewer: Viewer | null;
  log: Logger;
  ip?: string;
  userAgent?: string;
}

export interface AppContext extends ServiceContext {
  loaders: Loaders;
  requestId: string;
}

export interface AppDeps {
  ds: DataSource;
  config: AppConfig;
  log: Logger;
}

export interface RequestFacts {
  authorization?: string;
  now?: Date;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  log?: Logger;
}

/** Built once per request: resolves the bearer token to a viewer and makes fresh loaders. */
export async function buildContext(deps: AppDeps, facts: RequestFacts): Promise<AppContext> {
  const now = facts.now ?? new Date();
  const base: ServiceContext = {
    ds: deps.ds,
    config: deps.config,
    now,
    viewer: null,
    log: facts.log ?? deps.log,
    ip: facts.ip,
    userAgent: facts.userAgent,
  };
  try {
    base.viewer = await resolveBearer(base, facts.authorization);
  } catch (err) {
    // A bad token refuses the whole request (HTTP 401), never downgrades it to anonymous.
    if (err instanceof AppError) Object.assign(err.extensions, { http: { status: err.code === "UNAUTHENTICATED" ? 401 : 403 } });
    if (isDatabaseUnavailable(err)) {
      base.log.warn({ code: (err as { code?: string }).code }, "database unavailable while checking a bearer token");
      throw databaseUnavailable();
    }
    throw err;
  }
  const ctx = { ...base, requestId: facts.requestId ?? "", loaders: undefined as unknown as Loaders };
  ctx.loaders = new Loaders(ctx);
  return ctx;
}
