// Every `vercors` command, in the order `vercors help` lists them. A row names its command and loads the
// command's module only when that command runs (or `vercors help` lists them all), so a long-lived process
// such as the serve primary never holds the code, and the domain modules, of every other command.

import type { CliCommand } from './cli-command.ts';

/** Words in the longest command name (`policy network add`); the dispatcher tries the longest match first. */
export const MAX_COMMAND_WORDS = 3;

export interface CommandEntry {
  /** One to MAX_COMMAND_WORDS words, the loaded command's own name (command-table.test.ts checks they agree). */
  readonly name: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'serve', load: async () => (await import('./commands/serve.ts')).serveCommand },
  { name: 'init', load: async () => (await import('./commands/init.ts')).initCommand },
  { name: 'config', load: async () => (await import('./commands/config.ts')).configCommand },
  { name: 'doctor', load: async () => (await import('./commands/doctor.ts')).doctorCommand },
  { name: 'domain add', load: async () => (await import('./commands/domain.ts')).domainAddCommand },
  { name: 'domain list', load: async () => (await import('./commands/domain.ts')).domainListCommand },
  { name: 'domain remove', load: async () => (await import('./commands/domain.ts')).domainRemoveCommand },
  { name: 'domain dkim', load: async () => (await import('./commands/domain-dkim.ts')).domainDkimCommand },
  { name: 'user add', load: async () => (await import('./commands/user-add.ts')).userAddCommand },
  { name: 'user list', load: async () => (await import('./commands/user-list.ts')).userListCommand },
  { name: 'user show', load: async () => (await import('./commands/user-show.ts')).userShowCommand },
  { name: 'user set', load: async () => (await import('./commands/user-set.ts')).userSetCommand },
  {
    name: 'user set-password',
    load: async () => (await import('./commands/user-set-password.ts')).userSetPasswordCommand,
  },
  {
    name: 'user set-numen',
    load: async () => (await import('./commands/user-set-numen.ts')).userSetNumenCommand,
  },
  { name: 'user suspend', load: async () => (await import('./commands/user-status.ts')).userSuspendCommand },
  {
    name: 'user reactivate',
    load: async () => (await import('./commands/user-status.ts')).userReactivateCommand,
  },
  { name: 'user delete', load: async () => (await import('./commands/user-status.ts')).userDeleteCommand },
  {
    name: 'user app-passwords',
    load: async () => (await import('./commands/user-app-passwords.ts')).userAppPasswordsCommand,
  },
  {
    name: 'user app-password add',
    load: async () => (await import('./commands/user-app-passwords.ts')).userAppPasswordAddCommand,
  },
  {
    name: 'user app-password revoke',
    load: async () => (await import('./commands/user-app-passwords.ts')).userAppPasswordRevokeCommand,
  },
  {
    name: 'user sessions',
    load: async () => (await import('./commands/user-sessions.ts')).userSessionsCommand,
  },
  { name: 'user logout', load: async () => (await import('./commands/user-sessions.ts')).userLogoutCommand },
  { name: 'mail import', load: async () => (await import('./commands/mail-import.ts')).mailImportCommand },
  {
    name: 'contacts import',
    load: async () => (await import('./commands/contacts.ts')).contactsImportCommand,
  },
  {
    name: 'contacts export',
    load: async () => (await import('./commands/contacts.ts')).contactsExportCommand,
  },
  {
    name: 'directory import',
    load: async () => (await import('./commands/directory-import.ts')).directoryImportCommand,
  },
  {
    name: 'directory people',
    load: async () => (await import('./commands/directory-people.ts')).directoryPeopleCommand,
  },
  {
    name: 'directory establishment import',
    load: async () =>
      (await import('./commands/directory-establishments.ts')).directoryEstablishmentImportCommand,
  },
  {
    name: 'directory person show',
    load: async () => (await import('./commands/directory-people.ts')).directoryPersonShowCommand,
  },
  { name: 'queue list', load: async () => (await import('./commands/queue.ts')).queueListCommand },
  { name: 'queue show', load: async () => (await import('./commands/queue.ts')).queueShowCommand },
  { name: 'queue retry', load: async () => (await import('./commands/queue.ts')).queueRetryCommand },
  { name: 'queue hold', load: async () => (await import('./commands/queue.ts')).queueHoldCommand },
  { name: 'queue release', load: async () => (await import('./commands/queue.ts')).queueReleaseCommand },
  { name: 'queue delete', load: async () => (await import('./commands/queue.ts')).queueDeleteCommand },
  {
    name: 'policy network add',
    load: async () => (await import('./commands/policy-network.ts')).policyNetworkAddCommand,
  },
  {
    name: 'policy network list',
    load: async () => (await import('./commands/policy-network.ts')).policyNetworkListCommand,
  },
  {
    name: 'policy network remove',
    load: async () => (await import('./commands/policy-network.ts')).policyNetworkRemoveCommand,
  },
  {
    name: 'helpdesk check-numen',
    load: async () => (await import('./commands/helpdesk.ts')).helpdeskCheckNumenCommand,
  },
  {
    name: 'helpdesk issue-code',
    load: async () => (await import('./commands/helpdesk.ts')).helpdeskIssueCodeCommand,
  },
  { name: 'audit list', load: async () => (await import('./commands/audit.ts')).auditListCommand },
  { name: 'audit export', load: async () => (await import('./commands/audit.ts')).auditExportCommand },
];
