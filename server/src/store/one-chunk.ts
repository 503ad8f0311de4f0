// Bytes already in memory as the AsyncIterable a BlobStore's read() promises: one chunk, or none when empty.

// eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable, as read() promises
export async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length > 0) yield bytes;
}
