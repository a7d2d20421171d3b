/**
 * Reads a CloudFormation or SAM template (YAML with the short-form intrinsic tags, or JSON) into long form
 * with source positions: where each resource, property, parameter and Globals entry is written, and the
 * comments beside or above it. Pure: text in, ParsedTemplate out; nothing is resolved here (resolve.ts).
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type CollectionTag,
  type Document,
  type ScalarTag,
  type YAMLError,
} from 'yaml';
import { TemplateError } from './errors.js';
import type { ParsedResource, ParsedTemplate, SourceNode, TemplateParameter } from './types.js';

/** Short-form tag → the long-form key it stands for. */
export const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Select': 'Fn::Select',
  '!Join': 'Fn::Join',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Split': 'Fn::Split',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  // Also real CloudFormation short forms (AWS::LanguageExtensions, macros): read rather than refused.
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Transform': 'Fn::Transform',
};

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * The short-form tags as yaml custom tags, in their scalar, sequence and mapping forms. They keep the node
 * as written (the long form is built by the walker below, which keeps every inner node's position); the
 * template editor parses with the same tags so nothing it has not edited changes.
 */
export const templateTags: ReadonlyArray<ScalarTag | CollectionTag> = Object.keys(SHORT_FORM_TAGS).flatMap(
  (tag): Array<ScalarTag | CollectionTag> => [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq', resolve: (value) => value },
    { tag, collection: 'map', resolve: (value) => value },
  ],
);

interface YamlNodeLike {
  range?: [number, number, number] | null;
  tag?: string;
  type?: string;
  flow?: boolean;
}

interface Walk {
  readonly file: string;
  readonly lines: readonly string[];
  readonly counter: LineCounter;
  readonly doc: Document;
  readonly nodes: Record<string, SourceNode>;
}

export function parseTemplate(text: string, file: string): ParsedTemplate {
  const format = text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'json' : 'yaml';
  if (format === 'json') checkJson(text.replace(/^\uFEFF/, ''), file);
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    customTags: [...templateTags],
    lineCounter: counter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const firstError = doc.errors[0];
  if (firstError) throw yamlError(firstError, file, counter, format === 'json' ? 'not valid JSON' : 'not valid YAML');
  const unknownTag = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    const tag = /tag: (\S+)/.exec(unknownTag.message)?.[1] ?? 'tag';
    throw new TemplateError(
      file,
      lineOf(counter, unknownTag.pos[0]),
      `unknown tag ${tag}: CloudFormation short forms are ${Object.keys(SHORT_FORM_TAGS).join(' ')}`,
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new TemplateError(file, 1, 'empty file: a CloudFormation template declares at least one resource');
  }
  if (!isMap(doc.contents)) {
    throw new TemplateError(file, 1, 'not a CloudFormation template: the top level is not a mapping of sections');
  }
  const walk: Walk = { file, lines: text.split(/\r?\n/), counter, doc, nodes: {} };
  const body = convert(doc.contents, '', walk) as Record<string, unknown>;
  return assemble(body, text, file, format, walk);
}

function assemble(body: Record<string, unknown>, text: string, file: string, format: 'yaml' | 'json', walk: Walk): ParsedTemplate {
  const { nodes } = walk;
  if (!Object.hasOwn(body, 'Resources')) throw new TemplateError(file, 1, 'no Resources section: a CloudFormation template declares at least one resource');
  const resourcesBody = body.Resources;
  if (!isRecord(resourcesBody)) throw new TemplateError(file, nodes.Resources?.line ?? 1, 'Resources is not a mapping of logical IDs to resources');
  const byResource = nodesByResource(nodes);
  const resources: ParsedResource[] = Object.entries(resourcesBody).map(([logicalId, value]) =>
    readResource(logicalId, value, file, nodes, byResource.get(logicalId) ?? []),
  );
  const transforms = readTransforms(body.Transform);
  const globalsBody = body.Globals;
  const globals: Record<string, Record<string, unknown>> = {};
  if (globalsBody !== undefined) {
    if (!isRecord(globalsBody)) throw new TemplateError(file, nodes.Globals?.line ?? 1, 'Globals is not a mapping of sections (Function, Api …)');
    for (const [section, value] of Object.entries(globalsBody)) {
      if (!isRecord(value)) throw new TemplateError(file, nodes[`Globals.${section}`]?.line ?? 1, `Globals.${section} is not a mapping of properties`);
      globals[section] = value;
    }
  }
  const sectionMap = (name: string): Record<string, unknown> => {
    const value = body[name];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) throw new TemplateError(file, nodes[name]?.line ?? 1, `${name} is not a mapping`);
    return value;
  };
  return {
    file,
    format,
    text,
    body,
    transforms,
    sam: transforms.includes(SAM_TRANSFORM),
    parameters: Object.entries(sectionMap('Parameters')).map(([name, value]) => readParameter(name, value, file, nodes)),
    conditions: sectionMap('Conditions'),
    mappings: sectionMap('Mappings'),
    globals,
    globalsLines: linesUnder(nodes, 'Globals.', ''),
    resources,
    nodes,
  };
}

