import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getVariableValues,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Budget, RateLimiters } from "./rate-limiters";

export interface RootCall {
  name: string;
  args: Record<string, unknown>;
}

/**
 * Every root field the operation will run, aliases included (40 aliased `login`s are 40 calls),
 * with its arguments coerced from literals and variables. Fields whose arguments do not coerce are
 * left out: execution refuses them before any resolver runs.
 */
export function rootCalls(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): RootCall[] {
  const rootType = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!rootType) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced ?? {};
  const fields: FieldNode[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) fields.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const frag = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
        if (frag?.kind === Kind.FRAGMENT_DEFINITION) walk(frag.selectionSet, seen);
      }
    }
  };
  walk(operation.selectionSet, new Set());
  const defs = rootType.getFields();
  const calls: RootCall[] = [];
  for (const node of fields) {
    const def = defs[node.name.value];
    if (!def) continue;
    try {
      calls.push({ name: def.name, args: getArgumentValues(def, node, coerced) });
    } catch {
      // refused at execution
    }
  }
  return calls;
}

export interface Charge {
  budget: Budget;
  key: string;
  points: number;
  /** RATE_LIMITED's reason when this charge is refused. */
  reason: string;
  operation?: string;
}

const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : "");

/**
 * What the root calls cost against the per-attempt budgets: `login` per account (the login name)
 * and per IP, `register` per account (the email) and per IP, configured mutations per principal.
 * Charges on the same budget and key are summed so one request spends them at once.
 */
export function attemptCharges(calls: RootCall[], limiters: RateLimiters, principal: string, ip: string): Charge[] {
  const charges = new Map<string, Charge>();
  const add = (budget: Budget | undefined, key: string, reason: string, operation?: string) => {
    if (!budget) return;
    const id = `${budget.name}|${key}`;
    const existing = charges.get(id);
    if (existing) existing.points += 1;
    else charges.set(id, { budget, key, points: 1, reason, operation });
  };
  for (const call of calls) {
    const input = (call.args.input ?? {}) as Record<string, unknown>;
    if (call.name === "login") {
      add(limiters.loginPerIp, `ip:${ip}`, "LOGIN_ATTEMPTS_EXCEEDED", call.name);
      add(limiters.loginPerAccount, `account:${norm(input.login)}`, "LOGIN_ATTEMPTS_EXCEEDED", call.name);
    } else if (call.name === "register") {
      add(limiters.registerPerIp, `ip:${ip}`, "REGISTER_ATTEMPTS_EXCEEDED", call.name);
      add(limiters.registerPerAccount, `account:${norm(input.email)}`, "REGISTER_ATTEMPTS_EXCEEDED", call.name);
    }
    add(limiters.mutations.get(call.name), principal, "MUTATION_RATE_EXCEEDED", call.name);
  }
  return [...charges.values()];
}

