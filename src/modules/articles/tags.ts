import { badField } from "../../errors";

export const MAX_TAGS = 5;
export const MAX_TAG_LENGTH = 30;

/**
 * One spelling per tag: NFKC (full-width → half-width), trimmed, a leading '#' dropped, inner
 * whitespace collapsed, lower case. The unique key (articleId, tag) and the feed filter both use it.
 */
export function normalizeTag(raw: string): string {
  return raw
    .normalize("NFKC")
    .trim()
    .replace(/^#+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Normalizes, drops empties and duplicates, then enforces at most 5 tags of 1–30 characters. */
export function normalizeTags(raw: readonly string[]): string[] {
  const tags = [...new Set(raw.map(normalizeTag).filter((t) => t.length > 0))];
  if (tags.length > MAX_TAGS) throw badField("tags", `lists at most ${MAX_TAGS} distinct tags`, "TOO_MANY_TAGS");
  for (const tag of tags) {
    if ([...tag].length > MAX_TAG_LENGTH) throw badField("tags", `each tag is at most ${MAX_TAG_LENGTH} characters`, "TAG_TOO_LONG");
    if (/[\p{Cc}\p{Cf}<>]/u.test(tag)) throw badField("tags", "contains characters not allowed in a tag", "TAG_INVALID");
  }
  return tags;
}
