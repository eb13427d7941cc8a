/** Where DeOSS files live in the shared catalog: namespace `deoss`, name = fid. */
export const NAMESPACE = 'deoss';

/** One owner of a stored file, as GET /file/metadata lists it; `territory` is kept for space accounting. */
export type Owner = { readonly user: string; readonly file_name: string; readonly territory: string };

export const ownersOf = (meta: Readonly<Record<string, unknown>>): Owner[] => (Array.isArray(meta.owners) ? (meta.owners as Owner[]) : []);
