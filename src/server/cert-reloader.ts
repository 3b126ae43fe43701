import { X509Certificate, createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { type Logger } from 'pino';
import { type WebhookMetrics } from './metrics.js';

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly notAfter: Date;
  readonly serialNumber: string;
}

export interface CertReloaderOptions {
  readonly certFile: string;
  readonly keyFile: string;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
  /** controller-runtime's certwatcher polls every 10 s besides watching, for volumes whose events get lost. */
  readonly pollIntervalMs?: number;
}

/** Reads and checks a pair: the key must match the certificate, or `createSecureContext` says why not. */
export async function readKeyPair(certFile: string, keyFile: string): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  createSecureContext({ cert, key });
  const certificate = new X509Certificate(cert);
  return { cert, key, notAfter: new Date(certificate.validTo), serialNumber: certificate.serialNumber };
}

function fingerprintOf(pair: { cert: Buffer; key: Buffer }): string {
  return createHash('sha256').update(pair.cert).update('\0').update(pair.key).digest('hex');
}

/**
 * Keeps the serving certificate current, as controller-runtime's certwatcher does: the folders of the files are
 * watched (Kubernetes updates a Secret volume by swapping a symlink, so a watch on the file itself goes stale) and the
 * files are also re-read periodically. A pair that does not load (half written, key of another certificate) is
 * ignored and the current one stays; the next event or poll tries again. Listeners swap the pair in without a restart.
 */
export class CertReloader {
  private current: KeyPair | undefined;
  private fingerprint = '';
  private readonly listeners: ((pair: KeyPair) => void)[] = [];
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  /** The last failure, so a pair that stays broken is logged and counted once, not every poll. */
  private lastError: string | undefined;

  constructor(private readonly options: CertReloaderOptions) {}

  /** Loads the pair (throws when it cannot: the server must not start without one) and starts watching. */
  async start(): Promise<KeyPair> {
    const pair = await readKeyPair(this.options.certFile, this.options.keyFile);
    this.install(pair);
    const folders = new Set([path.dirname(this.options.certFile), path.dirname(this.options.keyFile)]);
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { persistent: false }, () => this.scheduleReload());
        watcher.on('error', (error) => this.options.logger.warn({ err: error, folder }, 'certificate folder watch failed; polling only'));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn({ err: error, folder }, 'certificate folder cannot be watched; polling only');
      }
    }
    this.timer = setInterval(() => this.scheduleReload(0), this.options.pollIntervalMs ?? 10_000);
    this.timer.unref();
    return pair;
  }

  pair(): KeyPair | undefined {
    return this.current;
  }

  onChange(listener: (pair: KeyPair) => void): void {
    this.listeners.push(listener);
  }

  /** Re-reads the files now; resolves when done (tests, and the poll). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadOnce());
    return this.reloading;
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers.length = 0;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
  }

  // Editors and `kubectl` write a pair as several events; one read after they settle is enough.
  private scheduleReload(delayMs = 100): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => { void this.reload(); }, delayMs);
    this.debounce.unref();
  }

  private async reloadOnce(): Promise<void> {
    let pair: KeyPair;
    try {
      pair = await readKeyPair(this.options.certFile, this.options.keyFile);
    } catch (error) {
      if (this.lastError !== (error as Error).message) {
        this.options.metrics.certificateReloads.inc({ result: 'error' });
        this.options.logger.warn({ err: error }, 'serving certificate not reloaded; keeping the current one');
      }
      this.lastError = (error as Error).message;
      return;
    }
    this.lastError = undefined;
    if (fingerprintOf(pair) === this.fingerprint) return;
    this.install(pair);
    this.options.metrics.certificateReloads.inc({ result: 'success' });
    this.options.logger.info({ serialNumber: pair.serialNumber, notAfter: pair.notAfter.toISOString() }, 'serving certificate reloaded');
  }

  private install(pair: KeyPair): void {
    this.current = pair;
    this.fingerprint = fingerprintOf(pair);
    this.options.metrics.certificateExpiry.set(pair.notAfter.getTime() / 1000);
    for (const listener of this.listeners) listener(pair);
  }
}
