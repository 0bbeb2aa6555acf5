// Parity harness: the browser's path to an answer, under Node. Loads the pinned Pyodide from
// node_modules, installs the real wheel exactly as the wizard's worker does, and answers a batch of
// requests in one session; also decodes the build's precomputed table with the page's own table.js.
//
//   node tests/pyodide/parity.mjs INPUT.json OUTPUT.json
//   INPUT:  {wheel, matrix, answers, requests: [...], table_cases: [[issue, severity, channel]...]}
//   OUTPUT: {responses: [...], table: [...], environment: {...}, seconds: {...}}

import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const { loadPyodide } = await import(new URL("node_modules/pyodide/pyodide.mjs", root));
const { lookupAnswer } = await import(new URL("docs/assets/wizard/table.js", root));

const [inputPath, outputPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, "utf8"));

const started = performance.now();
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });
const loaded = performance.now();
pyodide.unpackArchive(new Uint8Array(readFileSync(input.wheel)), "wheel");
const respond = pyodide.pyimport("matrix.answers").responder(readFileSync(input.matrix, "utf8"));
const installed = performance.now();
const responses = input.requests.map((request) => JSON.parse(respond(JSON.stringify(request))));
const answered = performance.now();

const table = JSON.parse(readFileSync(input.answers, "utf8")).table;
const decoded = input.table_cases.map(([issue, severity, channel]) => lookupAnswer(table, issue, severity, channel));

const environment = JSON.parse(pyodide.runPython(`
import json, sys, importlib.util
json.dumps({
    "python": sys.version.split()[0],
    "platform": sys.platform,
    "yaml_importable": importlib.util.find_spec("yaml") is not None,
    "imported": sorted(name for name in sys.modules if name == "yaml" or name.startswith("matrix")),
})
`));

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
