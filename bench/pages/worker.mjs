import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
import { awaitPageCompiledWasm } from "../assets/wizard/handover.js";
const handOver = awaitPageCompiledWasm();
self.onmessage = ({ data }) => handOver(data);
const indexURL = new URL("../assets/pyodide/", import.meta.url).href;
const pyodide = await loadPyodide({ indexURL, stdLibURL: `${indexURL}{{compiled_stdlib}}` });
self.postMessage(pyodide.runPython("1+1"));
