/** The module bytes of a .wat file (default: src/digest/adler32.wat). */
export function assemble(path?: string): Promise<Uint8Array>;
