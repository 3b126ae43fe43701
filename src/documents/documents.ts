import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CST, Composer, type Document, Lexer, LineCounter, Parser } from 'yaml';

/** One YAML or JSON document of an input, with where it came from. */
export interface SourceDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly content: unknown;
  /** The parsed YAML with offsets into the whole file, to place causes at their node (field-position.ts). */
  readonly source?: YamlSource;
}

export interface YamlSource {
  /** The whole file's text. */
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** Unreadable input: the file and line, and what is wrong, for a message (exit 2), never a stack trace. */
export class UnreadableInputError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly detail: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'UnreadableInputError';
  }
}

// A document bigger than this is not a Kubernetes object (etcd's limit is 1.5 MiB); the limit keeps memory bounded.
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

// Kubernetes objects nest a few dozen levels. The parser's memory grows with flow nesting before it can report
// anything (8 MB of `[` exhausted a 4 GiB heap and ended the process), so deeper input is refused while lexing.
export const MAX_FLOW_DEPTH = 256;
const { SCALAR } = CST;

/** The parser's tokens, fed one lexeme at a time so that flow nesting is counted before the parser holds it. */
function* tokensOf(text: string, parser: Parser, file: string, lineCounter: LineCounter) {
  lineCounter.addNewLine(0); // as Parser.parse() does
  let depth = 0;
  let scalarSource = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (scalarSource) {
      scalarSource = false; // the text of a scalar (a block scalar may be just `[`), not an indicator
    } else if (lexeme === SCALAR) {
      scalarSource = true;
    } else if (lexeme === '[' || lexeme === '{') {
      depth += 1;
      if (depth > MAX_FLOW_DEPTH) {
        throw new UnreadableInputError(file, lineCounter.linePos(parser.offset).line, `flow collections nested deeper than ${MAX_FLOW_DEPTH}`);
      }
    } else if (lexeme === ']' || lexeme === '}') {
      depth = Math.max(0, depth - 1);
    }
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

/**
 * Parses multi-document YAML (JSON is YAML); empty documents are skipped. Merge keys (`<<`) are resolved, as
 * kubectl's YAML reader does, so the rules judge the object Kubernetes would receive.
 */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  let documents: Document.Parsed[];
  try {
    documents = Array.from(new Composer({ merge: true, uniqueKeys: true }).compose(tokensOf(text, parser, file, lineCounter)));
  } catch (cause) {
    // Deep block nesting overflows the parser's stack: unreadable input, not a bug.
    if (!(cause instanceof RangeError)) throw cause;
    throw new UnreadableInputError(file, lineCounter.linePos(parser.offset).line, cause.message);
  }
  const found: SourceDocument[] = [];
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      const offset = error.pos[0];
      throw new UnreadableInputError(file, lineCounter.linePos(offset).line, error.message.split('\n')[0] ?? 'invalid YAML');
    }
    let content: unknown;
    try {
      // maxAliasCount guards against alias bombs ("billion laughs") in untrusted input.
      content = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      const offset = document.range[0];
      throw new UnreadableInputError(file, lineCounter.linePos(offset).line, (cause as Error).message);
    }
    if (content === null || content === undefined) return;
    const start = document.contents?.range[0] ?? document.range[0];
    found.push({ file, index, line: lineCounter.linePos(start).line, content, source: { text, document, lineCounter } });
  });
  return found;
}

const DOCUMENT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files under a folder, recursively, that hold YAML or JSON, in a stable order. */
async function documentFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await documentFilesUnder(full)));
    else if (entry.isFile() && DOCUMENT_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
  }
  return files;
}

/** A file's text, read under MAX_INPUT_BYTES also when it is a FIFO or a device; UnreadableInputError otherwise. */
export async function readInputText(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (info.size > MAX_INPUT_BYTES) throw new UnreadableInputError(file, undefined, `larger than ${MAX_INPUT_BYTES} bytes`);
    // A FIFO or a device (/dev/zero) reports size 0: read it as a stream, under the same limit.
    if (!info.isFile()) return await readStream(createReadStream(file), file);
    return await readFile(file, 'utf8');
  } catch (cause) {
    if (cause instanceof UnreadableInputError) throw cause;
    throw new UnreadableInputError(file, undefined, (cause as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'no such file or directory' : (cause as Error).message);
  }
}

async function readStream(stream: NodeJS.ReadableStream, name = '-'): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new UnreadableInputError(name, undefined, `larger than ${MAX_INPUT_BYTES} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads every document from files, folders (recursively: .yaml, .yml, .json) and `-` (stdin).
 * Throws UnreadableInputError for anything that cannot be read or parsed.
 */
export async function readDocuments(paths: readonly string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for (const entry of paths) {
    if (entry === '-') {
      documents.push(...parseDocuments(await readStream(stdin), '-'));
      continue;
    }
    let info;
    try {
      info = await stat(entry);
    } catch {
      throw new UnreadableInputError(entry, undefined, 'no such file or directory');
    }
    const files = info.isDirectory() ? await documentFilesUnder(entry) : [entry];
    for (const file of files) documents.push(...parseDocuments(await readInputText(file), file));
  }
  return documents;
}
