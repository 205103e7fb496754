import "reflect-metadata";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { type AuthChecker, buildSchema } from "type-graphql";
import type { AppContext } from "./context";
import { forbidden, unauthenticated } from "./errors";
import { hasRole, type Role } from "./modules/users/role";
import { enforceApiScopes } from "./modules/api-tokens/scope-guard";
import { directFieldResolvers } from "./shared/direct-resolvers";

/** `@Authorized()` needs a viewer; `@Authorized(ROLE…)` needs one of the roles (ADMIN has all). */
export const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (roles.length === 0 || roles.some((r) => hasRole(viewer.roles, r))) return true;
  throw forbidden("ROLE_REQUIRED", `This needs the role ${roles.join(" or ")}.`);
};

/**
 * Every `*.resolver.js` below src/: a module adds a resolver by adding a file. Entity files are
 * loaded too, so the types in the schema never depend on what happened to be imported first.
 */
function discoverResolvers(dir: string): Function[] {
  const found: Function[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...discoverResolvers(path));
    else if (entry.name.endsWith(".entity.js")) require(path);
    else if (entry.name.endsWith(".resolver.js")) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path) as Record<string, unknown>;
      for (const value of Object.values(mod)) if (typeof value === "function" && value.name.endsWith("Resolver")) found.push(value);
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process (type-graphql metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: discoverResolvers(__dirname) as [Function, ...Function[]],
    authChecker,
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  })
    .then(enforceApiScopes)
    .then(directFieldResolvers);
  return cached;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay readable). */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
