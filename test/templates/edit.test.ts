import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureCondition, insertProperty, roundTrip, setScalar, TemplateEditError, wrapInIf } from '../../src/templates/edit.js';
import { parseTemplate } from '../../src/templates/parse.js';
import { resolveTemplate } from '../../src/templates/resolve.js';
import type { ResolvedTemplate } from '../../src/templates/types.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = readFileSync(join(FIXTURES, 'clinnet-backend.yaml'), 'utf8');

/** A line diff (longest common subsequence): the removed lines (1-based, old numbering) and the added lines (new numbering). */
function lineDiff(before: string, after: string): { removed: Array<[number, string]>; added: Array<[number, string]> } {
  const a = before.split('\n');
  const b = after.split('\n');
  const table: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const removed: Array<[number, string]> = [];
  const added: Array<[number, string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || table[i][j + 1] >= table[i + 1][j])) {
      added.push([j + 1, b[j]]);
      j += 1;
    } else {
      removed.push([i + 1, a[i]]);
      i += 1;
    }
  }
  return { removed, added };
}

const lineOf = (text: string, start: string, after = 0) => text.split('\n').findIndex((line, i) => i >= after && line.trim().startsWith(start)) + 1;

const resolved = (text: string, environment: string) => resolveTemplate(parseTemplate(text, 't.yaml'), { Environment: environment }, { region: 'us-west-2' });
const resource = (template: ResolvedTemplate, id: string) => {
  const found = template.resources.find((r) => r.logicalId === id);
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

/** Templates the fidelity check runs on besides the fixtures: what real files contain and a naive writer would lose. */
const TRICKY: Record<string, string> = {
  crlf: 'AWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  B: # the bucket\r\n    Type: AWS::S3::Bucket\r\n',
  bom: '\uFEFFResources:\n  B:\n    Type: AWS::S3::Bucket\n',
  'no final newline': 'Resources:\n  B:\n    Type: AWS::S3::Bucket',
  'document markers, anchors, blocks': [
    '%YAML 1.2',
    '---',
    '# head comment',
    'Resources:',
    '  Q:',
    '    Type: AWS::SQS::Queue',
    '    Properties: &props',
    '      DelaySeconds:   5   # odd spacing',
    "      QueueName: !Sub '${AWS::StackName}-q'",
    '      Tags: [{Key: a, Value: "b"}, {Key: c, Value: d}]',
    '  R:',
    '    Type: AWS::SQS::Queue',
    '    Properties: *props',
    '    Metadata:',
    '      Literal: |',
    '        keep',
    '          this',
    '      Folded: >-',
    '        folded',
    '        text',
    '...',
    '',
  ].join('\n'),
  'compact lists, 4-space indent': 'Resources:\n    F:\n        Type: AWS::Lambda::Function\n        Properties:\n            Layers:\n            - !Ref L\n            - !GetAtt X.Arn\n\n\n# end\n',
  json: `${JSON.stringify({ Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 256, Tags: [{ Key: 'a', Value: 'b' }] } } } }, null, 2)}\n`,
  'json compact': JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }),
};

describe('round-trip fidelity: parsed into the CST and written back, every template is the same bytes', () => {
  const files = readdirSync(FIXTURES).filter((name) => /\.(ya?ml|json|template)$/.test(name));
  it.each(files)('fixture %s', (name) => {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    expect(roundTrip(text)).toBe(text);
  });
  it.each(Object.entries(TRICKY))('%s', (_name, text) => {
    expect(roundTrip(text)).toBe(text);
  });
});