/** The nodes under each resource's Properties, by logical ID (logical IDs are alphanumeric: no '.'), in one pass. */
function nodesByResource(nodes: Record<string, SourceNode>): Map<string, Array<[string, SourceNode]>> {
  const grouped = new Map<string, Array<[string, SourceNode]>>();
  for (const [path, node] of Object.entries(nodes)) {
    if (!path.startsWith('Resources.')) continue;
    const dot = path.indexOf('.', 'Resources.'.length);
    if (dot < 0 || !path.startsWith('.Properties.', dot)) continue;
    const logicalId = path.slice('Resources.'.length, dot);
    const list = grouped.get(logicalId) ?? [];
    list.push([path.slice(dot + 1), node]);
    grouped.set(logicalId, list);
  }
  return grouped;
}

function readResource(
  logicalId: string,
  value: unknown,
  file: string,
  nodes: Record<string, SourceNode>,
  propertyNodes: ReadonlyArray<[string, SourceNode]>,
): ParsedResource {
  const prefix = `Resources.${logicalId}`;
  const line = nodes[prefix]?.line ?? 1;
  if (logicalId.startsWith('Fn::ForEach::')) {
    throw new TemplateError(file, line, `${logicalId}: Fn::ForEach loops (AWS::LanguageExtensions) are not expanded offline; audit the processed template instead (aws cloudformation get-template --template-stage Processed)`);
  }
  if (!isRecord(value)) throw new TemplateError(file, line, `resource ${logicalId} is not a mapping with Type and Properties`);
  const { Type: type, Properties: properties, Condition: condition, ...attributes } = value;
  if (typeof type !== 'string' || type === '') throw new TemplateError(file, line, `resource ${logicalId} has no Type`);
  if (properties !== undefined && properties !== null && !isRecord(properties)) {
    throw new TemplateError(file, nodes[`${prefix}.Properties`]?.line ?? line, `Properties of ${logicalId} is not a mapping`);
  }
  if (condition !== undefined && typeof condition !== 'string') {
    throw new TemplateError(file, nodes[`${prefix}.Condition`]?.line ?? line, `Condition of ${logicalId} must be the name of a condition`);
  }
  const propertyLines: Record<string, number> = {};
  const propertyComments: Record<string, string> = {};
  for (const [path, node] of propertyNodes) {
    propertyLines[path] = node.line;
    if (node.comment !== null) propertyComments[path] = node.comment;
  }
  return {
    logicalId,
    type,
    line,
    condition: condition ?? null,
    properties: isRecord(properties) ? properties : {},
    attributes,
    propertyLines,
    propertyComments,
  };
}

function readParameter(name: string, value: unknown, file: string, nodes: Record<string, SourceNode>): TemplateParameter {
  const line = nodes[`Parameters.${name}`]?.line ?? 1;
  if (!isRecord(value) || typeof value.Type !== 'string') throw new TemplateError(file, line, `parameter ${name} has no Type`);
  const allowed = value.AllowedValues;
  if (allowed !== undefined && !Array.isArray(allowed)) throw new TemplateError(file, nodes[`Parameters.${name}.AllowedValues`]?.line ?? line, `AllowedValues of parameter ${name} is not a list`);
  return {
    name,
    type: value.Type,
    default: value.Default === undefined || value.Default === null ? null : scalarText(value.Default),
    allowedValues: allowed === undefined ? null : allowed.map(scalarText),
    noEcho: value.NoEcho === true || String(value.NoEcho).toLowerCase() === 'true',
    line,
  };
}

function readTransforms(value: unknown): string[] {
  const one = (entry: unknown): string[] => {
    if (typeof entry === 'string') return [entry];
    if (isRecord(entry) && typeof entry.Name === 'string') return [entry.Name];
    return [];
  };
  return Array.isArray(value) ? value.flatMap(one) : one(value);
}

/** YAML node → long-form plain value, recording every node's position under its path. */
function convert(node: unknown, path: string, walk: Walk): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(walk.doc), path, walk);
  const tag = (node as YamlNodeLike).tag;
  const longKey = tag === undefined ? undefined : SHORT_FORM_TAGS[tag];
  if (longKey !== undefined) return { [longKey]: convertTagged(node, tag as string, `${path}.${longKey}`, walk) };
  return convertPlain(node, path, walk);
}

function convertTagged(node: unknown, tag: string, path: string, walk: Walk): unknown {
  if (isScalar(node)) {
    const value = node.value === null ? '' : node.value;
    if (tag === '!GetAtt') {
      const text = String(value);
      const dot = text.indexOf('.');
      if (dot <= 0 || dot === text.length - 1) throw new TemplateError(walk.file, startLine(node, walk), `!GetAtt ${text}: write it as LogicalId.Attribute`);
      return [text.slice(0, dot), text.slice(dot + 1)];
    }
    return value;
  }
  if ((tag === '!Ref' || tag === '!Condition') && !isScalar(node)) {
    throw new TemplateError(walk.file, startLine(node, walk), `${tag} takes a name, not a list or mapping`);
  }
  return convertPlain(node, path, walk);
}

