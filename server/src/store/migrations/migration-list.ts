// Every migration, oldest first. Append only: a released migration is never edited or removed.

import { initial } from './0001-initial.ts';
import type { Migration } from './run-migrations.ts';

export const MIGRATIONS: readonly Migration[] = [initial];
