import { describe, expect, it } from 'vitest';
import { CapacityLimiter } from '../../src/migrate/rate-limiter.js';

describe('CapacityLimiter', () => {
  it('holds the average consumed capacity at the limit', async () => {
    let now = 0;
    const limiter = new CapacityLimiter(100, () => now, async (ms) => {
      now += ms;
    });
    for (let i = 0; i < 50; i++) {
      await limiter.acquire();
      limiter.consume(40);
    }
    // 2,000 units at 100/s, with the first 100 as the initial budget: about 19 seconds.
    expect(now / 1000).toBeGreaterThanOrEqual(18.5);
    expect(now / 1000).toBeLessThan(20.5);
  });
});
