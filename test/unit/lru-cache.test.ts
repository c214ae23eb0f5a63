import { describe, expect, it } from 'vitest';
import { LruCache } from '../../server/lru-cache.ts';

describe('LruCache', () => {
  it('drops the least recently read entry when full', () => {
    const c = new LruCache<number>(2, 1000);
    c.set('a', 1, 1);
    c.set('b', 2, 1);
    expect(c.get('a')).toBe(1);
    c.set('c', 3, 1);
    expect(c.has('a')).toBe(true);
    expect(c.has('b')).toBe(false);
    expect(c.has('c')).toBe(true);
  });

  it('keeps the total estimated size under its bound', () => {
    const c = new LruCache<string>(100, 10);
    c.set('a', 'x', 4);
    c.set('b', 'y', 4);
    c.set('c', 'z', 4);
    expect(c.size).toBe(2);
    expect(c.totalBytes).toBe(8);
    expect(c.has('a')).toBe(false);
  });

  it('does not keep a value larger than the whole cache, nor count a replaced one twice', () => {
    const c = new LruCache<string>(10, 10);
    c.set('big', 'x', 11);
    expect(c.has('big')).toBe(false);
    c.set('a', 'x', 5);
    c.set('a', 'y', 6);
    expect(c.totalBytes).toBe(6);
    expect(c.get('a')).toBe('y');
  });

  it('counts hits and misses', () => {
    const c = new LruCache<number>(2, 10);
    c.get('none');
    c.set('a', 1, 1);
    c.get('a');
    expect([c.hits, c.misses]).toEqual([1, 1]);
  });
});