describe('setScalar', () => {
  it('Globals.Function.MemorySize: only that line changes, and every function inherits the new value', () => {
    const edited = setScalar(fixture, ['Globals', 'Function', 'MemorySize'], 512);
    const line = lineOf(fixture, 'MemorySize: 256');
    expect(lineDiff(fixture, edited)).toEqual({ removed: [[line, '    MemorySize: 256']], added: [[line, '    MemorySize: 512']] });
    expect(resource(resolved(edited, 'dev'), 'GetPatientsFunction').properties.MemorySize).toBe(512);
  });

  it('a value inside list items (S3 lifecycle TransitionInDays)', () => {
    const path = ['Resources', 'ImagesBucket', 'Properties', 'LifecycleConfiguration', 'Rules', 0, 'Transitions', 0, 'TransitionInDays'];
    const edited = setScalar(fixture, path, 30);
    const line = lineOf(fixture, '- TransitionInDays: 7');
    expect(lineDiff(fixture, edited)).toEqual({ removed: [[line, '              - TransitionInDays: 7']], added: [[line, '              - TransitionInDays: 30']] });
    const bucket = resource(resolved(edited, 'prod'), 'ImagesBucket');
    expect(bucket.properties.LifecycleConfiguration).toEqual({ Rules: [{ Id: 'MoveToInfrequentAccess', Status: 'Enabled', Transitions: [{ TransitionInDays: 30, StorageClass: 'STANDARD_IA' }] }] });
  });

  it('keeps the comment beside the value and the comment above it', () => {
    const path = ['Resources', 'ClinnetDistribution', 'Properties', 'DistributionConfig', 'CacheBehaviors', 0, 'CachePolicyId'];
    const edited = setScalar(fixture, path, '658327ea-f89d-4fab-a63d-7e88639e58f6');
    const line = lineOf(fixture, 'CachePolicyId: 4135ea2d');
    expect(lineDiff(fixture, edited)).toEqual({
      removed: [[line, '            CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad # CachingOptimized']],
      added: [[line, '            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6 # CachingOptimized']],
    });
    const timeout = setScalar(fixture, ['Resources', 'SummarizeNoteFunction', 'Properties', 'Timeout'], 120);
    expect(lineDiff(fixture, timeout).added).toEqual([[lineOf(fixture, 'Timeout: 60'), '      Timeout: 120 # the model can take a while on long notes']]);
  });

  it('keeps quotes, and quotes a string that would read back as a number or boolean', () => {
    const port = setScalar(fixture, ['Globals', 'Function', 'Environment', 'Variables', 'DB_PORT'], '3307');
    expect(lineDiff(fixture, port).added).toEqual([[lineOf(fixture, 'DB_PORT:'), "        DB_PORT: '3307'"]]);
    const name = setScalar(fixture, ['Globals', 'Function', 'Environment', 'Variables', 'DB_NAME'], 'true');
    expect(lineDiff(fixture, name).added).toEqual([[lineOf(fixture, 'DB_NAME:'), "        DB_NAME: 'true'"]]);
    expect(resolved(name, 'dev').resources.find((r) => r.logicalId === 'GetUsersFunction')?.properties.Environment).toMatchObject({ Variables: { DB_NAME: 'true' } });
    const version = setScalar(fixture, ['AWSTemplateFormatVersion'], '2010-09-09');
    expect(version).toBe(fixture);
  });

  it('one branch of an existing !If, by index or by the long-form path ParsedTemplate.nodes uses', () => {
    const base = ['Resources', 'SummarizeNoteFunction', 'Properties', 'MemorySize'];
    const byIndex = setScalar(fixture, [...base, 2], 256);
    expect(setScalar(fixture, [...base, 'Fn::If', 2], 256)).toBe(byIndex);
    expect(lineDiff(fixture, byIndex).added).toEqual([[lineOf(fixture, 'MemorySize: !If'), '      MemorySize: !If [IsProduction, 1024, 256]']]);
    expect(resource(resolved(byIndex, 'dev'), 'SummarizeNoteFunction').properties.MemorySize).toBe(256);
    expect(resource(resolved(byIndex, 'prod'), 'SummarizeNoteFunction').properties.MemorySize).toBe(1024);
  });

  it('refuses a path that does not exist, an intrinsic and a collection', () => {
    expect(() => setScalar(fixture, ['Globals', 'Function', 'Nope'], 1)).toThrow(TemplateEditError);
    expect(() => setScalar(fixture, ['Resources', 'SummarizeNoteFunction', 'Properties', 'MemorySize'], 1)).toThrow(/intrinsic \(!If\)/);
    expect(() => setScalar(fixture, ['Globals', 'Function', 'Architectures'], 'arm64')).toThrow(/a list, not a plain value/);
  });

  it('edits a block scalar in its own style', () => {
    const text = TRICKY['document markers, anchors, blocks'];
    const edited = setScalar(text, ['Resources', 'R', 'Metadata', 'Folded'], 'new text');
    const line = lineOf(text, 'folded');
    expect(lineDiff(text, edited)).toEqual({ removed: [[line, '        folded'], [line + 1, '        text']], added: [[line, '        new text']] });
  });
});

