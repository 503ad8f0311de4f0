// Which attachments open in a preview rather than only downloading: raster images, PDF and plain text, each
// under a size bound. Previews are built from bytes fetched by the app (the server always serves mail parts
// as downloads), checked against the type they claim before the browser is given them.

export type PreviewKind = 'image' | 'pdf' | 'text';

const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/calendar', 'text/vcard', 'text/x-vcard']);

/** Largest attachment previewed, per kind: beyond, downloading is the better way to look at it. */
export const PREVIEW_LIMITS: Readonly<Record<PreviewKind, number>> = {
  image: 20 * 1024 * 1024,
  pdf: 30 * 1024 * 1024,
  text: 1024 * 1024,
};

export function previewKind(type: string, name: string | null, size: number): PreviewKind | undefined {
  const media = type.toLowerCase();
  const extension = name?.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  let kind: PreviewKind | undefined;
  if (IMAGE_TYPES.has(media)) kind = 'image';
  else if (media === 'application/pdf' || (media === 'application/octet-stream' && extension === 'pdf'))
    kind = 'pdf';
  else if (TEXT_TYPES.has(media) || (media === 'application/octet-stream' && extension === 'txt'))
    kind = 'text';
  return kind !== undefined && size <= PREVIEW_LIMITS[kind] ? kind : undefined;
}

/** The bytes are what the kind says (magic numbers), so a mislabelled file is never handed to a viewer. */
export function looksLike(kind: PreviewKind, bytes: Uint8Array): boolean {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  switch (kind) {
    case 'pdf':
      return starts(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
    case 'image':
      return (
        starts(0x89, 0x50, 0x4e, 0x47) || // PNG
        starts(0xff, 0xd8, 0xff) || // JPEG
        starts(0x47, 0x49, 0x46, 0x38) || // GIF8
        (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45) || // RIFF…WEBP
        (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) || // …ftyp (AVIF)
        starts(0x42, 0x4d) // BMP
      );
    case 'text':
      return !bytes.subarray(0, 8192).includes(0);
  }
}
