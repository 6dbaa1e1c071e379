// The committed replay histories (test/replay/histories/*.json): written by record.ts, read by replay.test.ts. JSON in
// protobufjs's object form of temporal.api.history.v1.History (enum names, 64-bit numbers and bytes as strings).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const HistoryMessage = proto.temporal.api.history.v1.History;

export const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

export function historyToObject(history: History): Record<string, unknown> {
  return HistoryMessage.toObject(HistoryMessage.fromObject(history), { longs: String, enums: String, bytes: String });
}

export interface RecordedHistory {
  file: string;
  workflowId: string;
  history: History;
}

/** Every committed history (or those whose file name passes `only`), ready for Worker.runReplayHistories. */
export function recordedHistories(only: (file: string) => boolean = () => true): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json') && only(file))
    .sort()
    .map((file) => {
      const { workflowId, history } = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: Record<string, unknown> };
      return { file, workflowId, history: HistoryMessage.fromObject(history) as History };
    });
}
