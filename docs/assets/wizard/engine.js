// The page's side of the Python worker: start it once, give up plainly after a timeout, ask questions.
// Pyodide can hang without failing (a .wasm served with a wrong MIME type), so startup races a timer.

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
 * failure) is held until `listen(receive)` is called, then passed on as it comes.
 */
function launch() {
  const startedAt = performance.now();
  const held = [];
  let deliver = (data) => held.push(data);
  const failed = (message) => deliver({ type: "failed", message: `The live answers cannot start: ${message}` });
  const worker = new Worker(WORKER, { type: "module" });
  worker.onmessage = ({ data }) => deliver(data);
  worker.onerror = (event) => {
    event.preventDefault();
    failed(`the worker script failed (${event.message || "it could not be loaded"}).`);
  };
  // Handed over the moment it is compiled: the worker waits for it before Pyodide instantiates.
  compileInPage().then((module) => worker.postMessage({ type: "wasm", module }), (error) => failed(error.message));
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

/** Start the worker (or adopt the early start); the engine answers requests once `ready` resolves. */
export function startEngine(timeoutMs) {
  const { worker, startedAt, listen } = early ?? launch();
  early = null;
  const pending = new Map();
  const listeners = new Set();
  let nextId = 1;
  const engine = {
    status: { state: "loading", step: 0, text: "Starting…", startedAt },
    ask(request) {
      const id = nextId++;
      worker.postMessage({ type: "ask", id, request });
      return new Promise((resolve) => pending.set(id, resolve));
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
  let settle;
  engine.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  engine.ready.catch(() => {});
  const fail = (message) => {
    if (engine.status.state !== "loading") return;
    clearTimeout(timer);
    worker.terminate();
    update({ state: "error", text: message });
    settle.reject(new Error(message));
  };
  // An early start has been running for a while: the timeout counts from when it began.
  const timer = setTimeout(() => fail(`The live answers did not start within ${Math.round(timeoutMs / 1000)} s.`),
    Math.max(0, timeoutMs - (performance.now() - startedAt)));
  listen((data) => {
    if (data.type === "answer") {
      pending.get(data.id)?.(JSON.parse(data.body));
      pending.delete(data.id);
    } else if (data.type === "progress") {
      update({ step: data.step, text: data.text });
    } else if (data.type === "failed") {
      fail(data.message);
    } else if (data.type === "ready" && engine.status.state === "loading") {
      clearTimeout(timer);
      update({ state: "ready", step: 3, text: "Live answers ready: worked out from the matrix, here in this tab.",
               readyAt: performance.now() });
      settle.resolve(engine);
    }
  });
  return engine;
}
