// The error that ends a connection rather than a command: part of a response is already on the wire and the
// rest cannot be produced (a literal announced as {n} and the blob store ran short). No tagged reply may
// follow, since the client would read it as the missing octets, so the session closes the connection at once
// (Dovecot disconnects with "FETCH failed" in the same case). Throw it only once a response has started.

export class BrokenResponseError extends Error {
  override readonly name = 'BrokenResponseError';
}
