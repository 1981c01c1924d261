/** Messages between the batch pool and its workers. */
import type { RefusalData } from '../../base/errors.js';
import type { PendingDecision } from '../../decision-log/entry.js';
import type { BatchBounds } from './envelope.js';
import type { IjwDecision } from '../../decision-log/hooks.js';
import type { IjwAnswerText, IjwJob } from '../../ijw/answer-body.js';

/** An iJw message for a worker: its parsed envelope, or the body's bytes (`raw`, in `charset`) for the worker to parse. */
export type IjwWorkerJob = IjwJob & { decisions: boolean; raw?: Uint8Array; charset?: string };

export interface WorkerTask {
  id: number;
  registryId: number;
  /** The rule files of that registry, sent the first time this worker needs it. */
  files?: [string, string][];
  items: unknown[];
  offset: number;
  today: string;
  /** A whole batch body as bytes: the worker parses and checks it (envelope.ts), evaluates every item and answers JSON text. */
  raw?: Uint8Array;
  bounds?: BatchBounds;
  /** With `raw`: also send back each answered item for the decision log, stamped with this time (ms). */
  logAt?: number;
  /** An iJw message answered here (src/ijw/answer-body.ts); with `decisions`, its decisions come back for the log. */
  ijw?: IjwWorkerJob;
}

/** An iJw answer made on a worker: its text, or the client error; the decisions for the log when asked. */
export type IjwReply = (Omit<IjwAnswerText, 'text'> & { bytes: Uint8Array; decisions?: IjwDecision[]; error?: undefined }) | { error: RefusalData };

export type WorkerReply =
  | { id: number; results: unknown[]; faults?: { index: number; message: string }[]; failed?: undefined; json?: undefined; error?: undefined }
  | { id: number; json: Uint8Array; faults?: { index: number; message: string }[]; decisions?: PendingDecision[]; failed?: undefined; results?: undefined; error?: undefined }
  | { id: number; error: RefusalData; failed?: undefined; results?: undefined; json?: undefined }
  | { id: number; ijw: IjwReply; faults?: undefined; failed?: undefined; results?: undefined; json?: undefined; error?: undefined }
  | { id: number; failed: string; results?: undefined; json?: undefined; error?: undefined };
