/**
 * The export path's AWS edge: DynamoDB's own export to S3 (which reads no table capacity) and the
 * S3 objects it writes and reads. Requests as the services document them:
 * DescribeContinuousBackups, ExportTableToPointInTime (DYNAMODB_JSON, FULL_EXPORT), DescribeExport,
 * GetObject, ListObjectsV2, PutObject.
 */
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  DescribeContinuousBackupsCommand,
  DescribeExportCommand,
  ExportTableToPointInTimeCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeAwsError } from '../../aws/errors.js';
import { CliError, ExitCode, accessError, usageError } from '../../errors.js';
import type { Item } from '../dynamo-json.js';

/** Point-in-time recovery must be on: an export reads the table's continuous backups, not the table. */
export async function checkPointInTimeRecovery(client: DynamoDBClient, table: string): Promise<void> {
  const answer = await client.send(new DescribeContinuousBackupsCommand({ TableName: table }));
  const status = answer.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  if (status !== 'ENABLED') {
    throw usageError(
      `--via export needs point-in-time recovery on ${table} (it is ${status ?? 'DISABLED'}): DynamoDB exports from its continuous backups, ` +
        'which is why an export reads no table capacity. Enable it (it is billed per GB-month of table size) with ' +
        `\`aws dynamodb update-continuous-backups --table-name ${table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true\`, ` +
        'or copy without --via export (a parallel Scan, which reads capacity).',
    );
  }
}

export async function startExport(client: DynamoDBClient, input: { tableArn: string; bucket: string; prefix: string }): Promise<string> {
  const answer = await client.send(
    new ExportTableToPointInTimeCommand({
      TableArn: input.tableArn,
      S3Bucket: input.bucket,
      S3Prefix: input.prefix,
      ExportFormat: 'DYNAMODB_JSON',
      ExportType: 'FULL_EXPORT',
    }),
  );
  const arn = answer.ExportDescription?.ExportArn;
  if (!arn) throw new CliError('ExportTableToPointInTime answered without an ExportArn', ExitCode.access);
  return arn;
}

export interface FinishedExport {
  /** S3 key of manifest-summary.json (absent from emulators that write no manifest). */
  manifest?: string;
  itemCount: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls DescribeExport (5 s apart after the first few seconds) until the export completes or fails. */
export async function waitForExport(client: DynamoDBClient, exportArn: string, onWait?: (status: string, elapsedMs: number) => void, signal?: AbortSignal): Promise<FinishedExport> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const description = (await client.send(new DescribeExportCommand({ ExportArn: exportArn }))).ExportDescription;
    const status = description?.ExportStatus ?? 'UNKNOWN';
    if (status === 'COMPLETED') return { manifest: description?.ExportManifest, itemCount: Number(description?.ItemCount ?? 0) };
    if (status === 'FAILED') {
      throw new CliError(`the export ${exportArn} failed: ${description?.FailureCode ?? ''} ${description?.FailureMessage ?? ''}`.trim(), ExitCode.access);
    }
    if (signal?.aborted) throw new CliError('interrupted while the export runs: rerun with --resume to wait for it again', ExitCode.partial);
    onWait?.(status, performance.now() - started);
    await sleep(Math.min(5000, 250 * 2 ** attempt));
  }
}

/** S3 failures (no such bucket, access denied, unreachable endpoint) say which request and what to check (exit 3). */
async function s3Call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw accessError(`S3 ${what}: ${describeAwsError(error)}; check --bucket, the region, and the permissions \`iam-policy --for migrate\` lists`);
  }
}

async function bodyText(s3: S3Client, bucket: string, key: string): Promise<string> {
  return s3Call(`GetObject s3://${bucket}/${key}`, async () => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await answer.Body?.transformToString('utf8')) ?? '';
  });
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3Call(`ListObjectsV2 s3://${bucket}/${prefix}`, () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken })));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys.sort();
}

/**
 * The export's data files: from manifest-files.json (named by manifest-summary.json), as DynamoDB
 * documents. Without a manifest (moto writes none), every `.gz` object under `/data/` below the
 * export's own prefix, which the tool made unique to this run.
 */
export async function exportDataFiles(s3: S3Client, bucket: string, exportPrefix: string, finished: FinishedExport): Promise<string[]> {
  if (finished.manifest) {
    const summary = JSON.parse(await bodyText(s3, bucket, finished.manifest)) as { manifestFilesS3Key?: string };
    if (!summary.manifestFilesS3Key) throw new CliError(`${finished.manifest} names no manifestFilesS3Key`, ExitCode.access);
    const lines = (await bodyText(s3, bucket, summary.manifestFilesS3Key)).split('\n').filter((l) => l.trim() !== '');
    return lines.map((line) => (JSON.parse(line) as { dataFileS3Key: string }).dataFileS3Key).sort();
  }
  return (await listKeys(s3, bucket, `${exportPrefix}/AWSDynamoDB/`)).filter((key) => key.includes('/data/') && key.endsWith('.gz'));
}

/** The items of one gzipped DYNAMODB_JSON data file (`{"Item": {...}}` per line), read as they stream in. */
export async function* exportItems(s3: S3Client, bucket: string, key: string): AsyncGenerator<Item> {
  const answer = await s3Call(`GetObject s3://${bucket}/${key}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
  const body = answer.Body as Readable | undefined;
  if (!body) return;
  const lines = createInterface({ input: body.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { Item?: Item };
    if (!parsed.Item) throw new CliError(`s3://${bucket}/${key}: a line without "Item" (is the export in DYNAMODB_JSON format?)`, ExitCode.access);
    yield parsed.Item;
  }
}

export async function putObject(s3: S3Client, bucket: string, key: string, body: Buffer | string): Promise<void> {
  await s3Call(`PutObject s3://${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv; charset=utf-8' })));
}

export async function objectStream(s3: S3Client, bucket: string, key: string): Promise<Readable> {
  const answer = await s3Call(`GetObject s3://${bucket}/${key}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
  return answer.Body as Readable;
}

export { listKeys };