describe('insertProperty', () => {
  it('adds a scalar after the last sibling, at the map’s indentation', () => {
    const path = ['Resources', 'ClinnetDatabaseCluster', 'Properties', 'ServerlessV2ScalingConfiguration'];
    const edited = insertProperty(fixture, path, 'SecondsUntilAutoPause', 300);
    const after = lineOf(fixture, 'MaxCapacity: 16');
    expect(lineDiff(fixture, edited)).toEqual({ removed: [], added: [[after + 1, '        SecondsUntilAutoPause: 300']] });
    expect(resource(resolved(edited, 'dev'), 'ClinnetDatabaseCluster').properties.ServerlessV2ScalingConfiguration).toEqual({ MinCapacity: 0.5, MaxCapacity: 16, SecondsUntilAutoPause: 300 });
  });

  it('adds a list and a map in block style at the file’s step, lists indented under their key', () => {
    const edited = insertProperty(fixture, ['Resources', 'ImagesBucket', 'Properties'], 'Tags', [{ Key: 'cost-center', Value: 'emr' }]);
    const after = lineOf(fixture, 'StorageClass: STANDARD_IA');
    expect(lineDiff(fixture, edited)).toEqual({
      removed: [],
      added: [
        [after + 1, '      Tags:'],
        [after + 2, '        - Key: cost-center'],
        [after + 3, '          Value: emr'],
      ],
    });
    expect(resource(resolved(edited, 'dev'), 'ImagesBucket').properties.Tags).toEqual([{ Key: 'cost-center', Value: 'emr' }]);
  });

  // The line diff puts the blank line of a new blank-separated entry after it (the same lines either way).
  it('a new resource at the end of Resources, blank-line separated like its siblings', () => {
    const logGroup = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/clinnet-db-connectivity-dev', RetentionInDays: 30 } };
    const edited = insertProperty(fixture, ['Resources'], 'CheckDatabaseConnectivityLogGroup', logGroup);
    const after = lineOf(fixture, 'Outputs:') - 2; // the last line of the last resource
    expect(lineDiff(fixture, edited)).toEqual({
      removed: [],
      added: [
        [after + 2, '  CheckDatabaseConnectivityLogGroup:'],
        [after + 3, '    Type: AWS::Logs::LogGroup'],
        [after + 4, '    Properties:'],
        [after + 5, '      LogGroupName: /aws/lambda/clinnet-db-connectivity-dev'],
        [after + 6, '      RetentionInDays: 30'],
        [after + 7, ''],
      ],
    });
    const added = '\n  CheckDatabaseConnectivityLogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/clinnet-db-connectivity-dev\n      RetentionInDays: 30\n';
    expect(edited).toBe(fixture.replace('        }\n\nOutputs:', `        }\n${added}\nOutputs:`));
    expect(resource(resolved(edited, 'dev'), 'CheckDatabaseConnectivityLogGroup').properties).toEqual(logGroup.Properties);
  });

  it('refuses a key that exists and a path that is not a mapping', () => {
    expect(() => insertProperty(fixture, ['Globals', 'Function'], 'MemorySize', 1)).toThrow(/already exists/);
    expect(() => insertProperty(fixture, ['Globals', 'Function', 'Architectures'], 'X', 1)).toThrow(/a list, not a mapping/);
  });

  it('follows a file indented by 4 that writes its lists at the key’s column', () => {
    const text = TRICKY['compact lists, 4-space indent'];
    const edited = insertProperty(text, ['Resources', 'F', 'Properties'], 'Architectures', ['arm64']);
    expect(lineDiff(text, edited).added).toEqual([
      [8, '            Architectures:'],
      [9, '            - arm64'],
    ]);
    expect(parseTemplate(edited, 't.yaml').resources[0].properties.Architectures).toEqual(['arm64']);
  });
});

