import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly cpuSpeedMhz: number;
  readonly memoryGb: number;
  readonly nodeVersion: string;
  readonly os: string;
  readonly disk: { readonly directory: string; readonly device: string; readonly filesystem: string; readonly sizeGb: number; readonly rotational: boolean | null };
}

function readDisk(directory: string): MachineInfo['disk'] {
  try {
    const lines = execFileSync('df', ['-PT', directory], { encoding: 'utf8' }).trim().split('\n');
    const [device, filesystem, blocks] = lines[lines.length - 1].split(/\s+/);
    const deviceName = /\/dev\/([a-z]+)/.exec(device)?.[1];
    let rotational: boolean | null = null;
    if (deviceName) {
      try {
        rotational = readFileSync(`/sys/block/${deviceName}/queue/rotational`, 'utf8').trim() === '1';
      } catch {
        rotational = null;
      }
    }
    return { directory, device, filesystem, sizeGb: Math.round(Number(blocks) / 1024 / 1024), rotational };
  } catch {
    return { directory, device: 'unknown', filesystem: 'unknown', sizeGb: 0, rotational: null };
  }
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    cpuSpeedMhz: cpus[0]?.speed ?? 0,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    disk: readDisk(os.tmpdir()),
  };
}
