import { describe, expect, it } from 'vitest';
import { answerCache } from '../../server/jobs/analysis-service.ts';

/** An answer whose serialised JSON is `bytes` long. */
const answer = (bytes: number) => ({ s: 'x'.repeat(bytes - 8) });

describe('the cache of analysis answers', () => {
  it('drops the least recently read answer when it holds its most entries', () => {
    const c = answerCache({ maxEntries: 2, maxBytes: 1000 });
    c.set('a', answer(10));
    c.set('b', answer(10));
    expect(c.get('a')).toEqual(answer(10));
    c.set('c', answer(10));
    expect([c.has('a'), c.has('b'), c.has('c')]).toEqual([true, false, true]);
  });

  it('keeps the serialised size of its answers under its bound', () => {
    const c = answerCache({ maxEntries: 100, maxBytes: 25 });
    c.set('a', answer(10));
    c.set('b', answer(10));
    c.set('c', answer(10));
    expect(c.size).toBe(2);
    expect(c.calculatedSize).toBe(20);
    expect(c.has('a')).toBe(false);
  });

  it('does not keep an answer larger than the whole cache, nor count a replaced one twice', () => {
    const c = answerCache({ maxEntries: 10, maxBytes: 30 });
    c.set('big', answer(31));
    expect(c.has('big')).toBe(false);
    c.set('a', answer(12));
    c.set('a', answer(15));
    expect(c.calculatedSize).toBe(15);
    expect(c.get('a')).toEqual(answer(15));
  });

  it('lets an answer go when it has not been read for its time to live, reading it keeping it', () => {
    let clock = 1_000;
    const c = answerCache({ ttlMs: 60_000, now: () => clock });
    c.set('read', answer(10));
    c.set('unread', answer(10));
    clock += 40_000;
    expect(c.get('read')).toEqual(answer(10));
    clock += 40_000;
    expect(c.get('unread')).toBeUndefined();
    expect(c.get('read')).toEqual(answer(10));
  });
});
