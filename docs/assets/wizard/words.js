// The sentences the pages' scripts write themselves, each once: where no answer of the core can carry
// them (the live answers starting, or not). All else comes from the core's wording or the page's template.

export const STARTING = "Starting…";
export const GETTING_READY = "Getting the live answers ready (a few seconds the first time)…";
export const ALMOST_READY = "Almost ready…";
export const READY = "Live answers ready: worked out from the matrix, here in this tab.";
export const cannotStart = (why) => `The live answers cannot start: ${why}`;
export const workerFailed = (why) => `the worker script failed (${why || "it could not be loaded"}).`;
export const notStartedWithin = (seconds) => `The live answers did not start within ${seconds} s.`;
/** What a part of a page says when it cannot answer without Python: `Search needs the live answers, …`
 * (`plural`: `The drills need …`). */
export const needsLiveAnswers = (what, plural = false) =>
  `${what} ${plural ? "need" : "needs"} the live answers, which are not running`;
export const STOPPED = "The live answers stopped working in this tab.";
// Technical details, folded away: why the worker was ended.
export const noAnswerWithin = (seconds) => `no answer to a question within ${seconds} s`;
export const workerError = (why) => `the worker failed: ${why || "no reason given"}`;
export const TECHNICAL_DETAILS = "Technical details";