function convertPlain(node: unknown, path: string, walk: Walk): unknown {
  if (isScalar(node)) {
    // A number written with leading zeros (an account ID such as 012345678901) is a string to CloudFormation,
    // as in YAML 1.1; YAML 1.2 would drop the zeros.
    if (typeof node.value === 'number' && node.type === 'PLAIN' && /^[-+]?0\d/.test(node.source ?? '')) return node.source;
    return node.value;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isScalar(pair.key)) throw new TemplateError(walk.file, startLine(pair.key, walk), 'a mapping key must be a plain name');
      const key = String(pair.key.value);
      const childPath = path === '' ? key : `${path}.${key}`;
      record(childPath, pair.key.range ?? null, pair.value, walk);
      out[key] = convert(pair.value, childPath, walk);
    }
    return out;
  }
  if (isSeq(node)) {
    return node.items.map((item, index) => {
      const childPath = `${path}.${index}`;
      record(childPath, null, item, walk);
      return convert(item, childPath, walk);
    });
  }
  throw new TemplateError(walk.file, startLine(node, walk), 'a value the template format does not allow');
}

function record(path: string, keyRange: readonly [number, number, number] | null, value: unknown, walk: Walk): void {
  const valueNode = (value ?? null) as YamlNodeLike | null;
  const range = valueNode?.range ?? null;
  const start = keyRange ? keyRange[0] : (range?.[0] ?? 0);
  const position = walk.counter.linePos(start);
  const fallback: [number, number, number] = keyRange ? [keyRange[1], keyRange[1], keyRange[1]] : [start, start, start];
  walk.nodes[path] = {
    line: position.line,
    column: position.col,
    keyRange: keyRange ? [keyRange[0], keyRange[1]] : null,
    valueRange: range ? [range[0], range[1], range[2]] : fallback,
    tag: valueNode?.tag !== undefined && SHORT_FORM_TAGS[valueNode.tag] !== undefined ? valueNode.tag : null,
    style: styleOf(valueNode),
    comment: commentAt(position.line, keyRange ? keyRange[1] : start, range, walk),
  };
}

function styleOf(node: YamlNodeLike | null): string {
  if (node === null) return 'PLAIN';
  if (isMap(node)) return node.flow ? 'FLOW_MAP' : 'BLOCK_MAP';
  if (isSeq(node)) return node.flow ? 'FLOW_SEQ' : 'BLOCK_SEQ';
  return node.type ?? 'PLAIN';
}

/**
 * The comment lines directly above `line` (no blank line between), then the comment beside it: after the
 * value when the value is written on that line, else after the key (`Properties:  # note`).
 */
function commentAt(line: number, afterKey: number, valueRange: [number, number, number] | null, walk: Walk): string | null {
  const parts: string[] = [];
  for (let index = line - 2; index >= 0; index -= 1) {
    const above = walk.lines[index].trim();
    if (!above.startsWith('#')) break;
    parts.unshift(above.replace(/^#+\s?/, '').trimEnd());
  }
  let from = afterKey;
  if (valueRange && lineOf(walk.counter, valueRange[0]) === line) {
    // A value that starts on this line and goes on below (a quoted or block scalar, a flow list) has no beside comment we can tell apart.
    if (lineOf(walk.counter, valueRange[1]) !== line) return parts.length > 0 ? parts.join('\n') : null;
    from = Math.max(from, valueRange[1]);
  }
  const position = walk.counter.linePos(from);
  if (position.line === line) {
    const rest = walk.lines[line - 1].slice(position.col - 1);
    const beside = /(?:^|\s)#+\s?(.*)$/.exec(rest);
    if (beside) parts.push(beside[1].trimEnd());
  }
  return parts.length > 0 ? parts.join('\n') : null;
}

function linesUnder(nodes: Record<string, SourceNode>, prefix: string, strip: string): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const [path, node] of Object.entries(nodes)) {
    if (path.startsWith(prefix)) lines[path.slice(strip.length)] = node.line;
  }
  return lines;
}

function checkJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineColumn = /line (\d+) column \d+/.exec(message);
    const position = /position (\d+)/.exec(message);
    const line = lineColumn ? Number(lineColumn[1]) : position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    const what = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*at position \d+.*$/, '');
    throw new TemplateError(file, line, `not valid JSON: ${what}`);
  }
}

function yamlError(error: YAMLError, file: string, counter: LineCounter, what: string): TemplateError {
  const line = error.linePos?.[0]?.line ?? lineOf(counter, error.pos[0]);
  const message =
    error.code === 'MULTIPLE_DOCS'
      ? 'a template is one YAML document, this file holds more than one (a second ---)'
      : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return new TemplateError(file, line, `${what}: ${message}`);
}

function startLine(node: unknown, walk: Walk): number {
  const range = (node as YamlNodeLike | null)?.range;
  return range ? lineOf(walk.counter, range[0]) : 1;
}

function lineOf(counter: LineCounter, offset: number): number {
  return counter.linePos(offset).line;
}

function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
