// Building DOM from what the matrix core returned. Every value goes in as text or an attribute,
// never as markup (no innerHTML), so nothing in the matrix or typed by a person can inject HTML.
// Shared by the wizard and the drill page.

import { TECHNICAL_DETAILS } from "./words.js";

/** An element with attributes and children (strings become text nodes; null and false are skipped). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/**
 * The absolute URL of a runbook page (`routing`) as the theme's navigation links it, so in the site's
 * own URL style; for pages that must send the agent there without any answer from the core to link.
 */
export function navigationLink(page) {
  const pattern = new RegExp(`/${page}(/|\\.html)$`);
  const found = [...document.querySelectorAll("a.md-nav__link[href]")].find((a) => pattern.test(new URL(a.href).pathname));
  return found?.href ?? new URL(`../../${page}/`, import.meta.url).href;
}

/** A failed answer (`{error, detail}`: the core's, or the engine's), not input the core refused. */
export const isFailure = (body) => Boolean(body?.error) && "detail" in body;

/** Technical detail, folded away: for whoever looks into it, never in an agent's way. */
export function details(detail) {
  return h("details", { class: "wz-detail", "data-field": "detail" }, h("summary", {}, TECHNICAL_DETAILS),
    h("code", {}, detail));
}

/** A failed answer as shown: the sentence, the detail folded beneath. */
export function failure(body) {
  return h("div", { class: "wz-problem", "data-field": "failure" }, h("p", { "data-field": "problem" }, body.error),
    body.detail ? details(body.detail) : null);
}
