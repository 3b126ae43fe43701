import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

/** The names kube-apiserver and a developer use to reach the webhook (manifests/: Service in dualstack-system). */
export const SERVICE_DNS_NAMES = [
  'dualstack-webhook',
  'dualstack-webhook.dualstack-system',
  'dualstack-webhook.dualstack-system.svc',
  'dualstack-webhook.dualstack-system.svc.cluster.local',
];
export const LOCAL_DNS_NAMES = ['localhost'];
export const LOCAL_IPS = ['127.0.0.1', '::1'];

export interface DevCertificatePaths {
  readonly caCert: string;
  readonly caKey: string;
  readonly cert: string;
  readonly key: string;
}

export function devCertificatePaths(folder: string): DevCertificatePaths {
  return {
    caCert: path.join(folder, 'ca.crt'),
    caKey: path.join(folder, 'ca.key'),
    cert: path.join(folder, 'tls.crt'),
    key: path.join(folder, 'tls.key'),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateAuthority {
  readonly cert: string;
  readonly key: string;
}

/** A development CA (P-256, SHA-256), valid a year: only for a laptop or a test cluster. */
export async function generateCertificateAuthority(commonName = 'dualstack-webhook development CA'): Promise<CertificateAuthority> {
  const now = new Date();
  const generated = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}

/** A serving certificate signed by `ca` for localhost, 127.0.0.1, ::1 and the in-cluster Service names. */
export async function issueServingCertificate(
  ca: CertificateAuthority, names: readonly string[] = [...LOCAL_DNS_NAMES, ...SERVICE_DNS_NAMES], ips: readonly string[] = LOCAL_IPS,
): Promise<{ cert: string; key: string }> {
  const now = new Date();
  const generated = await generate([{ name: 'commonName', value: 'dualstack-webhook.dualstack-system.svc' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 90 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}

/** A client certificate signed by `ca` (what kube-apiserver presents under `--client-ca`). */
export async function issueClientCertificate(ca: CertificateAuthority, commonName: string): Promise<{ cert: string; key: string }> {
  const generated = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}

async function writePrivate(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
}

/**
 * Makes `tls.crt`/`tls.key` in `folder` when either is missing: signed by `ca.crt`/`ca.key` there, which are made
 * first when missing (an existing CA is kept, so a developer who trusted it once keeps trusting it).
 * Returns the paths and whether anything was generated.
 */
export async function ensureDevCertificates(folder: string): Promise<DevCertificatePaths & { readonly generated: boolean }> {
  const paths = devCertificatePaths(folder);
  if (existsSync(paths.cert) && existsSync(paths.key)) return { ...paths, generated: false };
  await mkdir(folder, { recursive: true });
  let ca: CertificateAuthority;
  if (existsSync(paths.caCert) && existsSync(paths.caKey)) {
    ca = { cert: await readFile(paths.caCert, 'utf8'), key: await readFile(paths.caKey, 'utf8') };
  } else {
    ca = await generateCertificateAuthority();
    await writePrivate(paths.caKey, ca.key);
    await writeFile(paths.caCert, ca.cert);
  }
  const serving = await issueServingCertificate(ca);
  await writePrivate(paths.key, serving.key);
  await writeFile(paths.cert, serving.cert);
  return { ...paths, generated: true };
}
