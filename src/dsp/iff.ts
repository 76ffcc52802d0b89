/**
 * The chunk structure shared by RIFF/WAVE (and RIFX, RF64) and IFF/AIFF: a 12-byte header (magic,
 * size of the rest, form type), then chunks of a four-character id, a 32-bit size and a body padded
 * to an even length. Sizes are little-endian in RIFF and RF64, big-endian in RIFX and AIFF.
 */

/** A chunk of a form: id, where its header starts, where its body starts, and its body size. */
export interface Chunk {
  id: string;
  at: number;
  body: number;
  size: number;
}

/** The chunks of a form and the header defects read past. */
export interface Form {
  chunks: Chunk[];
  warnings: string[];
}

/** How to read one form. */
export interface FormSpec {
  /** "RIFF", "RIFX", "RF64" or "FORM", for messages. */
  magic: string;
  bigEndian: boolean;
  /** The size the header declares for everything after its first 8 bytes. */
  declaredSize: number;
  /** Whether the chunks found are enough to decode (e.g. fmt and data present). */
  complete: (chunks: Chunk[]) => boolean;
  /** The body size of a chunk whose size field reads `size` (RF64 takes the data size from ds64). */
  chunkSize?: (id: string, size: number) => number;
  fail: (reason: string) => never;
}

const UNKNOWN_SIZE = 0xffffffff;

export function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** A four-character code for a message: printable ASCII as is, other bytes as `\xNN`. */
export function printable(code: string): string {
  return [...code].map((c) => (c >= ' ' && c <= '~' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
}

/**
 * Walk the chunks from byte 12 to `end`: every header and body must lie inside, ids must be printable
 * ASCII. A 'data' chunk sized 0xFFFFFFFF (a streaming writer that never came back) runs to `end`.
 * Returns the chunks, or the reason the walk failed.
 */
function walk(bytes: Uint8Array, view: DataView, end: number, { bigEndian, chunkSize }: FormSpec): { chunks: Chunk[]; error: string | null; unknownSize: boolean } {
  const chunks: Chunk[] = [];
  let unknownSize = false;
  for (let at = 12; at < end; ) {
    if (at + 8 > end) return { chunks, error: `truncated chunk header at byte ${at}`, unknownSize };
    const id = fourCC(bytes, at);
    if (printable(id) !== id) return { chunks, error: `malformed chunk id "${printable(id)}" at byte ${at} (not printable ASCII)`, unknownSize };
    const body = at + 8;
    let size = view.getUint32(at + 4, !bigEndian);
    size = chunkSize ? chunkSize(id, size) : size;
    if (id === 'data' && size === UNKNOWN_SIZE && body < end) {
      size = end - body;
      unknownSize = true;
    }
    if (body + size > end) return { chunks, error: `chunk "${id}" at byte ${at} declares ${size} bytes but only ${end - body} remain`, unknownSize };
    chunks.push({ id, at, body, size });
    at = body + size + (size & 1);
  }
  return { chunks, error: null, unknownSize };
}

/**
 * The chunks of a form, bounded by what the header declares when that holds together and by the end
 * of the file otherwise: streaming writers leave the size 0 or 0xFFFFFFFF, old tools write it wrong,
 * and every other reader then reads to the end of the file. Such a file decodes with a warning; a
 * chunk that runs past the end of the file is truncation and fails, as do malformed chunk headers.
 * Bytes after a consistent form are ignored.
 */
export function readForm(bytes: Uint8Array, spec: FormSpec): Form {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declaredEnd = 8 + spec.declaredSize;
  const warnings: string[] = [];
  const noteUnknown = (unknown: boolean) => {
    if (unknown) warnings.push('data chunk size is 0xFFFFFFFF (unknown); read the data to the end of the file');
  };
  if (declaredEnd <= bytes.length) {
    const declared = walk(bytes, view, declaredEnd, spec);
    if (!declared.error && spec.complete(declared.chunks)) {
      noteUnknown(declared.unknownSize);
      return { chunks: declared.chunks, warnings };
    }
  }
  const whole = walk(bytes, view, bytes.length, spec);
  if (whole.error) spec.fail(declaredEnd > bytes.length ? `truncated: ${whole.error} (the ${spec.magic} header declares ${declaredEnd} bytes, the file has ${bytes.length})` : whole.error);
  if (declaredEnd !== bytes.length) {
    warnings.push(`${spec.magic} header declares ${declaredEnd} bytes but the file has ${bytes.length}; read the chunks to the end of the file`);
  }
  noteUnknown(whole.unknownSize);
  return { chunks: whole.chunks, warnings };
}
