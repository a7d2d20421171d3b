/**
 * The Node.js support notice. On Node 20 every SDK client construction would print the SDK's own
 * eight-line NodeVersionSupportWarning on stderr; the tool says it once, in one line of its own,
 * when a command first builds an AWS client, and not at all with --quiet.
 */

/** End-of-life dates of the Node.js lines the tool still runs on (nodejs.org release schedule). */
const END_OF_LIFE: Readonly<Record<number, string>> = { 18: '2025-04-30', 20: '2026-04-30' };

/** The lowest Node.js major the AWS SDK for JavaScript v3 supports in releases after early January 2027. */
export const SDK_NODE_MAJOR = 22;

/** The tool's one-line notice for a Node.js version, or null when the line is supported. */
export function nodeSupportNotice(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major >= SDK_NODE_MAJOR) return null;
  const eol = END_OF_LIFE[major];
  const past = eol ? `Node.js ${major} reached end of life on ${eol}` : `Node.js ${major} is past its end of life`;
  return `note: ${past}; AWS SDK releases from early January 2027 need Node.js ${SDK_NODE_MAJOR} or later (running ${version})`;
}

let sink: ((line: string) => void) | undefined;
let shown = false;

/** The command layer says where the notice goes (stderr), or nowhere (--quiet, tests). */
export function setNodeNoticeSink(write: ((line: string) => void) | undefined): void {
  sink = write;
}

/**
 * Called before the first SDK client of a command is built: silences the SDK's own warning (its
 * documented switch, read at client construction) and hands the tool's line to the sink once.
 */
export function beforeFirstClient(version: string = process.version): void {
  if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (shown || !sink) return;
  const notice = nodeSupportNotice(version);
  shown = true;
  if (notice) sink(notice);
}
