import { describe, expect, it } from 'vitest';
import { nodeSupportNotice } from '../../src/aws/node-support.js';

describe('the Node.js support notice', () => {
  it('names Node 20 end of life and the SDK requirement in one line', () => {
    const notice = nodeSupportNotice('v20.20.2');
    expect(notice).toBe('note: Node.js 20 reached end of life on 2026-04-30; AWS SDK releases from early January 2027 need Node.js 22 or later (running v20.20.2)');
    expect(notice).not.toContain('\n');
  });

  it('says nothing on the LTS lines the SDK supports', () => {
    for (const version of ['v22.13.0', 'v24.1.0', 'v26.0.0']) expect(nodeSupportNotice(version)).toBeNull();
  });

  it('an unlisted old line is still called past end of life', () => {
    expect(nodeSupportNotice('v19.9.0')).toContain('Node.js 19 is past its end of life');
  });
});
