// A file sent to the JMAP upload endpoint (RFC 8620 §6.1) with its progress: XMLHttpRequest, since fetch
// reports no upload progress. Signed in by the session cookie and the CSRF token, like every POST.

export interface UploadedBlob {
  readonly blobId: string;
  readonly type: string;
  readonly size: number;
}

export function uploadBlob(
  uploadUrl: string,
  accountId: string,
  file: Blob,
  csrfToken: string,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadedBlob>; cancel(): void } {
  const request = new XMLHttpRequest();
  const done = new Promise<UploadedBlob>((resolve, reject) => {
    request.open('POST', uploadUrl.replace('{accountId}', encodeURIComponent(accountId)));
    request.withCredentials = true;
    request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201 || request.status === 200) {
        try {
          resolve(JSON.parse(request.responseText) as UploadedBlob);
        } catch {
          reject(new Error('upload: not JSON'));
        }
        return;
      }
      let type = `http${request.status}`;
      try {
        type = (JSON.parse(request.responseText) as { type?: string }).type ?? type;
      } catch {
        // Not JSON: the status says enough.
      }
      reject(new Error(type));
    };
    request.onerror = () => reject(new Error('network'));
    request.onabort = () => reject(new Error('canceled'));
    request.send(file);
  });
  return { done, cancel: () => request.abort() };
}
