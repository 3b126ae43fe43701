import { Agent, request as httpsRequest } from 'node:https';

// The two sides of the VAP differential test as one shape: what kube-apiserver answered with our policies (and no
// webhook), and what the webhook's /validate answered for the same request. Messages start with the field path and
// end with `[RULE-ID]` on both sides (docs/vap.md), so a finding is a rule and, where the answer says it, a field.

/** One failing rule as an answer reports it: a denial cause, or a warning (a `[Warn]` binding, a webhook warning). */
export interface Finding {
  readonly rule: string;
  /** The field path the message starts with; webhook warnings of warn rules name none. */
  readonly field?: string;
  readonly denies: boolean;
  readonly message: string;
}

export interface Verdict {
  readonly allowed: boolean;
  readonly findings: readonly Finding[];
  /** A refusal that is no rule's (kube-apiserver's own validation, a cost limit, an HTTP error), verbatim. */
  readonly refusal?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  /** Every `Warning` header, undecoded, in order (Node joins repeated unknown headers; rawHeaders keeps them). */
  readonly warnings: readonly string[];
}

/** One TLS client to one server, connections kept alive across the run's requests (bounded by the callers' limit). */
export class JsonClient {
  private readonly agent: Agent;

  constructor(private readonly base: string, private readonly ca: string, private readonly token?: string) {
    this.agent = new Agent({ keepAlive: true, ca });
  }

  send(method: string, route: string, body?: unknown): Promise<HttpAnswer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(new URL(route, this.base), {
        method,
        agent: this.agent,
        headers: {
          Accept: 'application/json',
          ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
          ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }),
        },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const warnings: string[] = [];
          for (let index = 0; index < response.rawHeaders.length; index += 2) {
            if (response.rawHeaders[index]!.toLowerCase() === 'warning') warnings.push(response.rawHeaders[index + 1]!);
          }
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), warnings });
        });
        response.on('error', reject);
      });
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`${method} ${route}: no answer in 30 s`)));
      outgoing.on('error', reject);
      outgoing.end(text);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const TRAILING_RULE = /\[([A-Z]+-\d+|SCHEMA)\]$/;
const LEADING_RULE = /^\[([A-Z]+-\d+|SCHEMA)\] /;
/** Our messages start with the field path: `spec.ipv6.perNodeMaskSize: Invalid value: …`. */
const LEADING_FIELD = /^((?:spec|metadata)(?:\.[A-Za-z0-9]+|\[[^\]]*\])*): /;
const EXISTING = 'existing violation, unchanged by this update: ';

function fieldOf(message: string): string | undefined {
  return LEADING_FIELD.exec(message)?.[1];
}

/** RFC 7234 warn-text as kube-apiserver writes it: `299 - "text"`, with `\"` and `\\` escaped inside the quotes. */
function warningText(header: string): string {
  const quoted = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : header;
}

// validating/dispatcher.go: a Deny action becomes "ValidatingAdmissionPolicy 'P' with binding 'B' denied request: M",
// a Warn action the warning "Validation failed for ValidatingAdmissionPolicy 'P' with binding 'B': M".
const VAP_DENIAL = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request: (.*)$/s;
const VAP_WARNING = /^Validation failed for ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)': (.*)$/s;

/**
 * kube-apiserver's answer to a request that only our policies judge. `ruleOfPolicy` maps a policy name to the rule its
 * `dualstack-webhook/rule` label names: a denial without our message (`failed to configure binding: no params found
 * …` of a `parameterNotFoundAction: Deny` binding) is still that policy's rule.
 */
export function verdictOfApiServer(answer: HttpAnswer, ruleOfPolicy: ReadonlyMap<string, string>): Verdict {
  const findings: Finding[] = [];
  const finding = (policy: string, message: string, denies: boolean): Finding => {
    const rule = ruleOfPolicy.get(policy);
    if (!rule) throw new Error(`policy ${policy} is not one of the vap output's: ${message}`);
    const named = TRAILING_RULE.exec(message)?.[1];
    if (named && named !== rule) throw new Error(`policy ${policy} (rule ${rule}) reports [${named}]: ${message}`);
    const field = fieldOf(message);
    return { rule, denies, message, ...(field ? { field } : {}) };
  };
  for (const header of answer.warnings) {
    const text = warningText(header);
    const warned = VAP_WARNING.exec(text);
    if (warned) findings.push(finding(warned[1]!, warned[3]!, false));
  }
  if (answer.status === 200 || answer.status === 201) return { allowed: true, findings };
  let message = answer.text;
  try {
    message = String((JSON.parse(answer.text) as { message?: unknown }).message ?? answer.text);
  } catch {
    // not a Status: kept verbatim as the refusal
  }
  const denial = VAP_DENIAL.exec(message);
  if (!denial) return { allowed: false, findings, refusal: `HTTP ${answer.status}: ${message}` };
  findings.push(finding(denial[1]!, denial[3]!, true));
  return { allowed: false, findings };
}

interface ReviewResponse {
  readonly allowed: boolean;
  readonly warnings?: readonly string[];
  readonly status?: { code?: number; message?: string; details?: { causes?: { field?: string; message?: string }[] } };
}

/** The webhook's AdmissionReview answer: its causes (field and `[RULE]` at the end) and warnings (`[RULE]` first). */
export function verdictOfWebhook(answer: HttpAnswer): Verdict {
  if (answer.status !== 200) return { allowed: false, findings: [], refusal: `HTTP ${answer.status}: ${answer.text}` };
  const response = (JSON.parse(answer.text) as { response: ReviewResponse }).response;
  const findings: Finding[] = [];
  for (const cause of response.status?.details?.causes ?? []) {
    const message = cause.message ?? '';
    const rule = TRAILING_RULE.exec(message)?.[1];
    if (rule) findings.push({ rule, denies: true, message, ...(cause.field ? { field: cause.field } : {}) });
  }
  for (const warning of response.warnings ?? []) {
    const rule = LEADING_RULE.exec(warning)?.[1];
    if (!rule) continue;
    const text = warning.slice(rule.length + 3);
    // D19: `[C-7] existing violation, unchanged by this update: FIELD: why` names its field.
    const field = text.startsWith(EXISTING) ? fieldOf(text.slice(EXISTING.length)) : undefined;
    findings.push({ rule, denies: false, message: warning, ...(field ? { field } : {}) });
  }
  if (response.allowed) return { allowed: true, findings };
  return findings.some((each) => each.denies)
    ? { allowed: false, findings }
    : { allowed: false, findings, refusal: response.status?.message ?? 'denied without causes' };
}

export function isExistingViolation(finding: Finding): boolean {
  return !finding.denies && finding.message.includes(`] ${EXISTING}`);
}
