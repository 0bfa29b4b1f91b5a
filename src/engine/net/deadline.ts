// One deadline for a whole job (a live scan): every request, body read and stream under it is aborted
// through its signal when it passes, and every timer of a library inside it (the MCP SDK's request
// timeout) is derived from the time left, so nothing can outlive it. A part of the job with a budget
// of its own (a probe's 10 s) gets a deadline `within` it, which ends at the earlier of the two.

/** Timers derived from the deadline fire this much before it (at most a tenth of the time left). */
const TIMER_MARGIN_MS = 500;

export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly endsAt: number;
  private readonly timer: NodeJS.Timeout;
  private readonly unlink: () => void;

  /**
   * @param ms the budget, also named in messages ("did not answer within 3 s")
   * @param parent a deadline or cancellation this one must not outlive
   */
  constructor(
    readonly ms: number,
    parent?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.endsAt = performance.now() + ms;
    this.timer = setTimeout(() => this.abort(new DOMException(`${ms} ms deadline`, 'TimeoutError')), ms);
    const onParentAbort = () => this.abort(parent?.reason);
    parent?.addEventListener('abort', onParentAbort, { once: true });
    this.unlink = () => parent?.removeEventListener('abort', onParentAbort);
    if (parent?.aborted) this.abort(parent.reason);
  }

  /** True once the deadline (or the one it lies within) has passed, or its work was cancelled. */
  get expired(): boolean {
    return this.signal.aborted;
  }

  remainingMs(): number {
    return this.expired ? 0 : Math.max(0, this.endsAt - performance.now());
  }

  /**
   * The timeout to give a timer of our own inside this deadline: the time left, less a margin, so that
   * the timer fires (and is reported as the timeout it is) before the deadline cuts the work under it.
   */
  timerMs(): number {
    const left = this.remainingMs();
    return Math.max(1, Math.floor(left - Math.min(TIMER_MARGIN_MS, left / 10)));
  }

  /** A deadline for part of the work: `ms` from now, or this one's end if that comes first. */
  within(ms: number): Deadline {
    return new Deadline(Math.min(ms, this.remainingMs()), this.signal);
  }

  /** Stops the timer once the work is over (a later abort would find nothing left to stop). */
  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }

  private abort(reason: unknown): void {
    clearTimeout(this.timer);
    this.unlink();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
