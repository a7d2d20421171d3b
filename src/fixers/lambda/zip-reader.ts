/**
 * A small zip reader (central directory + inflateRaw) so arm64 readiness can be checked without a
 * dependency. Reads stored and deflated entries; zip64 and encrypted entries are reported as errors.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The first bytes of the uncompressed content (enough for a file header). */
  read(maxBytes?: number): Buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  throw new Error('not a zip file (no end of central directory)');
}

export function readZipEntries(zip: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) throw new Error('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new Error('corrupt zip central directory');
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    entries.push({
      name,
      read(maxBytes = Number.POSITIVE_INFINITY) {
        if (flags & 1) throw new Error(`${name}: encrypted entry`);
        if (zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new Error(`${name}: corrupt local header`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return data.subarray(0, Math.min(data.length, maxBytes));
        if (method === 8) {
          const out = inflateRawSync(data, Number.isFinite(maxBytes) ? { maxOutputLength: Math.max(maxBytes, 64) } : {});
          return out.subarray(0, Math.min(out.length, maxBytes));
        }
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
  }
  return entries;
}
