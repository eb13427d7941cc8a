/** Content types by file extension for `/file/open`; anything else is previewed as text, as DeOSS does. */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
};

export const DEFAULT_PREVIEW_TYPE = 'text/plain; charset=utf-8';

/** The preview Content-Type of a file name, by its extension (case-insensitive). */
export function previewType(fileName: string | undefined): string {
  const dot = fileName?.lastIndexOf('.') ?? -1;
  if (!fileName || dot < 0) return DEFAULT_PREVIEW_TYPE;
  return BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()] ?? DEFAULT_PREVIEW_TYPE;
}
