import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';

const logLevels: Record<LedgerConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Nest's console logger at the configured level; with `LEDGER_LOG_FORMAT=json`, one JSON object a line. */
export function ledgerLogger(config: Pick<LedgerConfig, 'logLevel' | 'logFormat'>): ConsoleLogger {
  return new ConsoleLogger({ logLevels: logLevels[config.logLevel], json: config.logFormat === 'json', colors: config.logFormat === 'json' ? false : undefined });
}
