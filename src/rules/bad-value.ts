/**
 * A bad value as kube-apiserver 1.34 and newer prints it after `Invalid value: ` (apimachinery field/errors.go
 * `ErrorBody`, kubernetes/kubernetes#132314; KS-22): a string as Go's `%q`, a number or boolean as `%v`, anything else
 * (nil, lists, maps) as Go's `json.Marshal`. So `"SingleStack"`, `5`, `true`, `null`, `["172.16.0.10","fd12::5:a"]`,
 * `{"a":1}`, where 1.33 and older printed lists as `[]string{"172.16.0.10", "fd12::5:a"}`. The values are decoded
 * JSON; an integer is Go's int64, another number its float64, as in kube-apiserver's unstructured objects.
 * test/rules/bad-value.test.ts holds what apimachinery v0.37.2 itself printed for each case.
 */

// Long hostile values would otherwise be echoed back whole into the message kube-apiserver shows the user; rendering
// stops soon after this many characters.
const MAX_RENDERED_VALUE = 256;
const TRUNCATED = '...(truncated)';

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};
// encoding/json's escapes (HTML-safe, as json.Marshal writes): other control characters become \u00XX.
const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};
const JSON_NEEDS_ESCAPE = /["\\<>&\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, '0');
}

/** A lone surrogate: Go's decoder has already made it U+FFFD (valid UTF-16 pairs come through `for…of` whole). */
function codePointOf(character: string): number {
  const codePoint = character.codePointAt(0)!;
  return codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint;
}

/** Go's strconv.Quote, as `%q` prints a string. */
function goQuoted(text: string): string {
  let quoted = '"';
  for (const character of text) {
    const escape = GO_ESCAPES[character];
    const codePoint = codePointOf(character);
    if (escape !== undefined) quoted += escape;
    else if (PRINTABLE.test(character) || codePoint === 0xfffd) quoted += String.fromCodePoint(codePoint);
    else if (codePoint < 0x20 || codePoint === 0x7f) quoted += `\\x${hex(codePoint, 2)}`;
    else if (codePoint < 0x10000) quoted += `\\u${hex(codePoint, 4)}`;
    else quoted += `\\U${hex(codePoint, 8)}`;
  }
  return `${quoted}"`;
}

/** encoding/json's string: `<`, `>`, `&`, U+2028 and U+2029 escaped besides JSON's own escapes. */
function jsonQuoted(text: string): string {
  if (!JSON_NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let quoted = '"';
  for (const character of text) {
    const codePoint = codePointOf(character);
    const escape = JSON_ESCAPES[character];
    if (escape !== undefined) quoted += escape;
    else if (codePoint < 0x20) quoted += `\\u${hex(codePoint, 4)}`;
    else quoted += String.fromCodePoint(codePoint);
  }
  return `${quoted}"`;
}

/** Go's `%v` of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 on (strconv 'g', -1). */
function goFloat(value: number): string {
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Go's `%v` of a number decoded from JSON: an integer is an int64, anything else a float64. */
function goNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : goFloat(value);
}

// UTF-8 byte order, the order in which json.Marshal writes a map's keys.
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * json.Marshal of a decoded JSON value into `parts`, stopping once `budget` characters are written. Numbers as
 * JavaScript writes them are what Go writes for an int64 or a float64 (exponent form below 1e-6 and from 1e21 on).
 */
function appendGoJson(value: unknown, parts: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  let text: string | undefined;
  if (value === null || value === undefined) text = 'null';
  else if (typeof value === 'string') text = jsonQuoted(value);
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : 'null';
  else if (typeof value === 'boolean') text = String(value);
  else if (typeof value !== 'object') text = JSON.stringify(String(value));
  if (text !== undefined) {
    parts.push(text);
    budget.left -= text.length;
    return;
  }
  const push = (piece: string): void => {
    parts.push(piece);
    budget.left -= piece.length;
  };
  if (Array.isArray(value)) {
    push('[');
    value.forEach((item, index) => {
      if (budget.left <= 0) return;
      if (index > 0) push(',');
      appendGoJson(item, parts, budget);
    });
    push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  push('{');
  Object.keys(record).filter((key) => record[key] !== undefined).sort(byUtf8).forEach((key, index) => {
    if (budget.left <= 0) return;
    push(`${index > 0 ? ',' : ''}${jsonQuoted(key)}:`);
    appendGoJson(record[key], parts, budget);
  });
  push('}');
}

function bounded(text: string): string {
  return text.length > MAX_RENDERED_VALUE ? `${text.slice(0, MAX_RENDERED_VALUE)}${TRUNCATED}` : text;
}

/** The bad value's text after `Invalid value: `, cut after 256 characters with `...(truncated)`. */
export function renderValue(value: unknown): string {
  // Each character is at least one character quoted: what lies past the cap cannot show.
  if (typeof value === 'string') return bounded(goQuoted(value.length > MAX_RENDERED_VALUE ? value.slice(0, MAX_RENDERED_VALUE + 1) : value));
  if (typeof value === 'number' && Number.isFinite(value)) return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  const parts: string[] = [];
  appendGoJson(value, parts, { left: MAX_RENDERED_VALUE + 1 });
  return bounded(parts.join(''));
}
