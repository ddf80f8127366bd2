// What the token command needs of the identity lib, loaded only when the command runs.
export { issueToken, loadOrCreateTokenSecret, parseDuration } from '@ledger/identity';
