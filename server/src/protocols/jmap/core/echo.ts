// Core/echo (RFC 8620 §4): the arguments back, unchanged; clients use it to test a connection.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { defineMethod } from '../method-context.ts';

export const coreEcho = defineMethod({
  capability: JMAP_CAPABILITIES.core,
  schema: z.record(z.string(), z.unknown()),
  run: (args) => Promise.resolve(args),
});
