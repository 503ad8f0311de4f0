// Test fixture for JMAP Contacts: one call as Paul or Marie on their own account (using core + contacts),
// answered by its result, or by `{ error: type }` when the method failed.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { Answer, JmapFixture, Who } from '../jmap.fixture.ts';

export const CONTACTS_USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.contacts];

export async function callContacts(
  fixture: JmapFixture,
  name: string,
  args: Record<string, unknown>,
  who: Who = 'paul',
): Promise<Answer> {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts[who], ...args }, 'c']], {
    using: CONTACTS_USING,
    who,
  });
  const [responseName, result] = responses[0] ?? [];
  return responseName === 'error' ? { error: result.type, description: result.description } : result;
}
