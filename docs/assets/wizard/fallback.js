// The wizard's and the drill page's last resort, loaded as a classic script just before the page's element.
// Their module (boot.js, and what it imports) starts everything else: should it fail to load, or throw
// before it has started the page, nothing would ever replace "Loading…". This notices either (the
// script's load error; an error escaping those modules), and, as a watchdog, a page not started within
// its data-timeout-ms, and then shows the page's own "could not start" notice (its template's words,
// pointing to the runbook's tables) in the error state. A page that started (boot.js marks its element
// data-bound) is never touched. Not a module, and no inline script: it must run where modules fail,
// under a Content-Security-Policy that allows only the site's own scripts.

(() => {
  const PAGE = "div#wizard.wz, div#drills.dr";
  const STARTERS = /\/assets\/(wizard|drills)\/[\w-]+\.js$/;  // boot.js and the modules it imports

  const isStarter = (url) => {
    try {
      return STARTERS.test(new URL(url, location.href).pathname);
    } catch {
      return false;
    }
  };

  /** Show the page's notice, unless the page has started (its scripts say what goes wrong from then on). */
  function cannotStart(reason) {
    const root = document.querySelector(PAGE);
    const words = root?.querySelector("[data-field=notice] [data-field=cannot-start]");
    if (!words || root.dataset.bound || root.dataset.cannotStart) return;
    words.hidden = false;
    words.parentElement.hidden = false;
    words.closest("[data-state]").dataset.state = "error";
    const panel = root.querySelector("#engine-status");
    if (panel) panel.hidden = true;  // "Loading…" no longer
    root.dataset.cannotStart = reason;  // for whoever looks into it; boot.js, should it come after all, takes it back
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
      root.dataset.startCheck = root.dataset.bound ? "passed" : "failed";  // what the watchdog found, for a check
    }, limit);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch, { once: true });
  else watch();
})();
