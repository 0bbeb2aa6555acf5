// The training drill page: one scenario at a time, asked and graded by the matrix core running in
// Pyodide (the wizard's worker), so a drill can never disagree with the runbook. This file only shows
// what the core returns and keeps the trainee's progress (the core's own dict) in local storage, read
// back by the core (damage recovered from, not trusted).
// Nothing is sent anywhere: the worker answers in this tab.

import { details, failure, h, isFailure, navigationLink } from "../wizard/dom.js";
import { showProgress } from "../wizard/status.js";
import { needsLiveAnswers } from "../wizard/words.js";

const STORAGE_KEY = "escalation-matrix:drills";
const SITE = new URL("../../", import.meta.url);  // the site's root, also under a sub-path
const LINK = ["scenario", "seed", "level"];  // what a trainer's link names: the same drill for everyone
const TRY_NEXT = "Press “Next drill” for another one.";

/** Start the drill page in `root` (the page's #drills element), asking Python's `engine`. */
export function mount(root, engine) {
  new DrillPage(root, engine).start();
}

/** This browser's local storage, or (where it is blocked) memory for as long as the page is open. */
class Keeper {
  constructor() {
    this.kept = true;
  }

  /** The text kept, as it is (the core reads it: `kind: "resume"`), or null. */
  load() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      this.kept = false;
      return null;
    }
  }

  save(state) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      this.kept = false;
    }
  }

  clear() {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      this.kept = false;
    }
  }
}

/** A seed for the next drill; any number gives a valid drill, this one only varies them. */
const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;

/** The drill a link names (`?scenario=…&seed=…&level=…`), or null. */
function linkedDrill() {
  const params = new URLSearchParams(location.search);
  if (!params.get("scenario")) return null;
  const number = (name, fallback) => {
    const value = Number.parseInt(params.get(name) ?? "", 10);
    return Number.isFinite(value) ? value : fallback;
  };
  return { scenario: params.get("scenario"), seed: number("seed", 0), level: number("level", 1) };
}

function drillLink(drill) {
  const link = new URL(location.pathname, location.href);  // this page, in whatever URL style the site uses
  for (const name of LINK) link.searchParams.set(name, drill[name]);
  return link;
}

class DrillPage {
  constructor(root, engine) {
    this.root = root;
    this.engine = engine;
    this.keeper = new Keeper();
    this.state = {};  // {progress: the core's dict, current: {scenario, seed, level} unanswered}, once read
    this.drill = null;
    this.$ = (selector) => root.querySelector(selector);
    this.section = this.$("#drill");
  }

