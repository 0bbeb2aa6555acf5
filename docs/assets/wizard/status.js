// The Python engine's progress as a page shows it (the wizard's and the drill page's panel): a line of
// text, a progress bar and the seconds it has taken, so a slow start never looks like a frozen page.

/**
 * Follow `engine` in `panel` (its [data-field=engine-text|engine-progress|engine-seconds] children)
 * while `alive()` holds; `note()` adds to the text while Python is still loading.
 */
export function showProgress(panel, engine, alive, note = () => "") {
  const text = panel.querySelector("[data-field=engine-text]");
  const bar = panel.querySelector("[data-field=engine-progress]");
  const seconds = panel.querySelector("[data-field=engine-seconds]");
  const tick = () => {
    const status = engine.status;
    seconds.textContent = status.state === "loading"
      ? `${Math.round((performance.now() - status.startedAt) / 1000)} s` : "";
  };
  const timer = setInterval(() => (alive() ? tick() : clearInterval(timer)), 1000);
  const stop = engine.watch((status) => {
    if (!alive()) return stop();
    panel.dataset.state = status.state;
    text.textContent = status.state === "loading" ? `${status.text}${note()}` : status.text;
    bar.value = status.step;
    bar.hidden = status.state !== "loading";
    tick();
    if (status.state !== "loading") clearInterval(timer);
  });
}
