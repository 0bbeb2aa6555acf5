// The "Who do I escalate to?" page: one question at a time (the problem, how severe, where the customer
// reached us), each answered question kept on screen with a "Change" button, and the answer's card
// (owner, contact, the deadline that counts, what to do now) right below them as soon as the problem
// is known. The address bar holds the choices and each answer is a step the browser's Back undoes.
// Answers come from the core twice over: precomputed at build time (shown at once, even on a deep
// link) and from the same package running in Pyodide (search, the message, "Can I", and every answer
// once it has loaded). Then Python answers again for this moment in the browser's time zone:
// deadlines, who is on shift, the off-shift advice. The URL holds the choices only; what the agent
// types stays in the inputs.

import {
  answerCard, h, knowOurs, markShifts, option, permission, problem, routeAnswer, site, tickCountdowns, timeAnswer,
} from "./render.js";
import { details, failure, isFailure, navigationLink } from "./dom.js";
import { showProgress } from "./status.js";
import { lookupAnswer } from "./table.js";
import { needsLiveAnswers } from "./words.js";

const CHOICES = ["issue", "severity", "channel", "role"];
const QUESTIONS = ["issue", "severity", "channel"];  // asked one at a time, in this order
const NONE = "none";  // in the address bar: answered "not sure" / "not set"
const QUESTION_LABELS = { issue: "Problem", severity: "Severity", channel: "Channel" };
const REFRESH_MS = 60_000;  // who is on shift changes with the clock: ask again each minute
const NO_PYTHON = "the live answers are not running in this browser.";

/** The browser's IANA zone ("Europe/Berlin"); the core falls back to the organisation's without one. */
let zone;  // reading it costs milliseconds: read once, and again at each minute's refresh
const browserZone = (fresh = false) => {
  if (fresh || zone === undefined) zone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  return zone;
};

/** Start the wizard in `root` (the page's #wizard element): Python's `engine` and the build's answers. */
export async function mount(root, engine, answers) {
  try {
    const loaded = await answers;
    new Wizard(root, loaded, engine).start();
  } catch (error) {
    broken(root, `The wizard's data could not be loaded (${error.message}).`, themeLinks());
  }
}

/** Without the build's data: the runbook's pages as the theme's navigation links them. */
const themeLinks = () => ({ routing: navigationLink("routing"), contacts: navigationLink("contacts") });

/**
 * The plain failure message, with the static tables that answer everything (`links` as absolute URLs),
 * and its technical `detail` (if any) folded away.
 */
export function broken(root, message, links, detail = null) {
  const answer = root.querySelector("#answer");
  const notice = answer.querySelector("[data-field=notice]");
  notice.replaceChildren(h("p", {}, h("strong", {}, message), " Use the ",
    h("a", { href: links.routing }, "routing tables"), " and the ",
    h("a", { href: links.contacts }, "contact directory"), " instead."), ...(detail ? [details(detail)] : []));
  notice.hidden = false;
  answer.dataset.state = "error";
  root.querySelector("#can-answer").dataset.state = "error";
}

class Wizard {
  constructor(root, data, engine) {
    this.root = root;
    this.catalogue = data.catalogue;
    knowOurs(this.catalogue.ours);  // what the ids marking an answer's values link to
    this.table = data.table;
    this.recent = data.recent || null;  // each issue type's recent route changes, by slug
    this.engine = engine;
    this.issues = new Map(this.catalogue.categories.flatMap((c) =>
      c.issue_types.map((issue) => [issue.slug, { ...issue, category: c.name }])));
    this.loose = {};  // choices from the URL that match no option exactly: the core resolves them
    this.shown = "";  // JSON of the answer on screen, to skip re-rendering the same answer
    this.urlQueued = false;  // a choice the address bar does not show yet: "push" (a step) or "replace"
    this.urlTimer = false;
    root.dataset.url = "written";  // what a test waits for before it reads the address bar
    this.latest = { route: 0, time: 0, message: 0, search: 0, can: 0 };
    this.routesAsked = 0;  // route questions the worker has not answered yet
    this.$ = (selector) => root.querySelector(selector);
    this.answer = this.$("#answer");
    this.timed = { state: "none", key: "", body: null };  // the answer for this moment, drawn into each route
    this.answered = new Set();  // the questions the agent has answered ("not sure" is an answer)
    this.editing = null;  // a question reopened with "Change"
    this.pointer = false;  // the last choice was a click or a tap, not an arrow key walking the radios
  }

