// The one deadline of a live scan: what it hands to timers inside it, and how parts of it end with it.
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../../src/engine/net/deadline.js';

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));
}

describe('Deadline', () => {
  it('gives timers inside it less than the time left, so they fire first', () => {
    const deadline = new Deadline(60_000);
    try {
      const timer = deadline.timerMs();
      expect(timer).toBeLessThan(deadline.remainingMs());
      expect(timer).toBeGreaterThan(50_000);
    } finally {
      deadline.dispose();
    }
  });

  it('aborts its signal as a timeout when it passes, and then leaves timers no time', async () => {
    const deadline = new Deadline(20);
    const reason = await aborted(deadline.signal);
    expect((reason as DOMException).name).toBe('TimeoutError');
    expect(deadline.expired).toBe(true);
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.timerMs()).toBe(1);
  });

  it('ends a part of the work at its own budget or the whole deadline, whichever comes first', async () => {
    const whole = new Deadline(60_000);
    try {
      const probe = whole.within(20);
      expect(probe.ms).toBe(20);
      await aborted(probe.signal);
      expect(whole.expired).toBe(false);

      const long = whole.within(10 * 60_000);
      expect(long.ms).toBeLessThanOrEqual(60_000);
      const cancel = new AbortController();
      const scan = new Deadline(60_000, cancel.signal);
      const part = scan.within(60_000);
      cancel.abort(new Error('cancelled'));
      expect(scan.expired).toBe(true);
      expect(part.expired).toBe(true);
      long.dispose();
    } finally {
      whole.dispose();
    }
  });
});
