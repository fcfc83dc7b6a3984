import type { RawDirection, RawLatency } from './raw-json.js';

/** How one direction object's numbers are written, decided from its keys and fio's version. */
export interface JsonUnits {
  /** Bytes per unit of `io_bytes`: 1024 before fio 2.21 (KiB), else 1. */
  bytesPerIoUnit: 1 | 1024;
  /** ns per unit of the latency objects: 1000 before fio 3.0 (`clat` in us), else 1 (`clat_ns`). */
  nsPerLatencyUnit: 1 | 1000;
  slat: RawLatency | undefined;
  clat: RawLatency | undefined;
  lat: RawLatency | undefined;
}

/** fio's version as [major, minor], or null when absent or not `fio-X.Y...`. */
export function fioRelease(version: string | null): [number, number] | null {
  const m = version === null ? null : /^fio-(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * The units of a direction object, by evidence. Latencies: `clat_ns`/`lat_ns`/`slat_ns` (fio
 * 3.0+) are ns, `clat`/`lat`/`slat` (before) are us. io_bytes: fio 2.21 switched it from KiB to
 * bytes and added `io_kbytes` in the same change, so `io_kbytes` present means bytes; without it,
 * a version before 2.21 (or none, with us latencies, the only layout older fio wrote) means KiB.
 */
export function jsonUnits(raw: RawDirection, release: [number, number] | null): JsonUnits {
  const ns = raw.clat_ns !== undefined || raw.lat_ns !== undefined || raw.slat_ns !== undefined;
  let kib: boolean;
  if (raw.io_kbytes !== undefined) kib = false;
  else if (release !== null) kib = release[0] < 2 || (release[0] === 2 && release[1] < 21);
  else kib = !ns;
  return {
    bytesPerIoUnit: kib ? 1024 : 1,
    nsPerLatencyUnit: ns ? 1 : 1000,
    slat: ns ? raw.slat_ns : raw.slat,
    clat: ns ? raw.clat_ns : raw.clat,
    lat: ns ? raw.lat_ns : raw.lat,
  };
}
