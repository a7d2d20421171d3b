/**
 * Edits a CloudFormation or SAM template in place, the way a reviewer would accept it: text in, text out.
 * The text is parsed into the yaml package's CST (concrete syntax tree: every byte of the file, comments,
 * blank lines and indentation included); an edit changes or adds only the tokens of the edited node, and the
 * whole tree is written back with CST.stringify. Everything outside the edited node is byte-identical.
 * JSON templates go through the same tree (JSON is YAML flow syntax), and new JSON text is written as JSON.
 *
 * Paths are document keys and list indexes: ['Globals', 'Function', 'MemorySize'],
 * ['Resources', 'B', 'Properties', 'LifecycleConfiguration', 'Rules', 0, 'Transitions', 0, 'TransitionInDays'].
 * Inside a short-form intrinsic the long-form key may be given as in ParsedTemplate.nodes
 * (['…', 'MemorySize', 'Fn::If', 1]) or left out (['…', 'MemorySize', 1]).
 */
import { CST, isMap, isScalar, isSeq, Parser, parseDocument, type Scalar } from 'yaml';
import { SHORT_FORM_TAGS, templateTags } from './parse.js';
import { isIntrinsic, renderExpression } from './expression.js';
import { TemplateEditError } from './edit-error.js';

export { TemplateEditError } from './edit-error.js';

export type EditScalar = string | number | boolean;
export type EditPath = ReadonlyArray<string | number>;
/** A value a new property gets: a scalar, a list or a map of them (rendered in block style in YAML). */
export type EditValue = EditScalar | readonly EditValue[] | { readonly [key: string]: EditValue };

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type CollectionItem = CST.CollectionItem;
type ScalarToken = CST.FlowScalar | CST.BlockScalar;

interface Tree {
  readonly tokens: Token[];
  readonly root: Token;
  readonly json: boolean;
  /** The file's indentation step (2 unless the file shows another). */
  readonly step: number;
  /** How far a block list is indented under its key: the step, or 0 when the file writes `Key:` then `- item` at the key's column. */
  readonly listIndent: number;
  /** The file's line ending: new lines are written with it. */
  readonly eol: '\n' | '\r\n';
}

/** Where a node is written: the item that holds it and the token of the value. */
interface Located {
  readonly item: CollectionItem;
  /** 'sep' for a map entry (the tag sits in item.sep), 'start' for a list item (the tag sits in item.start). */
  readonly propsIn: 'sep' | 'start';
  readonly value: Token;
  /** Indentation of the collection the item is in. */
  readonly indent: number;
  readonly inFlow: boolean;
}

