// Digest header syntaxes of the gateway dialects; parsers return plain data and throw TypeError.
export * from './algorithm-tokens';
export * from './rfc3230';
export * from './rfc9530';
export * from './structured-fields';
export * from './typed-checksum';
