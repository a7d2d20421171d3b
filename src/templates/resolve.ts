/**
 * Resolves a parsed template for one set of parameter values, offline: SAM Globals, parameter values
 * (given, else Default), Conditions, Fn::If, Ref, Fn::Sub, Fn::Join/Select/Split/FindInMap/Base64, with
 * the source line and comment of every resolved property path. Pure: no AWS call.
 *
 * What is not known offline, and what this resolver does with it:
 * - `Ref` of a resource, `Fn::GetAtt`, `Fn::ImportValue`, `Fn::GetAZs`, `Fn::Cidr`, `Fn::Transform`, and a
 *   parameter with neither a given value nor a Default become an Unresolved value (the expression as
 *   written, the reason, and for Ref/GetAtt the logical ID). A resource's physical name is not guessed:
 *   CloudFormation makes it at deploy time.
 * - Pseudo parameters: AWS::AccountId, AWS::Region and AWS::StackName take `options` when given; without
 *   them a plain `!Ref AWS::Region` is Unresolved (nothing invents a region or an account). AWS::Partition and
 *   AWS::URLSuffix follow the region (aws / amazonaws.com when no region is given: the usual case).
 * - `Fn::Sub` always yields a string: each `${X}` that can be resolved is replaced, and each that cannot (an
 *   unknown pseudo parameter, a resource, `${R.Attr}`, a parameter without value) is left literally, e.g.
 *   'clinnet-images-v2-${AWS::AccountId}-us-west-2-dev'. Nothing about it is fatal: a name rule still sees
 *   the environment word, and a `${` left in a value says it is only known once deployed.
 * - A secret parameter's value (NoEcho, or a name saying password/secret/token: secrets.ts) never leaves the resolver: a `!Ref` of it is an Unresolved value saying so (and
 *   parameterRefs names the parameter), a `${P}` in a Sub stays literal, and `parameters` (and the Default
 *   in `declaredParameters`) shows it as CloudFormation's DescribeStacks does, '****'. Conditions still compare its real value.
 * - A condition that depends on something unknown (`!Equals [!Ref AWS::Region, us-east-1]` with no region)
 *   is taken as false, and `notes` says so.
 */
import { isIntrinsic, renderExpression } from './expression.js';
import { TemplateError } from './errors.js';
import { isRecord } from './parse.js';
import { applyGlobals } from './sam-globals.js';
import { isSecretParameter } from './secrets.js';
import { isUnresolved, type ParsedResource, type ParsedTemplate, type ResolvedResource, type ResolvedTemplate, type Unresolved } from './types.js';

export interface ResolveOptions {
  readonly accountId?: string;
  readonly region?: string;
  readonly stackName?: string;
}

const NO_VALUE = Symbol('AWS::NoValue');
/** How CloudFormation shows a NoEcho parameter's value (DescribeStacks). */
export const NO_ECHO_MASK = '****';
/** A resolved value: plain JSON with Unresolved leaves. */
type Resolved = unknown;

interface Context {
  readonly parsed: ParsedTemplate;
  readonly values: Readonly<Record<string, string>>;
  readonly options: ResolveOptions;
  readonly conditions: Map<string, boolean>;
  readonly evaluating: Set<string>;
  readonly notes: string[];
  readonly resourceIds: ReadonlySet<string>;
  /** Above 0 while a condition is compared: the only place a secret parameter's value is read. */
  comparing: number;
}

/** Called for each resolved path with the merged (raw) path its value came from. */
type Recorder = (out: string, raw: string) => void;
const ignore: Recorder = () => undefined;

