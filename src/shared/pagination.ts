import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badField } from "../errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: "Page size: 1–100, default 20." })
  first?: number;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string;
}

@ObjectType({ description: "Relay page information (forward pagination)." })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** Decodes an `after` cursor into `arity` values; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== arity ||
    !values.every((v) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.length <= 200))
  ) {
    throw badField("after", "is not a cursor returned by this list", "INVALID_CURSOR");
  }
  return values as CursorValue[];
}

export interface PageWindow {
  limit: number;
  after?: CursorValue[];
}

/** Validates `first` (default 20, 1–100) and decodes `after`. */
export function pageWindow(args: ConnectionArgs, cursorArity: number): PageWindow {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badField("first", `must be between 1 and ${MAX_PAGE_SIZE}`, "PAGE_SIZE_OUT_OF_RANGE");
  }
  return { limit, after: args.after ? decodeCursor(args.after, cursorArity) : undefined };
}

export interface KeysetColumn {
  /** SQL expression, e.g. `a.publishedAt`. */
  expr: string;
  direction: "ASC" | "DESC";
  /** Turns a cursor value back into a query parameter (e.g. epoch ms → Date). */
  fromCursor?: (v: CursorValue) => unknown;
}

/**
 * Keyset pagination in the expanded OR form (`a < ? OR (a = ? AND id < ?)`), which uses a
 * `(sort, id)` index at any depth. The last column must be unique (the id).
 */
export function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  columns: KeysetColumn[],
  window: PageWindow,
  paramPrefix = "ks",
): SelectQueryBuilder<T> {
  columns.forEach((c) => qb.addOrderBy(c.expr, c.direction));
  qb.limit(window.limit + 1);
  if (!window.after) return qb;
  const values = window.after.map((v, i) => (columns[i].fromCursor ? columns[i].fromCursor!(v) : v));
  const ors: string[] = [];
  const params: Record<string, unknown> = {};
  columns.forEach((col, i) => {
    const eqs = columns.slice(0, i).map((prev, j) => `${prev.expr} = :${paramPrefix}${j}`);
    const op = col.direction === "DESC" ? "<" : ">";
    ors.push([...eqs, `${col.expr} ${op} :${paramPrefix}${i}`].join(" AND "));
    params[`${paramPrefix}${i}`] = values[i];
  });
  return qb.andWhere(`(${ors.map((o) => `(${o})`).join(" OR ")})`, params);
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  cursorOf: (node: T) => string;
}

/** Cuts the extra row fetched by `applyKeyset` and remembers how to make each row's cursor. */
export function toPage<T>(rows: T[], window: PageWindow, cursorValues: (node: T) => CursorValue[]): Page<T> {
  const hasNextPage = rows.length > window.limit;
  return { nodes: hasNextPage ? rows.slice(0, window.limit) : rows, hasNextPage, cursorOf: (n) => encodeCursor(cursorValues(n)) };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

type ClassOf<T> = new (...args: never[]) => T;

/**
 * Makes `<Name>Connection` and `<Name>Edge` for a node type. `totalCount` is computed only when
 * asked for (it costs a COUNT query).
 */
export function Connection<T extends object>(nodeType: ClassOf<T>, name: string = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Opaque cursor of this edge; pass it as `after`." })
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    counter: () => Promise<number>;

    @Field(() => Int, { description: "Number of items in the whole list (costs one COUNT query)." })
    totalCount(): Promise<number> {
      return this.counter();
    }

    static from(page: Page<T>, counter: () => Promise<number>): ConnectionType {
      const c = new ConnectionType();
      c.edges = page.nodes.map((node) => ({ cursor: page.cursorOf(node), node }));
      c.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: false,
        startCursor: c.edges[0]?.cursor ?? null,
        endCursor: c.edges[c.edges.length - 1]?.cursor ?? null,
      };
      c.counter = counter;
      return c;
    }
  }
  return ConnectionType;
}
