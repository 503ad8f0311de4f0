// Fixed limits of an IMAP session, each with the reason for its value (imapflow's limits.js, Dovecot's
// imap-settings). Site-dependent limits are settings (settings.ts); wire framing limits are wire/limits.ts.

/** Before login: a client that has not authenticated within this is dropped (Dovecot: 60 s for login). */
export const PRE_AUTH_IDLE_MS = 60_000;
/**
 * After login, between commands and in IDLE: RFC 9051 §5.4 asks for at least 30 minutes of inactivity before
 * autologout, and IDLE clients re-issue the command every 29 minutes (RFC 2177 §3).
 */
export const AUTHENTICATED_IDLE_MS = 30 * 60_000;
/** Failed LOGIN/AUTHENTICATE per connection before BYE: the throttle counts across connections too. */
export const MAX_AUTH_FAILURES_PER_SESSION = 3;
/** BAD responses in a row before BYE: a client that keeps sending garbage is not an IMAP client. */
export const MAX_CONSECUTIVE_BAD = 20;
/**
 * Output bytes buffered in the socket before a command waits for 'drain': a FETCH of many large messages then
 * streams at the client's pace instead of filling memory.
 */
export const OUTPUT_HIGH_WATER_BYTES = 256 * 1024;
/** Mailboxes listed or walked per account: far above real trees, a bound against a hostile one. */
export const MAX_MAILBOXES = 10_000;
/** Hierarchy delimiter: the slash, as Cyrus with altnamespace and Gmail show folders. */
export const HIERARCHY_DELIMITER = '/';
/** Characters of a mailbox name part: bounds every name the client sends or sees. */
export const MAX_MAILBOX_NAME_CHARS = 255;
/** AUTHENTICATE PLAIN response line: base64 of user + password + 2 NULs, with room. */
export const MAX_SASL_RESPONSE_BYTES = 8 * 1024;
/** TLS handshake after connect (imaps) or STARTTLS: a stalled handshake must not hold a slot. */
export const TLS_HANDSHAKE_MS = 30_000;
/**
 * Longest wait put before one command past imap.max-commands-per-minute (command-pacing.ts). A second per
 * command slows a runaway loop to the limit, and stays far below client timeouts (Thunderbird 100 s,
 * imapflow 5 min), so a legitimate client in a burst is slowed, never failed.
 */
export const COMMAND_TARPIT_MAX_MS = 1000;
/**
 * After BYE or LOGOUT on a compressed connection, the last bytes go through the deflater before the socket
 * ends: a client that stopped reading cannot hold the connection longer than this.
 */
export const COMPRESSED_CLOSE_MS = 2000;
