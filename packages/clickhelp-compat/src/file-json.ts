import type { FileRecord } from '@rangeway/core';
import { baseNameOf, fullNameOf } from './paths';
import { isFolderRecord } from './placement';

/** `YYYY-MM-DDTHH:mm:ss` in GMT, truncated: the documented `modifiedOn` form. */
export const gmtSeconds = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export const modifiedByOf = (file: FileRecord) => String(file.meta.modifiedBy ?? '');

/** The upload answer (201). Field order copies the vendor samples (alphabetical). */
export function uploadJson(file: FileRecord): string {
  return JSON.stringify({
    content: null,
    fileFullName: fullNameOf(file.name),
    fileName: baseNameOf(file.name),
    isFolder: isFolderRecord(file),
    modifiedBy: modifiedByOf(file),
    modifiedOn: gmtSeconds(file.modifiedAt),
    size: file.size,
  });
}

export type Entry = {
  readonly path: string;
  readonly isFolder: boolean;
  readonly size: number;
  readonly modifiedBy: string;
  readonly modifiedAt: number;
};

export const entryOf = (file: FileRecord): Entry => ({
  path: file.name,
  isFolder: false,
  size: file.size,
  modifiedBy: modifiedByOf(file),
  modifiedAt: file.modifiedAt,
});

/**
 * A GET answer object in the GET samples' field order. `content` is a placeholder the caller
 * may split on to stream base64 content in its place.
 */
export function entryJson(e: Entry, content: string | null = null): string {
  return JSON.stringify({
    fileName: baseNameOf(e.path),
    fileFullName: fullNameOf(e.path),
    content,
    modifiedBy: e.modifiedBy,
    modifiedOn: gmtSeconds(e.modifiedAt),
    size: e.size,
    isFolder: e.isFolder,
  });
}
