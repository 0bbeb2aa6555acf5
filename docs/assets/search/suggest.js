// On every page: when the site search's query names an issue type, the search panel offers the
// wizard's answer for it above the matching pages. Which queries name which issue type is the core's
// `find`, asked at build time for every name and synonym (assets/search/suggestions.json): this file
// only looks the query up. Loaded on the first keystroke in the search box.

const SUGGESTIONS = new URL("suggestions.json", import.meta.url);
const SITE = new URL("../../", import.meta.url);
let table = null;

function load() {
  table ??= fetch(SUGGESTIONS).then((response) => (response.ok ? response.json() : null), () => null);
  return table;
}

/** The query as the table keys it: lower case, single spaces. */
const key = (query) => query.trim().toLowerCase().split(/\s+/).join(" ");

function offer(panel, query, found) {
  let slot = panel.querySelector(".rb-search-wizard");
  if (!found) {
    slot?.remove();
    return;
  }
  if (!slot) {
    slot = document.createElement("p");
    slot.className = "rb-search-wizard";
    panel.prepend(slot);
  }
  const link = document.createElement("a");
  link.href = new URL(found.link, SITE).href;
  link.dataset.issue = found.slug;
  link.append(document.createTextNode("Who do I escalate to? "), Object.assign(document.createElement("strong"),
    { textContent: found.issue }), document.createTextNode(": owner, path and SLA in the wizard →"));
  slot.replaceChildren(link);
  if (found.why) {  // found through our search words, not an issue type's own name: say so, and why
    const why = document.createElement("a");
    why.href = new URL(found.why.link, SITE).href;
    why.className = "rb-search-ours";
    why.textContent = found.why.text;
    const small = document.createElement("small");
    small.append(why, ".");
    slot.append(document.createElement("br"), small);
  }
  slot.dataset.query = query;
}

function watch() {
  const input = document.querySelector("input.md-search__input");
  const panel = document.querySelector(".md-search__scrollwrap");
  if (!input || !panel || input.dataset.wizardOffer) return;
  input.dataset.wizardOffer = "on";
  let asked = 0;
  input.addEventListener("input", async () => {
    const turn = ++asked;
    const query = key(input.value);
    const suggestions = query ? await load() : null;
    if (turn !== asked) return;  // a later keystroke has its own answer
    const slug = suggestions?.queries[query];
    const why = suggestions?.named.includes(query) ? null : suggestions?.why;
    offer(panel, query, slug ? { slug, why, ...suggestions.issues[slug] } : null);
  });
}

watch();
window.document$?.subscribe?.(watch);
