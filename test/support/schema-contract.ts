import { diff, CriticalityLevel, type Change } from "@graphql-inspector/core";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";

/**
 * Breaking changes between the released contract (schema/baseline.graphql) and the code's schema
 * that schema/CHANGELOG.md does not announce. A change is announced by a changelog line starting
 * with `- BREAKING` that names its path in backticks, e.g. "- BREAKING `Query.oldFeed`: removed …".
 */
export async function unlistedBreakingChanges(baselineSdl: string, current: GraphQLSchema | string, changelog: string): Promise<Change[]> {
  const now = typeof current === "string" ? buildSchema(current) : current;
  const changes = await diff(buildSchema(baselineSdl), now);
  const announced = changelog
    .split("\n")
    .filter((line) => /^\s*[-*]\s*BREAKING\b/.test(line))
    .flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  return changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking && !announced.includes(c.path ?? c.message));
}

/** Deprecations must say when the thing goes away: "… removed after 2026-12-31". */
export const REMOVAL_DATE = /remove(d)? (on|after) \d{4}-\d{2}-\d{2}/i;

/** Every deprecated field, argument, input field and enum value whose reason has no removal date. */
export function deprecationsWithoutRemovalDate(schema: GraphQLSchema): string[] {
  const bad: string[] = [];
  const check = (path: string, reason: string | null | undefined) => {
    if (reason != null && !REMOVAL_DATE.test(reason)) bad.push(`${path}: "${reason}"`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.deprecationReason);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return bad;
}
