// Public surface of vacation: the automatic reply of an absent user (JMAP VacationResponse) and its responder.

export {
  VACATION_ID,
  VACATION_LIMITS,
  VACATION_OFF,
  VACATION_TYPE,
  type VacationChanges,
  type VacationProperty,
  type VacationResponse,
} from './vacation.ts';
export { createVacationService, type VacationService } from './vacation-service.ts';
export { isVacationActive } from './vacation-settings.ts';
export { createVacationResponder, type VacationResponderDependencies } from './vacation-responder.ts';
