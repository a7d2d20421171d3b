/** How wide the output may be: COLUMNS when set, else the terminal's width, else 120. */
export const DEFAULT_WIDTH = 120;

export function outputWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && env.COLUMNS.trim() !== '' && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  return DEFAULT_WIDTH;
}
