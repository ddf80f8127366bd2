export * from './sqlite-read-store';
export * from './sqlite-event-file-source';
export * from './embedded-read-side';
