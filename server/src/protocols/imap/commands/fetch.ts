// FETCH and UID FETCH (RFC 9051 §6.4.5, §6.4.8, §7.5.2; CHANGEDSINCE and VANISHED of RFC 7162 §3.1.4.1, §3.2.6).
// Grammar: FETCH SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
//          [SP "(" fetch-modifier *(SP fetch-modifier) ")"]
//          fetch-modifier = "CHANGEDSINCE" SP mod-sequence-valzer / "VANISHED"
// Items are parsed and written by fetch/; this file walks the messages in batches (fetch-messages.ts) and
// streams each response to the socket with back-pressure, so memory holds one batch of rows and one message.
// Security: the set is resolved against the snapshot, bounded by the mailbox's size; a response cut short
// after it started closes the connection (BrokenResponseError) rather than letting a reply follow it.

import { BrokenResponseError } from '../broken-response.ts';
import { bad, no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { type FetchRequest, parseFetchArguments } from '../fetch/fetch-items.ts';
import { writeListingResponse } from '../fetch/fetch-listing.ts';
import { fetchResponseNow, type PreparedFetch, prepareFetchResponse } from '../fetch/fetch-response.ts';
import { ResponseArena } from '../fetch/response-arena.ts';
import type { SelectedMailbox } from '../selected-mailbox.ts';
import { untaggedStatus } from '../wire/encoder.ts';
import { highestModseqCode } from '../wire/response-codes.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import {
  FETCH_BATCH_SIZE,
  type FetchPlan,
  loadBatch,
  planFetch,
  type PreparedMessage,
} from './fetch-messages.ts';
import { ResponseOutput } from './fetch-output.ts';
import { sendVanishedEarlier } from './fetch-vanished.ts';
import { selectedOf, targetMessages, type TargetMessage } from './message-targets.ts';

interface FetchArguments {
  readonly set: SequenceSet;
  readonly request: FetchRequest;
}

type FetchOutcome =
  | { readonly kind: 'done'; readonly missing: number }
  | { readonly kind: 'refused'; readonly code: string; readonly text: string };

function fetchCommand(isUid: boolean): ImapCommand<FetchArguments> {
  const name = isUid ? 'UID FETCH' : 'FETCH';
  return {
    name,
    states: ['selected'],
    // Sequence numbers keep their meaning until the reply; UID FETCH may see expunges (RFC 9051 §7.5.1).
    usesSequenceNumbers: !isUid,
    parse(cursor) {
      cursor.expectSpace();
      const set = cursor.expectSequenceSet(true);
      return { set, request: parseFetchArguments(cursor, { isUid }) };
    },
    async run(session, { set, request }) {
      const selected = selectedOf(session);
      // RFC 7162 §3.2.6: VANISHED without QRESYNC enabled is a BAD.
      if (request.isVanished && !session.enabled.has('QRESYNC'))
        return bad('VANISHED needs ENABLE QRESYNC first');
      const targets = targetMessages(session, set, isUid);
      if (request.enablesCondstore) await enableCondstore(session, selected);
      if (request.isVanished && request.changedSince !== undefined)
        await sendVanishedEarlier(session, selected, set, request.changedSince);

      const plan = planFetch(session, selected, request, isUid);
      const outcome = await sendResponses(plan, changedSince(targets, request.changedSince));
      if (outcome.kind === 'refused') return no(outcome.text, { name: outcome.code });
      // RFC 5530 EXPUNGEISSUED: the client may want a NOOP to learn what went away. UID FETCH ignores
      // UIDs that do not exist anyway (RFC 9051 §6.4.8), and its reply may carry the expunges.
      if (outcome.missing > 0 && !isUid)
        return ok('Some messages were expunged meanwhile; FETCH completed', { name: 'EXPUNGEISSUED' });
      return ok(`${name} completed`);
    },
  };
}

/**
 * The first CONDSTORE-enabling command in a selected mailbox is told HIGHESTMODSEQ (RFC 7162 §3.1), so the
 * client has a starting point for the MODSEQ values it is sent from now on.
 */
async function enableCondstore(session: CommandSession, selected: SelectedMailbox): Promise<void> {
  if (session.enabled.has('CONDSTORE')) return;
  session.enable('CONDSTORE');
  await session.send(untaggedStatus('OK', 'CONDSTORE enabled', highestModseqCode(selected.highestModseq)));
}

/** CHANGEDSINCE: only messages whose modseq is greater (RFC 7162 §3.1.4.1); read from the snapshot. */
function changedSince(targets: TargetMessage[], since: bigint | undefined): TargetMessage[] {
  if (since === undefined) return targets;
  // Every real modseq is a safe integer: a larger bound leaves nothing.
  if (since >= BigInt(Number.MAX_SAFE_INTEGER)) return [];
  const bound = Number(since);
  return targets.filter(({ entry }) => entry.modseq > bound);
}

