// Test fixture: verify a DKIM signature with two independent verifiers, mailauth (the library we also sign
// with) and dkimpy (Debian's python3-dkim), each given our public key record instead of a DNS lookup.
// dkimpy is required when VERCORS_TEST_STRICT=1 (CI installs it); otherwise its absence skips with a reason.

import { execFile, execFileSync } from 'node:child_process';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';

const PYTHON = '/usr/bin/python3';

/** mailauth's verdict for the first signature: pass, fail, neutral… and the d= it names. */
export async function verifyWithMailauth(
  message: Uint8Array,
  record: { name: string; value: string },
): Promise<{ result: string; domain: string }> {
  const result = await dkimVerify(Buffer.from(message), {
    resolver: (name: string, type: string) =>
      type === 'TXT' && `${name}.` === record.name
        ? Promise.resolve([[record.value]])
        : Promise.reject(Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' })),
  });
  const [first] = result.results;
  return { result: String(first?.status?.result ?? 'none'), domain: String(first?.signingDomain ?? '') };
}

/** Why dkimpy cannot run here, or undefined when it can. */
export function dkimpyMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import dkim, nacl'], { stdio: 'ignore', timeout: 10_000 });
    return undefined;
  } catch {
    return `${PYTHON} cannot import dkim and nacl (apt-get install -y python3-dkim)`;
  }
}

const VERIFY_SCRIPT = `
import sys, dkim
record = sys.argv[1].encode()
asked = []
def dnsfunc(name, timeout=5):
    asked.append(name.decode() if isinstance(name, bytes) else name)
    return record
ok = dkim.verify(sys.stdin.buffer.read(), dnsfunc=dnsfunc)
print(("pass" if ok else "fail") + " " + ",".join(asked))
`;

/** dkimpy's verdict (`pass` or `fail`) and the DNS names it asked for. */
export function verifyWithDkimpy(
  message: Uint8Array,
  recordValue: string,
): Promise<{ result: string; asked: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      ['-c', VERIFY_SCRIPT, recordValue],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`dkimpy failed: ${stderr || error.message}`));
        const [result = '', asked = ''] = stdout.trim().split(' ');
        resolve({ result, asked });
      },
    );
    child.stdin?.end(Buffer.from(message));
  });
}

/** Skip (or, under VERCORS_TEST_STRICT=1, fail) when dkimpy is missing. */
export function requireDkimpy(t: { skip(message: string): void }): boolean {
  const missing = dkimpyMissing();
  if (missing === undefined) return true;
  if (process.env.VERCORS_TEST_STRICT === '1') throw new Error(`VERCORS_TEST_STRICT=1 and ${missing}`);
  t.skip(`SKIPPED: ${missing}`);
  return false;
}
