// On every page of the site: starts the wizard or the drill page where its element is. The theme's
// instant navigation (when enabled) swaps pages without running their scripts again, so it re-checks
// on each page. The wizard page also loads this from its content (async), so the form starts before the
// theme's scripts have run; its head has started Python already (engine.js). Both pages share one Python
// worker per document.

import { fetchJSON } from "./data.js";
import { startEngine } from "./engine.js";

const ANSWERS = new URL("data/answers.json.gz", import.meta.url);
let answers = null;  // fetched while wizard.js loads: a deep link's answer is in it
let engine = null;  // one Python worker per document, kept across instant navigation

function fetchAnswers() {
  answers ??= fetchJSON(ANSWERS);
  answers.catch(() => { answers = null; });
  return answers;
}

/** The page's element (`selector`), once: instant navigation may show the same page again. */
function unbound(selector) {
  const root = document.querySelector(selector);
  if (!root || root.dataset.bound) return null;
  root.dataset.bound = "true";
  engine ??= startEngine(Number(root.dataset.timeoutMs) || 20000);
  return root;
}

/** A page whose script cannot load says so where its answer would be. */
function cannotStart(root, error) {
  const notice = root.querySelector("[data-field=notice]");
  if (!notice) return;
  notice.textContent = `This page could not start (${error.message}). The routing tables answer everything.`;
  notice.hidden = false;
  notice.closest("[data-state]").dataset.state = "error";
}

function start() {
  // By class too: a heading "Wizard" or "Drills" on another page gets the same id.
  const wizard = unbound("div#wizard.wz");
  if (wizard) {
    const data = fetchAnswers();
    import("./wizard.js").then((module) => module.mount(wizard, engine, data), (error) => cannotStart(wizard, error));
  }
  const drills = unbound("div#drills.dr");
  if (drills) import("../drills/drills.js").then((module) => module.mount(drills, engine), (error) => cannotStart(drills, error));
}

start();
window.document$?.subscribe?.(start);