/**
 * Messages prepared ahead of the one being written: their bytes come from the blob store a few at a time
 * instead of one after another, so a FETCH of 1,000 headers waits for the disk about 1,000/READ_AHEAD times,
 * not 1,000. A prepared message holds at most KEEP_IN_MEMORY_BELOW octets per item in memory.
 */
const READ_AHEAD = 8;

/** The response's octets when they could be written at once (fetchResponseNow), else what is being read. */
type Preparation = readonly Buffer[] | Promise<PreparedFetch>;

/** Batch after batch: rows loaded and \Seen set, then each message written in order. */
async function sendResponses(plan: FetchPlan, targets: readonly TargetMessage[]): Promise<FetchOutcome> {
  const output = new ResponseOutput(plan.session);
  // Listing lines are written back to back here; the output joins them again into large writes.
  const arena = new ResponseArena();
  let missing = 0;
  for (let start = 0; start < targets.length; start += FETCH_BATCH_SIZE) {
    // What is written goes out before the store is asked again: the client reads while we wait, and a
    // failing store call still leaves it with every complete response so far.
    await output.flush();
    // A client gone mid-FETCH: stop reading blobs for nobody (the session has closed; no reply is sent).
    if (plan.session.isClosed) break;
    const batch = await loadBatch(plan, targets.slice(start, start + FETCH_BATCH_SIZE));
    missing += batch.missing;
    const preparations = new Map<number, Preparation>();
    const prepare = (index: number) => {
      const prepared = batch.messages[index];
      if (prepared === undefined) return;
      const now = responseNow(arena, prepared);
      if (now !== undefined) {
        preparations.set(index, now);
        return;
      }
      const preparation = prepareFetchResponse(prepared.message, prepared.request, prepared.options);
      // Awaited in order below; a failure ahead must not count as unhandled meanwhile.
      preparation.catch(() => undefined);
      preparations.set(index, preparation);
    };
    for (let index = 0; index < READ_AHEAD; index++) prepare(index);
    for (const [index, prepared] of batch.messages.entries()) {
      prepare(index + READ_AHEAD);
      const preparation = preparations.get(index);
      preparations.delete(index);
      if (preparation === undefined) throw new Error(`message ${index} of the batch was not prepared`);
      if (!(preparation instanceof Promise)) {
        // Written at once: no await unless the output is due for the socket.
        if (output.append(preparation)) await output.flush();
        if (plan.session.isClosed) break;
        continue;
      }
      const refusal = await sendMessage(output, prepared.message, preparation);
      if (refusal !== undefined) return refusal;
      if (plan.session.isClosed) break;
    }
    if (batch.refusal !== undefined) {
      await output.flush();
      return { kind: 'refused', ...batch.refusal };
    }
  }
  await output.flush();
  return { kind: 'done', missing };
}

/** One `* n FETCH (…)`; a refusal is known before any byte of it is written. */
async function sendMessage(
  output: ResponseOutput,
  message: PreparedMessage['message'],
  preparation: Promise<PreparedFetch>,
): Promise<FetchOutcome | undefined> {
  let prepared;
  try {
    prepared = await preparation;
  } catch (error) {
    // Nothing of this message is written: what came before goes out, the error becomes the tagged reply.
    await output.flush();
    throw error;
  }
  if (prepared.isRefused) {
    await output.flush();
    return { kind: 'refused', code: prepared.code, text: prepared.text };
  }
  if (prepared.now !== undefined) {
    if (output.append(prepared.now())) await output.flush();
    return undefined;
  }
  let isStarted = false;
  try {
    for await (const chunk of prepared.chunks()) {
      isStarted = true;
      await output.write(chunk);
    }
  } catch (error) {
    if (!isStarted) {
      await output.flush();
      throw error;
    }
    throw new BrokenResponseError(`FETCH response of message ${message.seq} cut short`, { cause: error });
  }
  return undefined;
}

/** The response at once, or undefined to read it; a failure is left to the reading path, which reports it. */
function responseNow(
  arena: ResponseArena,
  { message, request, options }: PreparedMessage,
): readonly Buffer[] | undefined {
  try {
    const line = writeListingResponse(arena, message, request, options);
    return line === undefined ? fetchResponseNow(message, request, options) : [line];
  } catch {
    return undefined;
  }
}

export const fetch = fetchCommand(false);
export const uidFetch = fetchCommand(true);
