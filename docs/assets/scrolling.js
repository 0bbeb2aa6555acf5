// Tables and code blocks wider than the page scroll sideways inside their box. A keyboard scrolls only what it
// can focus, so a box that overflows takes focus and is named (WCAG 2.1.1; axe's scrollable-region-focusable);
// one that fits gives back what this script gave it, as the window's width changes (a phone turned, a
// window resized). On every page, after each instant navigation.

const BOXES = [
  [".md-typeset__scrollwrap", "Table, scrolls sideways"],  // the theme's wrapper around each table
  [".md-typeset pre > code", "Code, scrolls sideways"],
];

function markScrollingBoxes() {
  for (const [selector, label] of BOXES) {
    for (const box of document.querySelectorAll(selector)) {
      if (box.scrollWidth > box.clientWidth) {
        if (box.hasAttribute("tabindex") && !box.dataset.scrollMarked) continue;  // the theme's own: left as it is
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label);
        box.dataset.scrollMarked = "";
      } else if (box.dataset.scrollMarked !== undefined) {
        for (const name of ["tabindex", "role", "aria-label", "data-scroll-marked"]) box.removeAttribute(name);
      }
    }
  }
  document.body.dataset.scrollBoxes = "marked";  // what a test waits for
}

let pending = false;
addEventListener("resize", () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; markScrollingBoxes(); });
});
// The theme wraps tables when it renders a page (document$); without its scripts, once now.
if (window.document$?.subscribe) window.document$.subscribe(markScrollingBoxes);
else markScrollingBoxes();
