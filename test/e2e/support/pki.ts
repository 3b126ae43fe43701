import { generateKeyPairSync } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CertificateAuthority, generateCertificateAuthority, issueServingCertificate } from '../../../src/server/dev-certificates.js';

export interface ServingFiles {
  readonly caFile: string;
  readonly caPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA with its key, so a test can issue the next serving certificate (rotation under the same CA). */
  readonly authority: CertificateAuthority;
}

/** A CA and a serving certificate for 127.0.0.1, ::1 and localhost, written into `folder` under `name`. */
export async function writeLoopbackServingCertificate(folder: string, name: string): Promise<ServingFiles> {
  const ca = await generateCertificateAuthority(`dualstack-webhook e2e ${name} CA`);
  const serving = await issueServingCertificate(ca, ['localhost'], ['127.0.0.1', '::1']);
  const caFile = path.join(folder, `${name}-ca.crt`);
  const certFile = path.join(folder, `${name}.crt`);
  const keyFile = path.join(folder, `${name}.key`);
  await writeFile(caFile, ca.cert);
  await writeFile(certFile, serving.cert);
  await writeFile(keyFile, serving.key, { mode: 0o600 });
  return { caFile, caPem: ca.cert, certFile, keyFile, authority: ca };
}

/** The key pair kube-apiserver signs and checks service-account tokens with. */
export async function writeServiceAccountKeys(folder: string): Promise<{ publicFile: string; privateFile: string }> {
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
  });
  const publicFile = path.join(folder, 'sa.pub');
  const privateFile = path.join(folder, 'sa.key');
  await writeFile(publicFile, pair.publicKey);
  await writeFile(privateFile, pair.privateKey, { mode: 0o600 });
  return { publicFile, privateFile };
}

/** Issues a new loopback serving certificate under the same CA and swaps it in (key and certificate, each by rename). */
export async function rotateLoopbackServingCertificate(serving: ServingFiles): Promise<void> {
  const next = await issueServingCertificate(serving.authority, ['localhost'], ['127.0.0.1', '::1']);
  await writeFile(`${serving.keyFile}.next`, next.key, { mode: 0o600 });
  await writeFile(`${serving.certFile}.next`, next.cert);
  await rename(`${serving.keyFile}.next`, serving.keyFile);
  await rename(`${serving.certFile}.next`, serving.certFile);
}
