import { describe, expect, it } from 'vitest';
import { batchedLookup } from '../../server/repositories/batched.ts';

describe('batchedLookup', () => {
  const table = new Map([['a', { key: 'a', n: 1 }], ['b', { key: 'b', n: 2 }]]);

  it('answers the keys asked in one turn of the event loop from one lookup of the distinct keys, without the key column', async () => {
    const calls: string[][] = [];
    const find = batchedLookup(async (keys) => (calls.push(keys), keys.flatMap((k) => table.get(k) ?? [])));
    const answers = await Promise.all(['a', 'x', 'b', 'a'].map(find));
    expect(answers).toEqual([{ n: 1 }, null, { n: 2 }, { n: 1 }]);
    expect(calls).toEqual([['a', 'x', 'b']]);
  });

  it('keeps nothing between turns: a key asked again is looked up again', async () => {
    const calls: string[][] = [];
    const rows = new Map(table);
    const find = batchedLookup(async (keys) => (calls.push(keys), keys.flatMap((k) => rows.get(k) ?? [])));
    expect(await find('a')).toEqual({ n: 1 });
    rows.delete('a');
    expect(await find('a')).toBeNull();
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('a failed lookup fails every request of its turn, and the next turn looks up afresh', async () => {
    let fail = true;
    const find = batchedLookup(async (keys) => {
      if (fail) throw new Error('connection lost');
      return keys.flatMap((k) => table.get(k) ?? []);
    });
    const failed = await Promise.allSettled([find('a'), find('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await find('b')).toEqual({ n: 2 });
  });
});
