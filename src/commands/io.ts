/** Where a command's result goes: --output FILE, else stdout. Logs and progress go to stderr. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { usageError } from '../errors.js';

export async function writeResult(text: string, output?: string): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!output || output === '-') {
    process.stdout.write(body);
    return;
  }
  try {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, body, 'utf8');
  } catch (error) {
    throw usageError(`${output}: cannot write output (${(error as NodeJS.ErrnoException).code ?? 'write error'})`);
  }
}

export function logLine(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Commander collector for repeatable options (--region a --region b, or --region a,b). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

export function parseChoice<T extends string>(value: string, choices: readonly T[], option: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw usageError(`${option} must be one of ${choices.join(', ')} (got "${value}")`);
}

export function parsePositiveInt(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw usageError(`${option} must be a positive whole number (got "${value}")`);
  return number;
}
