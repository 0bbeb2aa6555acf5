// The routing answers precomputed at build time by matrix.answers.answer_table(): a lookup, no logic.
// Shared by the page (answers before Python has loaded) and the Node parity harness.

const position = (list, value) => list.indexOf(value === undefined || value === "" ? null : value);

/** The answer for an issue slug, severity id and channel id (null for none), or null if not precomputed. */
export function lookupAnswer(table, issue, severity, channel) {
  const i = position(table.issues, issue);
  const s = position(table.severities, severity);
  const c = position(table.channels, channel);
  if (i < 0 || s < 0 || c < 0) return null;
  const row = table.rows[i][s][c];
  const answer = {};
  table.columns.forEach(([top, key], n) => {
    const value = table.values[n][row[n]];
    if (key === null) answer[top] = value;
    else (answer[top] ??= {})[key] = value;
  });
  return answer;
}
