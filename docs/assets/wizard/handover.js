// The page compiles Pyodide's WebAssembly and sends the module (see engine.js). Pyodide fetches and
// instantiates the .wasm itself, once: these one-shot hooks hand it the page's module instead, so
// the 9.6 MB are neither downloaded twice nor compiled again. Without a module, Pyodide goes its way.
// Shared by the Python worker and the wizard benchmark's bare worker, so both measure the same hand-over.

/** Install the hooks before `loadPyodide`; call the returned function with the page's module or null. */
export function awaitPageCompiledWasm() {
  let handOver;
  const pageCompiled = new Promise((resolve) => { handOver = resolve; });
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
  return handOver;
}
