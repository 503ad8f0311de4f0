// A remote server's reply as the queue records it: the reply code, the RFC 3463 enhanced status (from the reply
// when it gives a matching one, else the class's generic x.0.0) and the text on one bounded line.
// Security: replies are untrusted text; they are cut and stripped of control characters here.

/** A reply quoted in logs, `queue show` and DSNs is cut here; real replies are far shorter. */
export const MAX_REPLY_TEXT = 1000;

export interface SmtpReply {
  /** 250, 451, 550… */
  readonly code: number;
  /** RFC 3463 status whose class matches the code: 2.0.0, 4.7.1, 5.1.1… */
  readonly status: string;
  /** The whole reply on one line, e.g. `550 5.1.1 <x@example.org>: Recipient address rejected`. */
  readonly text: string;
}

const REPLY = /^([245])(\d\d)(?:[ -]|$)/;
const ENHANCED = /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/** Undefined when `response` does not start with a 2xx, 4xx or 5xx reply code. */
export function parseReply(response: string | undefined): SmtpReply | undefined {
  if (response === undefined) return undefined;
  const match = REPLY.exec(response);
  if (!match) return undefined;
  const code = Number(`${match[1]}${match[2]}`);
  const enhanced = ENHANCED.exec(response);
  // RFC 3463 §2: the status class must agree with the reply code; when it does not, the code wins.
  const status =
    enhanced && enhanced[1] === match[1] ? `${enhanced[1]}.${enhanced[2]}.${enhanced[3]}` : `${match[1]}.0.0`;
  const text = response
    .replace(/\r?\n/g, ' ')
    .replace(/[\x00-\x1f\x7f]/g, '')
    .slice(0, MAX_REPLY_TEXT)
    .trim();
  return { code, status, text };
}

export function isPermanent(reply: SmtpReply): boolean {
  return reply.code >= 500;
}
