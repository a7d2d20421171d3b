/**
 * moto's IAM speaks the query protocol and the project has no IAM client: one unsigned request.
 * moto tells the account from the access key in the Authorization header, so a member account's role
 * is created with that member's key (from AssumeRole); the default key "test" is the management account.
 */
export async function createRole(endpoint: string, name: string, region = 'us-east-1', accessKeyId = 'test'): Promise<string> {
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: name, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' });
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/${region}/iam/aws4_request, SignedHeaders=host, Signature=x` },
  });
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
  if (!arn) throw new Error(`moto: CreateRole ${name} failed (HTTP ${res.status})`);
  return arn;
}
