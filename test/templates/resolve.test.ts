import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/templates/parse.js';
import { resolveTemplate } from '../../src/templates/resolve.js';
import { TemplateError } from '../../src/templates/errors.js';
import type { ResolvedTemplate } from '../../src/templates/types.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/clinnet-backend.yaml', import.meta.url));
const text = readFileSync(FIXTURE, 'utf8');
const fixture = parseTemplate(text, 'clinnet-backend.yaml');
const fixtureLines = text.split('\n');
const lineOf = (start: string, after = 0) => fixtureLines.findIndex((line, i) => i >= after && line.trim().startsWith(start)) + 1;

const resourceOf = (template: ResolvedTemplate, id: string) => {
  const found = template.resources.find((r) => r.logicalId === id);
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

/** Resolves a small template whose resource R has the given Properties (YAML, indented under Properties:). */
function resolveProperties(properties: string, head = '', parameters: Record<string, string> = {}, options = {}) {
  const yaml = `${head}Resources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n${properties}`;
  const other = 'Other:\n    Type: AWS::S3::Bucket\n';
  return resolveTemplate(parseTemplate(`${yaml}  ${other}`, 't.yaml'), parameters, options).resources[0];
}

describe('resolveTemplate: the Clinnet backend per environment', () => {
  const dev = resolveTemplate(fixture, { Environment: 'dev' }, { region: 'us-west-2' });
  const prod = resolveTemplate(fixture, { Environment: 'prod' }, { region: 'us-west-2' });

  it('evaluates the conditions for each environment', () => {
    expect(dev.conditions).toEqual({ IsProduction: false, IsNotProduction: true, HasLongRetention: false });
    expect(prod.conditions).toEqual({ IsProduction: true, IsNotProduction: false, HasLongRetention: true });
    expect(resolveTemplate(fixture, { Environment: 'test' }).conditions.HasLongRetention).toBe(true);
  });

  it('picks the !If branch: MemorySize and Aurora MinCapacity differ between dev and prod', () => {
    expect(resourceOf(dev, 'SummarizeNoteFunction').properties.MemorySize).toBe(512);
    expect(resourceOf(prod, 'SummarizeNoteFunction').properties.MemorySize).toBe(1024);
    const scaling = (template: ResolvedTemplate) => resourceOf(template, 'ClinnetDatabaseCluster').properties.ServerlessV2ScalingConfiguration;
    expect(scaling(dev)).toEqual({ MinCapacity: 0.5, MaxCapacity: 16 });
    expect(scaling(prod)).toEqual({ MinCapacity: 1, MaxCapacity: 16 });
    expect(resourceOf(prod, 'ClinnetDatabaseCluster').propertyLines['Properties.ServerlessV2ScalingConfiguration.MinCapacity']).toBe(lineOf('MinCapacity:'));
  });

  it('leaves out resources whose condition is false, and AWS::NoValue removes the key', () => {
    const ids = (template: ResolvedTemplate) => template.resources.map((r) => r.logicalId);
    expect(ids(dev)).toContain('SeedTestDataFunction');
    expect(ids(dev)).not.toContain('AlarmTopic');
    expect(ids(prod)).not.toContain('SeedTestDataFunction');
    expect(ids(prod)).toEqual(expect.arrayContaining(['AlarmTopic', 'DatabaseCapacityAlarm', 'OperationsDashboard']));
    expect(resourceOf(dev, 'ServicesTable').properties).not.toHaveProperty('ProvisionedThroughput');
    expect(resourceOf(dev, 'ServicesTable').properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(resourceOf(prod, 'ServicesTable').properties.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
    expect(resourceOf(prod, 'ServicesTable').propertyLines['Properties.ProvisionedThroughput.ReadCapacityUnits']).toBe(lineOf('- ReadCapacityUnits: 5'));
  });

  it('substitutes parameters and pseudo parameters in !Sub names', () => {
    expect(resourceOf(dev, 'ServicesTable').properties.TableName).toBe('clinnet-services-v2-dev');
    expect(resourceOf(prod, 'PatientsTable').properties.TableName).toBe('clinnet-patients-v2-prod');
    expect(resourceOf(prod, 'ImagesBucket').properties.BucketName).toBe('clinnet-images-v2-${AWS::AccountId}-us-west-2-prod');
    const withAccount = resolveTemplate(fixture, { Environment: 'test' }, { region: 'us-west-2', accountId: '123456789012' });
    expect(resourceOf(withAccount, 'ImagesBucket').properties.BucketName).toBe('clinnet-images-v2-123456789012-us-west-2-test');
    expect(resourceOf(dev, 'ApiAccessLogGroup').properties.RetentionInDays).toBe(7);
    expect(resourceOf(prod, 'ApiAccessLogGroup').properties.RetentionInDays).toBe(365);
  });

  it('applies Globals.Function to every function: own values win, maps merge, lines say where each value is written', () => {
    const summarize = resourceOf(dev, 'SummarizeNoteFunction');
    expect(summarize.properties).toMatchObject({ Runtime: 'python3.12', Timeout: 60, Architectures: ['x86_64'], Tracing: 'Active' });
    expect(summarize.propertyLines['Properties.Timeout']).toBe(lineOf('Timeout: 60'));
    expect(summarize.propertySources['Properties.Timeout']).toBe('resource');
    expect(summarize.propertyLines['Properties.Runtime']).toBe(lineOf('Runtime: python3.12'));
    expect(summarize.propertySources['Properties.Runtime']).toBe('globals');
    expect(summarize.propertySourcePaths['Properties.Runtime']).toBe('Globals.Function.Runtime');
    expect(summarize.properties.Tags).toEqual({ Application: 'clinnet-emr', Component: 'ai' });
    const variables = (summarize.properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'ENVIRONMENT', 'LOG_LEVEL', 'MODEL_ID']);
    expect(variables.ENVIRONMENT).toBe('dev');
    expect(variables.LOG_LEVEL).toBe('DEBUG');
    expect(summarize.propertySources['Properties.Environment.Variables.MODEL_ID']).toBe('resource');
    expect(summarize.propertyLines['Properties.Environment.Variables.DB_PASSWORD']).toBe(lineOf('DB_PASSWORD: !Ref DBPassword'));
    expect(summarize.propertyComments['Properties.Environment.Variables.DB_PASSWORD']).toBe('plain variable, see the security review');

    const getPatients = resourceOf(dev, 'GetPatientsFunction');
    expect(getPatients.properties).toMatchObject({ MemorySize: 256, Timeout: 30, Handler: 'get_patients.lambda_handler' });
    expect(getPatients.propertyLines['Properties.Timeout']).toBe(lineOf('Timeout: 30'));
    expect(getPatients.propertySources['Properties.MemorySize']).toBe('globals');
    expect(getPatients.propertySources['Properties.Handler']).toBe('resource');
    expect(getPatients.properties.VpcConfig).toEqual({
      SecurityGroupIds: [expect.objectContaining({ unresolved: true, expression: '!Ref LambdaSecurityGroup', resource: 'LambdaSecurityGroup' })],
      SubnetIds: ['subnet-0a1b2c3d4e5f67890', 'subnet-0f9e8d7c6b5a43210'],
    });
    // not a SAM resource: Globals do not apply
    expect(resourceOf(dev, 'ServicesTable').properties).not.toHaveProperty('Runtime');
    expect(resourceOf(dev, 'DependenciesLayer').properties).toEqual({
      LayerName: 'clinnet-dependencies-dev',
      Description: 'PyMySQL and shared helpers',
      ContentUri: 'layers/dependencies/',
      CompatibleRuntimes: ['python3.12'],
      RetentionPolicy: 'Delete',
    });
  });

  it('applies Globals.Api to the SAM API', () => {
    const api = resourceOf(dev, 'ClinnetApi');
    expect(api.properties.StageName).toBe('dev');
    expect(api.properties.Cors).toMatchObject({ AllowOrigin: "'*'" });
    expect(api.propertySources['Properties.Cors']).toBe('globals');
  });

  it('records which properties are a plain !Ref of a parameter (how DB_PASSWORD reaches every function)', () => {
    const functions = dev.resources.filter((r) => r.type === 'AWS::Serverless::Function');
    expect(functions.length).toBeGreaterThanOrEqual(22);
    for (const fn of functions) expect(fn.parameterRefs['Properties.Environment.Variables.DB_PASSWORD'], fn.logicalId).toBe('DBPassword');
    expect(resourceOf(dev, 'ClinnetDatabaseCluster').parameterRefs).toMatchObject({ 'Properties.MasterUserPassword': 'DBPassword', 'Properties.MasterUsername': 'DBUsername' });
    expect(resourceOf(dev, 'ClinnetApi').parameterRefs).toEqual({ 'Properties.StageName': 'Environment' });
  });

  it("never copies the NoEcho password's value out: Unresolved where it is used, '****' among the parameters", () => {
    for (const template of [dev, prod]) {
      expect(JSON.stringify(template).includes('ClinnetDev2024!')).toBe(false);
      expect(template.declaredParameters.find((p) => p.name === 'DBPassword')).toMatchObject({ noEcho: true, default: '****' });
      const fn = resourceOf(template, 'GetPatientsFunction');
      expect((fn.properties.Environment as { Variables: Record<string, unknown> }).Variables.DB_PASSWORD).toEqual({
        unresolved: true,
        expression: '!Ref DBPassword',
        reason: 'parameter DBPassword is NoEcho: its value is never copied out of the template',
      });
      expect(resourceOf(template, 'ClinnetDatabaseCluster').properties.MasterUserPassword).toMatchObject({ unresolved: true, expression: '!Ref DBPassword' });
    }
  });

  it('a parameter whose name says password is kept secret even without NoEcho', () => {
    const parsed = parseTemplate('Parameters:\n  AdminPassword: { Type: String, Default: hunter2 }\nResources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      P: !Ref AdminPassword\n      S: !Sub "u:${AdminPassword}"\n', 't.yaml');
    const resolved = resolveTemplate(parsed, {});
    expect(JSON.stringify(resolved).includes('hunter2')).toBe(false);
    expect(resolved.parameters).toEqual({ AdminPassword: '****' });
    expect(resolved.resources[0].properties).toEqual({
      P: { unresolved: true, expression: '!Ref AdminPassword', reason: 'parameter AdminPassword holds a secret (its name says so): its value is never copied out of the template' },
      S: 'u:${AdminPassword}',
    });
    expect(resolved.resources[0].parameterRefs).toEqual({ 'Properties.P': 'AdminPassword' });
  });

  it('keeps values that cannot be known offline as Unresolved, with the expression and the reason', () => {
    const variables = (resourceOf(dev, 'GetUsersFunction').properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.DB_HOST).toEqual({
      unresolved: true,
      expression: '!GetAtt ClinnetDatabaseCluster.Endpoint.Address',
      reason: expect.stringContaining('known only once the stack is deployed'),
      resource: 'ClinnetDatabaseCluster',
      attribute: 'Endpoint.Address',
    });
    expect(variables.DB_USER).toEqual({ unresolved: true, expression: '!Ref DBUsername', reason: expect.stringContaining('parameter DBUsername has no Default') });
    expect(dev.parameters).toEqual({
      Environment: 'dev',
      DBPassword: '****',
      VpcId: 'vpc-0a1b2c3d4e5f67890',
      PrivateSubnetIds: 'subnet-0a1b2c3d4e5f67890,subnet-0f9e8d7c6b5a43210',
    });
    expect(dev.notes).toEqual([]);
  });

  it('keeps the comment beside the cache policy for the resolved path', () => {
    const distribution = resourceOf(prod, 'ClinnetDistribution');
    expect(distribution.propertyComments['Properties.DistributionConfig.CacheBehaviors.0.CachePolicyId']).toBe('CachingOptimized');
    const behaviors = (distribution.properties.DistributionConfig as { CacheBehaviors: Array<Record<string, unknown>> }).CacheBehaviors;
    expect(behaviors[0].CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    const origins = (distribution.properties.DistributionConfig as { Origins: Array<Record<string, unknown>> }).Origins;
    expect(origins[1].DomainName).toBe('${ClinnetApi}.execute-api.us-west-2.amazonaws.com');
    expect(origins[1].OriginPath).toBe('/prod');
  });

  it('refuses a parameter value the template does not allow, and an undeclared parameter', () => {
    expect(() => resolveTemplate(fixture, { Environment: 'staging' })).toThrow(TemplateError);
    expect(() => resolveTemplate(fixture, { Environment: 'staging' })).toThrow(
      `clinnet-backend.yaml:${lineOf('Environment:')}: parameter Environment: 'staging' is not one of its AllowedValues (dev, test, prod)`,
    );
    expect(() => resolveTemplate(fixture, { Stage: 'dev' })).toThrow(/parameter Stage is not declared in the template/);
  });
});

describe('resolveTemplate: each intrinsic', () => {
  const head = `Parameters:
  Env: { Type: String, Default: dev }
  Names: { Type: CommaDelimitedList, Default: 'a,b,c' }
  Secret: { Type: String, NoEcho: true }
  Token: { Type: String, NoEcho: true, Default: s3cr3t }
  FromSsm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /clinnet/x }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Equals [prod, !Ref Env]
  HasToken: !Equals [!Ref Token, s3cr3t]
  Both: !And [!Condition IsDev, !Not [!Condition IsProd]]
  Either: !Or [!Condition IsProd, !Equals [!Ref Env, test]]
Mappings:
  Sizes:
    dev: { Memory: 512 }
    prod: { Memory: 2048 }
`;
  const props = `      RefParam: !Ref Env
      RefList: !Ref Names
      RefResource: !Ref Other
      RefSecret: !Ref Secret
      RefSsm: !Ref FromSsm
      RefToken: !Ref Token
      SubToken: !Sub 'Bearer \${Token}'
      TokenCondition: !If [HasToken, compared, not-compared]
      Region: !Ref AWS::Region
      Account: !Ref AWS::AccountId
      Partition: !Ref AWS::Partition
      Stack: !Ref AWS::StackName
      Gone: !Ref AWS::NoValue
      IfTrue: !If [IsDev, yes-dev, no]
      IfGone: !If [IsProd, 1, !Ref AWS::NoValue]
      Both: !If [Both, both, neither]
      Either: !If [Either, either, neither]
      List: [a, !If [IsProd, b, !Ref AWS::NoValue], c]
      Sub: !Sub 'app-\${Env}-\${AWS::Region}-\${Other}-\${Other.Arn}-\${!Literal}'
      SubVars: !Sub ['\${Name}-\${Env}', { Name: !Ref Env }]
      Join: !Join ['-', [a, !Ref Env, !Select [1, !Ref Names]]]
      JoinUnknown: !Join ['', ['arn:', !GetAtt Other.Arn]]
      Select: !Select [2, !Split [',', 'x,y,z']]
      SelectAz: !Select [0, !GetAZs '']
      Split: !Split ['|', 'a|b']
      FindInMap: !FindInMap [Sizes, !Ref Env, Memory]
      FindMissing: !FindInMap [Sizes, test, Memory]
      Base64: !Base64 hello
      GetAtt: !GetAtt Other.Arn
      Import: !ImportValue shared-vpc-id
      Cidr: !Cidr [10.0.0.0/16, 4, 8]
      LongForm:
        Fn::Join: [',', [{ Ref: Env }, { 'Fn::Sub': '\${Env}!' }]]
`;

  it('resolves parameters, pseudo parameters, conditions, and the string functions', () => {
    const resolved = resolveProperties(props, head, {}, { region: 'eu-west-1', accountId: '111122223333', stackName: 'clinnet-dev' });
    expect(resolved.properties).toMatchObject({
      RefParam: 'dev',
      RefList: ['a', 'b', 'c'],
      RefResource: { unresolved: true, expression: '!Ref Other', resource: 'Other' },
      RefSecret: { unresolved: true, expression: '!Ref Secret' },
      RefSsm: { unresolved: true, reason: expect.stringContaining('SSM') },
      RefToken: { unresolved: true, expression: '!Ref Token', reason: expect.stringContaining('NoEcho') },
      SubToken: 'Bearer ${Token}',
      TokenCondition: 'compared',
      Region: 'eu-west-1',
      Account: '111122223333',
      Partition: 'aws',
      Stack: 'clinnet-dev',
      IfTrue: 'yes-dev',
      Both: 'both',
      Either: 'neither',
      List: ['a', 'c'],
      Sub: 'app-dev-eu-west-1-${Other}-${Other.Arn}-${Literal}',
      SubVars: 'dev-dev',
      Join: 'a-dev-b',
      JoinUnknown: { unresolved: true, expression: "!Join ['', ['arn:', !GetAtt Other.Arn]]", resource: 'Other', attribute: 'Arn' },
      Select: 'z',
      SelectAz: { unresolved: true, expression: "!Select [0, !GetAZs '']" },
      Split: ['a', 'b'],
      FindInMap: 512,
      FindMissing: { unresolved: true, reason: 'Mappings has no Sizes.test.Memory' },
      Base64: 'aGVsbG8=',
      GetAtt: { unresolved: true, expression: '!GetAtt Other.Arn', resource: 'Other', attribute: 'Arn' },
      Import: { unresolved: true, expression: '!ImportValue shared-vpc-id', reason: expect.stringContaining('export of another stack') },
      Cidr: { unresolved: true, expression: '!Cidr [10.0.0.0/16, 4, 8]' },
      LongForm: 'dev,dev!',
    });
    expect(resolved.properties).not.toHaveProperty('Gone');
    expect(resolved.properties).not.toHaveProperty('IfGone');
    expect(resolved.parameterRefs).toMatchObject({ 'Properties.RefParam': 'Env', 'Properties.RefSecret': 'Secret', 'Properties.RefList': 'Names' });
    expect(resolved.parameterRefs).not.toHaveProperty('Properties.RefResource');
    expect(resolved.propertyLines['Properties.List.1']).toBe(resolved.propertyLines['Properties.List']);
  });

  it('without a region or account, keeps them Unresolved in a Ref and literal in a Sub', () => {
    const resolved = resolveProperties(props, head, { Env: 'prod' });
    expect(resolved.properties.Region).toMatchObject({ unresolved: true, expression: '!Ref AWS::Region', reason: expect.stringContaining('pseudo parameter AWS::Region') });
    expect(resolved.properties.Account).toMatchObject({ unresolved: true, expression: '!Ref AWS::AccountId' });
    expect(resolved.properties.Sub).toBe('app-prod-${AWS::Region}-${Other}-${Other.Arn}-${Literal}');
    expect(resolved.properties.IfGone).toBe(1);
    expect(resolved.properties.List).toEqual(['a', 'b', 'c']);
    expect(resolved.properties.FindInMap).toBe(2048);
  });

  it('a property named Condition stays a property; a Condition naming a declared condition is its value', () => {
    const resolved = resolveProperties('      Rule:\n        Condition: { KeyPrefixEquals: docs/ }\n      Flag: !Condition IsDev\n', head);
    expect(resolved.properties).toEqual({ Rule: { Condition: { KeyPrefixEquals: 'docs/' } }, Flag: true });
  });

  it('a condition on something unknown offline is false, and the notes say so', () => {
    const template = parseTemplate(
      `Conditions:\n  InUsEast1: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  R:\n    Type: AWS::X::Y\n    Condition: InUsEast1\n`,
      't.yaml',
    );
    const resolved = resolveTemplate(template, {});
    expect(resolved.resources).toEqual([]);
    expect(resolved.conditions).toEqual({ InUsEast1: false });
    expect(resolved.notes).toEqual([expect.stringMatching(/^condition InUsEast1: .*AWS::Region.* taken as false$/)]);
    expect(resolveTemplate(template, {}, { region: 'us-east-1' }).resources).toHaveLength(1);
  });
});

describe('resolveTemplate: SAM Globals merge rules', () => {
  const template = (resource: string, globals: string) =>
    parseTemplate(`Transform: AWS::Serverless-2016-10-31\nGlobals:\n${globals}Resources:\n  Layer:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n      ContentUri: l/\n  F:\n    Type: AWS::Serverless::Function\n${resource}`, 'sam.yaml');

  it('appends the resource list to the Globals list (Layers)', () => {
    const parsed = template('    Properties:\n      Layers:\n        - !Ref Layer\n        - arn:aws:lambda:us-west-2:123456789012:layer:own:1\n', '  Function:\n    Layers:\n      - arn:aws:lambda:us-west-2:123456789012:layer:shared:3\n');
    const fn = resolveTemplate(parsed, {}).resources[1];
    expect(fn.properties.Layers).toEqual([
      'arn:aws:lambda:us-west-2:123456789012:layer:shared:3',
      expect.objectContaining({ expression: '!Ref Layer' }),
      'arn:aws:lambda:us-west-2:123456789012:layer:own:1',
    ]);
    expect(fn.propertySources['Properties.Layers.0']).toBe('globals');
    expect(fn.propertyLines['Properties.Layers.0']).toBe(5);
    expect(fn.propertySources['Properties.Layers.1']).toBe('resource');
    expect(fn.propertyLines['Properties.Layers.1']).toBe(15);
    expect(fn.propertyLines['Properties.Layers.2']).toBe(16);
  });

  it('an intrinsic on the resource replaces the Globals value whole; a value of another kind wins too', () => {
    const parsed = template(
      '    Properties:\n      Environment: !If [C, { Variables: { A: a } }, !Ref AWS::NoValue]\n      Layers: !Ref AWS::NoValue\n      Timeout: 10\n',
      '  Function:\n    Timeout: 3\n    Layers: [x]\n    Environment:\n      Variables:\n        G: g\n',
    );
    const fn = resolveTemplate(parsed, {}).resources[1];
    expect(fn.properties).toEqual({ Timeout: 10 });
    expect(resolveTemplate(parsed, {}).notes).toEqual(['condition C is not declared in Conditions: taken as false']);
  });

  it('honours IgnoreGlobals and reports a property SAM does not take under Globals', () => {
    const parsed = template('    IgnoreGlobals: [Timeout]\n    Properties:\n      Handler: h\n', '  Function:\n    Timeout: 3\n    MemorySize: 128\n    FunctionName: nope\n');
    const resolved = resolveTemplate(parsed, {});
    expect(resolved.resources[1].properties).toEqual({ MemorySize: 128, Handler: 'h' });
    expect(resolved.notes).toEqual([expect.stringContaining('Globals.Function.FunctionName is not a property SAM supports')]);
  });

  it('applies Globals only when the template has the SAM transform', () => {
    const parsed = parseTemplate('Globals:\n  Function:\n    Timeout: 3\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: h }\n', 'cfn.yaml');
    expect(resolveTemplate(parsed, {}).resources[0].properties).toEqual({ Handler: 'h' });
  });
});
