import { fromBase64 } from './encoding';
import { isTchar, trimOws } from './header-text';

/**
 * RFC 8941 structured-field Dictionary parser (what RFC 9530 digest fields are made of).
 * Complete for RFC 8941 types; the RFC 9651 additions (Date, Display String) are rejected.
 */
export type SfBareItem =
  | { readonly type: 'integer' | 'decimal'; readonly value: number }
  | { readonly type: 'string' | 'token'; readonly value: string }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'boolean'; readonly value: boolean };
export type SfParameters = ReadonlyMap<string, SfBareItem>;
export type SfItem = { readonly item: SfBareItem; readonly params: SfParameters };
export type SfInnerList = { readonly items: readonly SfItem[]; readonly params: SfParameters };
export type SfMember = SfItem | SfInnerList;

const TRUE: SfBareItem = { type: 'boolean', value: true };

/** Parses a Dictionary field value; an empty value is an empty dictionary. Throws TypeError when malformed. */
export function parseSfDictionary(value: string): Map<string, SfMember> {
  return new SfParser(trimOws(value)).dictionary();
}

export function isSfKey(s: string): boolean {
  return /^[a-z*][a-z0-9_.*-]*$/.test(s);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isLcKeyChar = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || isDigit(c) || c === '_' || c === '-' || c === '.' || c === '*');

class SfParser {
  private i = 0;
  constructor(private readonly s: string) {}

  dictionary(): Map<string, SfMember> {
    const dict = new Map<string, SfMember>();
    while (this.i < this.s.length) {
      const key = this.key();
      let member: SfMember;
      if (this.s[this.i] === '=') {
        this.i++;
        member = this.itemOrInnerList();
      } else {
        member = { item: TRUE, params: this.params() };
      }
      dict.set(key, member); // a repeated key overwrites the value and keeps its first position
      this.skipOws();
      if (this.i >= this.s.length) break;
      if (this.s[this.i] !== ',') this.fail('expected "," between members');
      this.i++;
      this.skipOws();
      if (this.i >= this.s.length) this.fail('trailing ","');
    }
    return dict;
  }

  private itemOrInnerList(): SfMember {
    if (this.s[this.i] !== '(') return this.item();
    this.i++;
    const items: SfItem[] = [];
    for (;;) {
      while (this.s[this.i] === ' ') this.i++;
      if (this.i >= this.s.length) this.fail('unterminated inner list');
      if (this.s[this.i] === ')') {
        this.i++;
        return { items, params: this.params() };
      }
      items.push(this.item());
      const c = this.s[this.i];
      if (c !== ' ' && c !== ')') this.fail('expected " " or ")" in inner list');
    }
  }

  private item(): SfItem {
    const item = this.bareItem();
    return { item, params: this.params() };
  }

  private params(): Map<string, SfBareItem> {
    const params = new Map<string, SfBareItem>();
    while (this.s[this.i] === ';') {
      this.i++;
      while (this.s[this.i] === ' ') this.i++;
      const key = this.key();
      let value = TRUE;
      if (this.s[this.i] === '=') {
        this.i++;
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  private key(): string {
    const start = this.i;
    const c = this.s[this.i];
    if (c === undefined || !((c >= 'a' && c <= 'z') || c === '*')) this.fail('expected a key');
    this.i++;
    while (isLcKeyChar(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }

  private bareItem(): SfBareItem {
    const c = this.s[this.i];
    if (c === '-' || isDigit(c)) return this.number();
    if (c === '"') return this.string();
    if (c === '*' || isAlpha(c)) return this.token();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    return this.fail('expected an item');
  }

  private number(): SfBareItem {
    const start = this.i;
    if (this.s[this.i] === '-') this.i++;
    if (!isDigit(this.s[this.i])) this.fail('expected a digit');
    const digitsFrom = this.i;
    let dot = -1;
    for (;;) {
      const c = this.s[this.i];
      if (isDigit(c)) this.i++;
      else if (c === '.' && dot < 0) {
        if (this.i - digitsFrom > 12) this.fail('decimal has more than 12 integer digits');
        dot = this.i++;
      } else break;
      if (dot < 0 && this.i - digitsFrom > 15) this.fail('integer has more than 15 digits');
      if (dot >= 0 && this.i - digitsFrom > 16) this.fail('decimal is too long');
    }
    const text = this.s.slice(start, this.i);
    if (dot < 0) return { type: 'integer', value: Number(text) };
    const fraction = this.i - dot - 1;
    if (fraction < 1 || fraction > 3) this.fail('decimal needs 1 to 3 fractional digits');
    return { type: 'decimal', value: Number(text) };
  }

  private string(): SfBareItem {
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      const c = this.s[this.i++]!;
      if (c === '"') return { type: 'string', value: out };
      if (c === '\\') {
        const next = this.s[this.i++];
        if (next !== '"' && next !== '\\') this.fail('bad escape in string');
        out += next;
      } else {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code > 0x7e) this.fail('invalid character in string');
        out += c;
      }
    }
  }

  private token(): SfBareItem {
    const start = this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || !(isTchar(c.charCodeAt(0)) || c === ':' || c === '/')) break;
      this.i++;
    }
    return { type: 'token', value: this.s.slice(start, this.i) };
  }

  private bytes(): SfBareItem {
    const end = this.s.indexOf(':', this.i + 1);
    if (end < 0) this.fail('unterminated byte sequence');
    const text = this.s.slice(this.i + 1, end);
    try {
      // RFC 8941 §4.2.7: do not fail on missing padding or non-zero unused bits
      const value = fromBase64(text, 'lenient');
      this.i = end + 1;
      return { type: 'bytes', value };
    } catch (e) {
      return this.fail(`byte sequence: ${(e as Error).message}`);
    }
  }

  private boolean(): SfBareItem {
    const c = this.s[this.i + 1];
    if (c !== '0' && c !== '1') this.fail('expected ?0 or ?1');
    this.i += 2;
    return { type: 'boolean', value: c === '1' };
  }

  private skipOws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private fail(why: string): never {
    throw new TypeError(`malformed structured field at offset ${this.i}: ${why}`);
  }
}
