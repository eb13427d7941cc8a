import { describe, expect, it } from 'vitest';
import type { CrashDriver } from './crash/drivers/driver';
import { boxDriver } from './crash/drivers/box';
import { clickhelpDriver } from './crash/drivers/clickhelp';
import { deossDriver } from './crash/drivers/deoss';
import { engineDriver } from './crash/drivers/engine';
import { eosDriver } from './crash/drivers/eos';
import { runCrashTest } from './crash/harness';

// SIGKILLs a real server process at random moments while several clients upload, then checks
// the data dir and resumes. Replay a failure with RANGEWAY_CRASH_SEED=<seed printed below>.
const KILLS = Number(process.env.RANGEWAY_CRASH_KILLS ?? 20);
const SEED = Number(process.env.RANGEWAY_CRASH_SEED ?? Date.now() % 2 ** 31);
const DRIVERS: readonly CrashDriver[] = [engineDriver, boxDriver, eosDriver, deossDriver, clickhelpDriver];

describe('crash safety of the fs store', () => {
  for (const driver of DRIVERS) {
    it(`${driver.name}: ${KILLS} SIGKILLs during uploads lose nothing acknowledged (seed ${SEED})`, { timeout: 120_000 }, async () => {
      const report = await runCrashTest(driver, { kills: KILLS, clients: 4, uploadsPerClient: 5, seed: SEED });
      expect(report.killsMidUpload).toBeGreaterThanOrEqual(KILLS / 2);
      expect(report.rangesChecked).toBeGreaterThan(0);
      console.info(`crash ${driver.name}: ${JSON.stringify(report)}`);
    });
  }
});
