import type { CapturedRequest } from './replay-plan.ts';
import { runPipeline, type PipelineRequest } from './pipeline.ts';
import { processCpuMs } from './proc-cpu.ts';
import { replayCaptured } from './raw-replay.ts';

/**
 * Passes before the measured ones. One pass at max-examples 25 is 200-700 requests per pipeline: the
 * JIT is still compiling conform's hot paths through the second and third (glance at 1 in flight:
 * ~1,300 µs of CPU per request in passes 1-2, ~800 from the fourth on), so the steady state starts later.
 */
export const WARM_UP_PASSES = 3;

/** One pass of conform's pipeline and the raw replay of the very requests it sent, timed both ways. */
export interface MeasuredPass {
  readonly requests: number;
  readonly conformMs: number;
  /** This process's CPU during conform's pass (the reference server runs elsewhere). */
  readonly conformCpuMs: number;
  readonly rawMs: number;
  readonly rawCpuMs: number;
  /** The reference server's CPU while conform's pass ran and while the replay ran; absent without /proc or a server pid. */
  readonly server?: { readonly conformCpuMs: number; readonly rawCpuMs: number };
}

/**
 * Runs the pipeline with `pipelines` in flight, then replays its requests with plain undici, as many at
 * once, to the same server: the baseline every throughput figure is divided by.
 */
export async function measuredPass(request: Omit<PipelineRequest, 'capture'>, serverPid?: number): Promise<MeasuredPass> {
  const serverCpu = (): number | undefined => (serverPid === undefined ? undefined : processCpuMs(serverPid));
  const capture: CapturedRequest[] = [];
  const serverAtStart = serverCpu();
  const conform = await runPipeline({ ...request, capture });
  const serverAfterConform = serverCpu();
  const cpuBefore = process.cpuUsage();
  const rawMs = await replayCaptured(capture, request.pipelines);
  const raw = process.cpuUsage(cpuBefore);
  const serverAfterRaw = serverCpu();
  const server =
    serverAtStart === undefined || serverAfterConform === undefined || serverAfterRaw === undefined
      ? undefined
      : { conformCpuMs: serverAfterConform - serverAtStart, rawCpuMs: serverAfterRaw - serverAfterConform };
  return { requests: conform.requests, conformMs: conform.elapsedMs, conformCpuMs: conform.cpuMs, rawMs, rawCpuMs: (raw.user + raw.system) / 1000, ...(server ? { server } : {}) };
}
