// The sentences the pages' own scripts write, each once: how the live answers start, and what a page says
// when they cannot start or stop answering, where no answer of the core can carry the words. Everything
// else an agent reads comes from the core (matrix/core/wording.py) or the page's template. Shared by the
// page's scripts and the Python worker.

export const STARTING = "Starting…";
export const GETTING_READY = "Getting the live answers ready (a few seconds the first time)…";
export const ALMOST_READY = "Almost ready…";
export const READY = "Live answers ready: worked out from the matrix, here in this tab.";
export const cannotStart = (why) => `The live answers cannot start: ${why}`;
export const workerFailed = (why) => `the worker script failed (${why || "it could not be loaded"}).`;
export const notStartedWithin = (seconds) => `The live answers did not start within ${seconds} s.`;
/** Once they had started: the worker failed or stopped answering, and was ended. */
export const STOPPED = "The live answers stopped working in this tab.";
/** Technical detail (folded away): why they were ended. */
export const noAnswerWithin = (seconds) => `no answer to a question within ${seconds} s`;
export const workerError = (why) => `the worker failed: ${why || "no reason given"}`;
/** The label of the folded technical detail beside a failure's sentence. */
export const TECHNICAL_DETAILS = "Technical details";
