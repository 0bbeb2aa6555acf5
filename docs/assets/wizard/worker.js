// Runs the matrix core in Pyodide off the main thread, so the page never freezes while Python starts.
// Shared by the wizard and the drill page. Protocol: {type: "wasm", module} once; then
// {type: "ask", id, request} → {type: "answer", id, body}, always: an error escaping the core (which
// answers its own failures) is answered here the same way, {error: the core's sentence, detail: one line}.
// Reports {type: "progress", step, text}, then {type: "ready"} or {type: "failed", message}.
// If pyodide.mjs itself cannot load, the worker fails to start and the page's error handler says so.

import { loadPyodide } from "../pyodide/pyodide.mjs";  // fetched with this script: no extra round trip
// Pyodide would import its runtime only once loadPyodide runs; imported here, it downloads beside the above.
import createPyodideModule from "../pyodide/pyodide.asm.mjs";
import { fetchText } from "./data.js";
import { awaitPageCompiledWasm } from "./handover.js";
import * as words from "./words.js";

const PYODIDE = new URL("../pyodide/", import.meta.url);
const DATA = new URL("data/", import.meta.url);
// The standard library with bytecode for what Python imports to start and what the matrix imports,
// compiled at build time by this Pyodide (matrix/site/stdlib_bytecode.py): Python starts about 3x faster.
const STDLIB = new URL("python_stdlib_compiled.zip", PYODIDE);

const post = (message) => self.postMessage(message);
const fetchOk = async (url, as) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname ?? url} answered HTTP ${response.status}`);
  return response[as]();
};

const handOverWasm = awaitPageCompiledWasm();  // before loadPyodide asks for the .wasm

// What to install: the build names the wheels in engine.json (their names carry versions).
const engine = fetchOk(new URL("engine.json", DATA), "json");
engine.catch(() => {});  // reported by start(), which waits for the wheel named in it
let pyodide = null;
let respond = null;
let answerFailed = null;  // the core's sentence for a question it failed on, read from it at the start
let zones = null;  // the tzdata wheel, installed for the first question that has a time in it
const queue = [];

/** Time-zone data only for questions about a moment: pages that never ask one never download it. */
function installZones() {
  zones ??= engine
    .then((names) => fetchOk(new URL(names.tzdata, PYODIDE), "arrayBuffer"))
    .then((wheel) => {
      pyodide.unpackArchive(new Uint8Array(wheel), "wheel");
      pyodide.runPython("import importlib; importlib.invalidate_caches()");  // see the new package
    });
  return zones;
}

/** An error as one line: a Python error's last line (`KeyError: 'x'`), never its traceback. */
function oneLine(error) {
  const lines = String(error?.message ?? error).trim().split("\n");
  const line = error?.type ? lines.at(-1) : `${error?.name ?? "Error"}: ${lines[0]}`;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function reply(id, request) {
  let body;
  let fatal = null;
  try {
    body = respond(JSON.stringify(request));
  } catch (error) {
    body = JSON.stringify({ error: answerFailed, detail: oneLine(error) });
    if (error?.pyodide_fatal_error) fatal = error;
  }
  post({ type: "answer", id, body });
  // Python itself is gone (its stack overflowed): every later question would fail; the page ends this worker.
  if (fatal) post({ type: "worker-error", message: oneLine(fatal) });
}

function answer({ id, request }) {
  if (request.at == null) return reply(id, request);
  // Answered by the core either way: without zone data it says why it cannot tell the time.
  installZones().then(() => reply(id, request), () => reply(id, request));
}

self.onmessage = ({ data }) => {
  if (data.type === "wasm") handOverWasm(data.module);
  else if (data.type === "ask") respond ? answer(data) : queue.push(data);
};

async function start() {
  const matrixText = fetchText(new URL("matrix.json.gz", DATA));
  const wheel = engine.then((names) => fetchOk(new URL(names.wheel, DATA), "arrayBuffer"));
  [matrixText, wheel].forEach((download) => download.catch(() => {}));  // reported when awaited below
  post({ type: "progress", step: 1, text: words.GETTING_READY });
  pyodide = await loadPyodide({ indexURL: PYODIDE.href, stdLibURL: STDLIB.href, createPyodideModule });
  post({ type: "progress", step: 2, text: words.ALMOST_READY });
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel");
  // matrix.json.gz is the build's own output, validated before it was written: not checked again here.
  const { directory_urls: directoryURLs } = await engine;  // the site's URL style, for the answers' links
  answerFailed = pyodide.pyimport("matrix.core.wording").ANSWER_FAILED;
  respond = pyodide.pyimport("matrix.core.answers.browser").responder(await matrixText, true, directoryURLs);
  post({ type: "ready" });
  queue.splice(0).forEach(answer);
}

start().catch((error) => post({ type: "failed", message: words.cannotStart(error.message || error) }));
