import { describe, expect, it } from 'vitest';
import { createGateway, loadConfig } from '../src/index';

const SIGNED = {
  account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt',
  message: '4102444800',
  signature: '0xda679e42716dd8d24274eed5b433af831e68efabe869f0913e51da76d7ab536f69cd1d4802d5def74b0d29f353fdebf3244b1780512da6aa37340d9d60ef0480',
};

describe('deoss options', () => {
  it('has the documented defaults: signatures on, EthAcc off, unlimited message lifetime, 7-day idle expiry', () => {
    expect(loadConfig().deoss).toEqual({
      auth: 'on',
      territories: [],
      authorizedAccounts: [],
      accessMode: 'public',
      accessAccounts: [],
      ethAcc: 'off',
      maxMessageLifetimeMs: 0,
      idleExpiryMs: 604_800_000,
      bugCompatibleAppend: false,
      earlyTerritoryCheck: false,
    });
  });

  it('reads flags and env, and refuses bad values', () => {
    const c = loadConfig({
      env: { RANGEWAY_DEOSS_ACCESS_ACCOUNTS: 'cXa, cXb', RANGEWAY_DEOSS_ETH_ACC: 'on' },
      argv: ['--deoss-auth', 'off', '--deoss-territories', 'bench:1099511627776', '--deoss-gateway-account', 'cXgw', '--deoss-bug-compatible-append'],
    });
    expect(c.deoss).toMatchObject({
      auth: 'off',
      territories: ['bench:1099511627776'],
      gatewayAccount: 'cXgw',
      accessAccounts: ['cXa', 'cXb'],
      ethAcc: 'on',
      bugCompatibleAppend: true,
    });
    expect(loadConfig({ argv: ['--deoss-territories', 'old:10:2030-01-01T00:00:00Z,new:20'] }).deoss.territories).toEqual([
      'old:10:2030-01-01T00:00:00Z',
      'new:20',
    ]);
    expect(() => loadConfig({ argv: ['--deoss-territories', 'bench'] })).toThrow(/--deoss-territories/);
    expect(() => loadConfig({ argv: ['--deoss-territories', 'bench:1:not-a-date'] })).toThrow(/--deoss-territories/);
    expect(() => loadConfig({ argv: ['--deoss-auth', 'maybe'] })).toThrow(/--deoss-auth/);
    expect(() => loadConfig({ argv: ['--deoss-access-mode', 'open'] })).toThrow(/--deoss-access-mode/);
  });

  it('reaches the mounted dialect: auth on by default, off by option, territories enforced', async () => {
    const on = createGateway();
    const chunk = (app: ReturnType<typeof createGateway>, headers: Record<string, string>) =>
      app.request('http://localhost/resume/a.txt', { method: 'PUT', headers: { 'content-range': 'bytes 0-0/1', ...headers }, body: 'x' });
    expect(await (await chunk(on, { account: SIGNED.account, territory: 'bench' })).text()).toBe('{"code":403,"msg":"no permission","data":null}');
    expect((await (await chunk(on, { ...SIGNED, territory: 'bench' })).json()).code).toBe(200);

    const off = createGateway({ config: { deoss: { auth: 'off', territories: ['bench:1099511627776'] } } });
    expect(await (await chunk(off, { account: 'anyone', territory: 'other' })).text()).toBe(
      '{"code":400,"msg":"please purchase territory first","data":null}',
    );
    const ok = await chunk(off, { account: 'anyone', territory: 'bench' });
    const { data } = (await ok.json()) as { data: { fid: string } };
    expect(await (await off.request(`http://localhost/file/download/${data.fid}`)).text()).toBe('x');
  });
});
