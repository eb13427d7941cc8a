// npm run bench:s3: only the S3 + PostgreSQL store's case, spliced into BENCHMARKS.md (the rest
// of the file stays as the last full run wrote it). Needs DATABASE_URL and S3_*: s3.sh sets
// them up when they are not given.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileDigests } from './lib/data.mjs';
import { runS3Bench, s3Available, s3Options, s3Report, spliceS3 } from './lib/s3-case.mjs';

if (!s3Available()) {
  console.error('bench: DATABASE_URL and S3_ENDPOINT are needed (npm run bench:s3 starts the services)');
  process.exit(2);
}
const log = (...a) => console.error('bench:', ...a);
const options = s3Options();
for (const size of [options.size, options.concurrentSize, options.bigSize]) fileDigests(size);
const section = s3Report(await runS3Bench({ ...options, log }));
console.log(section);
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md');
writeFileSync(file, spliceS3(readFileSync(file, 'utf8'), section));
