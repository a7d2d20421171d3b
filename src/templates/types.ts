/**
 * A CloudFormation or SAM template, parsed with source positions and resolved for one set of parameter
 * values: the shapes shared by the parser (parse.ts), the resolver (resolve.ts) and the snapshot builder
 * (to-snapshot.ts). Pure data.
 */

/** A value the resolver could not compute offline (!GetAtt, !ImportValue, an unknown parameter): kept with why. */
export interface Unresolved {
  readonly unresolved: true;
  /** The intrinsic as written, e.g. "!GetAtt ImagesBucket.Arn". */
  readonly expression: string;
  readonly reason: string;
  /**
   * Added: the template resource a `!Ref`/`!GetAtt` points at (and the attribute for !GetAtt), so the snapshot
   * builder can link a function to its API, VPC or cluster without re-parsing `expression`.
   */
  readonly resource?: string;
  readonly attribute?: string;
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && (value as { unresolved?: unknown }).unresolved === true;
}

/** A template parameter as declared (Parameters section). */
export interface TemplateParameter {
  readonly name: string;
  readonly type: string;
  readonly default: string | null;
  readonly allowedValues: readonly string[] | null;
  readonly noEcho: boolean;
  readonly line: number;
}

/** One resource after Globals, Conditions and intrinsics: properties are plain JSON (or Unresolved leaves). */
export interface ResolvedResource {
  readonly logicalId: string;
  /** e.g. 'AWS::Serverless::Function', 'AWS::S3::Bucket'. */
  readonly type: string;
  /** 1-based line of the resource's logical ID key in the file. */
  readonly line: number;
  readonly properties: Record<string, unknown>;
  /**
   * 1-based line where each property path's effective value is written, e.g. 'Properties.Timeout' → 253; for a
   * value inherited from SAM Globals, the Globals line (see propertySources). Lists by index ('…CacheBehaviors.0.CachePolicyId').
   */
  readonly propertyLines: Readonly<Record<string, number>>;
  /** Added: whether each property path's value is written on the resource or inherited from SAM Globals (for fix through the template). */
  readonly propertySources: Readonly<Record<string, 'resource' | 'globals'>>;
  /** Added: the full document path each property path's value is written at, e.g. 'Globals.Function.Timeout' or 'Resources.F.Properties.Timeout'. */
  readonly propertySourcePaths: Readonly<Record<string, string>>;
  /** Added: the resource's Condition name, if any (it is true here: resources whose condition is false are left out). */
  readonly condition: string | null;
  /** Comments written on or beside a property's line, by the same path (e.g. the "# CachingOptimized" beside a CachePolicyId). */
  readonly propertyComments: Readonly<Record<string, string>>;
  /** Parameters a property is a plain !Ref of, by property path (how a NoEcho parameter reaches an environment variable). */
  readonly parameterRefs: Readonly<Record<string, string>>;
}

/** A template resolved for one set of parameter values. */
export interface ResolvedTemplate {
  readonly file: string;
  /** The value of every parameter used: the --parameter given, else the default. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly declaredParameters: readonly TemplateParameter[];
  readonly conditions: Readonly<Record<string, boolean>>;
  /** True when the template has Transform: AWS::Serverless-2016-10-31. */
  readonly sam: boolean;
  /** Resources whose Condition is false are left out. */
  readonly resources: readonly ResolvedResource[];
  /** Added: what the resolver could not decide offline and what it assumed instead (an unknown condition taken as false, an unsupported Globals property). */
  readonly notes: readonly string[];
}

/** Where one node of the template is written: for reports (file:line) and for the later edit through the CST. */
export interface SourceNode {
  /** 1-based line of the key (map entry) or of the item (list item). */
  readonly line: number;
  /** 1-based column of the same. */
  readonly column: number;
  /** Offsets [start, end) of the key in the text, for a map entry; null for a list item or the root. */
  readonly keyRange: readonly [number, number] | null;
  /** Offsets of the value node as the yaml package gives them: [start, valueEnd, nodeEnd] (valueEnd excludes a trailing comment). */
  readonly valueRange: readonly [number, number, number];
  /** The short-form tag written on the value ('!If', '!Ref' …), else null. */
  readonly tag: string | null;
  /** Scalar style ('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') or 'FLOW_MAP'/'FLOW_SEQ'/'BLOCK_MAP'/'BLOCK_SEQ'. */
  readonly style: string;
  /** The comment on the comment lines directly above, then the one beside the line, without '#' (joined by newlines), else null. */
  readonly comment: string | null;
}

/** One resource as written: long-form values (short-form tags turned into { 'Fn::X': … } / { Ref: … }), nothing resolved. */
export interface ParsedResource {
  readonly logicalId: string;
  readonly type: string;
  /** 1-based line of the logical ID key. */
  readonly line: number;
  readonly condition: string | null;
  readonly properties: Record<string, unknown>;
  /** The other resource attributes (DependsOn, Metadata, DeletionPolicy, IgnoreGlobals …). */
  readonly attributes: Record<string, unknown>;
  /** 1-based line of each property path as written ('Properties.Timeout'), lists by index. */
  readonly propertyLines: Readonly<Record<string, number>>;
  /** The comment above or beside each property path's line (see SourceNode.comment). */
  readonly propertyComments: Readonly<Record<string, string>>;
}

/** A template file read with its source positions (parse.ts); resolve.ts turns it into a ResolvedTemplate per parameter set. */
export interface ParsedTemplate {
  readonly file: string;
  readonly format: 'yaml' | 'json';
  /** The text as read: the template editor re-parses it (same tags: templateTags, keepSourceTokens) to edit it in place. */
  readonly text: string;
  /** The whole template in long form. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The Transform names (a string, a list, or AWS::Include maps by their Name). */
  readonly transforms: readonly string[];
  /** True when transforms include AWS::Serverless-2016-10-31. */
  readonly sam: boolean;
  readonly parameters: readonly TemplateParameter[];
  /** Condition expressions by name, long form. */
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
  /** SAM Globals by section ('Function', 'Api', 'HttpApi', 'SimpleTable', 'LayerVersion' …), long form. */
  readonly globals: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** 1-based line of every Globals entry by full path, e.g. 'Globals.Function.Timeout', 'Globals.Function.Environment.Variables.DB_PASSWORD'. */
  readonly globalsLines: Readonly<Record<string, number>>;
  readonly resources: readonly ParsedResource[];
  /**
   * Every node by its full path from the root: 'Parameters.Environment', 'Globals.Function.Timeout',
   * 'Resources.ImagesBucket.Properties.BucketName', lists by index, inside intrinsics by the long-form key
   * ('Resources.F.Properties.MemorySize.Fn::If.1'). Keys are joined with '.' unescaped.
   */
  readonly nodes: Readonly<Record<string, SourceNode>>;
}
