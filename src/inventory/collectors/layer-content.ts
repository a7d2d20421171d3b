/**
 * A layer that lists no CompatibleArchitectures (SAM's AWS::Serverless::LayerVersion with only
 * CompatibleRuntimes, usual for pure-Python layers) says nothing about its architecture: its content
 * does. GetLayerVersion gives a presigned Content.Location; the zip is downloaded from there and scanned
 * with the scanner the arm64 fixer runs on a function's own package (x86-64 ELF files). Content that
 * cannot be read is said so, with the reason: never taken as architecture-neutral.
 */
import { findX86Binaries } from '../../fixers/lambda/elf-scan.js';
import { readZipEntries } from '../../fixers/lambda/zip-reader.js';
import type { LayerContentScan } from '../snapshot.js';

/** The largest layer zip the audit downloads to scan (a layer unzips to at most 250 MB with the function). */
export const LAYER_SCAN_MAX_BYTES = 100 * 1024 * 1024;
/** A download that has not finished by then is given up (the layer counts as unreadable). */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** How many x86-64 files a scan keeps by name. */
const SHOWN_BINARIES = 5;

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export interface LayerContent {
  /** Content.Location: a presigned URL, valid for minutes. */
  location: string | undefined;
  /** Content.CodeSize, in bytes. */
  codeSize: number | undefined;
}

const unreadable = (why: string): LayerContentScan => ({ nativeX8664: null, reason: why });

/** S3's error code from an error body (`<Code>AccessDenied</Code>`), when it has one. */
function s3ErrorCode(body: string): string | null {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? null;
}

class TooBig extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new TooBig(megabytes(declared));
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new TooBig(`more than ${megabytes(maxBytes)}`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The result of scanning a zip: native x86-64 files, or none among its files. */
export function scanLayerZip(zip: Buffer): LayerContentScan {
  let files: number;
  let found: string[];
  try {
    files = readZipEntries(zip).filter((entry) => !entry.name.endsWith('/')).length;
    found = findX86Binaries(zip);
  } catch (error) {
    return unreadable(`not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  if (found.length) {
    const more = found.length > SHOWN_BINARIES ? ` and ${found.length - SHOWN_BINARIES} more` : '';
    return { nativeX8664: true, x86Binaries: found.slice(0, SHOWN_BINARIES), reason: `native x86-64 code: ${found.slice(0, SHOWN_BINARIES).join(', ')}${more}` };
  }
  return { nativeX8664: false, filesScanned: files, reason: `no native x86-64 code in its ${files} file${files === 1 ? '' : 's'}` };
}

/** Downloads a layer's content from its presigned location and scans it. Never throws. */
export async function scanLayerContent(content: LayerContent, maxBytes: number = LAYER_SCAN_MAX_BYTES): Promise<LayerContentScan> {
  if (!content.location) return unreadable('GetLayerVersion returned no content location');
  if (content.codeSize !== undefined && content.codeSize > maxBytes) {
    return unreadable(`the content is ${megabytes(content.codeSize)}, above the ${megabytes(maxBytes)} the audit downloads to scan`);
  }
  let zip: Buffer;
  try {
    const response = await fetch(content.location, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) {
      const code = s3ErrorCode(await response.text().catch(() => ''));
      return unreadable(`download failed (HTTP ${response.status}${code ? ` ${code}` : ''})`);
    }
    zip = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof TooBig) return unreadable(`the content is ${error.message}, above the ${megabytes(maxBytes)} the audit downloads to scan`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return unreadable(`download failed (${error instanceof Error ? error.message : String(error)}${cause})`);
  }
  return scanLayerZip(zip);
}
