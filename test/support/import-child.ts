/**
 * A separate process that imports boundaries into a PostgreSQL schema and stops half-way, inside the
 * transaction, so that a test can kill it there: prints "WRITTEN" once the communes are written (not yet
 * committed) and then waits for its end. Arguments: file path, province code. Env: DATABASE_URL, POSTURE_SCHEMA.
 */
import { readFileSync } from 'node:fs';
import { openPostgres } from '../../server/db/client.ts';
import { readBoundaryFile } from '../../server/import/boundary-file.ts';
import { commitBoundaries } from '../../server/repositories/boundary-import.ts';

const [file, province] = process.argv.slice(2);
const db = openPostgres({ url: process.env.DATABASE_URL!, schema: process.env.POSTURE_SCHEMA, max: 1 });
const read = await readBoundaryFile(readFileSync(file));
await commitBoundaries(db, read.candidates, {
  userId: null,
  provinceCode: province,
  provinceName: 'Tỉnh thử ngắt giữa chừng',
  fileName: file,
  onStep: async (step) => {
    if (step !== 'communes') return;
    process.stdout.write('WRITTEN\n');
    // Never resolves: the transaction stays open until the process is killed.
    await new Promise(() => setInterval(() => {}, 1000));
  },
});
process.stdout.write('COMMITTED\n');
