// On every page of the site: starts the wizard where its form is. The theme's instant navigation
// (when enabled) swaps pages without running their scripts again, so it re-checks on each page.

function start() {
  const root = document.getElementById("wizard");
  if (!root || root.dataset.bound) return;
  root.dataset.bound = "true";
  import("./wizard.js")
    .then((wizard) => wizard.mount(root))
    .catch((error) => {
      const answer = document.getElementById("answer");
      const notice = answer?.querySelector("[data-field=notice]");
      if (!notice) return;
      notice.textContent = `The wizard could not start (${error.message}). The routing tables answer everything.`;
      notice.hidden = false;
      answer.dataset.state = "error";
    });
}

start();
window.document$?.subscribe?.(start);