export function resolveTemplate(parsed: ParsedTemplate, parameters: Record<string, string>, options: ResolveOptions = {}): ResolvedTemplate {
  const values = parameterValues(parsed, parameters);
  const context: Context = {
    parsed,
    values,
    options,
    conditions: new Map(),
    evaluating: new Set(),
    notes: [],
    resourceIds: new Set(parsed.resources.map((resource) => resource.logicalId)),
    comparing: 0,
  };
  const conditions: Record<string, boolean> = {};
  for (const name of Object.keys(parsed.conditions)) conditions[name] = conditionValue(name, context);
  const resources: ResolvedResource[] = [];
  for (const resource of parsed.resources) {
    if (resource.condition !== null && !conditionValue(resource.condition, context)) continue;
    resources.push(resolveResource(resource, context));
  }
  const shown: Record<string, string> = {};
  for (const parameter of parsed.parameters) {
    if (Object.hasOwn(values, parameter.name)) shown[parameter.name] = isSecretParameter(parameter) ? NO_ECHO_MASK : values[parameter.name];
  }
  return {
    file: parsed.file,
    parameters: shown,
    declaredParameters: parsed.parameters.map((parameter) =>
      isSecretParameter(parameter) && parameter.default !== null ? { ...parameter, default: NO_ECHO_MASK } : parameter,
    ),
    conditions,
    sam: parsed.sam,
    resources,
    notes: [...new Set(context.notes)],
  };
}

function parameterValues(parsed: ParsedTemplate, given: Record<string, string>): Record<string, string> {
  const declared = new Map(parsed.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      const names = [...declared.keys()].join(', ') || 'none';
      throw new TemplateError(parsed.file, 1, `parameter ${name} is not declared in the template (declared: ${names})`);
    }
  }
  const values: Record<string, string> = {};
  for (const parameter of parsed.parameters) {
    const value = Object.hasOwn(given, parameter.name) ? given[parameter.name] : parameter.default;
    if (value === null) continue;
    if (parameter.allowedValues !== null && !parameter.allowedValues.includes(value)) {
      throw new TemplateError(parsed.file, parameter.line, `parameter ${parameter.name}: '${value}' is not one of its AllowedValues (${parameter.allowedValues.join(', ')})`);
    }
    values[parameter.name] = value;
  }
  return values;
}

function resolveResource(resource: ParsedResource, context: Context): ResolvedResource {
  const { nodes } = context.parsed;
  const merged = applyGlobals(context.parsed, resource);
  context.notes.push(...merged.notes);
  const sourceOf = (raw: string): string => {
    for (let prefix = raw; prefix !== ''; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')))) {
      const origin = merged.origins.get(prefix);
      if (origin !== undefined) return origin + raw.slice(prefix.length);
    }
    return `Resources.${resource.logicalId}.${raw}`;
  };
  const recorded = new Map<string, string>();
  const parameterRefs: Record<string, string> = {};
  const recorder: Recorder = (out, raw) => recorded.set(out, sourceOf(raw));
  const declared = new Set(context.parsed.parameters.map((parameter) => parameter.name));
  const resolved = resolveValue(merged.properties, 'Properties', 'Properties', context, recorder, true, (out, name) => {
    if (declared.has(name)) parameterRefs[out] = name;
  });
  const properties = isRecord(resolved) ? resolved : {};
  const present = new Set<string>();
  collectPaths(properties, 'Properties', present);
  const propertyLines: Record<string, number> = {};
  const propertyComments: Record<string, string> = {};
  const propertySources: Record<string, 'resource' | 'globals'> = {};
  const propertySourcePaths: Record<string, string> = {};
  for (const [out, source] of recorded) {
    if (!present.has(out)) continue;
    const node = nodes[source];
    if (node === undefined) continue;
    propertyLines[out] = node.line;
    if (node.comment !== null) propertyComments[out] = node.comment;
    propertySources[out] = source.startsWith('Globals.') ? 'globals' : 'resource';
    propertySourcePaths[out] = source;
  }
  for (const out of Object.keys(parameterRefs)) if (!present.has(out)) delete parameterRefs[out];
  return {
    logicalId: resource.logicalId,
    type: resource.type,
    line: resource.line,
    condition: resource.condition,
    properties,
    propertyLines,
    propertyComments,
    parameterRefs,
    propertySources,
    propertySourcePaths,
  };
}

function collectPaths(value: unknown, path: string, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item, index) => addPath(item, `${path}.${index}`, into));
  else if (isRecord(value) && !isUnresolved(value)) for (const [key, item] of Object.entries(value)) addPath(item, `${path}.${key}`, into);
}

function addPath(value: unknown, path: string, into: Set<string>): void {
  into.add(path);
  collectPaths(value, path, into);
}

type RefSeen = (out: string, parameter: string) => void;

