import { describe, expect, it } from 'vitest';
import type { CrashDriver } from './crash/drivers/driver';
import { boxDriver } from './crash/drivers/box';
import { clickhelpDriver } from './crash/drivers/clickhelp';
import { deossDriver } from './crash/drivers/deoss';
import { engineDriver } from './crash/drivers/engine';
import { eosDriver } from './crash/drivers/eos';
import { runCrashTest } from './crash/harness';

// SIGKILLs a real server process at random moments while several clients upload; clients resume
// from their own acknowledgements; after the kills every acknowledged byte must still be held and
// every committed file must read back byte-identical through its dialect. Half the restarts begin
// before the killed process is reaped. Replay a failure with RANGEWAY_CRASH_SEED=<seed printed below>.
const KILLS = Number(process.env.RANGEWAY_CRASH_KILLS ?? 20);
const SEED = Number(process.env.RANGEWAY_CRASH_SEED ?? Date.now() % 2 ** 31);
const DRIVERS: readonly CrashDriver[] = [engineDriver, boxDriver, eosDriver, deossDriver, clickhelpDriver];

describe('crash safety of the fs store', () => {
  for (const driver of DRIVERS) {
    it(`${driver.name}: ${KILLS} SIGKILLs during uploads lose nothing acknowledged (seed ${SEED})`, { timeout: 120_000 }, async () => {
      const report = await runCrashTest(driver, { kills: KILLS, clients: 4, uploadsPerClient: 5, seed: SEED });
      console.info(
        `crash ${driver.name}: ${report.acknowledgedBytesLost} of ${report.acknowledgedBytes} acknowledged bytes lost; ` +
          `${report.killsMidUpload} kills mid-upload, ${report.restartsBeforeReap} restarts before the killed process was reaped, ` +
          `${report.filesReadBack} files read back through the dialect, ${report.rangesChecked} stored ranges compared (${JSON.stringify(report)})`,
      );
      expect(report.acknowledgedBytesLost).toBe(0);
      expect(report.acknowledgedBytes).toBeGreaterThan(0);
      expect(report.killsMidUpload).toBeGreaterThanOrEqual(KILLS / 2);
      expect(report.restartsBeforeReap).toBeGreaterThan(0);
      expect(report.rangesChecked).toBeGreaterThan(0);
      if (driver.readBack) expect(report.filesReadBack).toBe(report.uploads);
    });
  }
});
