import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * What survives in `bodyHtml`: formatting, links, images, tables and code. No scripts, styles,
 * iframes or event handlers; URLs only http(s) and mailto (images http(s)), so `javascript:` and
 * `data:` never survive. Every link is rel="nofollow noopener" (user content must not pass rank
 * or get a handle on the opener window).
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "kbd", "sup", "sub",
    "strong", "b", "em", "i", "del", "s", "ins", "mark", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "span",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "nofollow noopener" } }),
  },
};

/** Markdown (GFM) → sanitized HTML. Raw HTML in the source goes through the same sanitizer. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(html, OPTIONS);
}
