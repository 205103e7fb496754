import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type Express } from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { ArgumentValidationError } from "type-graphql";
import { buildContext, type AppContext, type AppDeps } from "./context";
import { AppError, DOMAIN_ERROR_CODES, type ErrorCode } from "./errors";
import { banGuardPlugin } from "./modules/moderation/ban-guard.plugin";
import { armorProtection, tokenLimitError } from "./limits/armor";
import { graphiqlCsp, securityHeaders, wantsLandingPage } from "./limits/http-security";
import { limitsPlugin } from "./limits/limits.plugin";
import { createRateLimiters } from "./limits/rate-limiters";
import { getSchema } from "./schema";
import { jitGateway } from "./shared/jit-executor";
import { databaseUnavailable, isDatabaseUnavailable } from "./shared/db-errors";
import { KnownOperationTypesRule } from "./shared/known-operation-types";
import { wellFormedInputPlugin } from "./shared/well-formed-input.plugin";
import { processQueryCount } from "./shared/query-counter";

/** Protocol errors keep Apollo's own codes (SPEC 9). */
const PROTOCOL_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function flattenValidation(issues: ValidationIssue[], prefix = ""): { field: string; message: string }[] {
  return issues.flatMap((issue) => {
    const field = prefix ? `${prefix}.${issue.property}` : issue.property;
    const own = Object.values(issue.constraints ?? {}).map((message) => ({ field, message: message.replace(/^\S+ /, "") }));
    return [...own, ...flattenValidation(issue.children ?? [], field)];
  });
}

/** The rule a coercion error states, without the submitted value it may quote (a password, say). */
function scrubRule(rule: string): string {
  return rule
    .replace(/^Value [\s\S]* does not exist in ("[^"]+") enum\.[\s\S]*$/, "The value does not exist in $1 enum.")
    .replace(/\b(value):\s[\s\S]*$/i, "$1.")
    .replace(/\b(date-time-string|date string|date-string)\b[\s\S]*$/i, "$1.")
    .replace(/^(Expected type "[^"]+")\.[\s\S]*$/, "$1.");
}

/**
 * Variable coercion errors (Apollo labels them BAD_USER_INPUT) quote the submitted value: keep the
 * variable, the path and the rule. graphql-js builds them as `Variable "$v" got invalid value
 * <value>[ at "<path>"]; <rule>` with the rule's own error as `originalError`.
 */
function scrubCoercionError(message: string, inner: unknown): { message: string; field?: string } {
  const head = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /.exec(message);
  if (!head) return { message: /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /.test(message) ? message : "Invalid variables." };
  // The rule comes from the inner error; a non-GraphQL inner error (a bug in a scalar) is not shown.
  const innerMessage = inner instanceof GraphQLError && inner.message !== message ? inner.message : undefined;
  const atPath = innerMessage && message.endsWith(`; ${innerMessage}`) ? / at "([^"]+)"$/.exec(message.slice(0, -(innerMessage.length + 2))) : null;
  const field = atPath?.[1] ?? head[1];
  const rule = innerMessage && !(inner as GraphQLError).originalError ? scrubRule(innerMessage) : "the value does not match the type.";
  return { message: `Variable "$${head[1]}" has an invalid value at "${field}": ${rule}`, field };
}

/**
 * The only way errors leave the server: domain errors keep code + reason, validation errors list
 * fields without values, protocol errors keep Apollo's codes, everything else is masked and logged.
 */
