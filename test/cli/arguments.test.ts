import assert from 'node:assert/strict';
import {
  type OptionSpecs, formatOptions, parseArguments, parseChoice, parseInteger,
} from '../../src/cli/arguments.js';
import { environmentVariableFor } from '../../src/environment-variables.js';

const OPTIONS = {
  port: { type: 'string', value: 'N', description: 'HTTPS port', default: '8443' },
  'tls-cert': { type: 'string', value: 'FILE', description: 'serving certificate' },
  watch: { type: 'boolean', description: 'cluster facts from the API' },
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text or json' },
  include: { type: 'string', multiple: true, description: 'repeatable' },
} as const satisfies OptionSpecs;

function parse(argv: string[], environment?: Record<string, string>) {
  return parseArguments(argv, OPTIONS, { positionals: true, ...(environment ? { environment } : {}) });
}

describe('cli arguments (shared option parser)', () => {
  it('reads long, short and --name=value forms, and keeps positionals (- included)', () => {
    const parsed = parse(['--port', '9443', '-o', 'json', '--tls-cert=a.crt', '--watch', '-', 'file.yaml']);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.values, { port: '9443', output: 'json', 'tls-cert': 'a.crt', watch: true });
    assert.deepEqual(parsed.positionals, ['-', 'file.yaml']);
    assert.equal(parsed.help, false);
  });

  it('falls back to the default, and leaves options without a default undefined', () => {
    const parsed = parse([]);
    assert.ok(parsed.ok);
    assert.equal(parsed.values.port, '8443');
    assert.equal(parsed.sources.port, 'default');
    assert.equal(parsed.values.watch, undefined);
    assert.equal(parsed.values['tls-cert'], undefined);
  });

  it('reads DUALSTACK_WEBHOOK_<OPTION> when given an environment; the command line wins', () => {
    const environment = { DUALSTACK_WEBHOOK_PORT: '7443', DUALSTACK_WEBHOOK_TLS_CERT: 'env.crt', DUALSTACK_WEBHOOK_WATCH: 'true' };
    const parsed = parse(['--port', '9443'], environment);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.values, { port: '9443', 'tls-cert': 'env.crt', watch: true });
    assert.deepEqual(parsed.sources, { port: 'command line', 'tls-cert': 'environment', watch: 'environment' });
  });

  it('ignores the environment unless the caller passes one, and treats an empty variable as unset', () => {
    process.env.DUALSTACK_WEBHOOK_TLS_CERT = 'ambient.crt';
    try {
      const parsed = parse([]);
      assert.ok(parsed.ok);
      assert.equal(parsed.values['tls-cert'], undefined);
    } finally {
      delete process.env.DUALSTACK_WEBHOOK_TLS_CERT;
    }
    const empty = parse([], { DUALSTACK_WEBHOOK_PORT: '' });
    assert.ok(empty.ok);
    assert.equal(empty.values.port, '8443');
  });

  it('reads booleans and comma-separated lists from the environment', () => {
    const parsed = parse([], { DUALSTACK_WEBHOOK_WATCH: 'false', DUALSTACK_WEBHOOK_INCLUDE: 'a, b,,c' });
    assert.ok(parsed.ok);
    assert.equal(parsed.values.watch, false);
    assert.deepEqual(parsed.values.include, ['a', 'b', 'c']);
    assert.deepEqual(parse([], { DUALSTACK_WEBHOOK_WATCH: 'maybe' }),
      { ok: false, error: 'DUALSTACK_WEBHOOK_WATCH: "maybe" is not a boolean (true or false)' });
  });

  it('collects a repeated option in order', () => {
    const parsed = parse(['--include', 'a', '--include', 'b']);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.values.include, ['a', 'b']);
  });

  it('returns bad usage as a value, never throws', () => {
    assert.deepEqual(parse(['--bogus']), { ok: false, error: "Unknown option '--bogus'" });
    assert.deepEqual(parse(['--port']), { ok: false, error: "Option '--port <value>' argument missing" });
    assert.deepEqual(parse(['--watch=yes']), { ok: false, error: "Option '--watch' does not take an argument" });
    assert.deepEqual(parseArguments(['stray'], OPTIONS), { ok: false, error: "Unexpected argument 'stray'" });
    // parseArgs says this in three lines; one is kept, with the way to give the value.
    assert.deepEqual(parse(['--port', '-1']),
      { ok: false, error: "Option '--port' argument is ambiguous; to give a value starting with a dash use '--port=-XYZ'" });
  });

  it('recognizes --help and -h', () => {
    for (const flag of ['--help', '-h']) {
      const parsed = parse([flag]);
      assert.ok(parsed.ok && parsed.help, flag);
    }
  });

  it('names environment variables DUALSTACK_WEBHOOK_<OPTION> in upper case with underscores', () => {
    assert.equal(environmentVariableFor('tls-cert'), 'DUALSTACK_WEBHOOK_TLS_CERT');
    assert.equal(environmentVariableFor('max-service-host-bits'), 'DUALSTACK_WEBHOOK_MAX_SERVICE_HOST_BITS');
  });

  it('formats aligned help with defaults and, on request, environment variables', () => {
    assert.equal(formatOptions({ port: OPTIONS.port, watch: OPTIONS.watch }, { environment: true }),
      '  --port N    HTTPS port (default 8443; env DUALSTACK_WEBHOOK_PORT)\n'
      + '  --watch     cluster facts from the API (env DUALSTACK_WEBHOOK_WATCH)\n'
      + '  -h, --help  show this help\n');
  });

  it('converts whole numbers within bounds and refuses anything else', () => {
    assert.deepEqual(parseInteger('port', '8443', { min: 1, max: 65535 }), { ok: true, value: 8443 });
    assert.deepEqual(parseInteger('port', '0', { min: 1, max: 65535 }), { ok: false, error: '--port: 0 is outside 1..65535' });
    for (const text of ['1e3', '0x10', '+5', ' 5', '5.0', '']) {
      assert.deepEqual(parseInteger('port', text), { ok: false, error: `--port: "${text}" is not a whole number` });
    }
  });

  it('accepts only the listed choices, spelled exactly', () => {
    assert.deepEqual(parseChoice('output', 'json', ['text', 'json']), { ok: true, value: 'json' });
    assert.deepEqual(parseChoice('output', 'JSON', ['text', 'json']), { ok: false, error: '--output: "JSON" is not one of text, json' });
  });
});
