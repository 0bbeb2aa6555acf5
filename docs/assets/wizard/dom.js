// Building DOM from what the matrix core returned. Every value goes in as text or an attribute,
// never as markup (no innerHTML), so nothing in the matrix or typed by a person can inject HTML.
// Shared by the wizard and the drill page.

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
