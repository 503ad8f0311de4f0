// Helpdesk recovery, assembled (DESIGN.md §4, "never by e-mail"): look the caller up, check their NUMEN, issue a
// one-time activation code after recorded identity checks, and the person's own activation with it. Each part
// is its own file; the identity service spreads this in.

import { accountActivationOperations, type AccountActivationOperations } from './account-activation.ts';
import { activationCodeOperations, type ActivationCodeOperations } from './activation-codes.ts';
import { helpdeskLookupOperations, type HelpdeskLookupOperations } from './helpdesk-lookup.ts';
import type { IdentityContext } from './identity-context.ts';
import { numenOperations, type NumenOperations } from './numen-checks.ts';

export interface HelpdeskOperations
  extends NumenOperations,
    ActivationCodeOperations,
    AccountActivationOperations,
    HelpdeskLookupOperations {}

export function helpdeskOperations(context: IdentityContext): HelpdeskOperations {
  return {
    ...numenOperations(context),
    ...activationCodeOperations(context),
    ...accountActivationOperations(context),
    ...helpdeskLookupOperations(context),
  };
}
