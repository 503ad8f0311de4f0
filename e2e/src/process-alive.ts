// Whether a process still runs: signal 0 checks without sending anything (an error means gone, or not ours).

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
