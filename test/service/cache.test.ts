import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/service/cache.js';

describe('bounded cache', () => {
  it('holds at most its byte budget, dropping the oldest entries first', () => {
    const cache = new BoundedCache<string>({
      maxEntries: 100,
      maxBytes: 1_000,
      ttlMs: 60_000,
      sizeOf: (v) => v.length,
    });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, 'x'.repeat(200));
    expect(cache.heldBytes).toBeLessThanOrEqual(1_000);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k9')).toBe('x'.repeat(200));
  });

  it('does not keep an entry larger than a quarter of the budget', () => {
    const cache = new BoundedCache<string>({
      maxEntries: 100,
      maxBytes: 1_000,
      ttlMs: 60_000,
      sizeOf: (v) => v.length,
    });
    cache.set('small', 'x');
    cache.set('huge', 'y'.repeat(300));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('x');
  });

  it('forgets entries after their time and when replaced', () => {
    const cache = new BoundedCache<string>({ maxEntries: 2, ttlMs: 1_000 });
    cache.set('a', '1', 0);
    cache.set('a', '2', 0);
    expect(cache.get('a', 999)).toBe('2');
    expect(cache.get('a', 1_000)).toBeUndefined();
  });
});
