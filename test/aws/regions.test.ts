/** Region names against the SDK's own partitions: listed or partition-shaped names pass, the rest is exit 2 with the nearest names. */
import { describe, expect, it } from 'vitest';
import { assertRegion, checkRegion, editDistance, sdkPartitions } from '../../src/aws/regions.js';
import { ExitCode } from '../../src/errors.js';

describe('the SDK partitions', () => {
  it('are read from the installed SDK, with the commercial, China and GovCloud regions', () => {
    const partitions = sdkPartitions();
    const ids = partitions.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['aws', 'aws-cn', 'aws-us-gov']));
    const regions = partitions.flatMap((p) => p.regions);
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1']));
  });
});

describe('checkRegion', () => {
  const partitions = sdkPartitions();

  it('accepts every region the SDK lists, in its partition', () => {
    expect(checkRegion('eu-central-1', partitions)).toEqual({ ok: true, partition: 'aws' });
    expect(checkRegion('cn-northwest-1', partitions)).toEqual({ ok: true, partition: 'aws-cn' });
    expect(checkRegion('us-gov-east-1', partitions)).toEqual({ ok: true, partition: 'aws-us-gov' });
  });

  it('accepts a name of a partition\'s shape that this SDK does not list yet (a newer region)', () => {
    expect(checkRegion('eu-south-9', partitions)).toEqual({ ok: true, partition: 'aws' });
  });

  it('refuses impossible names with the three nearest known regions', () => {
    const mars = checkRegion('mars-1', partitions);
    expect(mars.ok).toBe(false);
    if (!mars.ok) {
      expect(mars.nearest).toHaveLength(3);
      for (const name of mars.nearest) expect(partitions.flatMap((p) => p.regions)).toContain(name);
    }
    expect(checkRegion('us-east-1/../../x', partitions)).toEqual({ ok: false, nearest: ['us-east-1', 'us-east-2', expect.any(String)] });
    expect(checkRegion('useast1', partitions)).toMatchObject({ ok: false, nearest: expect.arrayContaining(['us-east-1']) });
    expect(checkRegion('', partitions).ok).toBe(false);
  });

  it('assertRegion throws a usage error (exit 2) naming the source and the nearest names', () => {
    expect(() => assertRegion('us-east-1', '--region')).not.toThrow();
    expect(() => assertRegion('mars-1', 'AWS_REGION')).toThrow(expect.objectContaining({ exitCode: ExitCode.usage, message: expect.stringMatching(/^AWS_REGION: "mars-1" is not an AWS region; nearest: [a-z-]+-\d, [a-z-]+-\d, [a-z-]+-\d$/) }));
  });

  it('editDistance counts single-character edits', () => {
    expect(editDistance('us-east-1', 'us-east-1')).toBe(0);
    expect(editDistance('us-east-1', 'us-east-2')).toBe(1);
    expect(editDistance('eu-wset-1', 'eu-west-1')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
