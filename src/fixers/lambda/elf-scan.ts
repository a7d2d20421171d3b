/** Finds native x86-64 binaries (ELF, e_machine 0x3E) in a Lambda zip package. */
import { readZipEntries } from './zip-reader.js';

const EM_X86_64 = 0x3e;

export function isX86ElfHeader(head: Buffer): boolean {
  if (head.length < 20) return false;
  if (head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return false;
  const littleEndian = head[5] === 1;
  const machine = littleEndian ? head.readUInt16LE(18) : head.readUInt16BE(18);
  return machine === EM_X86_64;
}

export function findX86Binaries(zip: Buffer): string[] {
  const found: string[] = [];
  for (const entry of readZipEntries(zip)) {
    if (entry.name.endsWith('/')) continue;
    let head: Buffer;
    try {
      head = entry.read(64);
    } catch {
      // A truncated read of a deflated entry can fail; read the whole entry then.
      head = entry.read();
    }
    if (isX86ElfHeader(head)) found.push(entry.name);
  }
  return found;
}
