// An SMTP reply: basic code (RFC 5321 §4.2), enhanced status code (RFC 3463) and text. smtp-server derives
// the enhanced code of an application's error from the basic code alone (554 → 5.6.0), so our replies carry
// theirs at the start of the message and inbound/connection-replies.ts writes it as given.

export interface SmtpReply {
  readonly code: number;
  /** `class.subject.detail`, e.g. 5.7.1. */
  readonly enhanced: string;
  readonly text: string;
}

/** The Error smtp-server turns into this reply (its `responseCode` picks the basic code). */
export function replyError(reply: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(`${reply.enhanced} ${reply.text}`), { responseCode: reply.code });
}

/** The text smtp-server sends for a success reply, with our enhanced code in front. */
export function replyText(reply: SmtpReply): string {
  return `${reply.enhanced} ${reply.text}`;
}

export function formatReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.enhanced} ${reply.text}`;
}
