import { eventStoreUrlOption } from '../event-store-url.option';

/** `--store URL`: another event store than the configured one (an EventStoreDB connection, another SQLite file). */
export const storeOptionFlags = '--store <url>';
export const storeOptionHelp = 'read this event store instead of the configured one: esdb://…, kurrentdb://… or sqlite:path';
export { eventStoreUrlOption as storeOption };