describe('edits on files written otherwise', () => {
  it('a CRLF file gets CRLF lines', () => {
    const text = TRICKY.crlf;
    const edited = insertProperty(text, ['Resources', 'B'], 'Properties', { BucketName: 'b' });
    expect(edited).toBe(`${text}    Properties:\r\n      BucketName: b\r\n`);
    expect(setScalar(edited, ['Resources', 'B', 'Properties', 'BucketName'], 'c')).toBe(`${text}    Properties:\r\n      BucketName: c\r\n`);
  });

  it('a file without a final newline: the new entry starts on its own line', () => {
    const text = TRICKY['no final newline'];
    expect(insertProperty(text, ['Resources', 'B'], 'DeletionPolicy', 'Retain')).toBe(`${text}\n    DeletionPolicy: Retain\n`);
  });

  it('a list item becomes an !If, a flow map gets an entry, a comment after the last entry stays after the new one', () => {
    const list = wrapInIf(fixture, ['Globals', 'Function', 'Architectures', 0], 'IsProduction', 'arm64', 'x86_64');
    expect(lineDiff(fixture, list).added).toEqual([[lineOf(fixture, '- x86_64'), '      - !If [IsProduction, arm64, x86_64]']]);
    expect(resource(resolved(list, 'prod'), 'GetUsersFunction').properties.Architectures).toEqual(['arm64']);
    const flow = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 5}\n';
    expect(insertProperty(flow, ['Resources', 'Q', 'Properties'], 'VisibilityTimeout', 30)).toBe('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 5, VisibilityTimeout: 30}\n');
    const commented = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n\n      # TODO tune\n';
    expect(insertProperty(commented, ['Resources', 'Q', 'Properties'], 'VisibilityTimeout', 30)).toBe(
      'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      VisibilityTimeout: 30\n\n      # TODO tune\n',
    );
  });
});

