// Every fixed bound of the SMTP listeners, each with the reason it exists (imapflow limits.js, Postfix
// mail_params.h). Operators tune the few that depend on the site through settings.ts; these do not.

/**
 * Longest command line we read. RFC 5321 §4.5.3.1.4 says 512 octets, but extensions lengthen lines
 * (SMTPUTF8 addresses, DSN ORCPT/ENVID, AUTH PLAIN with long passwords): Postfix's line_length_limit is 2048.
 * Past it the line is refused and the connection closed, so nobody can make us buffer an endless line.
 */
export const MAX_COMMAND_LINE_BYTES = 2048;

/** Idle time allowed between commands (RFC 5321 §4.5.3.2.7 asks at least 5 minutes of the server). */
export const IDLE_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Error replies (4xx/5xx) one session may collect before we hang up: a directory-harvesting client
 * probing addresses with RCPT gets 20 answers, not thousands (Postfix smtpd_hard_error_limit).
 */
export const MAX_ERRORS_PER_SESSION = 20;

/** AUTH attempts one connection may make, right or wrong, before we hang up (then the throttle takes over). */
export const MAX_AUTH_ATTEMPTS_PER_SESSION = 3;

/** Messages accepted over one connection before we ask the client to reconnect (bounds a session's life). */
export const MAX_MESSAGES_PER_SESSION = 1000;

/**
 * How long an implicit TLS client may take to finish its handshake: a socket that never does must not hold
 * a connection slot (smtp-server guards only its own listener; we accept sockets ourselves).
 */
export const TLS_HANDSHAKE_TIMEOUT_MS = 30_000;

/** Remote addresses tracked for per-IP connection counts and AUTH throttling (memory bound per worker). */
export const MAX_TRACKED_ADDRESSES = 100_000;
