// Parity harness: the browser's path to an answer, under Node. Loads the pinned Pyodide from
// node_modules with the site's compiled standard library, installs the real wheels exactly as the
// worker (docs/assets/wizard/worker.js) does, and answers a batch of requests in one session; also
// decodes the build's precomputed table with the page's own table.js.
//
//   node tests/browser/pyodide/parity.mjs INPUT.json OUTPUT.json
//   INPUT:  {wheel, tzdata, stdlib, matrix, answers, requests: [...], table_cases: [[issue, severity, channel]...]}
//   OUTPUT: {responses: [...], table: [...], environment: {...}, seconds: {...}}

import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const root = new URL("../../../", import.meta.url);
const { loadPyodide } = await import(new URL("node_modules/pyodide/pyodide.mjs", root));
const { lookupAnswer } = await import(new URL("docs/assets/wizard/table.js", root));

const [inputPath, outputPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, "utf8"));

const started = performance.now();
const pyodide = await loadPyodide({ stdLibURL: input.stdlib, stdout: () => {},
                                   stderr: (line) => process.stderr.write(`${line}\n`) });
const loaded = performance.now();
pyodide.unpackArchive(new Uint8Array(readFileSync(input.wheel)), "wheel");
// The build's data files are gzip-compressed, as the page and the worker unpack them (data.js).
const readData = (path) => gunzipSync(readFileSync(path)).toString("utf8");
// As the worker does: the build's matrix.json.gz is not validated again in the browser.
const respond = pyodide.pyimport("matrix.core.answers.browser").responder(readData(input.matrix), true);
const installed = performance.now();
const modules = () => JSON.parse(pyodide.runPython(`
import json, sys
json.dumps(sorted(name for name in sys.modules
                  if name.split(".")[0] in ("matrix", "yaml", "zoneinfo", "difflib", "tzdata")))
`));
const atStart = modules();

// As the worker does: the tzdata wheel goes in before the first question that has a time in it.
let zonesInstalled = false;
const responses = input.requests.map((request) => {
  if (request.at != null && !zonesInstalled) {
    pyodide.unpackArchive(new Uint8Array(readFileSync(input.tzdata)), "wheel");
    pyodide.runPython("import importlib; importlib.invalidate_caches()");
    zonesInstalled = true;
  }
  return JSON.parse(respond(JSON.stringify(request)));
});
const answered = performance.now();

const table = JSON.parse(readData(input.answers, "utf8")).table;
const decoded = input.table_cases.map(([issue, severity, channel]) => lookupAnswer(table, issue, severity, channel));

const environment = JSON.parse(pyodide.runPython(`
import json, sys, importlib.util
json.dumps({
    "python": sys.version.split()[0],
    "platform": sys.platform,
    "yaml_importable": importlib.util.find_spec("yaml") is not None,
    "origins": {name: sys.modules[name].__spec__.origin for name in ("dataclasses", "difflib", "zoneinfo", "json")},
})
`));
environment.imported_at_start = atStart;
environment.imported = modules();

writeFileSync(outputPath, JSON.stringify({
  responses,
  table: decoded,
  environment,
  seconds: {
    load: (loaded - started) / 1000,
    install: (installed - loaded) / 1000,
    answer_all: (answered - installed) / 1000,
  },
}));
