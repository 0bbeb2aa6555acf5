// The routing answers precomputed at build time by matrix.core.answers.browser.answer_table(): a lookup, no logic.
// Shared by the page (answers before Python has loaded) and the Node parity harness.

const AXES = ["issue", "severity", "channel"];
const position = (list, value) => list.indexOf(value === undefined || value === "" ? null : value);

/** The answer for an issue slug, severity id and channel id (null for none), or null if not precomputed. */
export function lookupAnswer(table, issue, severity, channel) {
  const at = Object.fromEntries([issue, severity, channel].map((value, n) => [AXES[n], position(table[AXES[n]], value)]));
  if (Object.values(at).some((n) => n < 0)) return null;
  const answer = {};
  for (const column of table.columns) {
    const value = column.values[column.axes.reduce((index, axis) => index[at[axis]], column.index)];
    if (column.key === null) answer[column.top] = value;
    else (answer[column.top] ??= {})[column.key] = value;
  }
  return answer;
}
