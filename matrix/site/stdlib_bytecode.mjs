// Pyodide's standard library with bytecode for the modules the wizard's worker imports.
//
//   node stdlib_bytecode.mjs <pyodide folder> <output zip> <module names as JSON>
//
// Pyodide ships its standard library as source, so every start compiles the ~130 modules Python
// imports to boot (about two thirds of a start, measured). Compiled here once, by the same Pyodide,
// so the bytecode matches its interpreter. Written for matrix/site/stdlib_bytecode.py; runs under Node.

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideFolder, output, modulesJson] = process.argv.slice(2);
const indexURL = pyodideFolder.endsWith("/") ? pyodideFolder : `${pyodideFolder}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });

pyodide.FS.writeFile("/tmp/stdlib.zip", readFileSync(`${indexURL}python_stdlib.zip`));
pyodide.globals.set("extra_modules", JSON.parse(modulesJson));
pyodide.runPython(`
import importlib, importlib.util, marshal, sys, zipfile

# What Python imported to start, then what the matrix package imports (and what those import).
for name in extra_modules:
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # not in Pyodide's standard library (or not in this build of it): nothing to compile
stdlib = next(entry for entry in sys.path if entry.endswith(".zip")) + "/"
used = {module.__spec__.origin[len(stdlib):] for module in list(sys.modules.values())
        if getattr(module, "__spec__", None) and (module.__spec__.origin or "").startswith(stdlib)}

# Unchecked hash-based .pyc (PEP 552): the source is not shipped beside it, so there is nothing to check.
UNCHECKED = (0b01).to_bytes(4, "little")
with zipfile.ZipFile("/tmp/stdlib.zip") as source, \\
        zipfile.ZipFile("/tmp/compiled.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
    for entry in source.infolist():
        data = source.read(entry)
        if entry.filename in used and entry.filename.endswith(".py"):
            code = compile(data, stdlib + entry.filename, "exec", dont_inherit=True)
            data = importlib.util.MAGIC_NUMBER + UNCHECKED + importlib.util.source_hash(data) + marshal.dumps(code)
            entry = zipfile.ZipInfo(entry.filename + "c", entry.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(entry, data, compresslevel=9)
`);
writeFileSync(output, pyodide.FS.readFile("/tmp/compiled.zip"));
