import { ConfigError } from "../config";

type Env = Record<string, string | undefined>;

/** `points` per `durationSeconds`, e.g. "10/15m". */
export interface Window {
  points: number;
  durationSeconds: number;
}

/** Every abuse limit of the server (docs/limits.md documents each one and its variable). */
export interface LimitsConfig {
  /** Static caps checked while validating a document (graphql-armor rules). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Largest estimated cost of one operation (graphql-query-complexity). */
  maxCost: number;
  /** Replace "Did you mean …?" in validation errors. */
  maskSuggestions: boolean;
  /** Rate limits on/off (per-query caps above always apply). */
  rateLimits: boolean;
  /** Cost points a principal (user, or IP when anonymous) may spend per minute. */
  costPerMinute: number;
  loginPerAccount: Window | null;
  loginPerIp: Window | null;
  registerPerAccount: Window | null;
  registerPerIp: Window | null;
  /** Per-user limits on content-creating mutations, by mutation name. */
  mutations: Record<string, Window>;
  /** Prefix of the rate-limit keys in Redis (lets instances or tests share or separate budgets). */
  keyPrefix: string;
}

export const DEFAULT_MUTATION_LIMITS: Record<string, string> = {
  createArticle: "20/1h",
  submitArticle: "10/1h",
  addComment: "30/10m",
  reportContent: "20/1h",
  applyForAuthorship: "3/1d",
};

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "10/15m" (points per window; s, m, h or d; a bare number is seconds) or "off". */
export function parseWindow(name: string, raw: string): Window | null {
  const text = raw.trim().toLowerCase();
  if (text === "off" || text === "0") return null;
  const m = /^(\d+)\s*\/\s*(\d+)\s*([smhd]?)$/.exec(text);
  const points = m ? Number(m[1]) : NaN;
  const durationSeconds = m ? Number(m[2]) * UNIT_SECONDS[m[3] || "s"] : NaN;
  if (!m || points < 1 || durationSeconds < 1) {
    throw new ConfigError(`${name} must look like 10/15m (points per window in s, m, h or d) or off (got "${raw}")`);
  }
  return { points, durationSeconds };
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return n;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off (got "${env[name]}")`);
}

function windowVar(env: Env, name: string, fallback: string): Window | null {
  return parseWindow(name, env[name] || fallback);
}

/** "addComment=5/1m,createArticle=off": merged over the defaults. */
function mutationLimits(env: Env): Record<string, Window> {
  const specs: Record<string, string> = { ...DEFAULT_MUTATION_LIMITS };
  for (const part of (env.RATE_LIMIT_MUTATIONS ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, spec] = part.split("=").map((s) => s.trim());
    if (!name || !spec || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) {
      throw new ConfigError(`RATE_LIMIT_MUTATIONS must look like addComment=30/10m,createArticle=off (got "${part}")`);
    }
    specs[name] = spec;
  }
  const out: Record<string, Window> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const w = parseWindow(`RATE_LIMIT_MUTATIONS (${name})`, spec);
    if (w) out[name] = w;
  }
  return out;
}

/** Reads the limit variables; `introspection` decides whether suggestions are masked by default. */
export function loadLimitsConfig(env: Env, introspection: boolean): LimitsConfig {
  return {
    maxDepth: intVar(env, "QUERY_MAX_DEPTH", 10, 2, 100),
    maxAliases: intVar(env, "QUERY_MAX_ALIASES", 50, 1, 10000),
    maxDirectives: intVar(env, "QUERY_MAX_DIRECTIVES", 50, 1, 10000),
    maxTokens: intVar(env, "QUERY_MAX_TOKENS", 2000, 50, 1_000_000),
    maxCost: intVar(env, "QUERY_MAX_COST", 10000, 1, 100_000_000),
    maskSuggestions: onOff(env, "MASK_SUGGESTIONS", !introspection),
    rateLimits: onOff(env, "RATE_LIMITS", true),
    costPerMinute: intVar(env, "RATE_LIMIT_COST_PER_MINUTE", 200000, 1, 1_000_000_000),
    loginPerAccount: windowVar(env, "RATE_LIMIT_LOGIN_PER_ACCOUNT", "10/15m"),
    loginPerIp: windowVar(env, "RATE_LIMIT_LOGIN_PER_IP", "100/15m"),
    registerPerAccount: windowVar(env, "RATE_LIMIT_REGISTER_PER_ACCOUNT", "5/1h"),
    registerPerIp: windowVar(env, "RATE_LIMIT_REGISTER_PER_IP", "20/1h"),
    mutations: mutationLimits(env),
    keyPrefix: env.RATE_LIMIT_PREFIX || "zy",
  };
}
