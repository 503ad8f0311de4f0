// One /set call of a settings screen (RFC 8620 §5.3): its outcome for the status line, and the answer when
// nothing was refused. An unreachable server or an ended session is also reported to the shell.

import type { JmapClient } from '../../jmap/jmap-client.ts';
import { outcomeOfError, type SaveOutcome, setRefusal } from './save-outcome.ts';

export interface SetAnswer<T> {
  readonly created?: Readonly<Record<string, Partial<T> & { readonly id: string }>> | null;
}

export async function runSet<T>(
  client: JmapClient,
  method: 'Signature/set' | 'ReplyTemplate/set' | 'Identity/set',
  args: Record<string, unknown>,
  onError: (error: unknown) => void,
): Promise<readonly [SaveOutcome, SetAnswer<T> | undefined]> {
  try {
    const results = await client.call([[method, { accountId: client.accountId, ...args }, 's']]);
    const answer = results.get('s');
    const refused = setRefusal(answer);
    return refused === undefined ? [{ kind: 'saved' }, answer as SetAnswer<T>] : [refused, undefined];
  } catch (error) {
    const failed = outcomeOfError(error);
    if (failed.kind === 'unreachable') onError(error);
    return [failed, undefined];
  }
}