/**
 * Resolves `value` written at merged path `raw` into output path `out`. `recordSelf` is false for a branch an
 * intrinsic picked (Fn::If): the property stays attributed to its key's line, the branch's inner nodes to theirs.
 */
function resolveValue(
  value: unknown,
  out: string,
  raw: string,
  context: Context,
  record: Recorder,
  recordSelf = true,
  refSeen: RefSeen = () => undefined,
): Resolved | typeof NO_VALUE {
  if (recordSelf) record(out, raw);
  if (Array.isArray(value)) {
    const items: Resolved[] = [];
    value.forEach((item, index) => {
      const resolved = resolveValue(item, `${out}.${items.length}`, `${raw}.${index}`, context, record, true, refSeen);
      if (resolved !== NO_VALUE) items.push(resolved);
    });
    return items;
  }
  if (isIntrinsic(value) && !isPlainConditionKey(value, context)) {
    const [name] = Object.keys(value);
    return intrinsic(name, value[name], value, out, raw, context, record, refSeen);
  }
  if (isRecord(value)) {
    const result: Record<string, Resolved> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, `${out}.${key}`, `${raw}.${key}`, context, record, true, refSeen);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }
  return value;
}

/** `{ Condition: … }` is a condition reference only when it names a declared condition; otherwise it is a property called Condition. */
function isPlainConditionKey(value: Record<string, unknown>, context: Context): boolean {
  const reference = value.Condition;
  return reference !== undefined && !(typeof reference === 'string' && Object.hasOwn(context.parsed.conditions, reference));
}

/** Resolves an intrinsic's argument: nothing recorded (its parts are not properties of the output). */
function argument(value: unknown, raw: string, context: Context): Resolved | typeof NO_VALUE {
  return resolveValue(value, '', raw, context, ignore);
}

function unresolved(expression: unknown, reason: string, extra: { resource?: string; attribute?: string } = {}): Unresolved {
  return { unresolved: true, expression: renderExpression(expression), reason, ...extra };
}

function intrinsic(
  name: string,
  arg: unknown,
  whole: Record<string, unknown>,
  out: string,
  raw: string,
  context: Context,
  record: Recorder,
  refSeen: RefSeen,
): Resolved | typeof NO_VALUE {
  const at = `${raw}.${name}`;
  switch (name) {
    case 'Ref':
      if (typeof arg === 'string') refSeen(out, arg);
      return ref(arg, whole, context);
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return unresolved(whole, 'Fn::If takes [ConditionName, valueIfTrue, valueIfFalse]');
      const branch = conditionValue(arg[0], context) ? 1 : 2;
      return resolveValue(arg[branch], out, `${at}.${branch}`, context, record, false, refSeen);
    }
    case 'Fn::Sub':
      return sub(arg, whole, at, context);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved(whole, 'Fn::Join takes [delimiter, [values]]');
      const delimiter = argument(arg[0], `${at}.0`, context);
      const list = argument(arg[1], `${at}.1`, context);
      if (typeof delimiter !== 'string') return unresolved(whole, 'the delimiter of Fn::Join is not a string');
      if (!Array.isArray(list)) return unresolved(whole, isUnresolved(list) ? `its list is not known offline: ${list.reason}` : 'Fn::Join takes a list');
      const unknown = list.find(isUnresolved);
      if (unknown !== undefined) return unresolved(whole, `${unknown.expression} is not known offline: ${unknown.reason}`, pick(unknown));
      return list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(delimiter);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved(whole, 'Fn::Select takes [index, [values]]');
      const index = Number(argument(arg[0], `${at}.0`, context));
      const list = argument(arg[1], `${at}.1`, context);
      if (isUnresolved(list)) return unresolved(whole, `its list is not known offline: ${list.reason}`, pick(list));
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) return unresolved(whole, `index ${String(arg[0])} is not in the list`);
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved(whole, 'Fn::Split takes [delimiter, string]');
      const delimiter = argument(arg[0], `${at}.0`, context);
      const source = argument(arg[1], `${at}.1`, context);
      if (isUnresolved(source)) return unresolved(whole, `its string is not known offline: ${source.reason}`, pick(source));
      if (typeof delimiter !== 'string' || typeof source !== 'string') return unresolved(whole, 'Fn::Split takes a string delimiter and a string');
      return source.split(delimiter);
    }
    case 'Fn::FindInMap':
      return findInMap(arg, whole, at, context);
    case 'Fn::Base64': {
      const text = argument(arg, at, context);
      if (typeof text !== 'string') return unresolved(whole, isUnresolved(text) ? `its text is not known offline: ${text.reason}` : 'Fn::Base64 takes a string');
      return Buffer.from(text, 'utf8').toString('base64');
    }
    case 'Fn::Length': {
      const list = argument(arg, at, context);
      return Array.isArray(list) ? list.length : unresolved(whole, 'its list is not known offline');
    }
    case 'Fn::ToJsonString': {
      const object = argument(arg, at, context);
      return containsUnresolved(object) ? unresolved(whole, 'part of it is not known offline') : JSON.stringify(object);
    }
    case 'Fn::GetAtt': {
      const parts = Array.isArray(arg) ? arg.map((part, index) => argument(part, `${at}.${index}`, context)) : [];
      const [resource, attribute] = parts;
      if (typeof resource !== 'string' || typeof attribute !== 'string') return unresolved(whole, 'Fn::GetAtt takes [LogicalId, Attribute]');
      return unresolved(whole, `attribute ${attribute} of ${resource} is known only once the stack is deployed`, { resource, attribute });
    }
    case 'Fn::ImportValue':
      return unresolved(whole, 'an export of another stack, read at deploy time');
    case 'Fn::GetAZs':
      return unresolved(whole, "the region's Availability Zones are read at deploy time");
    case 'Fn::Cidr':
      return unresolved(whole, 'CIDR blocks are computed at deploy time');
    case 'Fn::Transform':
      return unresolved(whole, 'a macro runs at deploy time');
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Condition':
      return evaluateCondition(whole, context, 'a property');
    default:
      return unresolved(whole, `${name} is not an intrinsic function this tool knows`);
  }
}