function load(text: string): Tree {
  const tokens = [...new Parser().parse(text)];
  const documents = tokens.filter((token): token is CST.Document => token.type === 'document');
  const root = documents[0]?.value;
  if (documents.length !== 1 || root === undefined) throw new TemplateEditError([], 'a template is one YAML or JSON document');
  const json = text.replace(/^\uFEFF/, '').trimStart().startsWith('{');
  const step = indentStep(root);
  return { tokens, root, json, step, listIndent: compactLists(root) ? 0 : step, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function write(tree: Tree): string {
  return tree.tokens.map((token) => CST.stringify(token)).join('');
}

/** Parses and writes back with no edit: the same bytes (what the fidelity tests check on every template). */
export function roundTrip(text: string): string {
  return write(load(text));
}

// ---------------------------------------------------------------------------------------------------------
// 1. setScalar
// ---------------------------------------------------------------------------------------------------------

/**
 * Replaces the value of an existing scalar. Kept: the comment beside the value, the quoting style when the
 * new value still reads back the same in it (a plain string that would read as a number or boolean is
 * single-quoted; a value written quoted stays quoted: CloudFormation reads '30' and 30 alike), a block
 * scalar's style. A tagged value (`!Ref X`) or a collection is refused: it is not a scalar to overwrite.
 */
export function setScalar(text: string, path: EditPath, value: EditScalar): string {
  const tree = load(text);
  const found = locate(tree, path);
  if (!isScalarToken(found.value) || tagOf(found) !== null) {
    throw new TemplateEditError(path, `is ${describe(found)}, not a plain value`);
  }
  const type = scalarType(found.value, value, tree.json, found.inFlow);
  CST.setScalarValue(found.value, String(value), { type, inFlow: found.inFlow, afterKey: found.propsIn === 'sep' });
  return write(tree);
}

function scalarType(token: ScalarToken, value: EditScalar, json: boolean, inFlow: boolean): Scalar.Type {
  if (json) return typeof value === 'string' ? 'QUOTE_DOUBLE' : 'PLAIN';
  switch (token.type) {
    case 'single-quoted-scalar':
      return 'QUOTE_SINGLE';
    case 'double-quoted-scalar':
      return 'QUOTE_DOUBLE';
    case 'block-scalar':
      return typeof value === 'string' ? ((token.props[0] as SourceToken | undefined)?.source.startsWith('>') ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL') : 'PLAIN';
    default:
      return typeof value !== 'string' || readsBackPlain(value, inFlow) ? 'PLAIN' : 'QUOTE_SINGLE';
  }
}

/** A string YAML reads back as the same string when written without quotes (not '30', 'true', '~', '#x', 'a: b'). */
function readsBackPlain(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  const parsed = parseDocument(`k: ${value}`);
  if (parsed.errors.length > 0) return false;
  return parsed.get('k') === value;
}

// ---------------------------------------------------------------------------------------------------------
// 2. insertProperty
// ---------------------------------------------------------------------------------------------------------

/**
 * Adds `key: value` to an existing map, after its last entry (not in alphabetical order: templates are
 * written in the order people think in, and the end of the map is where a reviewer looks for what was
 * added). Written at the map's own indentation; a list or map value in block style one indentation step
 * in, lists indented one step under their key or written at the key's column, as the file's first block list is. A blank line precedes the new entry when the
 * map's entries are separated by blank lines (Parameters, Resources). Refused if the key exists.
 */
export function insertProperty(text: string, mapPath: EditPath, key: string, value: EditValue): string {
  return insertEntry(text, mapPath, key, value, null);
}

function insertEntry(text: string, mapPath: EditPath, key: string, value: EditValue | RawYaml, after: string | null): string {
  const tree = load(text);
  const map = mapPath.length === 0 ? tree.root : locate(tree, mapPath).value;
  if (map.type === 'flow-collection' && map.start.source === '{') {
    insertFlow(tree, map, mapPath, key, value, after);
    return write(tree);
  }
  if (map.type !== 'block-map') throw new TemplateEditError(mapPath, `is ${describeToken(map)}, not a mapping to add ${key} to`);
  if (map.items.some((item) => keyOf(item) === key)) throw new TemplateEditError([...mapPath, key], 'already exists');
  const keyed = map.items.flatMap((item, index) => (item.key ? [index] : []));
  const anchorIndex = after === null ? keyed.at(-1) : map.items.findIndex((item) => keyOf(item) === after);
  if (anchorIndex === undefined || anchorIndex < 0) throw new TemplateEditError(mapPath, after === null ? 'is an empty mapping' : `has no ${after}`);
  const anchor = map.items[anchorIndex];
  const nextKeyed = keyed.find((index) => index > anchorIndex);
  const blankBefore =
    nextKeyed !== undefined ? startsWithBlankLine(map.items[nextKeyed]) : keyed.length > 1 && keyed.slice(1).every((index) => startsWithBlankLine(map.items[index]));
  const snippet = `${endsWithNewline(anchor) ? '' : '\n'}${blankBefore ? '\n' : ''}${blockEntry(key, value, map.indent, tree)}`;
  const item = parseItem(withEol(snippet, tree.eol), map.indent, tree.eol);
  map.items.splice(anchorIndex + 1, 0, item as CST.BlockMap["items"][number]);
  return write(tree);
}

type BlockStyle = Pick<Tree, 'step' | 'listIndent'>;

function blockEntry(key: string, value: EditValue | RawYaml, indent: number, style: BlockStyle): string {
  const pad = ' '.repeat(indent);
  const name = readsBackPlain(key, false) ? key : quote(key);
  if (isRaw(value)) return `${pad}${name}:${value.yaml.startsWith('\n') ? '' : ' '}${value.yaml}\n`;
  if (Array.isArray(value)) {
    const list = value as readonly EditValue[];
    if (list.length === 0) return `${pad}${name}: []\n`;
    return `${pad}${name}:\n${list.map((entry) => blockListItem(entry, indent + style.listIndent, style)).join('')}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, EditValue>);
    if (entries.length === 0) return `${pad}${name}: {}\n`;
    return `${pad}${name}:\n${entries.map(([k, v]) => blockEntry(k, v, indent + style.step, style)).join('')}`;
  }
  return `${pad}${name}: ${scalarText(value as EditScalar, false)}\n`;
}

function blockListItem(value: EditValue, indent: number, style: BlockStyle): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return `${pad}-\n${(value as readonly EditValue[]).map((entry) => blockListItem(entry, indent + 2, style)).join('')}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, EditValue>);
    if (entries.length === 0) return `${pad}- {}\n`;
    // `- Key: v` then the other keys under the first, as people write list items of maps.
    const inner = entries.map(([k, v]) => blockEntry(k, v, indent + 2, style)).join('');
    return `${pad}- ${inner.slice(indent + 2)}`;
  }
  return `${pad}- ${scalarText(value as EditScalar, false)}\n`;
}

/** Parses `snippet` (leading newlines, then one entry at `indent`) and returns its CST item, with those newlines and the indentation in its start. */
function parseItem(snippet: string, indent: number, eol: string): CollectionItem {
  const body = snippet.replace(/^(?:\r?\n)+/, '');
  const newlines = (snippet.length - body.length) / eol.length;
  const [document] = [...new Parser().parse(body)].filter((token): token is CST.Document => token.type === 'document');
  const map = document?.value;
  if (!document || map?.type !== 'block-map' || map.items.length !== 1) throw new Error(`edit: snippet is not one entry: ${snippet}`);
  const [item] = map.items;
  const newline: SourceToken = { type: 'newline', offset: -1, indent: 0, source: eol };
  const lead: SourceToken[] = Array.from({ length: newlines }, () => ({ ...newline }));
  if (indent > 0) lead.push({ type: 'space', offset: -1, indent: 0, source: ' '.repeat(indent) });
  item.start = [...lead, ...item.start];
  if (CST.stringify({ type: 'block-map', offset: 0, indent, items: [item] } as CST.BlockMap) !== snippet) {
    throw new Error(`edit: snippet does not round-trip: ${snippet}`);
  }
  return item;
}

// ---------------------------------------------------------------------------------------------------------
// 3. wrapInIf, ensureCondition
// ---------------------------------------------------------------------------------------------------------

/** The false branch of a nested !If: `{ if: ['IsTest', 512, 256] }` for more than two environments. */
export interface IfBranch {
  readonly if: readonly [string, EditScalar | IfBranch, EditScalar | IfBranch];
}

/**
 * Turns the scalar at `path` into `!If [Condition, whenTrue, whenFalse]` (JSON: {"Fn::If": [...]}), a flow
 * list with the short-form tag as people write it; `whenFalse` may be a nested IfBranch. The comment
 * beside the old value stays beside the new one. Every condition named must exist in Conditions.
 */
export function wrapInIf(text: string, path: EditPath, condition: string, whenTrue: EditScalar | IfBranch, whenFalse: EditScalar | IfBranch): string {
  const tree = load(text);
  const found = locate(tree, path);
  if (!isScalarToken(found.value) || found.value.type === 'block-scalar' || tagOf(found) !== null) {
    throw new TemplateEditError(path, `is ${describe(found)}, not a plain value to make conditional`);
  }
  const branch: IfBranch = { if: [condition, whenTrue, whenFalse] };
  for (const name of conditionNames(branch)) {
    if (!locateOptional(tree, ['Conditions', name])) throw new TemplateEditError(['Conditions', name], 'does not exist: add it first (ensureCondition)');
  }
  const rendered = tree.json ? jsonInline(ifLongForm(branch)) : renderIf(branch);
  replaceValue(found, rendered);
  return write(tree);
}

function conditionNames(branch: IfBranch): string[] {
  const nested = [branch.if[1], branch.if[2]].flatMap((value) => (typeof value === 'object' ? conditionNames(value) : []));
  return [branch.if[0], ...nested];
}

function renderIf(branch: IfBranch): string {
  const part = (value: EditScalar | IfBranch): string => (typeof value === 'object' ? renderIf(value) : scalarText(value, true));
  return `!If [${branch.if[0]}, ${part(branch.if[1])}, ${part(branch.if[2])}]`;
}

function ifLongForm(branch: IfBranch): unknown {
  const part = (value: EditScalar | IfBranch): unknown => (typeof value === 'object' ? ifLongForm(value) : value);
  return { 'Fn::If': [branch.if[0], part(branch.if[1]), part(branch.if[2])] };
}

/**
 * Makes sure a condition with `expression` (long form: { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] })
 * exists. When one already does (the two sides of Fn::Equals in either order), its name is returned and the
 * text is unchanged; else `name: <expression>` is added at the end of Conditions, the section being added
 * after Parameters (else before Resources) when the template has none. A different condition already
 * named `name` is refused.
 */
export function ensureCondition(text: string, name: string, expression: unknown): { readonly text: string; readonly name: string; readonly added: boolean } {
  const tree = load(text);
  const conditions = locateOptional(tree, ['Conditions']);
  const existing = conditions ? (longForm(parseDocument(text, { customTags: [...templateTags] }).get('Conditions')) as Record<string, unknown> | null) : null;
  for (const [other, written] of Object.entries(existing ?? {})) {
    if (sameCondition(written, expression)) return { text, name: other, added: false };
  }
  if (existing && Object.hasOwn(existing, name)) throw new TemplateEditError(['Conditions', name], 'exists with another expression');
  const rendered = tree.json ? jsonInline(expression) : renderExpression(expression);
  if (conditions) return { text: insertEntry(text, ['Conditions'], name, raw(rendered), null), name, added: true };
  const root = tree.root;
  if (root.type !== 'block-map' && root.type !== 'flow-collection') throw new TemplateEditError([], 'the top level is not a mapping');
  const keys = root.items.map(keyOf);
  const after = keys.includes('Parameters') ? 'Parameters' : keys[Math.max(0, keys.indexOf('Resources') - 1)];
  if (after === null || after === undefined || after === 'Resources') throw new TemplateEditError([], 'no section to put Conditions after');
  const section: EditValue | RawYaml = tree.json ? ({ [name]: expression } as EditValue) : raw(`\n${' '.repeat(tree.step)}${name}: ${rendered}`);
  return { text: insertEntry(text, [], 'Conditions', section, after), name, added: true };
}

function sameCondition(a: unknown, b: unknown): boolean {
  if (deepEqual(a, b)) return true;
  const args = (value: unknown): unknown[] | null => {
    const list = (value as Record<string, unknown> | null)?.['Fn::Equals'];
    return Array.isArray(list) && list.length === 2 ? list : null;
  };
  const left = args(a);
  const right = args(b);
  return left !== null && right !== null && deepEqual(left[0], right[1]) && deepEqual(left[1], right[0]);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, canonical(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** The yaml value of a section with its short-form tags turned into long form (what the expression is compared with). */
function longForm(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  const tag = (node as { tag?: string }).tag;
  const key = tag === undefined ? undefined : SHORT_FORM_TAGS[tag];
  let plain: unknown;
  if (isMap(node)) plain = Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), longForm(pair.value)]));
  else if (isSeq(node)) plain = node.items.map((item) => longForm(item));
  else if (isScalar(node)) plain = node.value;
  else plain = null;
  if (key === undefined) return plain;
  if (key === 'Fn::GetAtt' && typeof plain === 'string') return { [key]: plain.split('.') };
  return { [key]: plain };
}

