/**
 * Limits consumed read capacity per second across all scan segments. A request may overdraw the
 * budget (its cost is known only afterwards); the next requests wait until it is paid back, so the
 * average stays at the limit.
 */
export class CapacityLimiter {
  private balance: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.balance = perSecond;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    this.balance = Math.min(this.perSecond, this.balance + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  /** Waits until the budget is positive. */
  async acquire(): Promise<void> {
    this.refill();
    while (this.balance <= 0) {
      await this.sleep(Math.ceil((-this.balance / this.perSecond) * 1000) + 1);
      this.refill();
    }
  }

  /** Records what a request consumed. */
  consume(units: number): void {
    this.refill();
    this.balance -= units;
  }
}
