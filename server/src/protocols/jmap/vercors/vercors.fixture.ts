// Test fixture for the urn:vercors:jmap methods: one call as Paul or Marie on their own account, answered by
// its result, or by `{ error: type }` when the method failed.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { Answer, JmapFixture, Who } from '../jmap.fixture.ts';

/** Identity/get and /set come with urn:ietf:params:jmap:submission. */
export const VERCORS_USING = [
  JMAP_CAPABILITIES.core,
  JMAP_CAPABILITIES.submission,
  JMAP_CAPABILITIES.vercors,
];

export async function callOne(
  fixture: JmapFixture,
  name: string,
  args: Record<string, unknown>,
  who: Who = 'paul',
): Promise<Answer> {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts[who], ...args }, 'c']], {
    using: VERCORS_USING,
    who,
  });
  const [responseName, result] = responses[0] ?? [];
  return responseName === 'error' ? { error: result.type } : result;
}
