// Early-talker check on the MX (Postfix postscreen's pregreet test): a real MTA waits for the 220 greeting
// (RFC 5321 §3.1); a spam bot often sends its whole transaction at once. We hold the greeting for a short
// delay and refuse a client that talks during it. Security: runs before any SMTP parsing.

import type { Socket } from 'node:net';

/** Resolves true when the client stayed quiet for `delayMs`, false when it sent data or left meanwhile. */
export function waitForQuietClient(socket: Socket, delayMs: number): Promise<boolean> {
  if (delayMs <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (isQuiet: boolean) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      // Listening for 'data' made the socket flow: stop it so smtp-server's pipe starts from a paused socket.
      if (isQuiet) socket.pause();
      resolve(isQuiet);
    };
    const onData = () => settle(false);
    const onClose = () => settle(false);
    const timer = setTimeout(() => settle(true), delayMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
