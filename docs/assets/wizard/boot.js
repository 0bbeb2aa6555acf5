// On every page of the site: starts the wizard or the drill page where its element is. The theme's
// instant navigation (when enabled) swaps pages without running their scripts again, so it re-checks
// on each page. The wizard page also loads this from its content (async), so the form starts before the
// theme's scripts have run; its head has started Python already (engine.js). Both pages share one Python
// worker per document. Should this never run, fallback.js says so; binding the element tells it not to.

import { fetchJSON } from "./data.js";
import { details } from "./dom.js";
import { startEngine } from "./engine.js";

const ANSWERS = new URL("data/answers.json.gz", import.meta.url);
let answers = null;  // fetched while wizard.js loads: a deep link's answer is in it
let engine = null;  // one Python worker per document, kept across instant navigation

function fetchAnswers() {
  answers ??= fetchJSON(ANSWERS);
  answers.catch(() => { answers = null; });
  return answers;
}

/** The page's "could not start" notice (its template's words), shown or (false) taken back. */
function showCannotStart(root, shown) {
  const words = root.querySelector("[data-field=notice] [data-field=cannot-start]");
  if (!words || words.hidden === !shown) return null;
  if (!shown) delete root.dataset.cannotStart;
  words.hidden = !shown;
  words.parentElement.hidden = !shown;
  words.closest("[data-state]").dataset.state = shown ? "error" : "loading";
  const panel = root.querySelector("#engine-status");
  if (panel) panel.hidden = shown;
  return words;
}

/** The page's element (`selector`), once: instant navigation may show the same page again. */
function unbound(selector) {
  const root = document.querySelector(selector);
  if (!root || root.dataset.bound) return null;
  root.dataset.bound = "true";
  showCannotStart(root, false);  // fallback.js gave up too soon: take it back
  const { timeoutMs, answerTimeoutMs } = root.dataset;
  engine ??= startEngine(Number(timeoutMs) || 20000, Number(answerTimeoutMs) || Number(timeoutMs) || 20000);
  return root;
}

/** A page whose script cannot load or start says so, the reason folded away. */
function cannotStart(root, error) {
  showCannotStart(root, true)?.after(details(error.message || String(error)));
}

function start() {
  // By class too: a heading "Wizard" or "Drills" on another page gets the same id.
  const wizard = unbound("div#wizard.wz");
  if (wizard) {
    const data = fetchAnswers();
    import("./wizard.js").then((module) => module.mount(wizard, engine, data)).catch((error) => cannotStart(wizard, error));
  }
  const drills = unbound("div#drills.dr");
  if (drills) import("../drills/drills.js").then((module) => module.mount(drills, engine)).catch((error) => cannotStart(drills, error));
}

start();
window.document$?.subscribe?.(start);