  start() {
    this.buildForm();
    this.readURL();
    this.flow();
    this.bindEvents();
    this.watchEngine();
    this.watchClock();
    this.update();
  }

  buildForm() {
    const { categories, severities, channels, roles, actions, message, currency } = this.catalogue;
    this.$("#issue").append(...categories.map((c) => h("optgroup", { label: c.name },
      c.issue_types.map((issue) => h("option", { value: issue.slug }, issue.name)))));
    this.$("[data-field=severities]").replaceChildren(option("severity", "", "Not sure yet"),
      ...severities.map((s) => option("severity", s.id, s.label, s.definition, s.examples)),
      h("button", { type: "button", class: "md-button wz-continue", "data-continue": "severity" }, "Continue"));
    this.$("[data-field=channels]").replaceChildren(option("channel", "", "Not set"),
      ...channels.map((c) => option("channel", c.id, c.name)),
      h("button", { type: "button", class: "md-button wz-continue", "data-continue": "channel" }, "Continue"));
    this.$("#can-role").append(...roles.map((r) => h("option", { value: r.id }, r.name)));
    this.$("#can-action").append(h("option", { value: "" }, "Choose an action…"),
      ...actions.map((a) => h("option", { value: a.name, "data-link": a.link }, a.name)));
    this.$("[data-field=currency]").textContent = `(${currency})`;
    this.$("[data-field=message-fields]").replaceChildren(...message.fields.map((f) => h("div", { class: "wz-field" },
      h("label", { for: `message-${f.name}` }, f.label),
      h("input", { id: `message-${f.name}`, name: f.name, type: "text", autocomplete: "off",
                   spellcheck: "false", placeholder: f.prompt, "data-prompt": f.prompt }))));
  }

  // --- choices and the URL ---------------------------------------------------------------------

  control(name) {
    return name === "issue" ? this.$("#issue") : name === "role" ? this.$("#can-role") : null;
  }

  get(name) {
    if (name === "severity" || name === "channel") {
      return this.root.querySelector(`input[name=${name}]:checked`)?.value || this.loose[name] || "";
    }
    return this.control(name).value || this.loose[name] || "";
  }

  set(name, value) {
    if (name === "severity" || name === "channel") {
      const radio = [...this.root.querySelectorAll(`input[name=${name}]`)].find((r) => r.value === value);
      if (radio) radio.checked = true;
      return Boolean(radio);
    }
    const select = this.control(name);
    const known = [...select.options].some((o) => o.value === value);
    if (known) select.value = value;
    return known;
  }

  /** The choices in the address bar: each named question is answered (`none`: answered "not sure"). */
  readURL() {
    const params = new URLSearchParams(location.search);
    this.loose = {};
    this.answered.clear();
    for (const name of CHOICES) {
      const raw = params.get(name);
      const value = raw === NONE ? "" : raw || "";
      if (!this.set(name, value) && value) this.loose[name] = value;
      if (raw !== null && QUESTIONS.includes(name) && (raw || name !== "issue")) this.answered.add(name);
    }
    if (!this.get("issue")) QUESTIONS.forEach((name) => this.answered.delete(name));
  }

  /** The address bar's query for the current choices. */
  query() {
    const params = new URLSearchParams();
    for (const name of CHOICES) {
      const value = this.get(name);
      const asked = QUESTIONS.includes(name) && name !== "issue";
      if (asked && !this.answered.has(name)) continue;  // shown while being chosen, not yet an answer
      if (value) params.set(name, value);
      else if (asked) params.set(name, NONE);
    }
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
  }

  /** The address bar follows the choices once the answer is painted: pushState and replaceState take
   * milliseconds (most of a later answer's time when they ran first). `data-url` says whether it has. */
  writeURL() {
    this.queueURL("replace");
  }

  /** An answer is a step in the browser's history: Back undoes it. */
  pushURL() {
    this.queueURL("push");
  }

