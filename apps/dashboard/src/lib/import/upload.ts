import { csrfHeaders } from '$lib/api/csrf';
/** The answer of an upload: the status and the parsed JSON body (null when it was not JSON). */
export interface UploadResponse {
  status: number;
  body: unknown;
}

/**
 * POSTs files as multipart/form-data (`file` parts) with XMLHttpRequest, because `fetch` cannot
 * report upload progress. `onProgress` gets the fraction sent, or `null` when the size is unknown;
 * `onSent` fires once the last byte is out and the server is working on it.
 */
export function uploadFiles(
  url: string,
  files: readonly File[],
  handlers: { onProgress?: (fraction: number | null) => void; onSent?: () => void } = {},
): Promise<UploadResponse> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) =>
      handlers.onProgress?.(event.lengthComputable ? event.loaded / event.total : null);
    xhr.upload.onload = () => handlers.onSent?.();
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Left null: the status tells the story.
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('The upload could not reach the server.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    xhr.send(form);
  });
}
