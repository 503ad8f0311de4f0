// The write owner (decision 0013): on SQLite, the node's keyword changes run in one worker, the others forward
// theirs over a Unix socket, so the workers do not pay for each other's commits.

export { forwardKeywordChanges } from './forwarded-keywords.ts';
export { type WriteOwnerRole, writeOwnerRole } from './owner-role.ts';
export { connectWriteOwner, type WriteOwnerClient } from './write-owner-client.ts';
export { startWriteOwner, type WriteOwner } from './write-owner-server.ts';
