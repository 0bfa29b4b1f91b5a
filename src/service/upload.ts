// Reads a multipart upload into memory under one running byte count over every part. @fastify/multipart's
// `fileSize` is per file and Fastify's `bodyLimit` does not apply to multipart, so the total is ours to
// keep: the moment it passes the limit we stop reading and answer 413, keeping nothing.
import type { FastifyRequest } from 'fastify';
import { classifyFile, safeBaseName } from '../engine/collect/files/classify.js';
import type { InputFile } from '../engine/types.js';
import { ApiError } from './errors.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 1000;
const UPLOAD_FIELD = 'files';

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

/** Busboy limits for the multipart plugin; the total is enforced by readUpload itself. */
export function multipartLimits(limits: UploadLimits) {
  return {
    // One byte more than the total, so the running count sees the overflow instead of a silent cut.
    fileSize: limits.maxBytes + 1,
    files: limits.maxFiles,
    parts: limits.maxFiles + 20,
    fields: 20,
    fieldSize: 64 * 1024,
    fieldNameSize: 100,
    headerPairs: 100,
  };
}

function tooLarge(limits: UploadLimits): ApiError {
  const megabytes = Math.round((limits.maxBytes / (1024 * 1024)) * 10) / 10;
  return new ApiError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Upload exceeds the ${megabytes} MB limit (all files together)`,
  );
}

/** Two files with the same base name become `name (2)`, so every finding points at one file. */
function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

export async function readUpload(request: FastifyRequest, limits: UploadLimits): Promise<InputFile[]> {
  if (!request.isMultipart()) {
    throw new ApiError(400, 'BAD_REQUEST', 'Send the files as multipart/form-data in the `files` field');
  }
  try {
    return await readParts(request, limits);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const { code, statusCode } = error as { code?: string; statusCode?: number };
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `At most ${limits.maxFiles} files per upload`);
    }
    if (statusCode !== undefined && statusCode < 500) {
      throw new ApiError(400, 'BAD_REQUEST', 'Malformed multipart/form-data body');
    }
    // Busboy's parse errors (a truncated or malformed body) are the client's, not ours.
    throw new ApiError(400, 'BAD_REQUEST', 'Malformed multipart/form-data body');
  }
}

async function readParts(request: FastifyRequest, limits: UploadLimits): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const taken = new Set<string>();
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      total += Buffer.byteLength(String(part.value));
      if (total > limits.maxBytes) throw tooLarge(limits);
      if (part.fieldname === UPLOAD_FIELD) {
        throw new ApiError(400, 'BAD_REQUEST', 'The `files` field must hold files, not text values');
      }
      continue;
    }
    if (part.fieldname !== UPLOAD_FIELD) {
      throw new ApiError(
        400,
        'BAD_REQUEST',
        `Unexpected file field \`${safeBaseName(part.fieldname).slice(0, 64)}\`; send files as \`files\``,
      );
    }
    const base = safeBaseName(part.filename ?? '');
    // Refuse by name before reading a byte of content.
    const byName = classifyFile(base, new Uint8Array(0));
    if (!byName.accepted) throw new ApiError(400, byName.code, byName.reason);
    const chunks: Buffer[] = [];
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes) throw tooLarge(limits);
      chunks.push(chunk);
    }
    // By content once the file is whole: a PE header is found through an offset into the file.
    const content = Buffer.concat(chunks);
    const byContent = classifyFile(base, content);
    if (!byContent.accepted) throw new ApiError(400, byContent.code, byContent.reason);
    files.push({ name: uniqueName(base, taken), content });
  }
  if (files.length === 0) {
    throw new ApiError(400, 'BAD_REQUEST', 'No files uploaded; send one or more files in the `files` field');
  }
  return files;
}
