import { type Storage, type UploadEvent, countSessions } from '@rangeway/core';
import type { MiddlewareHandler } from 'hono';
import { dialectOf } from '../test-target/index';
import { Counter, Gauge, Histogram, Registry } from './registry';

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * What /metrics reports. Counters are per process: several gateways behind a load balancer are
 * summed by Prometheus, not here.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = this.registry.add(new Counter('rangeway_http_requests_total', 'Requests answered, by dialect, method and status.'));
  private readonly duration = this.registry.add(new Histogram('rangeway_http_request_duration_seconds', 'Time to answer a request, by dialect.', SECONDS));
  private readonly received = this.registry.add(new Counter('rangeway_received_bytes_total', 'Upload bytes recorded, by dialect.'));
  private readonly committed = this.registry.add(new Counter('rangeway_committed_bytes_total', 'Bytes of committed files, by dialect.'));
  private readonly uploads = this.registry.add(new Counter('rangeway_uploads_total', 'Uploads by dialect and event: created, committed, aborted, expired.'));
  private readonly mismatches = this.registry.add(new Counter('rangeway_digest_mismatches_total', 'Parts or files whose digest did not match, by dialect.'));
  private readonly faults = this.registry.add(new Counter('rangeway_faults_fired_total', 'Fault rules that fired, by rule id.'));
  private readonly store = this.registry.add(new Histogram('rangeway_store_operation_seconds', 'Time of store operations, by operation.', SECONDS));
  private openSessions = 0;

  constructor(
    inFlight: () => number,
    /** the runtime's own series, rendered after ours */
    private readonly processSeries?: { render(): string },
  ) {
    this.registry.add(new Gauge('rangeway_http_requests_in_flight', 'Requests being served.', inFlight));
    this.registry.add(new Gauge('rangeway_open_sessions', 'Upload sessions open (taking data) in the store.', () => this.openSessions));
  }

  readonly onUploadEvent = (e: UploadEvent): void => {
    const dialect = e.namespace;
    if (e.type === 'received') this.received.inc({ dialect }, e.bytes);
    else if (e.type === 'digest-mismatch') this.mismatches.inc({ dialect });
    else {
      this.uploads.inc({ dialect, event: e.type });
      if (e.type === 'committed') this.committed.inc({ dialect }, e.bytes);
    }
  };

  readonly observeStore = (op: string, seconds: number): void => this.store.observe(seconds, { op });

  middleware(faultOf: (r: Request) => string | undefined): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      const request = c.req.raw;
      try {
        await next();
      } finally {
        const dialect = dialectOf(c.req.path) ?? 'none';
        this.requests.inc({ dialect, method: c.req.method, status: String(c.res?.status ?? 500) });
        this.duration.observe((performance.now() - started) / 1000, { dialect });
        const fault = faultOf(request);
        if (fault) this.faults.inc({ rule: fault });
      }
    };
  }

  /** The exposition text, with the gauges that need the store read now. */
  async scrape(storage: Storage): Promise<string> {
    this.openSessions = await countSessions(storage.sessions, { states: ['open'] });
    return this.registry.render() + (this.processSeries?.render() ?? '');
  }
}