  queueURL(mode) {
    if (mode === "push" || !this.urlQueued) this.urlQueued = mode;  // a step queued stays a step
    this.root.dataset.url = "pending";
    if (this.urlTimer) return;
    this.urlTimer = true;
    requestAnimationFrame(() => setTimeout(() => { this.urlTimer = false; this.writeURLNow(); }, 0));
  }

  /** Write what is queued now (a step, else the current entry), or the current choices into the current entry. */
  writeURLNow() {
    const push = this.urlQueued === "push";
    this.urlQueued = false;
    this.root.dataset.url = "written";
    const url = this.query();
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    if (push) history.pushState({ wizard: true }, "", url);
    else history.replaceState(history.state, "", url);
  }

  // --- one question at a time ------------------------------------------------------------------

  /** The question asked now: the one reopened with "Change", else the first not yet answered. */
  get current() {
    return this.editing ?? QUESTIONS.find((name) => !this.answered.has(name)) ?? null;
  }

  /** Show the answered questions, with "Change", and only the question asked now. */
  flow() {
    const current = this.current;
    this.root.dataset.question = current ?? "done";
    for (const section of this.root.querySelectorAll("[data-question]")) {
      if (section.closest("[data-field=answered]")) continue;
      section.hidden = section.dataset.question !== current;
    }
    this.$("[data-field=answered]").replaceChildren(...QUESTIONS
      .filter((name) => this.answered.has(name) && name !== this.editing)
      .map((name) => h("li", { "data-answered": name },
        h("span", { class: "wz-answered-label" }, `${QUESTION_LABELS[name]}: `),
        h("strong", {}, this.choiceLabel(name)), " ",
        h("button", { type: "button", class: "wz-change", "data-change": name }, "Change",
          h("span", { class: "wz-visually-hidden" }, ` ${QUESTION_LABELS[name].toLowerCase()}`)))));
    this.$("[data-field=actions]").hidden = !this.answered.size;
  }

  /** How an answered question reads: the issue type's name, the severity's label, "Not sure yet"… */
  choiceLabel(name) {
    const value = this.get(name);
    if (name === "issue") return this.issues.get(value)?.name ?? value;
    const input = this.root.querySelector(`input[name=${name}]:checked`);
    return input ? this.root.querySelector(`label[for="${input.id}"]`).textContent : value;
  }

  /** The agent answered `name`: keep it, ask the next question, and show the card. Severity and
   * channel do not depend on the issue type, so changing the issue keeps them. */
  commit(name) {
    delete this.loose[name];
    this.answered.add(name);
    this.editing = null;
    this.pushURL();
    this.flow();
    this.update();
    this.reveal();
  }

  /** After a choice, the card (and the question after it) in view: on a phone it starts below the fold. */
  reveal() {
    requestAnimationFrame(() => {
      const answers = this.$("[data-field=answered]");
      const { top } = answers.getBoundingClientRect();
      if (top < 0 || top > window.innerHeight * 0.3) answers.scrollIntoView({ block: "start" });
      this.root.dataset.revealed = this.answer.dataset.key;  // what a test waits for: this answer is in view
    });
  }

  startAgain() {
    for (const name of QUESTIONS) this.set(name, "");
    this.$("#issue").value = "";
    this.$("#issue-search").value = "";
    this.search();
    this.loose = {};
    this.answered.clear();
    this.editing = null;
    this.pushURL();
    this.flow();
    this.update();
    this.$("#issue-search").focus();
  }