describe('wrapInIf and ensureCondition', () => {
  it('Globals MemorySize becomes !If [IsProduction, 1024, 512]: prod resolves to 1024, dev and test to 512', () => {
    const edited = wrapInIf(fixture, ['Globals', 'Function', 'MemorySize'], 'IsProduction', 1024, 512);
    const line = lineOf(fixture, 'MemorySize: 256');
    expect(lineDiff(fixture, edited)).toEqual({ removed: [[line, '    MemorySize: 256']], added: [[line, '    MemorySize: !If [IsProduction, 1024, 512]']] });
    expect(resource(resolved(edited, 'prod'), 'GetPatientsFunction').properties.MemorySize).toBe(1024);
    expect(resource(resolved(edited, 'dev'), 'GetPatientsFunction').properties.MemorySize).toBe(512);
    expect(resource(resolved(edited, 'test'), 'GetPatientsFunction').properties.MemorySize).toBe(512);
  });

  it('nests for a third environment and keeps the comment beside the value', () => {
    const { text: withTest, name } = ensureCondition(fixture, 'IsTest', { 'Fn::Equals': [{ Ref: 'Environment' }, 'test'] });
    expect(name).toBe('IsTest');
    const edited = wrapInIf(withTest, ['Resources', 'SummarizeNoteFunction', 'Properties', 'Timeout'], 'IsProduction', 60, { if: ['IsTest', 30, 15] });
    expect(lineDiff(withTest, edited).added).toEqual([
      [lineOf(withTest, 'Timeout: 60'), '      Timeout: !If [IsProduction, 60, !If [IsTest, 30, 15]] # the model can take a while on long notes'],
    ]);
    const timeout = (env: string) => resource(resolved(edited, env), 'SummarizeNoteFunction').properties.Timeout;
    expect([timeout('prod'), timeout('test'), timeout('dev')]).toEqual([60, 30, 15]);
  });

  it('reuses a condition with the same expression (the fixture’s IsProduction), either side order', () => {
    expect(ensureCondition(fixture, 'IsProd', { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] })).toEqual({ text: fixture, name: 'IsProduction', added: false });
    expect(ensureCondition(fixture, 'IsProd', { 'Fn::Equals': ['prod', { Ref: 'Environment' }] }).name).toBe('IsProduction');
  });

  it('adds a new condition at the end of Conditions, in short form', () => {
    const { text, added } = ensureCondition(fixture, 'IsTest', { 'Fn::Equals': [{ Ref: 'Environment' }, 'test'] });
    expect(added).toBe(true);
    expect(lineDiff(fixture, text)).toEqual({ removed: [], added: [[lineOf(fixture, '- !Equals [!Ref Environment, test]') + 1, '  IsTest: !Equals [!Ref Environment, test]']] });
    expect(resolved(text, 'test').conditions.IsTest).toBe(true);
    expect(resolved(text, 'prod').conditions.IsTest).toBe(false);
    expect(() => ensureCondition(fixture, 'IsProduction', { 'Fn::Equals': [{ Ref: 'Environment' }, 'test'] })).toThrow(/another expression/);
  });

  it('creates Conditions after Parameters when the template has none', () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Environment:\n    Type: String\n    AllowedValues: [dev, prod]\n\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b\n";
    const result = ensureCondition(text, 'IsProduction', { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] });
    expect(lineDiff(text, result.text)).toEqual({
      removed: [],
      added: [
        [7, 'Conditions:'],
        [8, '  IsProduction: !Equals [!Ref Environment, prod]'],
        [9, ''],
      ],
    });
    expect(result.text).toBe(text.replace('\n\nResources:', '\n\nConditions:\n  IsProduction: !Equals [!Ref Environment, prod]\n\nResources:'));
    const edited = wrapInIf(result.text, ['Resources', 'B', 'Properties', 'BucketName'], 'IsProduction', 'b-prod', 'b');
    const name = (env: string) => resource(resolveTemplate(parseTemplate(edited, 't.yaml'), { Environment: env }), 'B').properties.BucketName;
    expect([name('prod'), name('dev')]).toEqual(['b-prod', 'b']);
  });

  it('refuses to wrap an intrinsic or a collection', () => {
    expect(() => wrapInIf(fixture, ['Resources', 'SummarizeNoteFunction', 'Properties', 'MemorySize'], 'IsProduction', 1, 2)).toThrow(TemplateEditError);
    expect(() => wrapInIf(fixture, ['Globals', 'Function', 'Architectures'], 'IsProduction', 1, 2)).toThrow(TemplateEditError);
    expect(() => wrapInIf(fixture, ['Globals', 'Function', 'MemorySize'], 'IsStaging', 1, 2)).toThrow(/Conditions.IsStaging: does not exist/);
    expect(() => wrapInIf(fixture, ['Globals', 'Function', 'MemorySize'], 'IsProduction', 1, { if: ['IsTest', 2, 3] })).toThrow(/Conditions.IsTest/);
  });
});

