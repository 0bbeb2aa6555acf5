// The wizard's and the drill page's last resort, a classic script before the page's element: should the
// start module (boot.js, or what it imports) fail to load, throw, or not have started the page within its
// data-timeout-ms, nothing else would replace "Loading…"; this shows the page's own "could not start"
// notice in the error state. A started page (boot.js marks it data-bound) is never touched. No module and
// no inline script: it must run where modules fail, under a CSP allowing only the site's own scripts.

(() => {
  const PAGE = "div#wizard.wz, div#drills.dr";
  const STARTERS = /\/assets\/(wizard|drills)\/[\w-]+\.js$/;
  const isStarter = (url) => STARTERS.test(new URL(url, location.href).pathname);

  function cannotStart(reason) {
    const root = document.querySelector(PAGE);
    const words = root?.querySelector("[data-field=notice] [data-field=cannot-start]");
    if (!words || root.dataset.bound || root.dataset.cannotStart) return;
    words.hidden = false;
    words.parentElement.hidden = false;
    words.closest("[data-state]").dataset.state = "error";
    const panel = root.querySelector("#engine-status");
    if (panel) panel.hidden = true;  // no "Loading…" left
    root.dataset.cannotStart = reason;  // for whoever looks into it; a late boot.js takes it all back
  }

  addEventListener("error", (event) => {
    const target = event.target;
    if (target instanceof HTMLScriptElement && isStarter(target.src)) cannotStart(`${target.src} did not load`);
    else if (event instanceof ErrorEvent && isStarter(event.filename)) cannotStart(`${event.filename}: ${event.message}`);
  }, true);  // capture: a script's load error does not bubble

  function watch() {
    const root = document.querySelector(PAGE);
    if (!root) return;
    const limit = Number(root.dataset.timeoutMs) || 20000;
    setTimeout(() => {
      cannotStart(`not started within ${limit} ms`);
      root.dataset.startCheck = root.dataset.bound ? "passed" : "failed";
    }, limit);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch, { once: true });
  else watch();
})();
