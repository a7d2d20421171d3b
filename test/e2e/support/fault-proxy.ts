/**
 * An HTTP proxy in front of moto that can break the answers a real network breaks: once armed by a
 * request that matches `after`, requests matching `fail` get an HTTP 500 (the request is not
 * forwarded), or the rule's own `answer` (an AWS-shaped answer moto never gives: STS denying an
 * AssumeRole, or an operation moto lacks such as ListCostAllocationTags), until disarmed. Everything
 * else is forwarded unchanged.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface FaultRule {
  /** The request that arms the fault once it has been forwarded, e.g. a Lambda configuration update; absent: armed from the start. */
  after?: (req: IncomingMessage, body: string) => boolean;
  /** The requests answered with a 500 while armed (the body is there for protocols that name the operation in it). */
  fail: (req: IncomingMessage, body: string) => boolean;
  /** What the failed requests get instead of the HTML 500 (a function: worked out per request). */
  answer?: FaultAnswer | (() => FaultAnswer);
}

export interface FaultAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** An error as a query-protocol service (STS, IAM) answers it: ErrorResponse/Error with Type, Code and Message. */
export function awsQueryError(status: number, code: string, message: string): FaultAnswer {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${escaped}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>`,
  };
}

/** An STS AssumeRole request (a form-encoded POST body) whose RoleArn is a role in `account`. */
export function isAssumeRoleInto(account: string): (req: IncomingMessage, body: string) => boolean {
  return (req, body) => {
    if (req.method !== 'POST' || !body.includes('AssumeRole')) return false;
    const form = new URLSearchParams(body);
    return form.get('Action') === 'AssumeRole' && (form.get('RoleArn') ?? '').split(':')[4] === account;
  };
}

export interface FaultProxy {
  endpoint: string;
  /** How many requests were answered with a fault. */
  faults: () => number;
  disarm: () => void;
  stop: () => Promise<void>;
}

export async function startFaultProxy(target: string, rule: FaultRule): Promise<FaultProxy> {
  const upstream = new URL(target);
  let armed = !rule.after;
  let disarmed = false;
  let faults = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      if (armed && !disarmed && rule.fail(req, text)) {
        faults++;
        const answer = typeof rule.answer === 'function' ? rule.answer() : rule.answer;
        if (answer) res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
        else res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway (injected)</body></html>');
        return;
      }
      const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        if (!disarmed && rule.after?.(req, text)) armed = true;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.writeHead(502).end());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults: () => faults,
    disarm: () => {
      disarmed = true;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
