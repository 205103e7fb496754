import { fromGlobalId, toGlobalId } from "graphql-relay";
import { badField, notFound } from "../errors";

export { toGlobalId };

export interface DecodedId {
  type: string;
  id: number;
}

/** Decodes an opaque global ID; malformed → BAD_USER_INPUT, another type than expected → NOT_FOUND. */
export function decodeGlobalId(globalId: string, expected?: string | readonly string[], field = "id"): DecodedId {
  let type = "";
  let raw = "";
  try {
    ({ type, id: raw } = fromGlobalId(globalId));
  } catch {
    /* falls through to the check below */
  }
  const id = Number(raw);
  if (!type || !/^[A-Za-z]+$/.test(type) || !/^[1-9][0-9]{0,15}$/.test(raw) || !Number.isSafeInteger(id)) {
    throw badField(field, "is not a valid ID", "INVALID_ID");
  }
  const allowed = expected === undefined ? undefined : typeof expected === "string" ? [expected] : expected;
  if (allowed && !allowed.includes(type)) throw notFound(allowed.join(" or "));
  return { type, id };
}

export const decodeIdOf = (type: string, globalId: string, field = "id"): number => decodeGlobalId(globalId, type, field).id;
