import { DeossError, MSG } from './envelope';
import { requiredSpace } from './fid';
import type { Settings } from './options';
import { NAMESPACE, ownersOf } from './catalog';

/**
 * Spec §7 steps 10–11 with configured territories standing in for the chain: the name must be
 * known and unexpired, and the territory's remaining space (its size minus what this account's
 * stored files take in it) must cover the new file. With no territories configured, any named
 * territory passes with unlimited space (Rangeway choice).
 */
export async function checkTerritory(s: Settings, account: string, name: string, size: number): Promise<void> {
  if (name === '') throw new DeossError(400, MSG.noTerritory);
  if (!s.territories) return;
  const territory = s.territories.get(name);
  if (!territory) throw new DeossError(400, MSG.noTerritory);
  if (territory.expiresAt !== undefined && territory.expiresAt <= s.uploads.clock.now()) throw new DeossError(400, MSG.territoryExpiring);
  let used = 0;
  for await (const file of s.uploads.storage.files.list(NAMESPACE)) {
    if (ownersOf(file.meta).some((o) => o.user === account && o.territory === name)) used += requiredSpace(file.size);
  }
  if (territory.bytes - used < requiredSpace(size)) throw new DeossError(400, MSG.noSpace);
}
