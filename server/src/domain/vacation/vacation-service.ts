// The vacation service: each account's automatic reply (JMAP VacationResponse) and the responder the inbound
// pipeline calls after a delivery, built once by main.ts.

import type { VacationSettingsContext } from './vacation-settings.ts';
import { readVacation, updateVacation } from './vacation-settings.ts';
import type { VacationChanges, VacationResponse } from './vacation.ts';

export interface VacationService {
  /** The account's response (off and empty when never set). */
  getVacation(accountId: string): Promise<VacationResponse>;
  /** invalid (naming the property) for a bad value; returns the response as stored. */
  updateVacation(accountId: string, changes: VacationChanges): Promise<VacationResponse>;
}

export function createVacationService(context: VacationSettingsContext): VacationService {
  return {
    getVacation: (accountId) => readVacation(context.database.db, accountId),
    updateVacation: (accountId, changes) => updateVacation(context, accountId, changes),
  };
}