describe('JSON templates: the same edits, the rest byte-identical', () => {
  const json = `${JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { Environment: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' } },
      Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 256, Handler: 'app.handler', Runtime: 'python3.12' } } },
    },
    null,
    2,
  )}\n`;
  const props = (text: string, env = 'dev') => resource(resolveTemplate(parseTemplate(text, 't.json'), { Environment: env }), 'F').properties;

  it('setScalar: one line, strings stay double-quoted', () => {
    const memory = setScalar(json, ['Resources', 'F', 'Properties', 'MemorySize'], 512);
    const line = lineOf(json, '"MemorySize"');
    expect(lineDiff(json, memory)).toEqual({ removed: [[line, '        "MemorySize": 256,']], added: [[line, '        "MemorySize": 512,']] });
    const handler = setScalar(json, ['Resources', 'F', 'Properties', 'Handler'], 'true');
    expect(lineDiff(json, handler).added).toEqual([[line + 1, '        "Handler": "true",']]);
    expect(props(handler).Handler).toBe('true');
  });

  it('insertProperty: a new last entry; the entry before it gains its comma', () => {
    const edited = insertProperty(json, ['Resources', 'F', 'Properties'], 'Architectures', ['arm64']);
    const line = lineOf(json, '"Runtime"');
    expect(lineDiff(json, edited)).toEqual({
      removed: [[line, '        "Runtime": "python3.12"']],
      added: [
        [line, '        "Runtime": "python3.12",'],
        [line + 1, '        "Architectures": ["arm64"]'],
      ],
    });
    expect(props(edited).Architectures).toEqual(['arm64']);
    expect(JSON.parse(edited)).toBeTruthy();
    const compact = TRICKY['json compact'];
    expect(insertProperty(compact, ['Resources', 'B'], 'Properties', { BucketName: 'x' })).toBe('{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"x"}}}}');
  });

  it('wrapInIf and ensureCondition: Conditions created after Parameters; prod and dev resolve apart', () => {
    const { text, name } = ensureCondition(json, 'IsProduction', { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] });
    expect(text).toBe(json.replace('\n  "Resources"', '\n  "Conditions": {\n    "IsProduction": {"Fn::Equals": [{"Ref": "Environment"}, "prod"]}\n  },\n  "Resources"'));
    const edited = wrapInIf(text, ['Resources', 'F', 'Properties', 'MemorySize'], name, 1024, 512);
    expect(lineDiff(text, edited).added).toEqual([[lineOf(text, '"MemorySize"'), '        "MemorySize": {"Fn::If": ["IsProduction", 1024, 512]},']]);
    expect(JSON.parse(edited)).toBeTruthy();
    expect([props(edited, 'prod').MemorySize, props(edited, 'dev').MemorySize]).toEqual([1024, 512]);
    expect(ensureCondition(edited, 'Other', { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] })).toMatchObject({ name: 'IsProduction', added: false });
  });
});

describe('cfn-lint accepts the edited fixture', () => {
  it('no E-level error after every kind of edit', () => {
    let text = setScalar(fixture, ['Resources', 'ImagesBucket', 'Properties', 'LifecycleConfiguration', 'Rules', 0, 'Transitions', 0, 'TransitionInDays'], 30);
    text = wrapInIf(text, ['Globals', 'Function', 'MemorySize'], 'IsProduction', 1024, 512);
    text = insertProperty(text, ['Resources', 'ClinnetDatabaseCluster', 'Properties', 'ServerlessV2ScalingConfiguration'], 'SecondsUntilAutoPause', 300);
    text = ensureCondition(text, 'IsTest', { 'Fn::Equals': [{ Ref: 'Environment' }, 'test'] }).text;
    text = wrapInIf(text, ['Resources', 'SummarizeNoteFunction', 'Properties', 'Timeout'], 'IsProduction', 60, { if: ['IsTest', 30, 15] });
    text = insertProperty(text, ['Resources'], 'CheckDatabaseConnectivityLogGroup', {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: '/aws/lambda/clinnet-db-connectivity-dev', RetentionInDays: 30 },
    });
    const dir = mkdtempSync(join(tmpdir(), 'edit-lint-'));
    try {
      const file = join(dir, 'template.yaml');
      writeFileSync(file, text);
      let output = '';
      try {
        output = execFileSync('cfn-lint', [file], { encoding: 'utf8' });
      } catch (error) {
        // cfn-lint exits non-zero for warnings too (bit 2 = error, 4 = warning, 8 = informational).
        const failed = error as { status: number; stdout: string };
        output = failed.stdout;
        expect(failed.status & 2).toBe(0);
      }
      expect(output.split('\n').filter((line) => /^E\d{4}/.test(line))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
