import { X509Certificate } from 'node:crypto';
import { type Parsed, refused } from '../net/index.js';

/** Where kube-apiserver calls a webhook served outside the cluster: `clientConfig.url` and `caBundle`. */
export interface WebhookEndpoint {
  /** The base URL, without a trailing slash; the webhooks are `<base>/validate` and `<base>/mutate`. */
  readonly baseUrl: string;
  /** base64 of the PEM certificates kube-apiserver verifies the serving certificate with. */
  readonly caBundle: string;
}

// kube-apiserver's words (k8s.io/apiserver pkg/util/webhook/validation.go ValidateWebhookURL), so the user reads here
// what `kubectl apply` would have said.
const FORM = '; desired format: https://host[/path]';

/**
 * The base URL of a webhook outside the cluster, checked as kube-apiserver's ValidateWebhookURL does (https, a host,
 * no user information, no query, no fragment). The WHATWG parser forgives what Go's url.Parse does not
 * (`https:host`, `https:///host`, surrounding blanks), so the text itself is checked before it is parsed.
 */
export function parseWebhookUrl(text: string): Parsed<string> {
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return refused(`url must be a valid URL: it contains blanks or control characters${FORM}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused(`url must be a valid URL${FORM}`);
  }
  if (url.protocol !== 'https:') return refused(`'https' is the only allowed URL scheme (got "${url.protocol.slice(0, -1)}")${FORM}`);
  const authority = /^https:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  if (authority === '') return refused(`host must be specified${FORM}`);
  if (authority.includes('@')) return refused('user information is not permitted in the URL');
  if (url.hash !== '') return refused('fragments are not permitted in the URL');
  if (url.search !== '') return refused('query parameters are not permitted in the URL');
  return { ok: true, value: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The caBundle of a PEM file: one or more CERTIFICATE blocks, each a readable X.509 certificate still valid at `now`.
 * A private key is refused: the caBundle is stored in the webhook configuration, readable by anyone who can list it.
 */
export function caBundleOf(pem: string, now: Date = new Date()): Parsed<string> {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const foreign = blocks.find((block) => block[1] !== 'CERTIFICATE');
  if (foreign) {
    return refused(foreign[1]!.includes('PRIVATE KEY')
      ? `holds a ${foreign[1]} block: the caBundle is readable by anyone who can read the webhook configuration; give the CA certificate only`
      : `holds a ${foreign[1]} block; a caBundle holds CERTIFICATE blocks only`);
  }
  if (blocks.length === 0) return refused('holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  for (const [index, block] of blocks.entries()) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block[0]);
    } catch (error) {
      return refused(`certificate ${index + 1} is not a readable X.509 certificate (${(error as Error).message})`);
    }
    if (new Date(certificate.validTo) <= now) {
      return refused(`certificate ${index + 1} (${certificate.subject.replace(/\n/g, ', ')}) expired on ${certificate.validTo}`);
    }
  }
  return { ok: true, value: Buffer.from(pem, 'utf8').toString('base64') };
}
