// One delivery attempt for a claimed group: read the message once, hand it to the mail store (local domain)
// or to the delivery agent (remote domain), turn whatever happens into one result per recipient, and record
// them. A failure of ours (a bug, a store outage) defers; it never bounces mail.

import { newIncidentId } from '#core/ids';
import type { ClaimedGroup } from './queue-claim.ts';
import type {
  DeliveryAgent,
  LocalDelivery,
  LocalDeliveryResult,
  RecipientDelivery,
} from './queue-delivery-agent.ts';
import { recordResults, type ResultDependencies } from './queue-results.ts';

export interface AttemptDependencies extends ResultDependencies {
  readonly agent: DeliveryAgent;
  readonly localDelivery: LocalDelivery;
}

const STATUS_PREFIX = /^([245])\.(\d{1,3})\.(\d{1,3})\b\s*/;

/** A local result's reason, split into its leading RFC 3463 status (or `fallback`) and the rest. */
function withStatus(reason: string, fallback: string): { status: string; detail: string } {
  const match = STATUS_PREFIX.exec(reason);
  if (!match || match[1] !== fallback[0]) return { status: fallback, detail: reason };
  return { status: `${match[1]}.${match[2]}.${match[3]}`, detail: reason.slice(match[0].length) || reason };
}

export function localResult(address: string, result: LocalDeliveryResult): RecipientDelivery {
  if (result === 'delivered') {
    return { address, outcome: 'delivered', status: '2.0.0', detail: 'delivered to the mailbox' };
  }
  if ('temporary' in result)
    return { address, outcome: 'deferred', ...withStatus(result.temporary, '4.3.0') };
  return { address, outcome: 'bounced', ...withStatus(result.permanent, '5.0.0') };
}

function deferredAll(group: ClaimedGroup, status: string, detail: string): Map<string, RecipientDelivery> {
  return new Map(
    group.recipients.map((r) => [r.id, { address: r.address, outcome: 'deferred', status, detail }] as const),
  );
}

async function deliverLocally(
  dependencies: AttemptDependencies,
  group: ClaimedGroup,
  content: Uint8Array,
  signal: AbortSignal,
): Promise<Map<string, RecipientDelivery>> {
  const results = new Map<string, RecipientDelivery>();
  for (const recipient of group.recipients) {
    if (signal.aborted) break;
    try {
      const result = await dependencies.localDelivery(recipient.address, content, {
        sender: group.message.sender,
        queueId: group.message.id,
      });
      results.set(recipient.id, localResult(recipient.address, result));
    } catch (error) {
      const incident = newIncidentId();
      dependencies.log.error(
        { err: error, incident, queueId: group.message.id, recipient: recipient.address },
        'local delivery failed unexpectedly',
      );
      results.set(recipient.id, {
        address: recipient.address,
        outcome: 'deferred',
        status: '4.3.0',
        detail: `local delivery failed (incident ${incident})`,
      });
    }
  }
  return results;
}

async function deliverRemotely(
  dependencies: AttemptDependencies,
  group: ClaimedGroup,
  content: Uint8Array,
  signal: AbortSignal,
): Promise<Map<string, RecipientDelivery>> {
  const { message } = group;
  try {
    const delivered = await dependencies.agent.deliver({
      queueId: message.id,
      sender: message.sender,
      domain: group.domain,
      recipients: group.recipients.map((r) => ({ address: r.address, notify: r.notify, orcpt: r.orcpt })),
      content,
      envid: message.envid,
      ret: message.ret,
      is8bit: message.is8bit,
      needsSmtputf8: message.needsSmtputf8,
      signal,
    });
    const byAddress = new Map(delivered.map((result) => [result.address, result]));
    const results = new Map<string, RecipientDelivery>();
    for (const recipient of group.recipients) {
      const result = byAddress.get(recipient.address);
      if (result) results.set(recipient.id, result);
    }
    return results;
  } catch (error) {
    const incident = newIncidentId();
    dependencies.log.error(
      { err: error, incident, queueId: message.id, domain: group.domain },
      'delivery agent failed unexpectedly',
    );
    return deferredAll(group, '4.3.0', `delivery agent failed (incident ${incident})`);
  }
}

/** Deliver `group` (leased by `owner`) and record the outcome. Resolves once the results are committed. */
export async function attemptGroup(
  dependencies: AttemptDependencies,
  owner: string,
  group: ClaimedGroup,
  signal: AbortSignal,
): Promise<void> {
  const { blobId } = group.message;
  const content = blobId === null ? undefined : await dependencies.blobs.get(blobId);
  let results: Map<string, RecipientDelivery>;
  if (content === undefined) {
    dependencies.log.error({ queueId: group.message.id, blobId }, 'queued message content is missing');
    results = deferredAll(group, '4.3.0', 'the message content is missing from the blob store');
  } else if (group.isLocal) {
    results = await deliverLocally(dependencies, group, content, signal);
  } else {
    results = await deliverRemotely(dependencies, group, content, signal);
  }
  await recordResults(dependencies, owner, group, results, content);
}