function pick(value: Unresolved): { resource?: string; attribute?: string } {
  return { ...(value.resource !== undefined ? { resource: value.resource } : {}), ...(value.attribute !== undefined ? { attribute: value.attribute } : {}) };
}

function containsUnresolved(value: unknown): boolean {
  if (isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnresolved);
  if (isRecord(value)) return Object.values(value).some(containsUnresolved);
  return false;
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NotificationARNs', 'AWS::NoValue']);

function pseudo(name: string, options: ResolveOptions): string | null {
  const region = options.region;
  switch (name) {
    case 'AWS::AccountId':
      return options.accountId ?? null;
    case 'AWS::Region':
      return region ?? null;
    case 'AWS::StackName':
      return options.stackName ?? null;
    case 'AWS::Partition':
      return region?.startsWith('cn-') ? 'aws-cn' : region?.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    case 'AWS::URLSuffix':
      return region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    default:
      return null;
  }
}

function ref(name: unknown, whole: Record<string, unknown>, context: Context): Resolved | typeof NO_VALUE {
  if (typeof name !== 'string') return unresolved(whole, 'Ref takes the name of a parameter or resource');
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (PSEUDO.has(name)) {
    return pseudo(name, context.options) ?? unresolved(whole, `pseudo parameter ${name} is known only at deploy time (give it to the resolver to use a value)`);
  }
  const parameter = context.parsed.parameters.find((declared) => declared.name === name);
  if (parameter !== undefined) {
    const value = context.values[name];
    if (parameter.type.startsWith('AWS::SSM::Parameter::Value')) return unresolved(whole, `parameter ${name} is read from SSM Parameter Store at deploy time`);
    if (value === undefined) return unresolved(whole, `parameter ${name} has no Default and no value was given (--parameter ${name}=…)`);
    if (isSecretParameter(parameter) && context.comparing === 0) {
      const why = parameter.noEcho ? 'is NoEcho' : 'holds a secret (its name says so)';
      return unresolved(whole, `parameter ${name} ${why}: its value is never copied out of the template`);
    }
    return parameter.type.startsWith('List<') || parameter.type === 'CommaDelimitedList' ? value.split(',').map((item) => item.trim()) : value;
  }
  if (context.resourceIds.has(name)) return unresolved(whole, `the physical ID of ${name} is known only once the stack is deployed`, { resource: name });
  context.notes.push(`Ref ${name}: no parameter or resource of that name in the template`);
  return unresolved(whole, `no parameter or resource named ${name}`);
}

function sub(arg: unknown, whole: Record<string, unknown>, at: string, context: Context): Resolved {
  const [template, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof template !== 'string') return unresolved(whole, 'Fn::Sub takes a string or [string, {variables}]');
  const given: Record<string, Resolved> = {};
  if (isRecord(variables)) {
    for (const [key, value] of Object.entries(variables)) given[key] = argument(value, `${at}.1.${key}`, context);
  }
  return template.replace(/\$\{([^}]*)\}/g, (placeholder, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (Object.hasOwn(given, name)) return textOf(given[name]) ?? placeholder;
    if (name.includes('.')) return placeholder;
    const value = ref(name, { Ref: name }, context);
    return value === NO_VALUE ? placeholder : (textOf(value) ?? placeholder);
  });
}

