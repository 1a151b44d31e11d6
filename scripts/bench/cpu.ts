import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream build. */
const TICK_MS = 10;

/** The local MariaDB/MySQL server's pid, when it runs on this machine (best effort, Linux only). */
export function findDatabasePid(): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/** User + system CPU time (ms) a process has used so far, or null when it cannot be read. */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Machine-wide busy and steal CPU time (ms, all cores) from /proc/stat, or null off Linux. */
export function machineCpuMs(): { busy: number; steal: number } | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: steal * TICK_MS };
  } catch {
    return null;
  }
}
