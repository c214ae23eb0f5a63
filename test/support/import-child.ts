/**
 * A separate process that imports boundaries and stops half-way, inside the transaction, so that a test can kill
 * it there: prints "BEFORE <communes>" when ready, "WRITTEN" once the communes are written (not yet committed),
 * and then waits for its end. Arguments: file path, province code, and for the embedded back end a data folder
 * (migrated here). Env for PostgreSQL: DATABASE_URL, POSTURE_SCHEMA.
 */
import { readFileSync } from 'node:fs';
import { ensureReferenceUnits } from '../../server/reference-units.ts';
import { openEmbedded, openPostgres, type Db } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { readBoundaryFile } from '../../server/import/boundary-file.ts';
import { commitBoundaries } from '../../server/repositories/boundary-import.ts';

const [file, province, dataDir] = process.argv.slice(2);
let db: Db;
if (dataDir) {
  db = await openEmbedded({ dataDir });
  await migrate(db);
  await ensureReferenceUnits(db);
} else {
  db = openPostgres({ url: process.env.DATABASE_URL!, schema: process.env.POSTURE_SCHEMA, max: 1 });
}
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM commune');
process.stdout.write(`BEFORE ${n}\n`);
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
