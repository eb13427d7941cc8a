import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadFlock, packageFlock } from '../src/flock';
import { openFsStorage } from '../src/index';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'rangeway-lock-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

it('starts again after a crash even when the dead holder had our pid (a container restart)', async () => {
  await (await openFsStorage({ dir })).close(); // leaves the format marker
  await writeFile(join(dir, 'LOCK'), `${process.pid}\n`); // as a SIGKILLed earlier incarnation with our pid left it
  const storage = await openFsStorage({ dir });
  await storage.close();
});

it('refuses a directory a live process holds, naming it, and takes it over once that process is killed', async () => {
  const first = await openFsStorage({ dir });
  await first.close();
  // another process takes the lock the way the store does, and holds it
  const holder = spawn(
    process.execPath,
    ['-e', `const f=require('fs-native-extensions');const fs=require('fs');const fd=fs.openSync(${JSON.stringify(join(dir, 'LOCK'))},'a+');if(!f.tryLock(fd))process.exit(3);fs.ftruncateSync(fd,0);fs.writeSync(fd,process.pid+'\\n',0);console.log('held');setInterval(()=>{},1000)`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise((r) => holder.stdout!.once('data', r));
    await expect(openFsStorage({ dir })).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    const after = await openFsStorage({ dir });
    await after.close();
  } finally {
    holder.kill('SIGKILL');
  }
});

it('locks through the prebuilt binding exactly as through the package: an exclusive lock, refused while either holds it', async () => {
  const [direct, published] = await Promise.all([loadFlock(), packageFlock()]);
  const path = join(dir, 'LOCK');
  const a = await open(path, 'a+');
  const b = await open(path, 'a+');
  try {
    for (const [first, second] of [[direct, direct], [direct, published], [published, direct]]) {
      expect(first.tryLock(a.fd)).toBe(true);
      expect(second.tryLock(b.fd)).toBe(false); // flock: two opens of one file conflict, even in one process
      first.unlock(a.fd);
      expect(second.tryLock(b.fd)).toBe(true);
      second.unlock(b.fd);
    }
  } finally {
    await a.close();
    await b.close();
  }
});
