// Runs the matrix core in Pyodide off the main thread, so the page never freezes while Python starts.
// Protocol: {type: "wasm", module} and {type: "install", wheel} once; then {type: "ask", id, request}
// → {type: "answer", id, body}.
// Reports {type: "progress", step, text}, then {type: "ready"} or {type: "failed", message}.
// If pyodide.mjs itself cannot load, the worker fails to start and the page's error handler says so.

import { loadPyodide } from "../pyodide/pyodide.mjs";  // fetched with this script: no extra round trip

const PYODIDE = new URL("../pyodide/", import.meta.url).href;
const MATRIX = new URL("data/matrix.json", import.meta.url);

const post = (message) => self.postMessage(message);
const fetchOk = async (url, as) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname ?? url} answered HTTP ${response.status}`);
  return response[as]();
};

// The page compiles Pyodide's WebAssembly and sends the module (see engine.js). Pyodide fetches and
// instantiates the .wasm itself, once: these one-shot hooks hand it the page's module instead, so
// the 9.6 MB are neither downloaded twice nor compiled again. Without a module, Pyodide goes its way.
let resolveWasm;
const pageCompiled = new Promise((resolve) => { resolveWasm = resolve; });
const { fetch: originalFetch } = self;
const { instantiateStreaming } = WebAssembly;
self.fetch = async (resource, options) => {
  if (!String(resource).endsWith("/pyodide.asm.wasm")) return originalFetch(resource, options);
  self.fetch = originalFetch;
  return (await pageCompiled) ? new Response(new Uint8Array(0)) : originalFetch(resource, options);
};
WebAssembly.instantiateStreaming = async (source, imports) => {
  WebAssembly.instantiateStreaming = instantiateStreaming;
  const module = await pageCompiled;
  if (!module) return instantiateStreaming.call(WebAssembly, source, imports);
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

let resolveWheel;
const wheelURL = new Promise((resolve) => { resolveWheel = resolve; });
let respond = null;
const queue = [];

function answer({ id, request }) {
  post({ type: "answer", id, body: respond(JSON.stringify(request)) });
}

self.onmessage = ({ data }) => {
  if (data.type === "wasm") resolveWasm(data.module);
  else if (data.type === "install") resolveWheel(data.wheel);
  else if (data.type === "ask") respond ? answer(data) : queue.push(data);
};

async function start() {
  const matrixText = fetchOk(MATRIX, "text");
  const wheel = wheelURL.then((url) => fetchOk(url, "arrayBuffer"));
  [matrixText, wheel].forEach((download) => download.catch(() => {}));  // reported when awaited below
  post({ type: "progress", step: 1, text: "Loading Python (about 13 MB; cached after the first visit)…" });
  const pyodide = await loadPyodide({ indexURL: PYODIDE });
  post({ type: "progress", step: 2, text: "Installing the escalation matrix…" });
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel");
  respond = pyodide.pyimport("matrix.answers").responder(await matrixText);
  post({ type: "ready" });
  queue.splice(0).forEach(answer);
}

start().catch((error) => post({ type: "failed", message: `Python cannot start: ${error.message || error}` }));
