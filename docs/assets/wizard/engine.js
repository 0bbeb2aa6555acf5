// The page's side of the Python worker: start it once, give up plainly after a timeout, ask questions.
// Pyodide can hang without failing (a .wasm served with a wrong MIME type), so startup races a timer.

const WASM = new URL("../pyodide/pyodide.asm.wasm", import.meta.url);

// Compiled in the page and sent to the worker: Chromium reuses its cached compiled WebAssembly for a
// page but not for a worker (measured: a worker's second visit was as slow as its first). Streaming
// compilation runs off the main thread either way.
function compileInPage() {
  const wasm = globalThis.WebAssembly;
  return wasm?.compileStreaming ? wasm.compileStreaming(fetch(WASM)) : Promise.resolve(null);
}

/** Python started by the wizard page's inline script before any module loaded (docs/wizard/index.md). */
function adoptEarlyStart() {
  const early = window.wizardPython;
  if (!early || early.adopted) return null;
  early.adopted = true;
  return early;
}

/** Start the worker (or adopt the page's early start); the engine answers requests once `ready` resolves. */
export function startEngine(workerURL, timeoutMs) {
  const early = adoptEarlyStart();
  const worker = early?.worker ?? new Worker(workerURL, { type: "module" });
  const compiled = early?.compiled ?? compileInPage();
  const startedAt = early?.startedAt ?? performance.now();
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
  const timer = setTimeout(() => fail(`Python did not start within ${Math.round(timeoutMs / 1000)} s.`),
    Math.max(0, timeoutMs - (performance.now() - startedAt)));
  worker.onerror = (event) => {
    event.preventDefault();
    fail(`Python cannot start: the worker script failed (${event.message || "it could not be loaded"}).`);
  };
  // An early start has handed the module over itself (docs/wizard/index.md).
  compiled.then((module) => early || worker.postMessage({ type: "wasm", module }),
    (error) => fail(`Python cannot start: ${error.message}`));
  const receive = ({ data }) => {
    if (data.type === "answer") {
      pending.get(data.id)?.(JSON.parse(data.body));
      pending.delete(data.id);
    } else if (data.type === "progress") {
      update({ step: data.step, text: data.text });
    } else if (data.type === "failed") {
      fail(data.message);
    } else if (data.type === "ready" && engine.status.state === "loading") {
      clearTimeout(timer);
      update({ state: "ready", step: 3, text: "Ready: answers come from the matrix core running in this tab.",
               readyAt: performance.now() });
      settle.resolve(engine);
    }
  };
  worker.onmessage = receive;
  early?.messages.splice(0).forEach((data) => receive({ data }));
  return engine;
}
