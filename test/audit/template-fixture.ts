/** A small SAM backend: Globals, an Environment parameter with two values, a password parameter with a default, !If on the environment. */
export const SMALL_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  DbPassword:
    Type: String
    NoEcho: true
    Default: Hunter2-default-pw
Conditions:
  IsProduction: !Equals [!Ref Environment, prod]
Globals:
  Function:
    Runtime: python3.12
    MemorySize: 256
    Timeout: 10
Resources:
  GetPatientsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Timeout: 60
      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword
      Events:
        List:
          Type: Api
          Properties:
            Path: /patients
            Method: get
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /clinnet/app-\${Environment}
      RetentionInDays: !If [IsProduction, 3653, 90]
`;
