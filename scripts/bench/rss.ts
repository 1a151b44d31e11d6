import { readFileSync, writeFileSync } from 'node:fs';

export interface RssResult<T> {
  result: T;
  ms: number;
  /** RSS and V8 heap in use (bytes) just before the work started. */
  beforeRss: number;
  beforeHeap: number;
  /** Peak RSS (bytes) during the work: the kernel's high-water mark when it could be reset, else the highest sample. */
  peakRss: number;
  /** Highest process.memoryUsage().rss sampled (every `everyMs` while the event loop was free) and the samples taken. */
  sampledPeakRss: number;
  /** Highest V8 heap in use (heapUsed) and external + array buffers sampled: what of the RSS is live JS data. */
  sampledPeakHeap: number;
  sampledPeakExternal: number;
  samples: number;
  /** Where peakRss came from: 'VmHWM' (/proc/self/status after `clear_refs`) or 'samples'. */
  source: 'VmHWM' | 'samples';
}

/** VmHWM (peak RSS since start or the last reset) of a process (this one by default) in bytes, or null off Linux. */
export function highWaterMark(pid: number | 'self' = 'self'): number | null {
  try {
    const line = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0: writing 5 to clear_refs); false when not possible. */
export function resetHighWaterMark(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Wall time and peak RSS of one piece of async work in this process. Sampling alone misses peaks
 * reached while synchronous code holds the event loop, so on Linux the kernel's own high-water
 * mark is reset before the work and read after it; the samples are reported alongside.
 */
export async function measureRss<T>(work: () => Promise<T>, everyMs = 5): Promise<RssResult<T>> {
  const { rss: beforeRss, heapUsed: beforeHeap } = process.memoryUsage();
  const hwm = resetHighWaterMark() ? highWaterMark() : null;
  let sampled = beforeRss;
  let heap = 0;
  let external = 0;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples++;
    sampled = Math.max(sampled, m.rss);
    heap = Math.max(heap, m.heapUsed);
    external = Math.max(external, m.external + m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    sample();
    const after = hwm === null ? null : highWaterMark();
    const common = { result, ms, beforeRss, beforeHeap, sampledPeakRss: sampled, sampledPeakHeap: heap, sampledPeakExternal: external, samples };
    return after === null ? { ...common, peakRss: sampled, source: 'samples' } : { ...common, peakRss: Math.max(after, sampled), source: 'VmHWM' };
  } finally {
    clearInterval(timer);
  }
}
