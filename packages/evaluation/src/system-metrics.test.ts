import { CPUUsage } from './cpu-usage.js';
import { ElapsedTime } from './elapsed-time.js';
import { MaxRAM } from './max-ram.js';
import { defaultProcessProbe, type ProcessProbe } from './process-probe.js';

function fakeProbe(): ProcessProbe & { t: number; mem: number | undefined; cpu: number | undefined } {
  const probe = {
    t: 0,
    mem: 0 as number | undefined,
    cpu: 0 as number | undefined,
    now: () => probe.t,
    memoryBytes: () => probe.mem,
    cpuMicros: () => probe.cpu,
  };
  return probe;
}

describe('system metrics', () => {
  it('ElapsedTime measures seconds between the first and last update', () => {
    const p = fakeProbe();
    const t = new ElapsedTime(p);
    expect(t.result()).toBe(0);
    p.t = 1000;
    t.update();
    p.t = 3500;
    t.update();
    expect(t.result()).toBeCloseTo(2.5);
    t.reset();
    expect(t.result()).toBe(0);
  });

  it('MaxRAM keeps the peak in MiB, undefined without a figure', () => {
    const p = fakeProbe();
    const ram = new MaxRAM(p);
    p.mem = 100 * 2 ** 20;
    ram.update();
    p.mem = 300 * 2 ** 20;
    ram.update();
    p.mem = 200 * 2 ** 20;
    ram.update();
    expect(ram.result()).toBeCloseTo(300);
    const none = new MaxRAM({ ...p, memoryBytes: () => undefined });
    none.update();
    expect(none.result()).toBeUndefined();
  });

  it('CPUUsage is cpu time over wall time in percent', () => {
    const p = fakeProbe();
    const cpu = new CPUUsage(p);
    p.t = 0;
    p.cpu = 0;
    cpu.update();
    expect(cpu.result()).toBe(0);
    p.t = 2000; // 2 s wall
    p.cpu = 1_500_000; // 1.5 s cpu
    cpu.update();
    expect(cpu.result()).toBeCloseTo(75);
    const browser = new CPUUsage({ ...p, cpuMicros: () => undefined });
    browser.update();
    expect(browser.result()).toBeUndefined();
  });

  it('the default probe reads Node figures and degrades without `process`', () => {
    const probe = defaultProcessProbe();
    expect(probe.memoryBytes()).toBeGreaterThan(1e6);
    expect(probe.cpuMicros()).toBeGreaterThan(0);
    const saved = globalThis.process;
    let browserLike: ProcessProbe;
    try {
      Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
      browserLike = defaultProcessProbe();
    } finally {
      Object.defineProperty(globalThis, 'process', { value: saved, configurable: true, writable: true });
    }
    expect(browserLike.cpuMicros()).toBeUndefined();
    expect(typeof browserLike.now()).toBe('number');
  });
});
