/** Generated resources map back to the SAM resource that made them, by SAM's documented logical IDs. */
import { describe, expect, it } from 'vitest';
import { samSources } from '../../../src/inventory/stacks/sam-source.js';
import { readTemplateOutline } from '../../../src/inventory/stacks/template-outline.js';
import { ORIGINAL, PROCESSED } from './sam-template.js';

const original = readTemplateOutline(ORIGINAL)!;
const processed = readTemplateOutline(PROCESSED)!;
const deployed = Object.entries(processed.resources).map(([logicalId, r]) => ({ logicalId, type: r.type }));

describe('samSources', () => {
  const sources = samSources(original.resources, deployed);

  it("maps a function's role, version, alias and event permission to the function", () => {
    for (const id of ['GetPatientsFunction', 'GetPatientsFunctionRole', 'GetPatientsFunctionVersion640128d35d', 'GetPatientsFunctionAliaslive', 'GetPatientsFunctionGetPatientsPermissionProd']) {
      expect([id, sources.get(id)]).toEqual([id, 'GetPatientsFunction']);
    }
  });

  it('gives a generated ID to the longest SAM name it starts with: GetPatientsFunctionRole is not GetPatients’s', () => {
    expect(sources.get('GetPatients')).toBe('GetPatients');
    expect(sources.get('GetPatientsRole')).toBe('GetPatients');
  });

  it("maps an API's deployment and stage to the API, and a layer's version to the layer", () => {
    expect(sources.get('ClinnetApi')).toBe('ClinnetApi');
    expect(sources.get('ClinnetApiDeployment47fc2d5f9d')).toBe('ClinnetApi');
    expect(sources.get('ClinnetApidevStage')).toBe('ClinnetApi');
    expect(sources.get('UtilsLayer3a5ffd0a91')).toBe('UtilsLayer');
  });

  it('maps plain resources and what no documented rule explains to null', () => {
    expect(sources.get('ServicesTable')).toBeNull();
    expect(sources.get('ServerlessDeploymentApplication')).toBeNull();
  });

  it('checks the generated type: a Lambda permission named like a role is not the role', () => {
    const s = samSources(original.resources, [{ logicalId: 'GetPatientsFunctionRole', type: 'AWS::SNS::Topic' }, { logicalId: 'GetPatientsFunctionVersionnothexhash', type: 'AWS::Lambda::Version' }]);
    expect(s.get('GetPatientsFunctionRole')).toBeNull();
    expect(s.get('GetPatientsFunctionVersionnothexhash')).toBeNull();
  });
});

describe('readTemplateOutline', () => {
  it('reads the Transform, the NoEcho parameters and the resource types of a YAML template with short-form tags', () => {
    expect(original.transforms).toEqual(['AWS::Serverless-2016-10-31']);
    expect(original.noEchoParameters).toEqual(['DBPassword']);
    expect(original.resources.GetPatientsFunction).toEqual({ type: 'AWS::Serverless::Function', eventNames: ['GetPatients'] });
    expect(original.resources.ServicesTable.type).toBe('AWS::DynamoDB::Table');
  });

  it('reads a JSON template, and gives null for a body that is no template', () => {
    expect(processed.transforms).toEqual([]);
    expect(processed.noEchoParameters).toEqual(['DBPassword']);
    expect(readTemplateOutline('just: [unclosed')).toBeNull();
    expect(readTemplateOutline('a: 1')).toBeNull();
  });
});
