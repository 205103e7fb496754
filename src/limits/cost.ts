import "reflect-metadata"; // pagination.ts declares type-graphql types
import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  type GraphQLField,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../shared/pagination";

/** A COUNT query: what `totalCount` on any connection costs. */
export const TOTAL_COUNT_COST = 10;
/** What each root mutation field costs on top of its selection (a transaction, usually writes). */
export const MUTATION_COST = 10;
/** Largest number of AST nodes graphql-query-complexity visits before giving up (refused as too complex). */
export const MAX_QUERY_NODES = 20000;

interface CostContext {
  /** `edges` / `nodes` field of a connection → the page size of that connection. */
  pageSizes: Map<FieldNode, number>;
  mutationType?: GraphQLObjectType | null;
}

/** A Relay connection type made by `Connection(X)`: `XConnection { edges pageInfo totalCount }`. */
export function isConnectionType(type: GraphQLNamedType | null | undefined): type is GraphQLObjectType {
  return type instanceof GraphQLObjectType && type.name.endsWith("Connection") && "edges" in type.getFields();
}

function pageSizeOf(args: Record<string, unknown>): number {
  const first = args.first;
  if (typeof first !== "number" || !Number.isFinite(first)) return DEFAULT_PAGE_SIZE;
  // Out-of-range sizes are refused by the resolver (BAD_USER_INPUT); price them at the cap.
  return Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
}

/**
 * Connection-aware pricing: a connection's `edges`/`nodes` cost their children × `first`
 * (default 20), so nested lists multiply; `totalCount` is a COUNT query; `nodes(ids)` costs its
 * children × the number of ids; each root mutation field costs MUTATION_COST more.
 */
export const connectionEstimator: ComplexityEstimator = ({ type, field, node, args, childComplexity, context }) => {
  const ctx = context as CostContext | undefined;
  if (isConnectionType(type)) {
    if (field.name === "totalCount") return TOTAL_COUNT_COST;
    if (field.name === "edges" || field.name === "nodes") {
      const size = ctx?.pageSizes.get(node) ?? MAX_PAGE_SIZE; // not seen by the pre-pass: assume the worst
      return 1 + size * childComplexity;
    }
  }
  if (Array.isArray(args.ids)) return 1 + Math.max(args.ids.length, 1) * childComplexity;
  if (ctx?.mutationType && type === ctx.mutationType) return MUTATION_COST + childComplexity;
  return undefined;
};

function collectEdges(set: SelectionSetNode | undefined, size: number, doc: DocumentNode, out: Map<FieldNode, number>, seen = new Set<string>()): void {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === "edges" || sel.name.value === "nodes") out.set(sel, Math.max(out.get(sel) ?? 0, size));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collectEdges(sel.selectionSet, size, doc, out, seen);
    } else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const frag = doc.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
      if (frag?.kind === Kind.FRAGMENT_DEFINITION) collectEdges(frag.selectionSet, size, doc, out, seen);
    }
  }
}

/**
 * The page size that applies to each `edges` selection: found from the connection field above it
 * (its `first`, from literals or variables). A fragment on a connection type shared by two
 * connections gets the larger size.
 */
export function connectionPageSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): Map<FieldNode, number> {
  const out = new Map<FieldNode, number>();
  const typeInfo = new TypeInfo(schema);
  let vars: Record<string, unknown> = {};
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(op: OperationDefinitionNode) {
        const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables);
        vars = coerced.coerced ?? {};
      },
      Field(node: FieldNode) {
        const def = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
        if (!def || !isConnectionType(getNamedType(def.type))) return;
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(def, node, vars);
        } catch {
          args = { first: MAX_PAGE_SIZE };
        }
        collectEdges(node.selectionSet, pageSizeOf(args), document, out);
      },
    }),
  );
  return out;
}

/** The estimators in order: a field's own `complexity` (type-graphql), connections, then 1 per field. */
export const COST_ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), connectionEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The estimated cost of one operation of `document`; throws when it is too big to even count. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> = {},
): number {
  const context: CostContext = { pageSizes: connectionPageSizes(schema, document, variables), mutationType: schema.getMutationType() };
  return getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables,
    estimators: COST_ESTIMATORS,
    context,
    maxQueryNodes: MAX_QUERY_NODES,
  });
}

/** Costs already computed, per schema and parsed document (Apollo hands out the same DocumentNode for the same query text). */
const costCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
/** Variables longer than this (as JSON) are priced every time: keys stay small. */
const MAX_CACHE_KEY = 1024;
/** Distinct (operation, variables) per document kept; the map starts over when full (cursors vary per page). */
const MAX_ENTRIES_PER_DOCUMENT = 64;

/**
 * `operationCost` memoised per parsed document, operation name and variables: the cost is a pure
 * function of them, and pricing walks the whole document twice (page sizes, then
 * graphql-query-complexity) on every request otherwise. Errors are not cached.
 */
export function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> = {},
): number {
  let key: string | undefined;
  try {
    key = `${operationName ?? ""}\u0000${JSON.stringify(variables)}`;
  } catch {
    key = undefined; // BigInt and the like: price it
  }
  if (key !== undefined && key.length > MAX_CACHE_KEY) key = undefined;
  let perSchema = costCache.get(schema);
  const perDocument = perSchema?.get(document);
  if (key !== undefined) {
    const hit = perDocument?.get(key);
    if (hit !== undefined) return hit;
  }
  const cost = operationCost(schema, document, operationName, variables);
  if (key !== undefined) {
    if (!perSchema) costCache.set(schema, (perSchema = new WeakMap()));
    let entries = perDocument;
    if (!entries) perSchema.set(document, (entries = new Map()));
    if (entries.size >= MAX_ENTRIES_PER_DOCUMENT) entries.clear();
    entries.set(key, cost);
  }
  return cost;
}
