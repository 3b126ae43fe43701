import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type CertificateAuthority, generateCertificateAuthority, issueServingCertificate,
} from '../../../src/server/dev-certificates.js';

export interface TestCertificates {
  readonly folder: string;
  readonly ca: CertificateAuthority;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const made: string[] = [];

/**
 * A CA and a serving certificate in a fresh temporary folder, made by the same code as `npm start`'s. A suite that makes
 * them removes them with `after(removeTestCertificates)`.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const folder = await mkdtemp(path.join(tmpdir(), 'dualstack-webhook-test-'));
  made.push(folder);
  const ca = await generateCertificateAuthority('dualstack-webhook test CA');
  const serving = await issueServingCertificate(ca);
  const caFile = path.join(folder, 'ca.crt');
  const certFile = path.join(folder, 'tls.crt');
  const keyFile = path.join(folder, 'tls.key');
  await writeFile(caFile, ca.cert);
  await writeFile(certFile, serving.cert);
  await writeFile(keyFile, serving.key, { mode: 0o600 });
  return { folder, ca, caFile, certFile, keyFile };
}

/** Removes every folder makeTestCertificates made so far. */
export async function removeTestCertificates(): Promise<void> {
  for (const folder of made.splice(0)) await rm(folder, { recursive: true, force: true });
}

/** Replaces a file the way a Secret volume update or cert-manager does: write aside, then rename over it. */
export async function replaceFile(file: string, text: string): Promise<void> {
  const aside = `${file}.new`;
  await writeFile(aside, text, { mode: 0o600 });
  await rename(aside, file);
}
