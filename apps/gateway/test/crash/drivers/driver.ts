import { join } from 'node:path';
import type { UploadSession } from '@rangeway/core';
import type { Acks } from '../acks';

/** One file a crash-test client uploads. */
export type CrashUpload = {
  /** unique per run, safe in a URL path segment */
  readonly name: string;
  readonly data: Uint8Array;
  /** bytes per request */
  readonly chunk: number;
};

/**
 * How the crash test speaks one dialect: start a server on a data dir, then upload resumably
 * from what the server acknowledged to this client (the process may have been killed any number
 * of times before), recording every acknowledgement in `acks`, until the file is committed.
 */
export interface CrashDriver {
  readonly name: string;
  /** arguments after `node` that start the server; it prints `listening on <url>` when ready */
  command(dataDir: string): string[];
  /** the dialect settings its uploads need, on whatever store (the fs command includes them) */
  readonly flags?: readonly string[];
  /** creates or finds the upload, sends what was not acknowledged, commits; throws if the server goes away */
  upload(url: string, upload: CrashUpload, acks: Acks): Promise<void>;
  /** the committed file's bytes through the dialect's own read endpoint; `ref` as given to acks.commit */
  readBack?(url: string, upload: CrashUpload, ref: string): Promise<Uint8Array>;
  /** whether a stored session is this upload's */
  owns(session: UploadSession, upload: CrashUpload): boolean;
  /** the catalog entry of the upload's file, where a new version can leave it without a session */
  fileOf?(upload: CrashUpload): { readonly namespace: string; readonly name: string };
}

/** Sessions name their file somewhere in target or key; upload names are unique per run. */
export const mentions = (session: UploadSession, upload: CrashUpload): boolean =>
  session.target.includes(upload.name) || (session.key ?? '').includes(upload.name);

/** `rangeway serve` on the fs store in `dataDir`, any free port. */
export const serveArgs = (dataDir: string): string[] => [
  join(__dirname, '..', '..', '..', 'dist', 'cli.js'),
  'serve',
  '--port',
  '0',
  '--store',
  'fs',
  '--data-dir',
  dataDir,
];

/** Throws unless the response is a success; the body is read either way (keeps sockets clean). */
export async function ok(res: Response, what: string): Promise<Response> {
  return res.ok ? res : fail(res, what);
}

/** Fails with the status and body of an unexpected answer. */
export async function fail(res: Response, what: string): Promise<never> {
  throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}
