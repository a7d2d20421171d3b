/**
 * One bound on in-flight AWS requests, shared by every collector. List pages jump the queue:
 * each page unlocks more work, so serving them first keeps every slot busy until the end.
 */
export type Priority = 'list' | 'item';

interface Waiter {
  start: () => void;
  fail: (error: unknown) => void;
}

export class Limiter {
  private active = 0;
  private readonly lists: Waiter[] = [];
  private readonly items: Waiter[] = [];
  private failure: { error: unknown } | undefined;
  /** The most requests ever in flight at once (tests check the bound). */
  peak = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  async run<T>(fn: () => Promise<T>, priority: Priority = 'item'): Promise<T> {
    await this.acquire(priority);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Stops the queue: waiting and later requests reject with `error` (e.g. no credentials). */
  abort(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    for (const waiter of [...this.lists.splice(0), ...this.items.splice(0)]) waiter.fail(error);
  }

  private acquire(priority: Priority): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.active < this.limit) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { start: () => resolve(), fail: reject };
      (priority === 'list' ? this.lists : this.items).push(waiter);
    });
  }

  private take(): void {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
  }

  private release(): void {
    this.active--;
    const next = this.lists.shift() ?? this.items.shift();
    if (next) {
      this.take();
      next.start();
    }
  }
}
