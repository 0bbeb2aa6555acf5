// Evaluated once Python is ready: changes one input at a time and times until the new answer is in the DOM.
async (changes) => {
  const answer = document.getElementById("answer");
  const settled = (test) => new Promise((resolve) => {
    if (test()) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (test()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(document.getElementById("wizard"), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // The first moment after the next frame is painted: rendering (style, layout, paint) done.
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  }));
  const times = { route: [], painted: [], confirmed: [], message: [], can: [], search: [] };
  for (const change of changes) {
    if (change.kind === "route") await painted();  // an agent's next choice comes after the last one was shown
    const started = performance.now();
    let done;
    if (change.kind === "route") {
      const select = document.getElementById("issue");
      select.value = change.issue;
      document.getElementById(`severity-${change.severity}`).checked = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      const key = `${change.issue}|${change.severity}|chat`;
      done = await settled(() => answer.dataset.key === key && answer.querySelector("[data-field=path-line]")
        && answer.querySelector("[data-part=now]"));
      times.painted.push(await painted() - started);  // on screen: laid out and painted at the next frame
      const confirmed = await settled(() => answer.dataset.key === key && answer.dataset.source === "python");
      times.confirmed.push(confirmed - started);
    } else if (change.kind === "message") {
      const input = document.getElementById("message-customer");
      input.value = change.text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      done = await settled(() => document.getElementById("message").textContent.includes(change.text));
    } else if (change.kind === "search") {
      // The agent's words, as typed: the core's find() ranks the issue types in the worker.
      const box = document.getElementById("issue-search");
      box.value = change.text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      const results = document.getElementById("issue-results");
      done = await settled(() => results.dataset.query === change.text);
    } else {
      const amount = document.getElementById("can-amount");
      amount.value = String(change.amount);
      amount.dispatchEvent(new Event("input", { bubbles: true }));
      const can = document.getElementById("can-answer");
      done = await settled(() => can.dataset.key?.endsWith(`|${change.amount}`) && can.querySelector("[data-grant]"));
    }
    times[change.kind].push(done - started);
  }
  return times;
}
