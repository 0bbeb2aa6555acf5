// Tables wider than the page scroll sideways inside the theme's wrapper. A keyboard scrolls only what it can
// focus, so a wrapper that overflows takes focus and is named (WCAG 2.1.1; axe's scrollable-region-focusable);
// one that fits gives it back, as the window's width changes. On every page, after each instant navigation.

const LABEL = "Table, scrolls sideways";

function markScrollingTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", LABEL);
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  }
  document.body.dataset.scrollTables = "marked";  // what a test waits for
}

let pending = false;
addEventListener("resize", () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; markScrollingTables(); });
});
// The theme wraps tables when it renders a page (document$); without its scripts, once now.
if (window.document$?.subscribe) window.document$.subscribe(markScrollingTables);
else markScrollingTables();
