import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashInputs, listInputs, readStamp, staleReason, stampPath, writeStamp } from '../../scripts/build-client-if-stale.ts';

const INPUTS = ['client', 'vite.config.ts', 'package-lock.json'];

describe('client build staleness', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const hash = () => hashInputs(root, INPUTS);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'posture-stamp-'));
    write('client/main.ts', 'console.log(1);\n');
    write('client/map/Map.svelte', '<div></div>\n');
    write('vite.config.ts', 'export default {};\n');
    write('package-lock.json', '{}\n');
    write('server/app.ts', 'server code\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the files of the input folders and files, sorted, and nothing else', () => {
    expect(listInputs(root, INPUTS)).toEqual(['client/main.ts', 'client/map/Map.svelte', 'package-lock.json', 'vite.config.ts']);
  });

  it('tolerates an input that does not exist', () => {
    expect(listInputs(root, [...INPUTS, 'index.html', 'node_modules/.package-lock.json'])).toHaveLength(4);
  });

  it('hashes the same inputs to the same value, whatever their modification times', () => {
    const before = hash();
    utimesSync(join(root, 'client/main.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(hash()).toBe(before);
  });

  it('changes the hash when a client file is edited, added, removed or renamed', () => {
    const seen = new Set([hash()]);
    write('client/main.ts', 'console.log(2);\n');
    seen.add(hash());
    write('client/ui/New.svelte', '<p></p>\n');
    seen.add(hash());
    rmSync(join(root, 'client/ui/New.svelte'));
    rmSync(join(root, 'client/map/Map.svelte'));
    write('client/map/Renamed.svelte', '<div></div>\n');
    seen.add(hash());
    expect(seen.size).toBe(4);
  });

  it('changes the hash when the Vite config or the lock file changes, not when server code does', () => {
    const before = hash();
    write('server/app.ts', 'other server code\n');
    expect(hash()).toBe(before);
    write('vite.config.ts', 'export default { base: "/x/" };\n');
    const afterConfig = hash();
    expect(afterConfig).not.toBe(before);
    write('package-lock.json', '{"lockfileVersion":3}\n');
    expect(hash()).not.toBe(afterConfig);
  });

  it('builds when there is no build, no stamp, a stamp of another format, or other inputs', () => {
    const h = hash();
    const stamp = { format: 1, inputs: h, builtAt: '2026-12-01T00:00:00.000Z' };
    expect(staleReason(h, stamp, false)).toBe('no build yet');
    expect(staleReason(h, null, true)).toMatch(/no stamp/);
    expect(staleReason(h, { ...stamp, format: 0 }, true)).toMatch(/format/);
    expect(staleReason(h, { ...stamp, inputs: 'f'.repeat(64) }, true)).toMatch(/changed/);
  });

  it('skips the build when the stamp names these inputs and the build is there', () => {
    const h = hash();
    expect(staleReason(h, { format: 1, inputs: h, builtAt: '2026-12-01T00:00:00.000Z' }, true)).toBeNull();
  });

  it('writes the stamp beside the output folder, not inside it, and reads it back', () => {
    const outDir = join(root, 'dist', 'client');
    mkdirSync(outDir, { recursive: true });
    expect(readStamp(outDir)).toBeNull();
    writeStamp(outDir, 'abc', new Date('2026-12-06T00:00:00Z'));
    expect(stampPath(outDir)).toBe(join(root, 'dist', 'client.build-stamp.json'));
    expect(readStamp(outDir)).toEqual({ format: 1, inputs: 'abc', builtAt: '2026-12-06T00:00:00.000Z' });
    writeFileSync(stampPath(outDir), 'not json');
    expect(readStamp(outDir)).toBeNull();
  });
});
