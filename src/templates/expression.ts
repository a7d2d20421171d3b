/**
 * Renders a long-form value back in the short form a person writes (`!GetAtt Cluster.Endpoint.Address`,
 * `!If [IsProduction, 1024, 512]`): the `expression` of an Unresolved value, and what reports quote.
 */
import { SHORT_FORM_TAGS } from './parse.js';

const TAG_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SHORT_FORM_TAGS).map(([tag, key]) => [key, tag]));

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

export function renderExpression(value: unknown): string {
  if (typeof value === 'string') return isPlain(value) ? value : `'${value.replaceAll("'", "''")}'`;
  if (value === null || value === undefined) return "''";
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderExpression).join(', ')}]`;
  const record = value as Record<string, unknown>;
  if (isIntrinsic(record)) {
    const [key] = Object.keys(record);
    const argument = record[key];
    const tag = TAG_OF[key] ?? key;
    if (key === 'Fn::GetAtt' && Array.isArray(argument) && argument.every((part) => typeof part === 'string')) return `!GetAtt ${argument.join('.')}`;
    return `${tag} ${renderExpression(argument)}`;
  }
  return `{${Object.entries(record).map(([key, entry]) => `${key}: ${renderExpression(entry)}`).join(', ')}}`;
}

/** A string YAML reads back as the same string when written without quotes. */
function isPlain(value: string): boolean {
  return /^[A-Za-z0-9_./:${}*@-]+$/.test(value) && !/^[-:@*{]/.test(value) && !value.endsWith(':');
}
