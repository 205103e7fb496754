import { rowById } from "../../shared/loaders";
import { User } from "./user.entity";

/** Users by row id, one `WHERE id IN (…)` per batch. */
export const userById = rowById(User);
