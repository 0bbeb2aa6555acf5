// The build's data files (answers.json.gz, matrix.json.gz) are stored gzip-compressed, a sixth of their
// size, and unpacked here by the browser's own DecompressionStream. A server that already decoded them
// (one that sends .gz files with Content-Encoding: gzip) hands over plain JSON, which is taken as it is.
// Shared by the page (answers) and the Python worker (the matrix).

/** The text of a data file of the build, or of any URL; rejects with the HTTP status on failure. */
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${new URL(url).pathname} answered HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(unpacked).text();
}

export const fetchJSON = async (url) => JSON.parse(await fetchText(url));