  async copyLink() {
    this.writeURLNow();  // the link to this answer, even within a frame of choosing it
    const status = this.$("#link-status");
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = "Link copied: it opens this answer, with no words you typed.";
    } catch {
      status.textContent = `Copy this link: ${location.href}`;
    }
  }

  bindEvents() {
    this.$("#issue").addEventListener("change", () => this.commit("issue"));
    for (const name of ["severity", "channel"]) {
      const fieldset = this.$(`#${name}`);
      // A click or a tap answers at once, even on the option already chosen; arrow keys walk the
      // radios (updating the answer) until Enter or "Continue", so the first arrow moves nobody on.
      fieldset.addEventListener("pointerdown", () => { this.pointer = true; });
      fieldset.addEventListener("click", (event) => {
        if (!this.pointer || !event.target.matches("input[type=radio]")) return;
        this.pointer = false;
        this.commit(name);
      });
      fieldset.addEventListener("change", () => {
        if (this.answered.has(name) && this.current !== name) return;  // a click has answered it already
        delete this.loose[name];
        this.update();
      });
      fieldset.addEventListener("keydown", (event) => {
        this.pointer = false;
        if (event.key === "Enter") { event.preventDefault(); this.commit(name); }
      });
    }
    this.root.addEventListener("click", (event) => {
      const change = event.target.closest("[data-change]");
      const next = event.target.closest("[data-continue]");
      if (change) {
        this.editing = change.dataset.change;
        this.flow();
        this.$(`[data-question=${this.editing}]`).querySelector("input, select")?.focus();
      } else if (next) {
        this.commit(next.dataset.continue);
      }
    });
    this.$("#start-again").addEventListener("click", () => this.startAgain());
    this.$("#copy-link").addEventListener("click", () => this.copyLink());
    window.addEventListener("popstate", () => {
      if (!this.root.isConnected) return;
      this.urlQueued = false;  // the entry Back or Forward went to is the answer now
      this.readURL();
      this.editing = null;
      this.flow();
      this.update();
    });
    this.$("#can-role").addEventListener("change", () => { delete this.loose.role; this.writeURLNow(); this.check(); });
    this.$("#can-action").addEventListener("change", () => this.check());
    this.$("#can-amount").addEventListener("input", () => this.check());
    this.$("[data-field=message-fields]").addEventListener("input", () => this.fillMessage());
    this.$("#copy-message").addEventListener("click", () => this.copyMessage());
    const search = this.$("#issue-search");
    search.addEventListener("input", () => this.search());
    search.addEventListener("keydown", async (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        this.moveActive(event.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if (event.key !== "Enter") return;
      event.preventDefault();
      // A fast typist's Enter must pick from the matches for what is in the box, not for a prefix of it.
      await this.searched;
      this.$("#issue-results [role=option][aria-selected=true]")?.click();
    });
  }

  // --- the engine --------------------------------------------------------------------------------

  watchEngine() {
    const alive = () => this.root.isConnected;
    showProgress(this.$("#engine-status"), this.engine, alive,
      () => (this.shown ? " The answer below is already complete." : ""));
    this.engine.ready.then(() => {
      if (!alive()) return;
      this.answer.dataset.state = "ready";
      this.$("#can-answer").dataset.state = "ready";
      // A route asked while Python was loading is answered first thing; else ask now.
      if (this.routesAsked) this.fillMessage();
      else this.update();
      this.search();
      this.check();
    }, () => {});
    // Python could not start, or stopped later: said once.
    let said = false;
    this.engine.watch((status) => {
      if (status.state !== "error" || said || !alive()) return;
      said = true;
      this.failed(status);
    });
  }

  failed({ text: message, detail }) {
    const links = this.catalogue.links;
    broken(this.root, message, { routing: site(this.issues.get(this.get("issue"))?.link ?? links.routing),
                                 contacts: site(links.contacts) }, detail);
    this.showTime({ error: NO_PYTHON });
    this.$("[data-field=message]").textContent = `${needsLiveAnswers("The message")}: copy the template from the Message templates page.`;
    this.$("#copy-message").disabled = true;
    this.$("#issue-search-status").textContent = `${needsLiveAnswers("Search")}: choose from the list.`;
    this.check();
  }

  get ready() {
    return this.engine.status.state === "ready";
  }

  /** Ask the core; null when a newer question of the same kind was asked since, or the engine failed (see `failed`). */
  async ask(kind, request, turns = kind) {
    const turn = ++this.latest[turns];
    const body = await this.engine.ask({ kind, ...request });
    if (this.engine.status.state === "error") return null;
    return turn === this.latest[turns] ? body : null;
  }

  /** The core failed on the route asked: said above the card (the build's answer stays); null takes it back. */
  routeFailed(body) {
    const notice = this.answer.querySelector("[data-field=notice]");
    if (body) notice.replaceChildren(failure(body));
    notice.hidden = !body;
    this.answer.dataset.state = body ? "error" : "ready";
  }

  // --- the answer --------------------------------------------------------------------------------

  /** Show the answer for the current choices: from the build's table at once, then from Python. */
  async update() {
    this.writeURL();
    const asked = Object.fromEntries(["issue", "severity", "channel"].map((name) => [name, this.get(name) || null]));
    if (!asked.issue) {
      this.latest.route++;
      this.showRoute(null, "none");
      this.showTime(null);
      return this.fillMessage();
    }
    // Every issue × severity × channel was answered by the core at build time (the parity tests
    // hold it equal to Python's answer), so the answer never waits for the worker.
    const precomputed = lookupAnswer(this.table, asked.issue, asked.severity, asked.channel);
    this.showRoute(precomputed, "build", asked);
    this.fillMessage();
    if (!this.ready) this.showTime(undefined);
    if (this.engine.status.state === "error") return;
    // Asked even while Python loads: the worker queues it and answers it as soon as it is ready,
    // which spares the first answer a round trip through a page that is still busy loading.
    this.routesAsked++;
    const body = await this.ask("route", asked).finally(() => this.routesAsked--);
    if (!body) return;
    if (isFailure(body)) {
      this.routeFailed(body);
      if (!precomputed) this.showRoute(null, "python");
      return this.showTime(null);
    }
    if (this.answer.dataset.state === "error") this.routeFailed(null);
    if (!body.error) this.adopt(body.route);
    this.showRoute(body, "python", asked);
    if (!precomputed) this.fillMessage();
    await this.askTime(body.error ? null : asked);
  }

  // --- the answer for this moment ------------------------------------------------------------------

  /** Ask the core about now, in this browser's zone, for the route on screen (null: nothing to ask). */
  async askTime(asked) {
    if (!asked) return this.showTime(null);
    const key = this.answer.dataset.key;
    if (this.timed.key !== key) this.showTime(undefined);
    const body = await this.ask("route", { ...asked, at: new Date().toISOString(), tz: browserZone() }, "time");
    if (body && this.answer.dataset.key === key) this.showTime(body);  // else the agent has moved on
  }

  /** The time-aware part: a body from the core, undefined while it is coming, null when there is none. */
  showTime(body) {
    if (body === undefined && this.engine.status.state === "error") body = { error: NO_PYTHON };
    const state = body === undefined ? "loading" : body === null ? "none" : body.error ? "error" : "ready";
    this.timed = { state, body, key: state === "ready" ? routeKey(body.route) : this.answer.dataset.key };
    this.answer.dataset.time = state;
    this.drawTime();
  }

  /** Draw the answer for this moment into the route on screen, if it is about that route. */
  drawTime() {
    const slot = this.$("[data-field=route] [data-field=now]");
    const { state, body, key } = this.timed;
    if (!slot || key !== this.answer.dataset.key) return;
    if (state === "ready") {
      this.$("[data-field=card]").replaceChildren(answerCard(body.route.card));  // the card for this moment
      slot.replaceChildren(timeAnswer(body));
      markShifts(this.$("[data-field=route]"), body);
      const moment = `${key}@${body.route.time.opened_at}`;
      if (this.messageMoment !== moment) this.messageMoment = moment, this.fillMessage();
    } else if (state === "loading") {
      slot.replaceChildren(h("p", { class: "wz-hint" }, this.engine.status.state === "loading"
        ? "Deadlines and who is on shift now follow in a moment."
        : "Working out the deadlines and who is on shift now…"));
    } else {
      slot.replaceChildren(...(state === "error" ? [h("p", { class: "wz-hint" }, `No deadlines for now: ${body.error}`),
        body.detail ? details(body.detail) : ""] : [""]));
    }
  }

  /** Countdowns tick each second; the whole time-aware answer is asked again each minute. */
  watchClock() {
    const ticker = setInterval(() => {
      if (!this.root.isConnected) return clearInterval(ticker);
      tickCountdowns(this.answer);
    }, 1000);
    const refresher = setInterval(() => {
      if (!this.root.isConnected) return clearInterval(refresher);
      if (this.ready && this.timed.state === "ready" && document.visibilityState === "visible") {
        const [issue, severity, channel] = this.timed.key.split("|");
        browserZone(true);  // a laptop that crossed a time zone answers in the new one
        this.askTime({ issue, severity: severity || null, channel: channel || null });
      }
    }, REFRESH_MS);
  }

  /** Once the core has matched loose URL values ("refund", "p1"), show them as the chosen options. */
  adopt(route) {
    const canonical = { issue: route.slug, severity: route.severity?.id, channel: route.channel?.id };
    for (const [name, value] of Object.entries(canonical)) {
      if (this.loose[name] && value && this.set(name, value)) delete this.loose[name];
    }
    this.writeURLNow();
  }

  showRoute(body, source, asked = null) {
    const slot = this.$("[data-field=route]");
    const json = JSON.stringify(body);
    this.answer.dataset.source = source;
    this.answer.dataset.key = body?.route ? routeKey(body.route) : "";
    if (json === this.shown) return;
    this.shown = body?.route ? json : "";
    this.defaults = body?.message_defaults || {};
    const card = this.$("[data-field=card]");
    if (!body) {
      card.replaceChildren(asked ? h("p", {}, `Looking up “${asked.issue}”…`) : "");
      slot.replaceChildren();
    } else if (body.error) {
      card.replaceChildren(problem(body));
      slot.replaceChildren();
    } else {
      card.replaceChildren(answerCard(body.route.card));
      slot.replaceChildren(routeAnswer(body.route, this.recent));
      this.drawTime();
    }
    for (const input of this.root.querySelectorAll("[data-field=message-fields] input")) {
      input.placeholder = this.defaults[input.name] || input.dataset.prompt;
    }
  }

  // --- the escalation message ------------------------------------------------------------------

  async fillMessage() {
    const pre = this.$("[data-field=message]");
    const copy = this.$("#copy-message");
    const issue = this.answer.dataset.key.split("|")[0];
    if (!issue || this.engine.status.state === "error") {
      this.latest.message++;
      if (this.engine.status.state !== "error") pre.textContent = "Choose an issue type first.";
      copy.disabled = true;
      return;
    }
    if (!this.ready) {
      pre.textContent = "The message is filled in as soon as the live answers are ready.";
      copy.disabled = true;
      return;
    }
    const values = {};
    for (const input of this.root.querySelectorAll("[data-field=message-fields] input")) values[input.name] = input.value;
    // Once the card is for this moment, "Requesting" names whom that card sends the agent to.
    const { state, body: timed, key } = this.timed;
    const moment = state === "ready" && key === this.answer.dataset.key
      ? { at: timed.route.time.opened_at, tz: timed.route.time.tz } : {};
    const body = await this.ask("message", { issue, severity: this.get("severity") || null, values, ...moment });
    if (!body) return;
    pre.textContent = body.error || body.text;
    copy.disabled = Boolean(body.error);
    this.unfilled = body.unfilled_note || "";
    this.$("[data-field=message-note]").replaceChildren(isFailure(body) && body.detail ? details(body.detail) : this.unfilled);
    this.$("#copy-status").textContent = "";
  }

  async copyMessage() {
    const text = this.$("[data-field=message]").textContent;
    const status = this.$("#copy-status");
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Plain-HTTP hosts have no clipboard API: copy the selected text the old way.
      const range = document.createRange();
      range.selectNodeContents(this.$("[data-field=message]"));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      if (!document.execCommand("copy")) {
        status.textContent = "Copying was blocked: the message is selected, press Ctrl+C.";
        return;
      }
    }
    status.textContent = this.unfilled ? `Copied, with prompts still in it. ${this.unfilled}` : "Copied to the clipboard.";
  }

  // --- search --------------------------------------------------------------------------------------

  /** List the issue types matching the box; `searched` settles when the list for its current text is shown. */
  search() {
    this.searched = this.listMatches();
    return this.searched;
  }

  async listMatches() {
    const text = this.$("#issue-search").value.trim();
    const list = this.$("#issue-results");
    const status = this.$("#issue-search-status");
    if (!text) {
      this.latest.search++;
      this.showMatches([]);
      this.showOurs(null);
      status.textContent = "";
      return;
    }
    if (!this.ready) {
      if (this.engine.status.state !== "error") status.textContent = "Search starts in a moment; meanwhile choose from the list.";
      return;
    }
    const body = await this.ask("search", { text });
    if (!body) return;
    if (body.error) {  // the core failed on it: the list still offers every issue type
      this.showMatches([]);
      this.showOurs(null);
      status.textContent = body.error;
      return;
    }
    // Certain: the one answer; not certain: the choices, best first.
    this.showMatches(body.confident ? body.candidates.slice(0, 1) : body.candidates, body.confident);
    this.showOurs(body.candidates.length ? body.why : null);
    status.textContent = body.summary;
    list.dataset.query = body.query;
  }

  /** Under the matches and their "matched:" words, that the words are ours (the core's words and link). */
  showOurs(why) {
    const note = this.$("[data-field=search-ours]");
    note.replaceChildren(...(why ? [h("a", { href: site(why.link) }, why.text), "."] : []));
    note.hidden = !why;
  }

  /** The core's candidates, best first, as the options of the listbox; the first is the active one. */
  showMatches(candidates, confident = false) {
    const list = this.$("#issue-results");
    const box = this.$("#issue-search");
    const chosen = this.get("issue");
    list.dataset.confident = String(confident);
    list.replaceChildren(...candidates.map((candidate, n) => {
      const issue = this.issues.get(candidate.slug);
      const item = h("li", { role: "option", id: `issue-option-${candidate.slug}`, class: "wz-result",
                             "data-issue": candidate.slug, "aria-selected": String(n === 0),
                             "data-chosen": String(candidate.slug === chosen) },
        h("strong", {}, issue.name), " ", h("small", {}, `(${issue.category})`),
        candidate.matched.length ? h("small", { class: "wz-matched" }, ` matched: ${candidate.matched.join(", ")}`) : null);
      item.addEventListener("click", () => this.choose(candidate.slug));
      return item;
    }));
    list.hidden = !candidates.length;
    box.setAttribute("aria-expanded", String(Boolean(candidates.length)));
    if (candidates.length) box.setAttribute("aria-activedescendant", `issue-option-${candidates[0].slug}`);
    else box.removeAttribute("aria-activedescendant");
  }

  /** Arrow keys move the active option; Enter picks it (the best match unless the agent moved). */
  moveActive(step) {
    const options = [...this.root.querySelectorAll("#issue-results [role=option]")];
    if (!options.length) return;
    const now = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
    const next = options[(now + step + options.length) % options.length];
    options.forEach((option) => option.setAttribute("aria-selected", String(option === next)));
    this.$("#issue-search").setAttribute("aria-activedescendant", next.id);
    next.scrollIntoView({ block: "nearest" });
  }

  choose(slug) {
    this.set("issue", slug);
    for (const option of this.root.querySelectorAll("#issue-results [role=option]")) {
      option.dataset.chosen = String(option.dataset.issue === slug);
    }
    this.commit("issue");
  }

  // --- "Can I do this?" ----------------------------------------------------------------------------

  async check() {
    const out = this.$("#can-answer");
    const action = this.$("#can-action");
    const role = this.get("role");
    const link = action.selectedOptions[0]?.dataset.link || this.catalogue.links.authority;
    delete out.dataset.key;
    if (!action.value || !role) {
      this.latest.can++;
      out.replaceChildren(h("p", {}, "Choose an action and your role."));
      return;
    }
    if (this.engine.status.state === "error") {
      out.replaceChildren(h("p", {}, `${needsLiveAnswers("This check")}: see `,
        h("a", { href: site(link) }, "the authority matrix"), "."));
      return;
    }
    if (!this.ready) {
      out.replaceChildren(h("p", {}, "Checking as soon as the live answers are ready…"));
      return;
    }
    const text = this.$("#can-amount").value;
    const body = await this.ask("can", { action: action.value, role, amount: text === "" ? null : Number(text) });
    if (!body) return;
    out.dataset.key = body.permission ? canKey(body.permission) : "";
    out.dataset.state = isFailure(body) ? "error" : "ready";
    out.replaceChildren(body.error ? problem(body) : permission(body.permission));
  }
}

/** `action|role|amount` of a "Can I" answer: which question it answers. */
function canKey(p) {
  return [p.action, p.role_id, p.amount ?? ""].join("|");
}

/** `slug|severity|channel` of a route answer: which choices it answers. */
function routeKey(route) {
  return [route.slug, route.severity?.id || "", route.channel?.id || ""].join("|");
}
