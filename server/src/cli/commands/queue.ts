// vercors queue list|show|retry|hold|release|delete: the outbound queue for administrators (Postfix's mailq,
// postqueue -i, postsuper -h/-H/-d). The running server picks changes up at its next poll.

import { DomainError } from '#core/errors';
import {
  MAX_QUEUE_PAGE,
  QUEUE_STATES,
  type QueuedMessage,
  type QueueService,
  type QueueState,
} from '#domain/delivery';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { describeQueue, describeQueuedMessage } from './queue-describe.ts';
import { QUEUE_MESSAGES, type QueueMessageKey } from './queue-messages.ts';

function say(context: CliContext, key: QueueMessageKey, params?: Record<string, string | number>): void {
  context.say(QUEUE_MESSAGES.t(context.locale, key, params));
}

function text(context: CliContext, key: QueueMessageKey, params?: Record<string, string | number>): string {
  return QUEUE_MESSAGES.t(context.locale, key, params);
}

function option(context: CliContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

export const queueListCommand: CliCommand = {
  name: 'queue list',
  summary: {
    fr: 'Lister les messages en file d’envoi et l’état de chaque destinataire',
    en: 'List queued messages and the state of each recipient',
  },
  usage: `[--state ${QUEUE_STATES.join('|')}] [--domain DOMAIN] [--limit N]`,
  options: { state: { type: 'string' }, domain: { type: 'string' }, limit: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const state = option(context, 'state');
    if (state !== undefined && !(QUEUE_STATES as readonly string[]).includes(state)) {
      return usageError(
        context,
        queueListCommand,
        text(context, 'badState', { states: QUEUE_STATES.join(', ') }),
      );
    }
    const limitText = option(context, 'limit')?.trim();
    const limit = limitText === undefined ? MAX_QUEUE_PAGE : Number(limitText);
    if ((limitText !== undefined && !/^\d+$/.test(limitText)) || limit < 1) {
      return usageError(context, queueListCommand, text(context, 'badNumber', { option: '--limit' }));
    }
    const domain = option(context, 'domain');
    const { queue } = await context.services();
    const messages = await queue.listQueue({
      ...(state !== undefined && { state: state as QueueState }),
      ...(domain !== undefined && { domain }),
      limit,
    });
    context.result(messages);
    if (messages.length === 0) {
      say(context, state === undefined && domain === undefined ? 'empty' : 'emptyFiltered');
      return EXIT.ok;
    }
    context.say(describeQueue(context.locale, messages));
    say(context, 'count', { count: messages.length });
    if (messages.length === Math.min(limit, MAX_QUEUE_PAGE))
      say(context, 'truncated', { count: messages.length });
    return EXIT.ok;
  },
};

export const queueShowCommand: CliCommand = {
  name: 'queue show',
  summary: {
    fr: 'Afficher un message en file et ses destinataires',
    en: 'Show one queued message and its recipients',
  },
  usage: '<id>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const id = context.positionals[0] ?? '';
    const { queue } = await context.services();
    const message = await queue.showQueued(id);
    if (!message) {
      throw new DomainError('notFound', `no queued message ${id}`, {
        details: { subject: 'queueMessage', name: id },
      });
    }
    context.say(describeQueuedMessage(context.locale, message));
    context.result(message);
    return EXIT.ok;
  },
};

/**
 * retry, hold and release share one shape: one message id in, one state change, one sentence, the message as
 * JSON. Each is a row here; retry alone also takes --all (postqueue -f: every deferred recipient at once).
 */
interface StateChange {
  readonly verb: 'retry' | 'hold' | 'release';
  readonly summary: { readonly fr: string; readonly en: string };
  readonly change: (queue: QueueService, id: string) => Promise<QueuedMessage>;
  /** The sentence said after the change, with `{id}`. */
  readonly done: QueueMessageKey;
  /** `--all` instead of an id: the change for every message it applies to, and how its count is reported. */
  readonly all?: {
    readonly change: (queue: QueueService) => Promise<number>;
    readonly done: QueueMessageKey;
    /** The JSON result's key for the count: `{ retried: 3 }`. */
    readonly resultKey: string;
  };
}

function stateChangeCommand(row: StateChange): CliCommand {
  const { all } = row;
  const command: CliCommand = {
    name: `queue ${row.verb}`,
    summary: row.summary,
    usage: all ? '<id> | --all' : '<id>',
    options: all ? { all: { type: 'boolean' } } : {},
    positionals: { min: all ? 0 : 1, max: 1 },
    async run(context) {
      const id = context.positionals[0];
      if (all) {
        const isAll = context.options.all === true;
        if ((id === undefined) === !isAll) return usageError(context, command, text(context, 'idOrAll'));
      }
      const { queue } = await context.services();
      if (all && id === undefined) {
        const count = await all.change(queue);
        say(context, all.done, { count });
        context.result({ [all.resultKey]: count });
        return EXIT.ok;
      }
      const message = await row.change(queue, id ?? '');
      say(context, row.done, { id: id ?? '' });
      context.result(message);
      return EXIT.ok;
    },
  };
  return command;
}

export const queueRetryCommand = stateChangeCommand({
  verb: 'retry',
  summary: {
    fr: 'Réessayer maintenant un message différé, ou tous (--all)',
    en: 'Try a deferred message again now, or all of them (--all)',
  },
  change: (queue, id) => queue.retryQueued(id),
  done: 'retried',
  all: { change: (queue) => queue.retryAll(), done: 'retriedAll', resultKey: 'retried' },
});

export const queueHoldCommand = stateChangeCommand({
  verb: 'hold',
  summary: { fr: 'Suspendre l’envoi d’un message', en: 'Put a message on hold' },
  change: (queue, id) => queue.holdQueued(id),
  done: 'held',
});

export const queueReleaseCommand = stateChangeCommand({
  verb: 'release',
  summary: { fr: 'Reprendre l’envoi d’un message suspendu', en: 'Release a message on hold' },
  change: (queue, id) => queue.releaseQueued(id),
  done: 'released',
});

export const queueDeleteCommand: CliCommand = {
  name: 'queue delete',
  summary: {
    fr: 'Supprimer un message de la file, sans prévenir l’expéditeur',
    en: 'Delete a message from the queue, without telling its sender',
  },
  usage: '<id> --yes',
  options: { yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    if (context.options.yes !== true)
      return usageError(context, queueDeleteCommand, text(context, 'confirmDelete'));
    const id = context.positionals[0] ?? '';
    const { queue } = await context.services();
    await queue.deleteQueued(id);
    say(context, 'deleted', { id });
    context.result({ deleted: id });
    return EXIT.ok;
  },
};
