import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** how often the event loop is sampled, in ms; a sample is the time since the one before */
const RESOLUTION_MS = 10;

/**
 * The Node process's own series in /metrics, named as prom-client's defaults are, so the usual
 * Node.js dashboards read them: CPU, memory, start time, and how late the event loop ran.
 * The event-loop figures cover the time since the previous scrape (prom-client resets alike),
 * without the sampling interval itself (an idle loop reads 0 here, 0.01 in prom-client): a
 * request that arrives during such a stall waits for the rest of it. Sampling starts at the first
 * scrape (which reads 0), so a gateway nobody scrapes never runs the sampling timer.
 */
export class NodeProcessMetrics {
  private delay: IntervalHistogram | undefined;
  private readonly startSeconds = Date.now() / 1000 - process.uptime();

  render(): string {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    if (!this.delay) {
      this.delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      this.delay.enable();
    }
    const d = this.delay;
    const lag = (ns: number) => (d.count > 0 ? Math.max(0, ns / 1e9 - RESOLUTION_MS / 1000) : 0);
    const text = [
      series('process_cpu_user_seconds_total', 'counter', 'User CPU time spent, in seconds.', cpu.user / 1e6),
      series('process_cpu_system_seconds_total', 'counter', 'System CPU time spent, in seconds.', cpu.system / 1e6),
      series('process_cpu_seconds_total', 'counter', 'User and system CPU time spent, in seconds.', (cpu.user + cpu.system) / 1e6),
      series('process_resident_memory_bytes', 'gauge', 'Resident memory size, in bytes.', mem.rss),
      series('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch, in seconds.', Math.round(this.startSeconds)),
      series('nodejs_heap_size_total_bytes', 'gauge', 'Process heap size from Node.js, in bytes.', mem.heapTotal),
      series('nodejs_heap_size_used_bytes', 'gauge', 'Process heap size used from Node.js, in bytes.', mem.heapUsed),
      series('nodejs_external_memory_bytes', 'gauge', 'Node.js external memory size, in bytes.', mem.external),
      series('nodejs_eventloop_lag_max_seconds', 'gauge', 'The longest event loop delay since the last scrape, in seconds.', lag(d.max)),
      series('nodejs_eventloop_lag_mean_seconds', 'gauge', 'The mean event loop delay since the last scrape, in seconds.', lag(d.mean)),
      series('nodejs_eventloop_lag_p50_seconds', 'gauge', 'The median event loop delay since the last scrape, in seconds.', lag(d.percentile(50))),
      series('nodejs_eventloop_lag_p99_seconds', 'gauge', 'The 99th percentile of the event loop delays since the last scrape, in seconds.', lag(d.percentile(99))),
    ].join('');
    d.reset();
    return text;
  }

  stop(): void {
    this.delay?.disable();
  }
}

const series = (name: string, type: string, help: string, value: number) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
