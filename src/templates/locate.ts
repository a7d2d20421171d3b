/**
 * Where a template declares a resource: the 1-based line of the key `Resources.<LogicalId>` in a YAML or
 * JSON template (JSON is YAML to the parser). A minimal lookup for `fix --template FILE`; the full
 * parser with source positions is parse.ts. Pure: text in, lines out.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** logical ID → 1-based line of its key under Resources; null when the text is no template with a Resources map. */
export function resourceLines(text: string): Map<string, number> | null {
  const lineCounter = new LineCounter();
  // Short-form tags (!Ref, !Sub, …) are unknown to the parser: they only warn, and no line depends on them.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return null;
  const resources = doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Resources');
  if (!resources || !isMap(resources.value)) return null;
  const lines = new Map<string, number>();
  for (const pair of resources.value.items) {
    if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
    lines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
  }
  return lines;
}

/** "template.yaml:253" for a logical ID the template declares, else undefined. */
export function templateLocator(file: string, text: string): ((logicalId: string) => string | undefined) | null {
  const lines = resourceLines(text);
  if (!lines) return null;
  return (logicalId) => {
    const line = lines.get(logicalId);
    return line === undefined ? undefined : `${file}:${line}`;
  };
}