export function makeFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    // Limits reported during validation (graphql-armor rules) arrive wrapped by Apollo.
    if (original instanceof GraphQLError && !original.path && original.originalError instanceof AppError) original = original.originalError;
    const where = { locations: formatted.locations, path: formatted.path };
    const tooManyTokens = formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" ? tokenLimitError(formatted.message) : undefined;
    if (tooManyTokens) original = tooManyTokens;
    if (original instanceof AppError) {
      const { http: _http, stacktrace: _st, ...extensions } = original.extensions as Record<string, unknown>;
      return { message: original.message, ...where, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      // A validator that throws on odd input hands its exception over instead of a list of issues.
      const issues = original.extensions.validationErrors;
      const problems = Array.isArray(issues) ? flattenValidation(issues as ValidationIssue[]) : [];
      return {
        message: problems.map((p) => `${p.field}: ${p.message}`).join("; ") || "Invalid input.",
        ...where,
        extensions: { code: "BAD_USER_INPUT", reason: "VALIDATION_FAILED", fields: [...new Set(problems.map((p) => p.field))], problems },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    const isPlainGraphQLError = original instanceof GraphQLError && !original.originalError;
    if (code && PROTOCOL_CODES.has(code)) {
      return { message: formatted.message, ...where, extensions: { code } };
    }
    if (code === "BAD_USER_INPUT" && original instanceof GraphQLError && !(original instanceof AppError) && (isPlainGraphQLError || /^Variable "\$/.test(formatted.message))) {
      const inner = original.originalError && original.originalError !== original ? original.originalError : undefined;
      const scrubbed = scrubCoercionError(formatted.message, inner);
      return { message: scrubbed.message, ...where, extensions: { code, reason: "INVALID_VARIABLES", fields: scrubbed.field ? [scrubbed.field] : [] } };
    }
    if (isPlainGraphQLError && code && DOMAIN_ERROR_CODES.includes(code as ErrorCode) && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _st, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...where, extensions };
    }
    if (isDatabaseUnavailable(original)) {
      const e = original as { code?: string; driverError?: { code?: string } };
      log.warn({ code: e.driverError?.code ?? e.code, path: formatted.path }, "database unavailable while handling a GraphQL request");
      const { http: _http, ...extensions } = databaseUnavailable().extensions as Record<string, unknown>;
      return { message: "The database is unavailable; please retry shortly.", ...where, extensions };
    }
    log.error({ err: original, path: formatted.path }, "unexpected error while handling a GraphQL request");
    return { message: "Internal server error.", ...where, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/**
 * The GraphiQL page, when enabled. Required here, not imported at the top: the package holds its
 * ~12 MB browser bundle as strings, which every process would otherwise keep in its heap even with
 * GraphiQL off (production's default).
 */
function graphiqlHtml(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderGraphiQL } = require("@graphql-yoga/render-graphiql") as typeof import("@graphql-yoga/render-graphiql");
  return renderGraphiQL({
    endpoint: "/graphql",
    title: "知言社区 GraphQL API",
    defaultQuery: "# 欢迎！Try:\n{\n  viewer { id username displayName }\n}\n",
  });
}

function graphiqlLandingPage(html: string): ApolloServerPlugin<AppContext> {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

export interface HttpApp {
  app: Express;
  apollo: ApolloServer<AppContext>;
}

/** Express + Apollo with every plugin the production server runs; tests use the same object. */
export async function createHttpApp(deps: AppDeps, httpServer?: Server): Promise<HttpApp> {
  const { config, log, ds } = deps;
  const schema = await getSchema();
  const plugins: ApolloServerPlugin<AppContext>[] = [];
  if (httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer }));
  const landingHtml = config.graphiql ? graphiqlHtml() : undefined;
  plugins.push(landingHtml ? graphiqlLandingPage(landingHtml) : ApolloServerPluginLandingPageDisabled());
  // Nothing caches responses (no CDN hints, no response cache): Apollo's default cache-control
  // plugin would only add work to every field (about half the execution cost of a feed page).
  plugins.push(ApolloServerPluginCacheControlDisabled());
  const armor = armorProtection(config.limits);
  const limiters = config.limits.rateLimits ? await createRateLimiters(config.limits, config.redisUrl, log) : undefined;
  plugins.push(...(armor.plugins as ApolloServerPlugin<AppContext>[]), banGuardPlugin(), wellFormedInputPlugin(), limitsPlugin(config.limits, limiters));
  const apollo = new ApolloServer<AppContext>({
    // Compiled execution (src/shared/jit-executor.ts); GRAPHQL_EXECUTOR=graphql-js runs graphql-js's own.
    ...(config.executor === "jit" ? { gateway: jitGateway(schema) } : { schema }),
    plugins,
    validationRules: [...armor.validationRules, KnownOperationTypesRule],
    parseOptions: { maxTokens: config.limits.maxTokens },
    allowBatchedHttpRequests: false,
    formatError: makeFormatError(log),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    logger: {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
    },
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
      // One lean line per request: id, method, path, status and time. The default serializers
      // copy every request and response header into each line (the cost of a feed request's
      // logging halves, and no header can leak into the logs).
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await Promise.race([
        ds.query("SELECT 1"),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
      ]);
      res.json({ status: "ready", database: "up" });
    } catch {
      res.status(503).json({ status: "unavailable", database: "down" });
    }
  });
  if (config.benchStats) {
    // Benchmark only (docs/benchmarks.md): statements run so far and memory, read around a run.
    app.get("/debug/stats", (_req, res) => {
      res.json({ statements: processQueryCount.total, rss: process.memoryUsage().rss });
    });
  }
  if (landingHtml) {
    const csp = graphiqlCsp(landingHtml);
    app.use("/graphql", (req, res, next) => (wantsLandingPage(req) ? csp(req, res, next) : next()));
  }
  app.use(
    "/graphql",
    cors({
      origin: config.corsOrigins,
      allowedHeaders: ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name", "x-request-id"],
      exposedHeaders: ["x-request-id", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"],
      maxAge: 600,
    }),
    // No per-request statement tally here: AsyncLocalStorage puts a promise hook on every async
    // step of every request (about 8 % of the CPU of a feed page). HTTP statements are counted
    // process-wide (processQueryCount, /debug/stats); tests tally per operation (test/harness.ts).
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        buildContext(deps, {
          authorization: req.headers.authorization,
          ip: req.ip,
          userAgent: req.headers["user-agent"],
          requestId: String(req.id ?? ""),
          log: req.log,
        }),
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: "not found", hint: "The API is served on /graphql" });
  });
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const code = status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR";
    if (status >= 500) log.error({ err }, "unhandled HTTP error");
    const body =
      status === 413
        ? { message: `Request body too large (limit ${config.bodyLimit}).`, extensions: { code, reason: "PAYLOAD_TOO_LARGE", limit: config.bodyLimit } }
        : { message: status < 500 ? "Malformed request." : "Internal server error.", extensions: { code } };
    res.status(status).json({ errors: [body] });
  });
  return { app, apollo };
}
