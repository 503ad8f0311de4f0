// Stage 3 of inbound delivery: distribution-list expansion. A pass-through until the lists work: an address
// that names a list will expand to its members here (local ones stored, remote ones queued).

/** One recipient after expansion: the envelope address and, when local, the account it reaches. */
export interface ExpandedRecipient {
  readonly address: string;
  readonly accountId: string;
  /** The list address this recipient came through; undefined for a direct recipient. */
  readonly viaList?: string;
}

/** What the lists work implements; `main.ts` injects it into the pipeline. */
export interface ListExpander {
  expand(recipients: readonly ExpandedRecipient[]): Promise<readonly ExpandedRecipient[]>;
}

/** No lists yet: recipients are delivered as they are. */
export const passThroughListExpander: ListExpander = {
  expand: (recipients) => Promise.resolve(recipients),
};
