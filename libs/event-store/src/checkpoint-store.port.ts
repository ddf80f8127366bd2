/** Where subscribers keep the position of the last event they fully processed. */
export interface CheckpointStore {
  load(subscriberName: string): Promise<bigint | undefined>;
  save(subscriberName: string, position: bigint): Promise<void>;
  close(): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
