// The page's side of the Python worker: start it once, give up plainly after a timeout, ask questions.
// Pyodide can hang without failing (a .wasm served with a wrong MIME type), so startup races a timer;
// and every question settles, answered or with why not (the worker failed or stopped answering).

import * as words from "./words.js";

const WORKER = new URL("worker.js", import.meta.url);
const WASM = new URL("../pyodide/pyodide.asm.wasm", import.meta.url);

// Compiled in the page and sent to the worker: Chromium reuses its cached compiled WebAssembly for a
// page but not for a worker (measured: a worker's second visit was as slow as its first). Streaming
// compilation runs off the main thread either way.
function compileInPage() {
  const wasm = globalThis.WebAssembly;
  return wasm?.compileStreaming ? wasm.compileStreaming(fetch(WASM)) : Promise.resolve(null);
}

/**
 * Start the worker and the compile. What they report (the worker's messages, a script or compile
 * failure, an error in the worker) is held until `listen(receive)` is called, then passed on as it comes.
 */
function launch() {
  const startedAt = performance.now();
  const held = [];
  let deliver = (data) => held.push(data);
  const worker = new Worker(WORKER, { type: "module" });
  worker.onmessage = ({ data }) => deliver(data);
  // Its script could not load, or an error escaped it: what it was doing is lost.
  worker.onerror = (event) => {
    event.preventDefault();
    deliver({ type: "worker-error", message: event.message });
  };
  // Handed over the moment it is compiled: the worker waits for it before Pyodide instantiates.
  compileInPage().then((module) => worker.postMessage({ type: "wasm", module }),
    (error) => deliver({ type: "failed", message: words.cannotStart(error.message) }));
  return {
    worker,
    startedAt,
    listen(receive) {
      deliver = receive;
      held.splice(0).forEach(receive);
    },
  };
}

// The wizard page's head loads this module itself, marked data-start="early" (hooks/overrides/wizard.html),
// so Python starts before the theme's stylesheets, scripts and navigation have loaded; startEngine adopts
// it. Anywhere else (or on a page reached by instant navigation) startEngine starts the worker itself.
let early = document.querySelector("script[data-start=early]") ? launch() : null;

/**
 * Start the worker (or adopt the early start); the engine answers requests once `ready` resolves.
 * `timeoutMs` bounds the start; `answerTimeoutMs` each question, counted from when the worker could
 * answer it: a worker that has not answered by then is taken to be stuck, and ended.
 */
export function startEngine(timeoutMs, answerTimeoutMs = timeoutMs) {
  const { worker, startedAt, listen } = early ?? launch();
  early = null;
  const pending = new Map();  // id → {resolve, timer}: the questions not answered yet
  const listeners = new Set();
  let nextId = 1;
  const seconds = (ms) => Math.round(ms / 1000);
  const unanswerable = () => ({ error: engine.status.text, detail: engine.status.detail ?? null });
  const watch = () => setTimeout(() => end(words.STOPPED, words.noAnswerWithin(seconds(answerTimeoutMs))),
    answerTimeoutMs);
  const settle = (id, body) => {
    const question = pending.get(id);
    if (!question) return;
    clearTimeout(question.timer);
    pending.delete(id);
    question.resolve(body);
  };
  const engine = {
    status: { state: "loading", step: 0, text: words.STARTING, startedAt },
    /** Resolves with the core's answer, or with `{error, detail}` when there will be none. */
    ask(request) {
      if (engine.status.state === "error") return Promise.resolve(unanswerable());
      const id = nextId++;
      const answered = new Promise((resolve) => {
        pending.set(id, { resolve, timer: engine.status.state === "ready" ? watch() : null });
      });
      worker.postMessage({ type: "ask", id, request });
      return answered;
    },
    /** Call `listener(status)` now and on every change of state or progress. */
    watch(listener) {
      listeners.add(listener);
      listener(engine.status);
      return () => listeners.delete(listener);
    },
  };
  const update = (change) => {
    Object.assign(engine.status, change);
    listeners.forEach((listener) => listener(engine.status));
  };
  let started;
  engine.ready = new Promise((resolve, reject) => { started = { resolve, reject }; });
  engine.ready.catch(() => {});
  /** Give up for good: end the worker, say why, and settle every question still waiting. */
  const end = (text, detail = null) => {
    if (engine.status.state === "error") return;
    const starting = engine.status.state === "loading";
    clearTimeout(timer);
    worker.terminate();
    update({ state: "error", text, detail });
    if (starting) started.reject(new Error(text));
    [...pending.keys()].forEach((id) => settle(id, unanswerable()));
  };
  // An early start has been running for a while: the timeout counts from when it began.
  const timer = setTimeout(() => engine.status.state === "loading" && end(words.notStartedWithin(seconds(timeoutMs))),
    Math.max(0, timeoutMs - (performance.now() - startedAt)));
  listen((data) => {
    if (data.type === "answer") {
      settle(data.id, JSON.parse(data.body));
    } else if (data.type === "progress") {
      if (engine.status.state === "loading") update({ step: data.step, text: data.text });  // else: said why it stopped
    } else if (data.type === "failed") {
      if (engine.status.state === "loading") end(data.message);
    } else if (data.type === "worker-error") {
      if (engine.status.state === "loading") end(words.cannotStart(words.workerFailed(data.message)));
      else end(words.STOPPED, words.workerError(data.message));
    } else if (data.type === "ready" && engine.status.state === "loading") {
      clearTimeout(timer);
      update({ state: "ready", step: 3, text: words.READY, readyAt: performance.now() });
      // Questions asked while Python loaded: their time starts now.
      pending.forEach((question) => { question.timer ??= watch(); });
      started.resolve(engine);
    }
  });
  return engine;
}
