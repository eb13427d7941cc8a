const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Counts the answers the clients' fetches get, so kills are placed by progress, not by the clock:
 * they land mid-upload however loaded the machine is. `restore()` puts the real fetch back.
 */
export function watchProgress(finished: () => boolean) {
  const realFetch = globalThis.fetch;
  let answered = 0;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await realFetch(...args);
    answered++;
    return res;
  };
  return {
    realFetch,
    /** Waits until `n` more requests were answered (at most 5 s, or until every upload is done). */
    async progressed(n: number): Promise<void> {
      const goal = answered + n;
      for (let waited = 0; answered < goal && waited < 5000 && !finished(); waited += 5) await sleep(5);
    },
    restore(): void {
      globalThis.fetch = realFetch;
    },
  };
}
