/**
 * What the multipart parser's own errors (busboy's, thrown while a route reads `request.parts()`
 * or `request.files()`) mean to the person uploading; null for any other error. Without this they
 * carry no status and would answer 500, though the upload, not the server, is broken.
 */
export function malformedUpload(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  if (/Boundary not found|needle cannot be an empty/i.test(message)) {
    return 'The upload is multipart/form-data without a boundary: send Content-Type: multipart/form-data; boundary=…, as browsers and curl -F do; nothing was imported.';
  }
  if (/needle cannot have a length bigger/i.test(message)) {
    return 'The upload’s multipart boundary is too long (at most 70 characters); nothing was imported.';
  }
  if (/unexpected end of multipart data/i.test(message)) {
    return 'The upload ended before its closing boundary (cut off in transit, or not multipart/form-data); nothing was imported.';
  }
  if (/Malformed part header/i.test(message)) {
    return 'The upload has a part whose headers cannot be read; nothing was imported.';
  }
  return null;
}
