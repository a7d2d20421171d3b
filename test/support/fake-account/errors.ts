/** AWS-shaped errors: the service's own exception class, name, HTTP status and $metadata. */
import { APIGatewayServiceException } from '@aws-sdk/client-api-gateway';
import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { CloudFrontServiceException } from '@aws-sdk/client-cloudfront';
import { CloudWatchLogsServiceException } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { LambdaServiceException } from '@aws-sdk/client-lambda';
import { RDSServiceException } from '@aws-sdk/client-rds';
import { OrganizationsServiceException } from '@aws-sdk/client-organizations';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { STSServiceException } from '@aws-sdk/client-sts';

type ExceptionClass = new (options: { name: string; $fault: 'client' | 'server'; $metadata: { httpStatusCode: number; requestId: string }; message: string }) => Error;

const CLASSES: Record<string, ExceptionClass> = {
  lambda: LambdaServiceException as unknown as ExceptionClass,
  s3: S3ServiceException as unknown as ExceptionClass,
  rds: RDSServiceException as unknown as ExceptionClass,
  dynamodb: DynamoDBServiceException as unknown as ExceptionClass,
  ec2: EC2ServiceException as unknown as ExceptionClass,
  cloudfront: CloudFrontServiceException as unknown as ExceptionClass,
  logs: CloudWatchLogsServiceException as unknown as ExceptionClass,
  apigateway: APIGatewayServiceException as unknown as ExceptionClass,
  organizations: OrganizationsServiceException as unknown as ExceptionClass,
  sts: STSServiceException as unknown as ExceptionClass,
  cloudformation: CloudFormationServiceException as unknown as ExceptionClass,
};

let requestCounter = 0;

export function awsError(service: keyof typeof CLASSES, name: string, message: string, status = 400): Error {
  const Ctor = CLASSES[service];
  return new Ctor({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: `fake-${++requestCounter}` }, message });
}
