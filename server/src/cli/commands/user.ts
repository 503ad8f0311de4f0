// The `vercors user …` commands, one file per verb, gathered for the command table.

export { userAddCommand } from './user-add.ts';
export { userListCommand } from './user-list.ts';
export { userSetPasswordCommand } from './user-set-password.ts';
export { userShowCommand } from './user-show.ts';
export { userDeleteCommand, userReactivateCommand, userSuspendCommand } from './user-status.ts';
