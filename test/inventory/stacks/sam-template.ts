/** A SAM backend as `sam deploy` leaves it: the Original template (YAML, short-form tags), its Processed stage (JSON) and the stack's resources. */
export const STACK = 'clinnet-emr-backend';
export const STACK_ID = `arn:aws:cloudformation:us-west-2:111122223333:stack/${STACK}/1a2b3c4d-0000-1111-2222-333344445555`;

export const ORIGINAL = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, test, prod]
  DBPassword:
    Type: String
    NoEcho: true
  DBUsername:
    Type: String
    Default: admin
  ApiToken:
    Type: String
    Default: not-really-secret
Conditions:
  IsProduction: !Equals [!Ref Environment, prod]
Globals:
  Function:
    Runtime: python3.12
    MemorySize: !If [IsProduction, 512, 256]
Resources:
  GetPatientsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      AutoPublishAlias: live
      Environment:
        Variables:
          DB_PASSWORD: !Ref DBPassword
      Events:
        GetPatients:
          Type: Api
          Properties:
            RestApiId: !Ref ClinnetApi
            Path: /patients
            Method: get
  GetPatients:
    Type: AWS::Serverless::Function
    Properties:
      Handler: other.handler
  ClinnetApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Environment
  UtilsLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/utils
      CompatibleRuntimes: [python3.12]
  ServicesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub clinnet-services-v2-\${Environment}
`;

export const PROCESSED = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: { Environment: { Type: 'String' }, DBPassword: { Type: 'String', NoEcho: true } },
  Resources: {
    GetPatientsFunction: { Type: 'AWS::Lambda::Function', Properties: { Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }] } },
    GetPatientsFunctionRole: { Type: 'AWS::IAM::Role' },
    GetPatientsFunctionVersion640128d35d: { Type: 'AWS::Lambda::Version' },
    GetPatientsFunctionAliaslive: { Type: 'AWS::Lambda::Alias' },
    GetPatientsFunctionGetPatientsPermissionProd: { Type: 'AWS::Lambda::Permission' },
    GetPatients: { Type: 'AWS::Lambda::Function' },
    GetPatientsRole: { Type: 'AWS::IAM::Role' },
    ClinnetApi: { Type: 'AWS::ApiGateway::RestApi' },
    ClinnetApiDeployment47fc2d5f9d: { Type: 'AWS::ApiGateway::Deployment' },
    ClinnetApidevStage: { Type: 'AWS::ApiGateway::Stage' },
    UtilsLayer3a5ffd0a91: { Type: 'AWS::Lambda::LayerVersion' },
    ServicesTable: { Type: 'AWS::DynamoDB::Table' },
    ServerlessDeploymentApplication: { Type: 'AWS::CodeDeploy::Application' },
  },
});

const fn = (name: string) => `${STACK}-${name}-1A2B3C4D5E6F`;
export const FUNCTION_NAME = fn('GetPatientsFunction');

/** ListStackResources' summaries, in the order CloudFormation lists them (alphabetical by logical ID). */
export const STACK_RESOURCES = [
  { LogicalResourceId: 'ClinnetApi', PhysicalResourceId: 'a1b2c3d4e5', ResourceType: 'AWS::ApiGateway::RestApi' },
  { LogicalResourceId: 'ClinnetApiDeployment47fc2d5f9d', PhysicalResourceId: 'dep123', ResourceType: 'AWS::ApiGateway::Deployment' },
  { LogicalResourceId: 'ClinnetApidevStage', PhysicalResourceId: 'dev', ResourceType: 'AWS::ApiGateway::Stage' },
  { LogicalResourceId: 'GetPatients', PhysicalResourceId: fn('GetPatients'), ResourceType: 'AWS::Lambda::Function' },
  { LogicalResourceId: 'GetPatientsFunction', PhysicalResourceId: FUNCTION_NAME, ResourceType: 'AWS::Lambda::Function' },
  { LogicalResourceId: 'GetPatientsFunctionAliaslive', PhysicalResourceId: `arn:aws:lambda:us-west-2:111122223333:function:${FUNCTION_NAME}:live`, ResourceType: 'AWS::Lambda::Alias' },
  { LogicalResourceId: 'GetPatientsFunctionGetPatientsPermissionProd', PhysicalResourceId: `${STACK}-GetPatientsFunctionGetPatientsPermissionProd-XYZ`, ResourceType: 'AWS::Lambda::Permission' },
  { LogicalResourceId: 'GetPatientsFunctionRole', PhysicalResourceId: `${STACK}-GetPatientsFunctionRole-ABC`, ResourceType: 'AWS::IAM::Role' },
  { LogicalResourceId: 'GetPatientsFunctionVersion640128d35d', PhysicalResourceId: `arn:aws:lambda:us-west-2:111122223333:function:${FUNCTION_NAME}:1`, ResourceType: 'AWS::Lambda::Version' },
  { LogicalResourceId: 'GetPatientsRole', PhysicalResourceId: `${STACK}-GetPatientsRole-DEF`, ResourceType: 'AWS::IAM::Role' },
  { LogicalResourceId: 'ServerlessDeploymentApplication', PhysicalResourceId: `${STACK}-ServerlessDeploymentApplication-GHI`, ResourceType: 'AWS::CodeDeploy::Application' },
  { LogicalResourceId: 'ServicesTable', PhysicalResourceId: 'clinnet-services-v2-dev', ResourceType: 'AWS::DynamoDB::Table' },
  { LogicalResourceId: 'UtilsLayer3a5ffd0a91', PhysicalResourceId: 'arn:aws:lambda:us-west-2:111122223333:layer:UtilsLayer:3', ResourceType: 'AWS::Lambda::LayerVersion' },
].map((r) => ({ ...r, ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date('2026-11-02T10:00:00Z') }));
