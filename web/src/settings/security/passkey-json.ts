// WebAuthn's JSON forms (Level 3 §5.1) for browsers that lack them: the server sends the creation options as
// PublicKeyCredentialCreationOptionsJSON and expects RegistrationResponseJSON back. Where the browser has
// PublicKeyCredential.parseCreationOptionsFromJSON and credential.toJSON() they are used; these do the same
// for older ones (Safari before 17.4, Firefox before 119): base64url fields to bytes and back.

export function bytesToBase64url(bytes: ArrayBuffer | ArrayBufferView): string {
  const view =
    bytes instanceof ArrayBuffer
      ? new Uint8Array(bytes)
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of a base64url string; throws on characters outside the alphabet. */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The options for navigator.credentials.create(), by the browser's own parser when it has one. */
export function creationOptionsFromJson(
  json: PublicKeyCredentialCreationOptionsJSON,
  parse: ((json: PublicKeyCredentialCreationOptionsJSON) => PublicKeyCredentialCreationOptions) | undefined,
): PublicKeyCredentialCreationOptions {
  if (parse !== undefined) return parse(json);
  const { challenge, user, excludeCredentials, ...rest } = json;
  return {
    ...rest,
    challenge: base64urlToBytes(challenge),
    user: { ...user, id: base64urlToBytes(user.id) },
    excludeCredentials: (excludeCredentials ?? []).map((credential) => ({
      ...credential,
      id: base64urlToBytes(credential.id),
    })),
  } as PublicKeyCredentialCreationOptions;
}

/** What navigator.credentials.create() gives for a new passkey, as far as this module reads it. */
export interface NewCredential {
  readonly id: string;
  readonly rawId: ArrayBuffer;
  readonly type: string;
  readonly authenticatorAttachment?: string | null;
  readonly response: {
    readonly clientDataJSON: ArrayBuffer;
    readonly attestationObject: ArrayBuffer;
    getTransports?(): string[];
  };
  getClientExtensionResults(): unknown;
  toJSON?(): unknown;
}

/** RegistrationResponseJSON of a new credential, by the browser's toJSON() when it has one. */
export function registrationJsonOf(credential: NewCredential): Record<string, unknown> {
  const json: Record<string, unknown> =
    typeof credential.toJSON === 'function'
      ? { ...(credential.toJSON() as Record<string, unknown>) }
      : {
          id: credential.id,
          rawId: bytesToBase64url(credential.rawId),
          type: credential.type,
          authenticatorAttachment: credential.authenticatorAttachment,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: bytesToBase64url(credential.response.clientDataJSON),
            attestationObject: bytesToBase64url(credential.response.attestationObject),
            transports: credential.response.getTransports?.() ?? [],
          },
        };
  // Some browsers say null for "not known"; the JSON form leaves it out.
  if (json.authenticatorAttachment === null || json.authenticatorAttachment === undefined)
    delete json.authenticatorAttachment;
  return json;
}
