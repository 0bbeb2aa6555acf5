// Injected before the page's own scripts: notes when the answer first shows each source (the card and the path), and when
// the wizard's worker starts, has loaded Pyodide (progress step 2) and has installed the matrix (ready).
window.benchMarks = { longestTask: 0 };
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) {
    window.benchMarks.longestTask = Math.max(window.benchMarks.longestTask, task.duration);
  }
}).observe({ type: "longtask", buffered: true });
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(url, options) {
    super(url, options);
    if (!String(url).includes("/wizard/")) return;
    window.benchMarks.worker = performance.now();
    this.addEventListener("message", ({ data }) => {
      if (data.type === "progress" && data.step === 2) window.benchMarks.pyodide = performance.now();
      if (data.type === "ready") window.benchMarks.installed = performance.now();
    });
  }
};
new MutationObserver(() => {
  const answer = document.getElementById("answer");
  if (!answer) return;
  const marks = window.benchMarks;
  if (!marks.build && answer.dataset.source === "build" && answer.querySelector("[data-field=path-line]")
      && answer.querySelector("[data-part=now]")) {
    marks.build = performance.now();
  }
  if (!marks.python && answer.dataset.state === "ready" && answer.dataset.source === "python") {
    marks.python = performance.now();
  }
  if (!marks.time && answer.dataset.time === "ready") marks.time = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });
