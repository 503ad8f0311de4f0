// The write owner (decision 0013): on SQLite, the node's small mail writes (keyword changes, moves, copies,
// expunges) run in one worker, the others forward theirs over a Unix socket, so the workers do not pay for each
// other's commits.

export { forwardSmallWrites } from './forwarded-calls.ts';
export { type WriteOwnerRole, writeOwnerRole } from './owner-role.ts';
export { connectWriteOwner, type WriteOwnerClient } from './write-owner-client.ts';
export { startWriteOwner, type WriteOwner } from './write-owner-server.ts';