function textOf(value: Resolved | typeof NO_VALUE): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  return null;
}

function findInMap(arg: unknown, whole: Record<string, unknown>, at: string, context: Context): Resolved {
  if (!Array.isArray(arg) || arg.length < 3) return unresolved(whole, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
  const keys = arg.slice(0, 3).map((key, index) => argument(key, `${at}.${index}`, context));
  const unknown = keys.find(isUnresolved);
  if (unknown !== undefined) return unresolved(whole, `key ${unknown.expression} is not known offline: ${unknown.reason}`);
  const [map, top, second] = keys.map((key) => textOf(key) ?? '');
  const table = context.parsed.mappings[map];
  const row = isRecord(table) ? table[top] : undefined;
  if (isRecord(row) && Object.hasOwn(row, second)) return row[second];
  const options = arg[3];
  if (isRecord(options) && Object.hasOwn(options, 'DefaultValue')) return argument(options.DefaultValue, `${at}.3.DefaultValue`, context);
  return unresolved(whole, `Mappings has no ${map}.${top}.${second}`);
}

function conditionValue(name: string, context: Context): boolean {
  const known = context.conditions.get(name);
  if (known !== undefined) return known;
  const expression = context.parsed.conditions[name];
  let value = false;
  if (expression === undefined) {
    context.notes.push(`condition ${name} is not declared in Conditions: taken as false`);
  } else if (context.evaluating.has(name)) {
    context.notes.push(`condition ${name} refers to itself: taken as false`);
  } else {
    context.evaluating.add(name);
    value = evaluateCondition(expression, context, `condition ${name}`);
    context.evaluating.delete(name);
  }
  context.conditions.set(name, value);
  return value;
}

function evaluateCondition(expression: unknown, context: Context, where: string): boolean {
  if (typeof expression === 'boolean') return expression;
  if (isIntrinsic(expression)) {
    const [name] = Object.keys(expression);
    const arg = expression[name];
    const list = Array.isArray(arg) ? arg : [];
    switch (name) {
      case 'Condition':
        return typeof arg === 'string' ? conditionValue(arg, context) : false;
      case 'Fn::Not':
        return !evaluateCondition(list[0], context, where);
      case 'Fn::And':
        return list.length > 0 && list.every((item) => evaluateCondition(item, context, where));
      case 'Fn::Or':
        return list.some((item) => evaluateCondition(item, context, where));
      case 'Fn::Equals': {
        context.comparing += 1;
        const [left, right] = list.map((item, index) => argument(item, `Conditions.${index}`, context));
        context.comparing -= 1;
        const unknown = [left, right].find(containsUnresolved);
        if (unknown !== undefined) {
          context.notes.push(`${where}: ${renderExpression(expression)} depends on ${isUnresolved(unknown) ? unknown.expression : 'a value'} not known offline: taken as false`);
          return false;
        }
        return comparable(left) === comparable(right);
      }
      default:
        break;
    }
  }
  context.notes.push(`${where}: ${renderExpression(expression)} is not a condition: taken as false`);
  return false;
}

/** CloudFormation compares strings: `!Equals [!Ref Count, 1]` holds when the parameter is '1'. */
function comparable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
