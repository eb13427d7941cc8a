/**
 * The Message header read as an expiry deadline (DeOSS spec §4.3): 10–12 digit integers are Unix
 * seconds, 13–15 digit ones Unix milliseconds, `YYYY-MM-DD HH:MM:SS[.frac]` is UTC; anything else
 * carries no deadline and never expires. Returns the deadline in ms and how it compares.
 */
export type Deadline = { readonly atMs: number; readonly expired: boolean } | undefined;

const INT = /^[+-]?\d+$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const INT64_MAX = 2n ** 63n - 1n;

export function deadlineOf(message: string, nowMs: number): Deadline {
  if (INT.test(message)) {
    const v = BigInt(message);
    if (v > INT64_MAX || v < -INT64_MAX - 1n) return dateTime(message, nowMs); // not an int64: Go tries the layout next
    if (v >= 1_000_000_000n && v < 1_000_000_000_000n) {
      const s = Number(v);
      return { atMs: s * 1000, expired: Math.floor(nowMs / 1000) >= s };
    }
    if (v >= 1_000_000_000_000n && v < 1_000_000_000_000_000n) {
      const ms = Number(v);
      return { atMs: ms, expired: nowMs >= ms };
    }
    return undefined;
  }
  return dateTime(message, nowMs);
}

function dateTime(message: string, nowMs: number): Deadline {
  const m = DATE_TIME.exec(message);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  // Go rejects out-of-range fields (Feb 30, hour 24, …): the round trip must give the same fields
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || t.getUTCHours() !== h || t.getUTCMinutes() !== mi || t.getUTCSeconds() !== s)
    return undefined;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const atMs = ms + frac;
  return { atMs, expired: nowMs > atMs };
}
