export { exportToJsonLines } from './export-to-json-lines';
export type { ExportSummary } from './export-to-json-lines';
export { importFromJsonLines, importBatchBytesMax, importBatchEventCountMax, MigrationMismatchError } from './import-from-json-lines';
export type { ImportSummary } from './import-from-json-lines';
export { verifyMigration, reportedDifferenceCountMax } from './verify-migration';
export type { CommandDifference, MigrationReport, StoreFigures, StreamDifference } from './verify-migration';
export { canonicalEventJson, canonicalJson } from './canonical-json';
export { ExportFileError, exportFormat, exportFormatVersion } from './json-lines-format';
export type { CommandLine, EndLine, EventLine, ExportLine, HeaderLine } from './json-lines-format';
