// Secrets (passwords) come from standard input only, never from argv where `ps` and shell history see them.
// Security: bounded read; the first line is the secret, trailing CR/LF removed.

export const MAX_SECRET_BYTES = 4096;

export async function readSecretFromStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > MAX_SECRET_BYTES)
      throw new RangeError(`standard input is longer than ${MAX_SECRET_BYTES} bytes`);
    chunks.push(buffer);
    if (buffer.includes(0x0a)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const newline = text.indexOf('\n');
  return (newline === -1 ? text : text.slice(0, newline)).replace(/\r$/, '');
}
