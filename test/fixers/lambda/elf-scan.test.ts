import { describe, expect, it } from 'vitest';
import { findX86Binaries, isX86ElfHeader } from '../../../src/fixers/lambda/elf-scan.js';
import { readZipEntries } from '../../../src/fixers/lambda/zip-reader.js';
import { EM_AARCH64, EM_X86_64, elfBinary, makeZip } from '../../support/fake-account/zip-writer.js';

describe('zip reader and x86-64 scan', () => {
  it('reads deflated entries back byte for byte', () => {
    const text = 'exports.handler = async () => 1;\n'.repeat(200);
    const entries = readZipEntries(makeZip({ 'index.js': text, 'lib/a.txt': 'a' }));
    expect(entries.map((e) => e.name)).toEqual(['index.js', 'lib/a.txt']);
    expect(entries[0].read().toString()).toBe(text);
  });

  it('finds x86-64 ELF binaries and ignores arm64 ones and scripts', () => {
    const zip = makeZip({
      'index.js': 'module.exports = 1',
      'node_modules/sharp/sharp-linux-x64.node': elfBinary(EM_X86_64),
      'bin/tool-arm64': elfBinary(EM_AARCH64),
    });
    expect(findX86Binaries(zip)).toEqual(['node_modules/sharp/sharp-linux-x64.node']);
    expect(isX86ElfHeader(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(64)))).toBe(false);
  });

  it('rejects a file that is not a zip', () => {
    expect(() => readZipEntries(Buffer.from('not a zip at all, just text'.repeat(3)))).toThrow(/not a zip/);
  });
});
