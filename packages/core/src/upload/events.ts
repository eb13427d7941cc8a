/** What the engine reports as it works, for metrics: per upload namespace (dialect). */
export type UploadEvent =
  | { readonly type: 'created' | 'aborted' | 'expired' | 'digest-mismatch'; readonly namespace: string }
  | { readonly type: 'received' | 'committed'; readonly namespace: string; readonly bytes: number };

export type UploadEventListener = (event: UploadEvent) => void;