  start() {
    const alive = () => this.root.isConnected;
    showProgress(this.$("#engine-status"), this.engine, alive);
    this.$("#drill-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.check();
    });
    this.$("#drill-next").addEventListener("click", () => this.next({ focus: true }));
    this.$("#drill-reset").addEventListener("click", () => this.reset());
    this.engine.ready.then(() => alive() && this.begin(), () => {});
    // Python could not start, or stopped later: said once.
    let said = false;
    this.engine.watch((status) => {
      if (status.state !== "error" || said || !alive()) return;
      said = true;
      this.failed(status);
    });
  }

  /** The answer to `request`, or null when the page has gone or the engine failed (`failed` says so). */
  async ask(request) {
    const body = await this.engine.ask(request);
    return this.root.isConnected && this.engine.status.state !== "error" ? body : null;
  }

  /** The progress kept, as the core reads it (damage said, saved afresh); then a trainer's link first, else
   * the drill left unanswered last time, else the next one. */
  async begin() {
    const saved = await this.ask({ kind: "resume", saved: this.keeper.load() });
    if (!saved) return;
    if (saved.error) return this.problem(saved);
    this.state = Object.fromEntries(["progress", "current"].filter((key) => saved[key]).map((key) => [key, saved[key]]));
    if (saved.recovered) {
      this.keeper.save(this.state);
      const note = this.$("[data-field=recovered]");
      note.replaceChildren(failure({ error: saved.recovered, detail: saved.problem }));
      note.hidden = false;
    }
    this.showProgress();
    const linked = linkedDrill();
    if (linked) return this.open({ kind: "drill", ...linked }, true);
    if (this.state.current) return this.open({ kind: "drill", ...this.state.current }, false);
    return this.next();
  }

  /** `focus`: the trainee asked for it, so they start on the new scenario (the button they pressed is disabled). */
  next({ focus = false } = {}) {
    if (this.drill?.linked) history.replaceState(history.state, "", location.pathname);
    return this.open({ kind: "drill", progress: this.state.progress ?? null, seed: randomSeed() }, false, focus);
  }

  async open(request, linked, focus = false) {
    this.section.dataset.state = "loading";
    this.$("[data-field=verdicts]").replaceChildren();
    const body = await this.ask(request);
    if (!body) return;
    if (body.error) return this.problem(body);
    this.drill = { ...body.drill, linked };
    this.state.current = { scenario: body.drill.scenario, seed: body.drill.seed, level: body.drill.level };
    this.keeper.save(this.state);
    this.show(this.drill);
    if (focus) this.$("[data-field=briefing]").focus();
  }

  show(drill) {
    this.$("[data-field=notice]").hidden = true;
    // The scenario is ours, written for training: the core's words, linked to that published choice.
    this.$("[data-field=meta]").replaceChildren(`Level ${drill.level} of 3 · scenario ${drill.scenario}`
      + (drill.linked ? " · handed out by link" : "") + " · ",
      h("a", { href: new URL(drill.training.link, SITE).href, "data-field": "training" }, drill.training.text));
    this.$("[data-field=briefing]").textContent = drill.briefing;
    this.$("#drill-form").replaceChildren(...drill.questions.map((question) => h("fieldset",
      { class: "dr-question", "data-question": question.id },
      h("legend", {}, question.prompt),
      question.options.map(([value, label], n) => h("label", {},
        h("input", { type: "radio", name: question.id, value, id: `q-${question.id}-${n}` }), label)))));
    const share = drillLink(drill);
    this.$("[data-field=share]").replaceChildren("Link to this drill, for a class: ",
      h("a", { href: share.href, "data-field": "drill-link" }, share.href));
    this.$("#drill-check").disabled = false;
    this.$("#drill-next").disabled = true;
    this.section.dataset.state = "ready";
    this.section.dataset.scenario = drill.scenario;
  }

  async check() {
    const drill = this.drill;
    if (!drill || this.section.dataset.state !== "ready") return;
    const answers = {};
    for (const input of this.root.querySelectorAll("#drill-form input:checked")) answers[input.name] = input.value;
    const missing = drill.questions.filter((question) => !(question.id in answers));
    if (missing.length) {
      this.$("[data-field=verdicts]").replaceChildren(h("p", { class: "wz-problem", "data-field": "unanswered" },
        `Answer every question first: ${missing.map((question) => question.prompt).join(" ")}`));
      this.root.querySelector(`#drill-form [data-question="${missing[0].id}"] input`)?.focus();
      return;
    }
    this.section.dataset.state = "grading";
    const body = await this.ask({ kind: "grade", scenario: drill.scenario, seed: drill.seed, level: drill.level,
                                  answers, progress: this.state.progress ?? null });
    if (!body) return;
    if (body.error) return this.problem(body);
    this.state = { progress: body.progress, current: null };
    this.keeper.save(this.state);
    this.showVerdicts(body);
    this.showProgress();
    for (const input of this.root.querySelectorAll("#drill-form input")) input.disabled = true;
    this.$("#drill-check").disabled = true;
    this.$("#drill-next").disabled = false;
    this.section.dataset.state = "graded";
    this.$("#drill-next").focus();
  }

  showVerdicts(body) {
    const prompts = new Map(this.drill.questions.map((question) => [question.id, question.prompt]));
    const result = body.all_right
      ? `All right. Streak: ${body.progress.streak}.`
      : "Not all right this time: this topic will come back more often.";
    this.$("[data-field=verdicts]").replaceChildren(
      h("p", { class: "dr-result", "data-field": "result", "data-all-right": String(body.all_right) }, result),
      h("ul", { class: "dr-verdicts" }, body.verdicts.map((verdict) => h("li",
        { "data-question": verdict.question, "data-correct": String(verdict.correct) },
        h("p", {}, h("strong", { "data-field": "mark" }, verdict.mark), ": ", prompts.get(verdict.question)),
        verdict.correct ? null : h("p", { "data-field": "told" },
          `You said: ${verdict.given ?? "nothing"}. The answer: ${verdict.expected}.`),
        h("p", { "data-field": "reason" }, verdict.reason, " ",
          h("a", { href: new URL(verdict.link, SITE).href, "data-field": "runbook" }, "The runbook section that decides it"),
          "."),
        // An expected answer that is our choice, not the seed's, links that published choice.
        verdict.why ? h("p", { class: "dr-why" },
          h("a", { href: new URL(verdict.why.link, SITE).href, "data-field": "why" }, verdict.why.text)) : null))));
  }

  showProgress() {
    const progress = this.state.progress;
    const summary = progress
      ? `${progress.answered} drill${progress.answered === 1 ? "" : "s"} answered, ${progress.correct} fully right; `
        + `streak ${progress.streak} (best ${progress.best_streak}).`
      : "No drills answered yet.";
    const kept = this.keeper.kept ? "" : " This browser does not let the page keep it: it lasts until you leave.";
    this.$("[data-field=summary]").textContent = summary + kept;
  }

  reset() {
    this.keeper.clear();
    this.state = {};
    this.$("[data-field=recovered]").hidden = true;
    this.showProgress();
    this.$("[data-field=reset-status]").textContent = "Progress reset.";
    if (this.engine.status.state === "ready") this.next();
  }

  /** Input the core could not use (a link to a scenario gone), or a question it failed on (the error
   * state): say so, offer the next drill. */
  problem(body) {
    const failed = isFailure(body);
    const notice = this.$("[data-field=notice]");
    notice.replaceChildren(...(failed ? [failure(body), h("p", {}, TRY_NEXT)]
      : [h("p", { "data-field": "problem" }, body.error, " ", TRY_NEXT)]));
    notice.hidden = false;
    this.$("[data-field=briefing]").textContent = "";
    this.$("#drill-form").replaceChildren();
    this.$("#drill-check").disabled = true;
    this.$("#drill-next").disabled = false;
    this.section.dataset.state = failed ? "error" : "problem";
  }

  /** The live answers could not start, or stopped: say so plainly, and where the same answers are. */
  failed({ text: message, detail }) {
    const notice = this.$("[data-field=notice]");
    notice.replaceChildren(h("p", {}, h("strong", {}, message), ` ${needsLiveAnswers("The drills", true)} in this tab. Every answer `
      + "they ask for is in the ", h("a", { href: navigationLink("routing") }, "routing tables"), " and the ",
      h("a", { href: navigationLink("authority") }, "authority matrix"), "."), ...(detail ? [details(detail)] : []));
    notice.hidden = false;
    this.$("[data-field=briefing]").textContent = "";
    this.section.dataset.state = "error";
  }
}
