// EmailSubmission/queryChanges (RFC 8621 §7.4): EmailSubmission/query says canCalculateChanges false, so every
// call with valid arguments is cannotCalculateChanges, and the client queries again (a user's recent sends
// are few).

import { SUBMISSION } from '../identity/identity-object.ts';
import { recalculatedQueryChanges } from '../standard/query-changes.ts';

export const emailSubmissionQueryChanges = recalculatedQueryChanges(SUBMISSION, 'submission');
