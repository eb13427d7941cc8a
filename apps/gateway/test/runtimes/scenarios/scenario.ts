/** One dialect's smoke scenario, run unchanged against the gateway on every runtime. */
export type Scenario = {
  readonly dialect: 'box' | 'eos' | 'deoss' | 'clickhelp';
  /** `serve` flags the scenario needs (each runtime gets the union) */
  readonly flags: readonly string[];
  run(url: string, runtime: string): Promise<void>;
  /** optional: shows the runtime hands the body over as a stream (answered before it ends) */
  streams?(url: string, runtime: string): Promise<void>;
};
