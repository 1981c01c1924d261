/** Messages between the batch pool and its workers. */
export interface WorkerTask {
  id: number;
  registryId: number;
  /** The rule files of that registry, sent the first time this worker needs it. */
  files?: [string, string][];
  items: unknown[];
  offset: number;
  today: string;
}

export type WorkerReply = { id: number; results: unknown[]; faults?: { index: number; message: string }[]; failed?: undefined } | { id: number; failed: string; results?: undefined };
