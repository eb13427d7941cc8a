/** Small lexical helpers shared by the digest header parsers. */

/** RFC 9110 tchar: ALPHA / DIGIT / one of !#$%&'*+-.^_`|~ */
export function isTchar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c < 0x7f && c > 0x20 && "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)))
  );
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

/** Visible ASCII only (no whitespace, no controls, nothing above 0x7e). */
export function isVisible(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

/** Strips optional whitespace (SP / HTAB) at both ends. */
export function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s[a] === ' ' || s[a] === '\t')) a++;
  while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t')) b--;
  return s.slice(a, b);
}

/** Quotes a client-supplied value for an error message, cut short so errors stay small. */
export function quote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}
