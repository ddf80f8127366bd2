import { InvalidArgumentError } from 'commander';
import { ConfigError, parseEventStoreUrl, type EventStoreLocation } from '@ledger/config';

export const eventStoreUrlHelp = 'the target: esdb://host:2113?tls=false, kurrentdb://host:port, or sqlite:path';

/** `--to URL`, checked as commander parses it, so that a bad URL is a usage error before anything is opened. */
export function eventStoreUrlOption(text: string): EventStoreLocation {
  try {
    return parseEventStoreUrl(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
