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
  /** 1-based line of each property path as written, e.g. 'Properties.Timeout' → 253, when the value came from the resource itself. */
  readonly propertyLines: Readonly<Record<string, number>>;
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
}
