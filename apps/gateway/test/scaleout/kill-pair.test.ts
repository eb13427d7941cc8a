import { expect, it } from 'vitest';
import { boxDriver } from '../crash/drivers/box';
import { clickhelpDriver } from '../crash/drivers/clickhelp';
import { deossDriver } from '../crash/drivers/deoss';
import { eosDriver } from '../crash/drivers/eos';
import { runPairKillTest } from './kill-pair';
import { missingServices } from './pair';

// SIGKILLs either of two `serve --store s3` instances at random points while clients of all four
// dialects upload through both. Replay a failure with RANGEWAY_CRASH_SEED=<seed printed below>.
const skip = missingServices();
const KILLS = Number(process.env.RANGEWAY_CRASH_KILLS ?? 20);
const SEED = Number(process.env.RANGEWAY_CRASH_SEED ?? Date.now() % 2 ** 31);

it.skipIf(!!skip)(`two instances, four dialects: ${KILLS} SIGKILLs of either instance lose nothing acknowledged (seed ${SEED})`, { timeout: 300_000 }, async () => {
  const report = await runPairKillTest({ kills: KILLS, seed: SEED, drivers: [boxDriver, eosDriver, deossDriver, clickhelpDriver], clientsPerDriver: 2, uploadsPerClient: 12 });
  console.info(
    `crash pair: ${report.acknowledgedBytesLost} of ${report.acknowledgedBytes} acknowledged bytes lost; ${report.kills} kills ` +
      `(${report.killsMidUpload} mid-upload), ${report.filesReadBack} files read back, ${report.rangesChecked} stored ranges compared, ` +
      `${report.leasesHeldByLiveInstances} leases held by live instances, ${report.objectsNoRowKnows} objects no row knows (${JSON.stringify(report)})`,
  );
  expect(report.acknowledgedBytesLost).toBe(0);
  expect(report.acknowledgedBytes).toBeGreaterThan(0);
  expect(report.killsMidUpload).toBe(KILLS); // the uploads outlasted the kills
  expect(report.filesReadBack).toBe(report.uploads);
  expect(report.leasesHeldByLiveInstances).toBe(0);
  expect(report.objectsNoRowKnows).toBe(0);
});
