import { join } from 'node:path';
import { IntervalSet } from '@rangeway/core';
import type { Acks } from '../acks';
import { type CrashDriver, type CrashUpload, ok } from './driver';

const SERVER = join(__dirname, '..', 'engine-server.mjs');
type State = { received: string; state: string };

/**
 * The engine behind a minimal test protocol (engine-server.mjs): the storage path without a
 * dialect. Its protocol has a status answer, which it resumes from; acknowledgements are recorded.
 */
export const engineDriver: CrashDriver = {
  name: 'engine',
  command: (dataDir) => [SERVER, '--data-dir', dataDir],
  owns: (session, upload) => session.key === upload.name,
  async upload(url: string, u: CrashUpload, acks: Acks) {
    const total = u.data.length;
    let st = (await (await ok(await fetch(`${url}/t/${u.name}?total=${total}`, { method: 'POST' }), 'create')).json()) as State;
    while (st.state !== 'committed') {
      const held = IntervalSet.parse(st.received).prefixLength;
      if (held >= total) {
        st = (await (await ok(await fetch(`${url}/t/${u.name}/commit`, { method: 'POST' }), 'commit')).json()) as State;
        continue;
      }
      const end = Math.min(total, held + u.chunk);
      const res = await fetch(`${url}/t/${u.name}?start=${held}&end=${end}`, { method: 'PUT', body: u.data.slice(held, end) });
      st = (await (await ok(res, 'put')).json()) as State;
      acks.ack(u.name, held, end);
    }
  },
};
