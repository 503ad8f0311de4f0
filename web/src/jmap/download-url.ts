// RFC 8620 §2: the session's downloadUrl is a URI template with {accountId}, {blobId}, {type} and {name}.

export function downloadUrl(
  template: string,
  accountId: string,
  blobId: string,
  name: string,
  type: string,
): string {
  const values: Record<string, string> = { accountId, blobId, name, type };
  return template.replace(/\{(accountId|blobId|type|name)\}/g, (_, key: string) =>
    encodeURIComponent(values[key] ?? ''),
  );
}
