/**
 * What the collector reads from a stack's template body (GetTemplate), and nothing else: its Transform,
 * which parameters are NoEcho, and each resource's type with the names of its SAM events. The body
 * itself is never kept (parameter defaults may hold secrets). YAML short-form tags (!Ref, !Sub, …) are
 * read as plain values: no value read here depends on them.
 */
import { parseDocument } from 'yaml';

export interface OutlineResource {
  type: string;
  /** Keys of Properties.Events (SAM functions and state machines), whose names SAM builds generated IDs from. */
  eventNames: string[];
}

export interface TemplateOutline {
  /** e.g. ['AWS::Serverless-2016-10-31']. */
  transforms: string[];
  noEchoParameters: string[];
  resources: Record<string, OutlineResource>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** null when the body is neither JSON nor YAML with a Resources map. */
export function readTemplateOutline(body: string): TemplateOutline | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const doc = parseDocument(body, { uniqueKeys: false });
    if (doc.errors.length) return null;
    parsed = doc.toJS({ maxAliasCount: 100 });
  }
  if (!isRecord(parsed) || !isRecord(parsed.Resources)) return null;
  const transform = parsed.Transform;
  const transforms = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).filter((t): t is string => typeof t === 'string');
  const parameters = isRecord(parsed.Parameters) ? parsed.Parameters : {};
  const noEchoParameters = Object.entries(parameters)
    .filter(([, p]) => isRecord(p) && (p.NoEcho === true || String(p.NoEcho).toLowerCase() === 'true'))
    .map(([name]) => name);
  const resources: Record<string, OutlineResource> = {};
  for (const [logicalId, resource] of Object.entries(parsed.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') continue;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const events = isRecord(properties.Events) ? Object.keys(properties.Events) : [];
    resources[logicalId] = { type: resource.Type, eventNames: events };
  }
  return { transforms, noEchoParameters, resources };
}
