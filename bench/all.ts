/**
 * `npm run bench [-- --quick] [-- --json FILE]`: the four benchmarks in turn, each printing its ratio
 * against a baseline measured in this same run. Not part of `npm test`: it takes minutes and its
 * figures depend on the machine (see bench/README.md and bench/RESULTS.md).
 */
import { writeFileSync } from 'node:fs';
import { detectionBenchmark } from './detection.ts';
import { memoryBenchmark } from './memory.ts';
import { benchOptions } from './support/options.ts';
import { describeMachine } from './support/machine.ts';
import { throughputBenchmark } from './throughput.ts';
import { wallTimeBenchmark } from './wall-time.ts';

const options = benchOptions();
process.stdout.write(`# conform benchmarks${options.quick ? ' (--quick: smoke sizes, not figures to publish)' : ''}\n${describeMachine()}\n`);
const throughput = await throughputBenchmark(options.quick);
const wallTime = await wallTimeBenchmark(options.quick);
const memory = await memoryBenchmark(options.quick);
const detection = await detectionBenchmark(options.quick);
if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify({ machine: describeMachine(), quick: options.quick, throughput, wallTime, memory, detection }, null, 2));
