// On every page of the site: starts the wizard where its form is. The theme's instant navigation
// (when enabled) swaps pages without running their scripts again, so it re-checks on each page.
// The wizard page also loads this early (async), so Python starts before the theme's scripts run.

import { startEngine } from "./engine.js";

const ANSWERS = new URL("data/answers.json", import.meta.url);
let answers = null;  // fetched while wizard.js loads: a deep link's answer is in it
let engine = null;  // one Python worker per document, kept across instant navigation

function fetchAnswers() {
  answers ??= fetch(ANSWERS).then((response) => {
    if (!response.ok) throw new Error(`${ANSWERS.pathname} answered HTTP ${response.status}`);
    return response.json();
  });
  answers.catch(() => { answers = null; });
  return answers;
}

function start() {
  const root = document.getElementById("wizard");
  if (!root || root.dataset.bound) return;
  root.dataset.bound = "true";
  engine ??= startEngine(new URL("worker.js", import.meta.url), Number(root.dataset.timeoutMs) || 20000);
  const data = fetchAnswers();
  import("./wizard.js")
    .then((wizard) => wizard.mount(root, engine, data))
    .catch((error) => {
      const answer = document.getElementById("answer");
      const notice = answer?.querySelector("[data-field=notice]");
      if (!notice) return;
      notice.textContent = `The wizard could not start (${error.message}). The routing tables answer everything.`;
      notice.hidden = false;
      answer.dataset.state = "error";
    });
}

start();
window.document$?.subscribe?.(start);
