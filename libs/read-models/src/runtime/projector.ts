/**
 * Something that runs in the background over the event store and can be started and stopped: the
 * projection runner, the transfer process manager. The projector lease guards one of these.
 */
export interface Projector {
  start(): Promise<void>;
  stop(): Promise<void>;
}