// ---------------------------------------------------------------------------------------------------------
// Shared: locating a node, replacing a value, rendering
// ---------------------------------------------------------------------------------------------------------

function locate(tree: Tree, path: EditPath): Located {
  if (path.length === 0) throw new TemplateEditError(path, 'an empty path names the whole template');
  const found = locateOptional(tree, path);
  if (!found) throw new TemplateEditError(path, 'does not exist in the template');
  return found;
}

function locateOptional(tree: Tree, path: EditPath): Located | null {
  let node: Token = tree.root;
  let found: Located | null = null;
  let tag: string | null = null;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    // A long-form key inside a short-form intrinsic ('Fn::If' under `!If [...]`) names the tagged node itself.
    if (typeof segment === 'string' && tag !== null && SHORT_FORM_TAGS[tag] === segment) {
      tag = null;
      continue;
    }
    const next = child(node, segment);
    if (!next) return null;
    found = next;
    node = next.value;
    tag = tagOf(next);
  }
  return found;
}

function child(node: Token, segment: string | number): Located | null {
  const inFlow = node.type === 'flow-collection';
  if (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection') return null;
  const isMap = node.type === 'block-map' || (node.type === 'flow-collection' && node.start.source === '{');
  const items = (node.items as CollectionItem[]).filter((item) => item.value !== undefined || item.key !== undefined);
  if (isMap) {
    if (typeof segment !== 'string') return null;
    const item = items.find((entry) => keyOf(entry) === segment);
    if (!item?.value) return null;
    return { item, propsIn: 'sep', value: item.value, indent: node.indent, inFlow };
  }
  if (typeof segment !== 'number') return null;
  const item = items[segment];
  if (!item?.value) return null;
  return { item, propsIn: 'start', value: item.value, indent: node.indent, inFlow };
}

function keyOf(item: CollectionItem): string | null {
  if (!item.key || !isScalarToken(item.key)) return null;
  const resolved = CST.resolveAsScalar(item.key, true, () => undefined);
  return resolved ? resolved.value : null;
}

function tagOf(found: Located): string | null {
  const props = (found.propsIn === 'sep' ? found.item.sep : found.item.start) ?? [];
  const tag = props.find((token) => token.type === 'tag');
  return tag ? tag.source : null;
}

function isScalarToken(token: Token): token is ScalarToken {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar' || token.type === 'block-scalar';
}

/** Replaces the value token with `rendered` (one value in flow or JSON syntax, a tag allowed), keeping what followed it. */
function replaceValue(found: Located, rendered: string): void {
  const old = found.value as CST.FlowScalar;
  const after = old.end ?? [];
  const [document] = [...new Parser().parse(`${rendered}\n`)].filter((token): token is CST.Document => token.type === 'document');
  const value = document?.value;
  if (!value || value.type !== 'flow-collection') throw new Error(`edit: not one flow value: ${rendered}`);
  const tags = document.start.filter((token) => token.type === 'tag' || token.type === 'space');
  value.end = [...value.end.filter((token) => token.type === 'flow-seq-end' || token.type === 'flow-map-end'), ...after];
  value.indent = found.indent;
  const props = found.propsIn === 'sep' ? (found.item.sep ??= []) : found.item.start;
  props.push(...tags);
  found.item.value = value;
}

interface RawYaml {
  readonly raw: true;
  readonly yaml: string;
}

function raw(yaml: string): RawYaml {
  return { raw: true, yaml };
}

function isRaw(value: unknown): value is RawYaml {
  return typeof value === 'object' && value !== null && (value as { raw?: unknown }).raw === true;
}

function scalarText(value: EditScalar, inFlow: boolean): string {
  if (typeof value !== 'string') return String(value);
  return readsBackPlain(value, inFlow) ? value : quote(value);
}

function quote(value: string): string {
  return /[\n\r\t\\]/.test(value) ? JSON.stringify(value) : `'${value.replaceAll("'", "''")}'`;
}

/** JSON on one line with a space after ':' and ',' (as pretty-printed files write their short values). */
function jsonInline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonInline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}: ${jsonInline(entry)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function describe(found: Located): string {
  const tag = tagOf(found);
  return tag === null ? describeToken(found.value) : `an intrinsic (${tag})`;
}

function describeToken(token: Token): string {
  switch (token.type) {
    case 'block-map':
      return 'a mapping';
    case 'block-seq':
      return 'a list';
    case 'flow-collection':
      return token.start.source === '{' ? 'a mapping' : 'a list';
    default:
      return 'a scalar';
  }
}

function startsWithBlankLine(item: CollectionItem | undefined): boolean {
  return item?.start[0]?.type === 'newline';
}

function endsWithNewline(item: CollectionItem): boolean {
  return CST.stringify(item).endsWith('\n');
}

/** True when the first block list written as a map value starts at its key's column (`Key:` / `- item`). */
function compactLists(root: Token): boolean {
  const pending: Token[] = [root];
  for (let token = pending.shift(); token !== undefined; token = pending.shift()) {
    if (token.type !== 'block-map' && token.type !== 'block-seq') continue;
    for (const item of token.items) {
      const value = item.value;
      if (!value) continue;
      if (token.type === 'block-map' && value.type === 'block-seq') return value.indent === token.indent;
      pending.push(value);
    }
  }
  return false;
}

/** The indentation of the first nested block collection under the root, else 2. */
function indentStep(root: Token): number {
  if (root.type !== 'block-map') return 2;
  for (const item of root.items) {
    const value = item.value;
    if (value && (value.type === 'block-map' || value.type === 'block-seq') && value.indent > root.indent) return value.indent - root.indent;
  }
  return 2;
}

// ---------------------------------------------------------------------------------------------------------
// JSON: a new entry in a flow map, written as the file writes its entries
// ---------------------------------------------------------------------------------------------------------

function insertFlow(tree: Tree, map: CST.FlowCollection, mapPath: EditPath, key: string, value: EditValue | RawYaml, after: string | null): void {
  const items = map.items;
  if (items.some((item) => keyOf(item) === key)) throw new TemplateEditError([...mapPath, key], 'already exists');
  const lastKeyed = items.reduce((last, item, index) => (item.key ? index : last), -1);
  const anchorIndex = after === null ? lastKeyed : items.findIndex((item) => keyOf(item) === after);
  if (anchorIndex < 0) throw new TemplateEditError(mapPath, after === null ? 'is an empty mapping' : `has no ${after}`);
  // The whitespace before the anchor's key (newline + indentation in a pretty-printed file) is the new entry's.
  const anchor = items[anchorIndex];
  const whitespace = anchor.start.filter((token) => token.type === 'newline' || token.type === 'space');
  const indentText = whitespace.filter((token) => token.type === 'space').at(-1)?.source ?? '';
  const pretty = whitespace.some((token) => token.type === 'newline');
  // A file written without any whitespace (JSON.stringify's default) gets the new entry the same way.
  const compact = tree.json && whitespace.length === 0 && !(anchor.sep ?? []).some((token) => token.type === 'space');
  const rendered = isRaw(value) ? value.yaml : compact ? JSON.stringify(value) : jsonValue(value, pretty ? indentText : null, tree.step);
  const quotedKey = tree.json ? JSON.stringify(key) : readsBackPlain(key, true) ? key : quote(key);
  const snippet = withEol(`{${quotedKey}:${compact ? '' : ' '}${rendered}}`, tree.eol);
  const [document] = [...new Parser().parse(snippet)].filter((token): token is CST.Document => token.type === 'document');
  const parsed = document?.value;
  if (parsed?.type !== 'flow-collection' || parsed.items.length !== 1) throw new Error(`edit: not one JSON entry: ${snippet}`);
  const [item] = parsed.items;
  const comma: SourceToken = { type: 'comma', offset: -1, indent: map.indent, source: ',' };
  const space: SourceToken = { type: 'space', offset: -1, indent: map.indent, source: ' ' };
  item.start = [comma, ...(whitespace.length > 0 ? whitespace.map((token) => ({ ...token })) : compact ? [] : [space])];
  if (anchorIndex === lastKeyed) {
    // What followed the last entry before the closing brace (a newline and the brace's indentation) now follows the new one.
    const last = anchor.value;
    if (last && item.value) endTokens(item.value).push(...takeTrailing(last));
  }
  // Between two entries, the next one keeps its own comma; at the end, the closing brace's indentation (a keyless item) stays last.
  items.splice(anchorIndex + 1, 0, item);
}

/** The tokens after a value's own text (after the closing bracket of a collection): where trailing whitespace sits. */
function endTokens(token: Token): SourceToken[] {
  if (token.type === 'flow-collection') return token.end;
  if (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') return (token.end ??= []);
  throw new Error(`edit: no end tokens on ${token.type}`);
}

function takeTrailing(token: Token): SourceToken[] {
  const end = endTokens(token);
  let from = end.length;
  while (from > 0 && (end[from - 1].type === 'newline' || end[from - 1].type === 'space' || end[from - 1].type === 'comment')) from -= 1;
  return end.splice(from);
}

/** JSON for a new value: a map of names (not an intrinsic) one entry a line at the file's step, lists and intrinsics inline. */
function withEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

function jsonValue(value: EditValue, indentText: string | null, step: number): string {
  const isPlainMap = typeof value === 'object' && value !== null && !Array.isArray(value) && !isIntrinsic(value);
  if (indentText === null || !isPlainMap) return jsonInline(value);
  const inner = `${indentText}${' '.repeat(step)}`;
  const entries = Object.entries(value as unknown as Record<string, EditValue>).map(([key, entry]) => `${inner}${JSON.stringify(key)}: ${jsonValue(entry, inner, step)}`);
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indentText}}`;
}
